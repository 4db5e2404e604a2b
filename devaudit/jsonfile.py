"""Read JSON that devaudit wrote earlier (reports, archive metadata) without trusting its shape or depth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["MAX_JSON_DEPTH", "read_json"]

# devaudit's own JSON nests at most about eight levels (report > devices > results > evidence > ...).
MAX_JSON_DEPTH = 32


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, computed without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item)
    return deepest


def read_json(path: Path, *, max_bytes: int | None = None, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse the JSON file ``path``; raise ValueError naming the file when it cannot be used.

    Unreadable, too large (over ``max_bytes``), malformed, or nested deeper than ``max_depth`` levels
    (a crafted file would otherwise exhaust the interpreter's stack in every later run): all ValueError.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if max_bytes is not None and len(raw) > max_bytes:
        raise ValueError(f"{path}: larger than {max_bytes:,} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: malformed JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise ValueError(f"{path}: nested more than {max_depth} levels deep") from None
    if _depth(data) > max_depth:
        raise ValueError(f"{path}: nested more than {max_depth} levels deep")
    return data
