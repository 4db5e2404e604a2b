"""Atomic, private file writes: a temporary file in the same directory, fsync, then rename over the target.

Files devaudit creates are readable by their owner only (0600) and the directories it creates for them
0700: configs are sensitive even masked, and so are reports. A write that fails (disk full, quota,
read-only file system, permission) raises OutputError naming the file, never a bare OSError.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from devaudit.errors import OutputError

__all__ = ["DIR_MODE", "FILE_MODE", "describe_os_error", "make_private_dirs", "write_atomic"]

FILE_MODE = 0o600
DIR_MODE = 0o700

_PLAIN_REASONS = {
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def describe_os_error(exc: OSError) -> str:
    """A failed write in plain words ('no space left on the disk')."""
    return _PLAIN_REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def make_private_dirs(directory: Path) -> None:
    """Create ``directory`` and any missing parents with mode 0700 (existing ones are left as they are)."""
    missing: list[Path] = []
    current = directory
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, DIR_MODE)


def write_atomic(path: Path, data: str | bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` so readers see the old file or the new one, never half of it.

    ``mode`` defaults to the mode of the file being replaced, else 0600. ``durable`` also flushes the
    data to disk before the rename (skip it for many small derived files).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        make_private_dirs(path.parent)
        if mode is None:
            try:
                mode = stat.S_IMODE(os.stat(path).st_mode)
            except FileNotFoundError:
                mode = FILE_MODE
        _write(path, payload, mode, durable)
    except OSError as exc:
        raise OutputError(str(path), describe_os_error(exc)) from exc


def _write(path: Path, payload: bytes, mode: int, durable: bool) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
