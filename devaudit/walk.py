"""Find the config files an audit was asked for: files, directories and globs, walked as they are audited.

A directory walk follows links but visits each real directory once, so link loops end; what it meets
that is not a configuration (documents, images, archives, pipes, devices, dangling links, loops) is
listed as skipped with the reason. Hidden entries, ``.show/`` sidecars and the ``.meta.json`` files the
archive writes beside configs are passed over without a word.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from devaudit.errors import InputError
from devaudit.ingest import looks_binary, read_dump
from devaudit.sources import META_SUFFIX, SIDECAR_SUFFIX, InputRef

__all__ = ["ExpandedInputs", "InputWalk", "expand_inputs"]

_SKIP_DIRS = {".git", ".svn", ".hg", "__pycache__", ".venv", "node_modules"}
# Names that say "not a configuration" without reading the file.
_NOT_CONFIG_SUFFIXES: dict[str, str] = {
    **dict.fromkeys((".md", ".markdown", ".rst", ".adoc"), "documentation"),
    **dict.fromkeys((".pdf", ".doc", ".docx", ".odt", ".rtf", ".ppt", ".pptx", ".odp"), "a document"),
    **dict.fromkeys((".xls", ".xlsx", ".ods"), "a spreadsheet"),
    **dict.fromkeys(
        (".png", ".jpg", ".jpeg", ".gif", ".svg", ".bmp", ".tif", ".tiff", ".webp", ".ico", ".heic"), "an image"
    ),
    **dict.fromkeys(
        (".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".zst", ".lz4"), "an archive or compressed file"
    ),
    **dict.fromkeys((".json", ".html", ".htm", ".sarif", ".xml", ".csv", ".tsv"), "a report or data file"),
    **dict.fromkeys((".yaml", ".yml", ".toml", ".ini"), "a settings file"),
    **dict.fromkeys((".py", ".pyc", ".sh", ".pl", ".rb", ".js", ".exe", ".dll", ".so"), "a program or script"),
    **dict.fromkeys((".sha256", ".md5", ".sig", ".asc", ".lock", ".swp", ".tmp"), "a checksum, lock or editor file"),
}
# Names that say "configuration": such a file is audited (and an ERROR if it is not one).
_CONFIG_SUFFIXES = (".cfg", ".conf", ".config", ".cnf", ".rsc")
# The first bytes of common binary formats, to say what a binary file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ", "an xz-compressed file"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
    (b"\x7fELF", "a program (ELF)"),
    (b"\xd0\xcf\x11\xe0", "an office document"),
)
# A walked text file this small is read once here to tell a configuration from other text; a larger
# one is always audited (and reported as an ERROR if it is not a configuration).
_SNIFF_BYTES = 256 * 1024
_QUICK_BYTES = 8 * 1024


class ExpandedInputs(NamedTuple):
    """What the arguments name: inputs to audit, problems (bad arguments) and skipped non-configurations."""

    inputs: list[InputRef]
    problems: list[str]
    skipped: list[str]


def _kind(mode: int) -> str:
    """Plain words for a file that is neither a regular file nor a directory."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _binary_kind(head: bytes) -> str:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head[257:262] == b"ustar":
        return "a tar archive"
    return "binary content"


def _not_config(path: Path, size: int, platform: str | None) -> str | None:
    """Why a walked file is not a configuration, or None to audit it."""
    name = path.name.lower()
    for suffix, what in _NOT_CONFIG_SUFFIXES.items():
        if name.endswith(suffix):
            return f"not a configuration ({what}, by its name)"
    if name.endswith(_CONFIG_SUFFIXES):
        return None  # named as a configuration: audited, and an ERROR if it is not one
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES + 1)
    except OSError:
        return None  # audited, so that the reason it cannot be read is an ERROR for it
    if not head.strip():
        return None  # an empty config is a failed backup: an ERROR, not a skip
    if looks_binary(head) or any(head.startswith(magic) for magic, _ in _MAGIC):
        return f"not a configuration ({_binary_kind(head)})"
    if platform is not None or len(head) > _SNIFF_BYTES or size > _SNIFF_BYTES:
        return None
    from devaudit.detect import detect_platform

    try:
        # Most configurations tell their platform in their first lines: a cheap look settles them.
        start = head[: head.rfind(b"\n", 0, _QUICK_BYTES) + 1] if len(head) > _QUICK_BYTES else b""
        if start.strip() and detect_platform(read_dump(start, str(path)).lines).platform is not None:
            return None
        dump = read_dump(head, str(path))
    except InputError:
        return None
    detection = detect_platform(dump.lines)
    if detection.platform is None and detection.confidence == 0.0:
        if detection.reason.startswith("not a configuration"):
            return detection.reason  # 'not a configuration: looks like show version output'
        return "not a configuration: text in which no device configuration statement was recognised"
    return None


class _Walker:
    """Walks directories once per real directory, collecting files and skipped entries."""

    def __init__(self, platform: str | None, note: Callable[[str], None] | None = None) -> None:
        self.platform = platform
        self.visited: set[tuple[int, int]] = set()  # (device, inode) of every directory walked
        self.skipped: list[str] = []
        self._note = note

    def skip(self, entry: Path, reason: str) -> None:
        text = f"{entry}: skipped, {reason}"
        self.skipped.append(text)
        if self._note is not None:
            self._note(text)

    def walk(self, root: Path, wanted: Callable[[Path], bool] | None = None) -> Iterator[Path]:
        """Configuration files under ``root`` in sorted order, depth first; loops are cut and listed.

        With ``wanted``, files (and odd entries) it rejects are passed over without a word.
        """
        info = root.stat()
        if (info.st_dev, info.st_ino) in self.visited:
            self.skip(root, "a directory already walked")
            return
        self.visited.add((info.st_dev, info.st_ino))
        stack = [self._entries(root)]
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            if entry.name.startswith(".") or entry.name in _SKIP_DIRS:
                continue
            try:
                info = entry.stat()
                if wanted is not None and not stat.S_ISDIR(info.st_mode) and not wanted(entry):
                    continue
            except FileNotFoundError:
                if wanted is not None and not wanted(entry):
                    continue
                if entry.is_symlink():
                    self.skip(entry, f"a link to {os.readlink(entry)}, which does not exist")
                else:
                    self.skip(entry, "removed while the directory was read")
                continue
            except OSError as exc:
                if exc.errno == errno.ELOOP:  # a link that points at itself through other links
                    self.skip(entry, "a symbolic-link loop")
                else:
                    self.skip(entry, f"cannot be read ({exc.strerror or exc})")
                continue
            if stat.S_ISDIR(info.st_mode):
                if entry.name.endswith(SIDECAR_SUFFIX):
                    continue
                key = (info.st_dev, info.st_ino)
                if key in self.visited:
                    real = os.path.realpath(entry)
                    here = os.path.realpath(entry.parent)
                    if here == real or here.startswith(real.rstrip("/") + "/"):
                        self.skip(entry, f"a link back to {real}, already walked (a symbolic-link loop)")
                    else:
                        self.skip(entry, f"a link to {real}, a directory already walked")
                    continue
                self.visited.add(key)
                stack.append(self._entries(entry))
            elif stat.S_ISREG(info.st_mode):
                if entry.name.endswith(META_SUFFIX):
                    continue
                reason = _not_config(entry, info.st_size, self.platform)
                if reason is None:
                    yield entry
                else:
                    self.skip(entry, reason)
            else:
                self.skip(entry, f"{_kind(info.st_mode)}, not a configuration file")

    def _entries(self, directory: Path) -> Iterator[Path]:
        """The directory's entries in sorted order; only the names are held (a fleet's folder is large)."""
        try:
            names = sorted(os.listdir(directory))
        except OSError as exc:
            self.skip(directory, f"cannot be listed ({exc.strerror or exc})")
            names = []
        return (directory / name for name in names)


def _component_regex(part: str) -> str:
    """One path component of a glob as a regex: ``*`` and ``?`` stay inside the component."""
    out: list[str] = []
    i = 0
    while i < len(part):
        char = part[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in part[i + 2 :]:
            end = part.index("]", i + 2)
            body = part[i + 1 : end]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def _recursive_pattern(arg: str) -> tuple[Path, Callable[[Path], bool]]:
    """The directory a ``**`` pattern starts from, and a test for the paths below it that it matches.

    ``**`` as a whole component matches any number of directories (``a/**/b``) or, at the end, everything
    below. A path matches when it, or a directory above it, matches the pattern.
    """
    parts = arg.split("/")
    fixed = 0
    while fixed < len(parts) and not any(ch in parts[fixed] for ch in "*?["):
        fixed += 1
    base = Path("/".join(parts[:fixed]) or ("/" if arg.startswith("/") else "."))
    pieces: list[str] = []
    for position, part in enumerate(parts[fixed:]):
        last = position == len(parts) - fixed - 1
        if part == "**":
            pieces.append(".*" if last else "(?:[^/]+/)*")
        else:
            pieces.append(_component_regex(part) + ("" if last else "/"))
    regex = re.compile("".join(pieces) + r"\Z")
    prefix = str(base).rstrip("/") + "/" if str(base) != "." else ""

    def wanted(path: Path) -> bool:
        text = str(path)
        relative = text[len(prefix) :] if prefix and text.startswith(prefix) else text
        if regex.match(relative):
            return True
        end = relative.find("/")
        while end > 0:
            if regex.match(relative[:end]):
                return True
            end = relative.find("/", end + 1)
        return False

    return base, wanted


def _explicit_problem(arg: str, path: Path) -> str:
    """Why an argument that is neither a file nor a directory cannot be audited."""
    if path.is_symlink() and not path.exists():
        return f"{arg}: a link to {os.readlink(path)}, which does not exist"
    try:
        mode = path.stat().st_mode
    except OSError:
        return f"{arg}: no such file or directory"
    return f"{arg}: {_kind(mode)}, not a configuration file"


class InputWalk:
    """The inputs that CLI arguments name, found while they are iterated: a fleet's list is never held.

    Iterating gives stdin (``-``) first, then the files in the order of the arguments. ``problems`` (bad
    arguments) and ``skipped`` (non-configurations met on the way) fill as the walk goes and are complete
    once it is exhausted; ``note`` is told each one as it is found. Files named explicitly are always
    audited; files met in a directory or through a glob are first told apart from documents, images,
    archives and other text (with ``platform`` given, the content is not used to decide: the operator said
    what the files are). A file reached twice (named twice, or through a link) is given once.
    """

    def __init__(
        self, args: Sequence[str], *, platform: str | None = None, note: Callable[[str], None] | None = None
    ) -> None:
        self.args = tuple(args)
        self.platform = platform
        self.problems: list[str] = []
        self._note = note
        self._walker = _Walker(platform, note)

    @property
    def skipped(self) -> list[str]:
        return self._walker.skipped

    def problem(self, text: str) -> None:
        self.problems.append(text)
        if self._note is not None:
            self._note(text)

    def __iter__(self) -> Iterator[InputRef]:
        for arg in self.args:
            if arg == "-":
                yield InputRef(None, "<stdin>")
        seen: set[str] = set()  # real paths as text, not Path objects
        for path in self._files():
            resolved = os.path.realpath(path)
            if resolved not in seen:
                seen.add(resolved)
                yield InputRef(path, str(path))

    def _files(self) -> Iterator[Path]:
        walker, platform = self._walker, self.platform
        for arg in self.args:
            if arg == "-":
                continue
            path = Path(arg)
            if path.is_dir():
                yield from walker.walk(path)
            elif path.is_file():
                yield path
            elif "**" in arg:
                # glob's own '**' follows link loops forever: walk the fixed part once per real directory.
                base, wanted = _recursive_pattern(arg)
                found = False
                for file in walker.walk(base, wanted) if base.is_dir() else ():
                    found = True
                    yield file
                if not found:
                    self.problem(f"{arg}: no file matches this pattern")
            elif any(ch in arg for ch in "*?["):
                matches = sorted(glob.glob(arg))
                if not matches:
                    self.problem(f"{arg}: no file matches this pattern")
                for match in matches:
                    candidate = Path(match)
                    if candidate.is_dir():
                        yield from walker.walk(candidate)
                    elif candidate.is_file():
                        reason = _not_config(candidate, candidate.stat().st_size, platform)
                        if reason is None:
                            yield candidate
                        else:
                            walker.skip(candidate, reason)
            else:
                self.problem(_explicit_problem(arg, path))


def expand_inputs(args: Sequence[str], *, platform: str | None = None) -> ExpandedInputs:
    """Every input the arguments name, as a list, with the problems and skipped files (``InputWalk``)."""
    walk = InputWalk(args, platform=platform)
    inputs = list(walk)
    return ExpandedInputs(inputs, walk.problems, walk.skipped)
