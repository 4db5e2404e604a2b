"""One thing to audit and how it is read: a file or stdin, bounded by ``--max-size``, plus its sidecars.

Beside ``R1.cfg`` a directory ``R1.cfg.show/`` may hold outputs of show commands, one file per command
named after it with spaces as underscores (``show_version.txt``, ``display_version.txt``,
``show_ip_ssh.txt``); ``show version`` / ``display version`` feed the device facts and every other
output is available to rules that name it in ``needs``. Which files an audit's arguments name is
``devaudit.walk``'s job.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from devaudit.errors import InputError
from devaudit.ingest import DEFAULT_MAX_BYTES

__all__ = [
    "META_SUFFIX",
    "SIDECAR_SUFFIX",
    "InputRef",
    "archived_name",
    "read_input",
    "read_sidecar_outputs",
]

SIDECAR_SUFFIX = ".show"
META_SUFFIX = ".meta.json"  # the metadata the archive writes beside a config


@dataclass(frozen=True, slots=True)
class InputRef:
    """One thing to audit: a path, or stdin (``path`` is None)."""

    path: Path | None
    label: str


def _read_bounded(handle: BinaryIO, label: str, max_bytes: int, what: str = "file") -> bytes:
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(label, f"{what} is more than the limit of {max_bytes:,} bytes (--max-size)")
    return data


def read_input(ref: InputRef, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a file or of stdin, never more than ``max_bytes`` read (InputError beyond it)."""
    if ref.path is None:
        return _read_bounded(sys.stdin.buffer, ref.label, max_bytes, "input")
    try:
        size = ref.path.stat().st_size
        if size > max_bytes:
            raise InputError(ref.label, f"file is {size:,} bytes, above the limit of {max_bytes:,} (--max-size)")
        with ref.path.open("rb") as handle:
            return _read_bounded(handle, ref.label, max_bytes)
    except OSError as exc:
        raise InputError(ref.label, f"cannot read: {exc.strerror or exc}") from None


def archived_name(config: Path) -> str | None:
    """The inventory name of an archived config, from the metadata devaudit wrote beside it."""
    from devaudit.jsonfile import read_json

    meta = config.with_name(config.name + META_SUFFIX)
    if not meta.is_file():
        return None
    try:
        data = read_json(meta, max_bytes=1024 * 1024)
    except ValueError:
        return None
    host = data.get("host") if isinstance(data, dict) else None
    return host if isinstance(host, str) and host else None


def read_sidecar_outputs(config: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, str]:
    """Show-command outputs stored beside ``config`` (see the module docstring).

    Each file and all of them together are read within ``max_bytes``; a file that cannot be read or is
    too large raises InputError naming it.
    """
    directory = config.with_name(config.name + SIDECAR_SUFFIX)
    outputs: dict[str, str] = {}
    if not directory.is_dir():
        return outputs
    left = max_bytes
    try:
        files = sorted(directory.iterdir())
    except OSError as exc:
        raise InputError(str(directory), f"cannot list the show outputs: {exc.strerror or exc}") from None
    for file in files:
        if not file.is_file():
            continue
        command = file.name.rsplit(".", 1)[0] if file.suffix == ".txt" else file.name
        try:
            with file.open("rb") as handle:
                data = handle.read(left + 1)
        except OSError as exc:
            raise InputError(str(file), f"cannot read this show output: {exc.strerror or exc}") from None
        if len(data) > left:
            what = "this show output is" if left == max_bytes else "the show outputs of this config together are"
            raise InputError(str(file), f"{what} more than the limit of {max_bytes:,} bytes (--max-size)")
        left -= len(data)
        outputs[command.replace("_", " ")] = data.decode("utf-8", errors="replace")
    return outputs
