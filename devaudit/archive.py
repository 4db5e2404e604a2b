"""The config archive: one file per device plus metadata and show outputs, written atomically.

Layout for device ``pe1``: ``pe1.cfg`` (secrets masked unless asked otherwise), ``pe1.cfg.meta.json``,
``pe1.cfg.show/<command>.txt`` (the sidecar directory ``devaudit audit`` reads). Files are 0600 and the
directories devaudit creates 0700, masked or not. ``--git`` commits the archive after each run, as
RANCID and Oxidized users expect.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from devaudit.atomic import FILE_MODE, write_atomic
from devaudit.engine.regex_cache import compile_pattern
from devaudit.jsonfile import read_json
from devaudit.redaction import Redactor
from devaudit.sources import META_SUFFIX, SIDECAR_SUFFIX

__all__ = ["ArchiveError", "commit_archive", "previous_sizes", "safe_name", "store_device"]

_UNSAFE = compile_pattern(r"[^A-Za-z0-9._-]+")


class ArchiveError(Exception):
    """Writing or committing the archive failed."""


def safe_name(name: str) -> str:
    """A host name made safe as a file name (no separators, no leading dots, never empty)."""
    cleaned = _UNSAFE.sub("_", name).strip("._") or "device"
    return cleaned[:200]


def store_device(
    directory: Path,
    name: str,
    config: str,
    outputs: Mapping[str, str],
    metadata: Mapping[str, object],
    *,
    keep_secrets: bool = False,
    platform: str | None = None,
) -> Path:
    """Write one device's config, outputs and metadata; returns the config path."""
    base = safe_name(name)
    path = directory / f"{base}.cfg"
    # The secrets found in the config are masked in the show outputs too, wherever they reappear.
    redactor = None if keep_secrets else Redactor.for_text(config, platform, source=name)
    text = config if redactor is None else redactor.text(config)
    write_atomic(path, text if text.endswith("\n") else text + "\n", mode=FILE_MODE)
    sidecar = directory / f"{base}.cfg{SIDECAR_SUFFIX}"
    for command, output in outputs.items():
        body = output if redactor is None else redactor.text(output)
        write_atomic(sidecar / f"{safe_name(command.replace(' ', '_'))}.txt", body, mode=FILE_MODE)
    meta = {**metadata, "redacted": not keep_secrets, "file": path.name}
    text = json.dumps(meta, indent=2, sort_keys=True) + "\n"
    write_atomic(directory / f"{base}.cfg{META_SUFFIX}", text, mode=FILE_MODE)
    return path


def previous_sizes(directory: Path) -> dict[str, int]:
    """Config sizes of the last run per host, from the archive's metadata files."""
    sizes: dict[str, int] = {}
    if not directory.is_dir():
        return sizes
    for meta in directory.glob(f"*.cfg{META_SUFFIX}"):
        try:
            data = read_json(meta, max_bytes=1024 * 1024)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("host"), str) and isinstance(data.get("size"), int):
            sizes[data["host"]] = data["size"]
    return sizes


def _git(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(directory), *args], capture_output=True, text=True, check=False)


def commit_archive(directory: Path, message: str, paths: Sequence[Path] = ()) -> str:
    """Commit the archive (initialising the repository if needed); returns the commit id or ''."""
    if not (directory / ".git").exists():
        init = _git(directory, "init", "-q")
        if init.returncode != 0:
            raise ArchiveError(f"git init failed in {directory}: {init.stderr.strip()}")
    add = _git(directory, "add", "-A", *[str(p) for p in paths])
    if add.returncode != 0:
        raise ArchiveError(f"git add failed: {add.stderr.strip()}")
    if not _git(directory, "status", "--porcelain").stdout.strip():
        return ""
    done = _git(
        directory, "-c", "user.name=devaudit", "-c", "user.email=devaudit@localhost", "commit", "-q", "-m", message
    )
    if done.returncode != 0:
        raise ArchiveError(f"git commit failed: {done.stderr.strip()}")
    return _git(directory, "rev-parse", "HEAD").stdout.strip()
