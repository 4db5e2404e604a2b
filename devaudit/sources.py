"""Find the config files an audit was asked for: files, directories, globs and stdin, plus sidecars.

Beside ``R1.cfg`` a directory ``R1.cfg.show/`` may hold outputs of show commands, one file per command
named after it with spaces as underscores (``show_version.txt``, ``display_version.txt``,
``show_ip_ssh.txt``); ``show version`` / ``display version`` feed the device facts and every other
output is available to rules that name it in ``needs``.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SIDECAR_SUFFIX", "InputRef", "archived_name", "expand_inputs", "read_sidecar_outputs"]

SIDECAR_SUFFIX = ".show"
# Reports, metadata, docs and code that live beside configs in archives are not configs.
_SKIP_SUFFIXES = (
    ".json",
    ".sha256",
    ".md",
    ".html",
    ".sarif",
    ".xml",
    ".csv",
    ".swp",
    ".gz",
    ".zip",
    ".py",
    ".yaml",
    ".yml",
    ".tsv",
    ".lock",
)
_SKIP_DIRS = {".git", ".svn", ".hg", "__pycache__", ".venv", "node_modules"}


@dataclass(frozen=True, slots=True)
class InputRef:
    """One thing to audit: a path, or stdin (``path`` is None)."""

    path: Path | None
    label: str


def _walk(directory: Path) -> Iterator[Path]:
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith(".") or entry.name in _SKIP_DIRS:
            continue
        if entry.is_dir():
            if entry.name.endswith(SIDECAR_SUFFIX):
                continue
            yield from _walk(entry)
        elif entry.is_file() and not entry.name.endswith(_SKIP_SUFFIXES):
            yield entry


def expand_inputs(args: Sequence[str]) -> tuple[list[InputRef], list[str]]:
    """Expand CLI arguments into inputs; returns (inputs, problems) where problems name bad arguments."""
    inputs: list[InputRef] = []
    problems: list[str] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            inputs.append(InputRef(path, str(path)))

    for arg in args:
        if arg == "-":
            inputs.append(InputRef(None, "<stdin>"))
            continue
        path = Path(arg)
        if path.is_dir():
            for file in _walk(path):
                add(file)
        elif path.is_file():
            add(path)
        elif any(ch in arg for ch in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                problems.append(f"{arg}: no file matches this pattern")
            for match in matches:
                candidate = Path(match)
                if candidate.is_dir():
                    for file in _walk(candidate):
                        add(file)
                elif candidate.is_file():
                    add(candidate)
        else:
            problems.append(f"{arg}: no such file or directory")
    return inputs, problems


def archived_name(config: Path) -> str | None:
    """The inventory name of an archived config, from the metadata devaudit wrote beside it."""
    meta = config.with_name(config.name + ".meta.json")
    if not meta.is_file():
        return None
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    host = data.get("host") if isinstance(data, dict) else None
    return host if isinstance(host, str) and host else None


def read_sidecar_outputs(config: Path) -> dict[str, str]:
    """Show-command outputs stored beside ``config`` (see the module docstring)."""
    directory = config.with_name(config.name + SIDECAR_SUFFIX)
    outputs: dict[str, str] = {}
    if not directory.is_dir():
        return outputs
    for file in sorted(directory.iterdir()):
        if file.is_file():
            command = file.name.rsplit(".", 1)[0] if file.suffix == ".txt" else file.name
            outputs[command.replace("_", " ")] = file.read_text(encoding="utf-8", errors="replace")
    return outputs
