"""Rule patterns kept compiled between runs: the regex engine's program for each pattern of a cached baseline.

``re`` compiles a pattern in Python (parse, then code generation), which is most of the cost of loading a
platform's rules. A cached baseline stores the code ``re`` generated; ``compile_pattern`` hands that code back to
the engine (``_sre.compile`` checks it and refuses code that is not valid) instead of parsing the pattern again.
Stored code is used only by the interpreter build that wrote it and only when the result is the pattern asked
for; anything else compiles from the pattern's text as usual.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

__all__ = ["compile_pattern", "engine_id", "export_patterns", "import_patterns", "recording"]

PatternKey = tuple[str, int]

_loaded: dict[PatternKey, re.Pattern[str]] = {}
_recorders: list[dict[PatternKey, None]] = []


def engine_id() -> list[str | int]:
    """What stored code is valid for: this interpreter and its regex engine's code version."""
    sre: Any = importlib.import_module("_sre")
    return [sys.implementation.name, sys.hexversion, int(sre.MAGIC), int(sre.CODESIZE)]


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, from stored code when a cached baseline brought it."""
    key = (source, int(flags))
    for seen in _recorders:
        seen[key] = None
    pattern = _loaded.get(key)
    return pattern if pattern is not None else re.compile(source, flags)


@contextmanager
def recording() -> Iterator[dict[PatternKey, None]]:
    """Collect the (pattern, flags) pairs compiled inside the block, in order."""
    seen: dict[PatternKey, None] = {}
    _recorders.append(seen)
    try:
        yield seen
    finally:
        _recorders.remove(seen)


def export_patterns(keys: Iterable[PatternKey]) -> list[list[Any]]:
    """Each pattern with the code ``re`` generates for it, as JSON values (none when ``re`` is not as expected)."""
    try:
        parser: Any = importlib.import_module("re._parser")
        compiler: Any = importlib.import_module("re._compiler")
        out: list[list[Any]] = []
        for source, flags in keys:
            parsed = parser.parse(source, flags)
            code = [int(c) for c in compiler._code(parsed, flags)]
            state = parsed.state
            names: list[str | None] = [None] * state.groups
            for name, number in state.groupdict.items():
                names[number] = name
            final = int(flags | state.flags)
            out.append([source, int(flags), final, code, state.groups - 1, dict(state.groupdict), names])
    except Exception:  # another interpreter's ``re``: nothing stored, patterns compile as usual
        return []
    return out


def import_patterns(engine: Sequence[Any], records: Iterable[Sequence[Any]]) -> int:
    """Make stored patterns available to ``compile_pattern``; how many were taken (0 for another interpreter)."""
    if list(engine) != engine_id():
        return 0
    sre: Any = importlib.import_module("_sre")
    taken = 0
    for record in records:
        try:
            source, flags, final, code, groups, groupindex, names = record
            if final & flags != flags or not final & re.UNICODE:
                continue  # not the flags asked for (a text pattern always has UNICODE)
            pattern = sre.compile(source, final, code, groups, groupindex, tuple(names))
        except (TypeError, ValueError, RuntimeError, OverflowError):
            continue  # malformed or invalid code: this pattern compiles from its text
        if not isinstance(pattern, re.Pattern) or pattern.pattern != source or pattern.flags != final:
            continue
        if pattern.groups != groups or pattern.groupindex != groupindex:
            continue
        _loaded[(source, int(flags))] = pattern
        taken += 1
    return taken
