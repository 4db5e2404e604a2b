"""The on-disk cache of composed baselines: JSON files in the user cache folder, verified before use.

A composed baseline is stored as one index file (what it is for: devaudit's version, engine code, baseline
paths and variables; the pack files it was read from with their size, time and SHA-256; the variables, the
rule order) and one file per platform (that platform's validated rules, defaults and compiled patterns), so
an audit reads only the platform it needs. Nothing here executes what it reads: the files are JSON, and a
file that is not the user's own, is writable by others, is corrupt, is for something else or does not
match the pack files' current contents is ignored (the caller then loads the YAML packs and rewrites the
cache atomically, 0600, in a 0700 folder). An unchanged pack file (same size and time) is not hashed again.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "CACHE_FORMAT",
    "CacheIndex",
    "cache_dir",
    "cache_identity",
    "cache_key",
    "content_check",
    "file_digest",
    "file_record",
    "prune",
    "read_index",
    "read_own_file",
    "read_pack",
    "write_cache",
    "write_private",
    "yaml_files",
]

CACHE_FORMAT = 4
_MAX_BYTES = 16 * 1024 * 1024


def cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/devaudit`` (default ``~/.cache/devaudit``); None when caching is switched off.

    ``DEVAUDIT_NO_CACHE=1`` switches it off.
    """
    if os.environ.get("DEVAUDIT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        home = os.path.expanduser("~")
        if home == "~":
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "devaudit"


def cache_identity(version: str, targets: Sequence[Path], variables: Mapping[str, Any]) -> str | None:
    """What a cache entry is for: format, devaudit version, engine code, baseline paths and variables
    (None: not cacheable). The index stores it and a reader compares it whole."""
    try:
        code = _code_stamp()
        return json.dumps(
            [CACHE_FORMAT, version, code, [str(t.resolve()) for t in targets], variables], sort_keys=True
        )
    except (OSError, TypeError, ValueError):
        return None


def cache_key(identity: str) -> str:
    """The file name of the entry for ``identity`` (a checksum: the index's stored identity settles it)."""
    data = identity.encode("utf-8")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def content_check(payload: bytes) -> str:
    """Checksum and length of a stored file: the index names each platform file's, so a file torn or
    replaced by another write of the same entry is noticed. (The folder is the user's own, mode 0700,
    and only the user's own files are read: this guards against accidents, the ownership checks
    against other people.)"""
    return f"{zlib.crc32(payload):08x}-{len(payload)}"


def _code_stamp() -> list[list[str | int]]:
    """Size and modification time of the engine modules that shape a stored rule (compilation, messages,
    site values): a changed module, even under the same version number, does not reuse an older entry."""
    stamp: list[list[str | int]] = []
    with os.scandir(os.path.dirname(os.path.realpath(__file__))) as entries:
        for entry in entries:
            if entry.name.endswith(".py"):
                info = entry.stat()
                stamp.append([entry.name, info.st_size, info.st_mtime_ns])
    return sorted(stamp)


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files under ``folder`` (recursive, not into linked folders), sorted: the files a baseline
    folder is made of.

    ``advisories/`` holds exposure conditions for vendor advisories, not rule packs, and is left out.
    """
    return [Path(name) for name in yaml_file_names(str(folder))]


def yaml_file_names(folder: str) -> list[str]:
    """``yaml_files`` as path strings, in the same order (component by component, as paths sort)."""
    found: list[str] = []
    for top, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "advisories"]
        for name in names:
            if name.endswith((".yaml", ".yml")) and os.path.isfile(path := os.path.join(top, name)):
                found.append(path)
    return sorted(found, key=lambda path: path.split(os.sep))


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    import hashlib  # only when a pack file's size or time changed: an unchanged cache needs no hashing

    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_record(path: Path) -> list[str | int]:
    """What the index records of a pack file: path, size, modification time (ns) and SHA-256."""
    info = path.stat()
    return [str(path), info.st_size, info.st_mtime_ns, file_digest(path)]


class CacheIndex:
    """A verified index: the composition's variables, sources, rule order and profiles, per-platform files."""

    def __init__(self, key: str, data: Mapping[str, Any]) -> None:
        self.key = key
        self.label: str = data["label"]
        self.variables: dict[str, Any] = data["variables"]
        self.sources: tuple[str, ...] = tuple(data["sources"])
        self.order: tuple[str, ...] = tuple(data["order"])
        self.profiles: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in data["profiles"].items()}
        self.packs: dict[str, str] = dict(data["packs"])  # platform -> content_check of its file


def read_own_file(path: Path) -> bytes | None:
    """The file's bytes (not through a link) if it is a regular file owned by this user and writable by nobody else."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o022 or info.st_size > _MAX_BYTES:
            return None
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _index_path(directory: Path, key: str) -> Path:
    return directory / f"baseline-{key}.json"


def _pack_path(directory: Path, key: str, platform: str) -> Path:
    return directory / f"baseline-{key}.{platform}.json"


def read_index(key: str, identity: str | None = None) -> CacheIndex | None:
    """The cache entry ``key`` if it is intact, is for ``identity`` (when given) and every pack file it was
    built from is unchanged."""
    directory = cache_dir()
    if directory is None:
        return None
    raw = read_own_file(_index_path(directory, key))
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        if data.get("format") != CACHE_FORMAT or data.get("key") != key:
            return None
        if identity is not None and data.get("identity") != identity:
            return None
        for folder, names in data["listings"]:
            if yaml_file_names(folder) != names:
                return None
        for path, size, mtime_ns, digest in data["inputs"]:
            info = os.stat(path)
            # Unchanged size and modification time: the digest recorded then still holds (as git's index).
            if (info.st_size, info.st_mtime_ns) != (size, mtime_ns) and file_digest(Path(path)) != digest:
                return None
        return CacheIndex(key, data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def read_pack(index: CacheIndex, platform: str) -> dict[str, Any] | None:
    """One platform's rules and defaults, if the file matches the checksum the index recorded."""
    directory = cache_dir()
    expected = index.packs.get(platform)
    if directory is None or expected is None:
        return None
    raw = read_own_file(_pack_path(directory, index.key, platform))
    if raw is None or content_check(raw) != expected:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def write_private(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` atomically (a temporary file in the same folder, mode 0600)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_cache(key: str, index: Mapping[str, Any], packs: Mapping[str, Mapping[str, Any]]) -> bool:
    """Store a composition: platform files first, the index (which names their digests) last.

    ``index`` holds ``identity``, ``label``, ``variables``, ``sources``, ``order``, ``profiles`` (rule ID ->
    profiles), ``inputs`` (path, size, mtime in nanoseconds, SHA-256) and
    ``listings`` (folder, YAML file names). Returns False when the cache cannot be written (read-only
    home, full disk, data that JSON cannot hold); the audit goes on without it.
    """
    directory = cache_dir()
    if directory is None:
        return False
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        digests: dict[str, str] = {}
        for platform, pack in packs.items():
            payload = json.dumps(pack, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            if json.loads(payload) != pack:  # only plain JSON values round-trip exactly
                return False
            digests[platform] = content_check(payload)
            write_private(_pack_path(directory, key, platform), payload)
        document = {**index, "format": CACHE_FORMAT, "key": key, "packs": digests}
        payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if json.loads(payload) != document:
            return False
        write_private(_index_path(directory, key), payload)
    except (OSError, TypeError, ValueError):
        return False
    prune(directory, keep=key)
    return True


STALE_AFTER_S = 30 * 24 * 3600
_TEMPORARY_AFTER_S = 24 * 3600


def prune(directory: Path, *, keep: str, now: float | None = None) -> list[str]:
    """Remove cache entries not written for 30 days (other devaudit versions, pack sets, variables) and
    temporary files a killed write left behind a day ago (the pattern store's too); ``keep`` is the entry
    just written. Returns the names removed. Only this module's own file names are touched."""
    import time

    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("baseline-") and name.endswith((".json", ".pickle")):
                    if name.split(".", 1)[0] == f"baseline-{keep}":
                        continue
                    limit = STALE_AFTER_S
                elif name.startswith((".baseline-", ".patterns.store.")) and name.endswith(".tmp"):
                    limit = _TEMPORARY_AFTER_S
                else:
                    continue
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > limit:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed.append(name)
    except OSError:
        pass  # pruning only saves space: a folder that cannot be listed is left as it is
    return removed
