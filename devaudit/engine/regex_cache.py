"""Patterns kept compiled between runs: the regex engine's program for each pattern devaudit compiles.

``re`` compiles a pattern in Python (parse, then code generation), which is most of the cost of starting
devaudit and of loading a platform's rules. Stored code is handed back to the engine (``_sre.compile``
checks it and refuses code that is not valid) instead of parsing the pattern again. Code is stored in two
places: a cached baseline carries its rules' patterns (``export_patterns``/``import_patterns``, served by
``compile_pattern``), and the program's pattern store (``use_store``/``save_store``, a file in the user cache
folder) carries every other pattern a run compiled: devaudit's modules' own, the standard library's, and
those compiled while auditing. ``use_store`` puts them in ``re``'s own table of compiled patterns (the one
``re.compile`` and ``re.search`` look in first), so they are served whichever way a module asks for them.
Stored code is used only by the interpreter build that wrote it and only when the result is the pattern
asked for (same text and flags); anything else, and a missing, damaged or foreign store, compiles from the
pattern's text as usual.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = [
    "STORE_NAME",
    "compile_pattern",
    "engine_id",
    "export_patterns",
    "import_patterns",
    "pattern_from_record",
    "pattern_record",
    "plain_loads",
    "recording",
    "save_store",
    "settle_store",
    "store_path",
    "use_store",
]

PatternKey = tuple[str, int]

STORE_NAME = "patterns.store"
_STORE_FORMAT = 2
# At most this many programs are kept (the oldest go first); ``re``'s table takes the newest, leaving room.
_STORE_LIMIT = 600
_RE_HEADROOM = 64
_DEBUG = int(re.DEBUG)
_PROBE = r"\A(?:devaudit pattern store probe)\Z"

_sre: Any = importlib.import_module("_sre")  # the regex engine itself (no type stubs)
_TEXT_FLAGS = int(re.UNICODE | re.ASCII)
_loaded: dict[PatternKey, re.Pattern[str]] = {}
_recorders: list[dict[PatternKey, None]] = []


class _Store:
    """The pattern store of this run: its records; the rules' patterns (the baseline cache keeps those); and,
    once the program settles, the patterns it had compiled by then."""

    def __init__(self, path: Path, records: dict[PatternKey, list[Any]]) -> None:
        self.path = path
        self.records = records  # (pattern, flags) -> stored record, valid for this interpreter
        self.rule_keys: set[PatternKey] = set()
        self.settled: list[tuple[Any, ...]] | None = None


_active: list[_Store] = []  # the store this process serves patterns from (none until ``use_store``)


def engine_id() -> list[str | int]:
    """What stored code is valid for: this interpreter and its regex engine's code version."""
    return [sys.implementation.name, sys.hexversion, int(_sre.MAGIC), int(_sre.CODESIZE)]


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, from stored code when a cached baseline or the pattern store has it."""
    key = (source, int(flags))
    if _recorders:
        for seen in _recorders:
            seen[key] = None
        if _active:  # a rule's pattern belongs to the baseline cache, not to the store
            _active[0].rule_keys.add(key)
    pattern = _loaded.get(key)
    if pattern is None and _active:
        record = _active[0].records.get(key)
        if record is not None and (pattern := _program(record)) is not None:
            _loaded[key] = pattern
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


def _program(record: Sequence[Any]) -> re.Pattern[str] | None:
    """The pattern a stored record describes, if the engine takes its code and it is the pattern named."""
    try:
        source, flags, final, code, groups, groupindex, names = record
        if not isinstance(source, str) or final & flags != flags or not final & _TEXT_FLAGS:
            return None  # not the flags asked for (a text pattern has UNICODE, or ASCII if asked)
        if isinstance(code, bytes | str):  # the stores' form: the code words' bytes
            code = _decode_code(code)
        pattern = _sre.compile(source, final, code, groups, groupindex, tuple(names))
    except (TypeError, ValueError, RuntimeError, OverflowError, LookupError):
        return None  # malformed or invalid code: the pattern compiles from its text
    if not isinstance(pattern, re.Pattern) or pattern.pattern != source or pattern.flags != final:
        return None
    if pattern.groups != groups or pattern.groupindex != groupindex:
        return None
    return pattern


def pattern_record(pattern: re.Pattern[str]) -> list[Any] | None:
    """A compiled pattern as a stored record (its code as bytes), or None when it cannot be stored."""
    records = _store_records([(pattern.pattern, pattern.flags)])
    return records[0] if records else None


def pattern_from_record(record: Sequence[Any]) -> re.Pattern[str]:
    """The pattern a stored record describes: from its code when the engine takes it, else from its text."""
    program = _program(record)
    return program if program is not None else re.compile(record[0], record[1])


def import_patterns(engine: Sequence[Any], records: Iterable[Sequence[Any]]) -> int:
    """Make stored patterns available to ``compile_pattern``; how many were taken (0 for another interpreter)."""
    if list(engine) != engine_id():
        return 0
    taken = 0
    for record in records:
        pattern = _program(record)
        if pattern is None:
            continue
        _loaded[(pattern.pattern, int(record[1]))] = pattern
        taken += 1
    return taken


# --------------------------------------------------------------------------- the program's pattern store


def _code_format() -> str | None:
    """The ``memoryview`` format of the engine's code words (None when no native unsigned type has their size)."""
    for code in ("I", "L"):
        if memoryview(bytes(16)).cast(code).itemsize == _sre.CODESIZE:
            return code
    return None


_CODE_FORMAT = _code_format()


def _decode_code(stored: bytes | str) -> list[int]:
    """Code words from their stored form: their bytes in this machine's byte order (or those as hex text)."""
    if _CODE_FORMAT is None:
        raise ValueError("no native type for the engine's code words")
    view: Any = memoryview(bytes.fromhex(stored) if isinstance(stored, str) else stored)
    words: list[int] = view.cast(_CODE_FORMAT).tolist()
    return words


def _encode_code(code: Sequence[int]) -> bytes | None:
    if _CODE_FORMAT is None:
        return None
    import array

    return array.array(_CODE_FORMAT, code).tobytes()


def store_path() -> Path | None:
    """Where the pattern store lives (None when the cache is switched off; see ``baseline_cache.cache_dir``)."""
    from devaudit.engine import baseline_cache

    directory = baseline_cache.cache_dir()
    return None if directory is None else directory / STORE_NAME


def use_store() -> bool:
    """Serve patterns from the pattern store from now on in this process; ``save_store`` adds what it lacks.

    The store is read only if it is the user's own file, for this interpreter and intact (its header
    names the body's checksum); otherwise the run starts from an empty store. Its programs go to
    ``compile_pattern`` and to ``re``'s own table of compiled patterns. False: caching is off.
    """
    path = store_path()
    if path is None:
        return False
    store = _Store(path, _read_store(path))
    _active[:] = [store]
    table = _re_table()
    if table is not None:
        room = _re_room() - len(table)
        for key, record in list(store.records.items())[-room:] if room > 0 else ():
            pattern = _program(record)
            if pattern is None:
                del store.records[key]  # not valid after all: compiled as usual, and stored again
                continue
            _loaded.setdefault(key, pattern)
            table.setdefault((str, key[0], key[1]), pattern)
    return True


def settle_store() -> None:
    """Mark the end of start-up: patterns compiled from here on (while auditing, often built from what a
    device's configuration names) are not stored. The first call counts."""
    if _active and _active[0].settled is None:
        table = _re_table()
        _active[0].settled = list(table) if table is not None else []


def _re_table() -> dict[Any, Any] | None:
    """``re``'s table of compiled patterns, if it is the one this module knows: a dict keyed by the pattern's
    type, text and flags (checked on a pattern compiled here); None otherwise (then ``re`` is left alone)."""
    table = getattr(re, "_cache", None)
    if type(table) is not dict or not isinstance(getattr(re, "_MAXCACHE", None), int):
        return None
    pattern = re.compile(_PROBE, re.IGNORECASE)
    return table if table.get((str, _PROBE, int(re.IGNORECASE))) is pattern else None


def _re_room() -> int:
    """How many stored patterns ``re``'s table takes, leaving room for those a run compiles afresh."""
    return max(0, int(getattr(re, "_MAXCACHE", 0)) - _RE_HEADROOM)


def _read_store(path: Path) -> dict[PatternKey, list[Any]]:
    import json

    from devaudit.engine import baseline_cache

    raw = baseline_cache.read_own_file(path)
    if raw is None:
        return {}
    head, newline, body = raw.partition(b"\n")
    try:
        header = json.loads(head)
        if not newline or header != _header(body):
            return {}
        records = plain_loads(body)
        return {(record[0], record[1]): record for record in records if _is_record(record)}
    except Exception:  # damaged: the run compiles as usual, and the store is written again
        return {}


def plain_loads(body: bytes) -> Any:
    """Unpickle plain values only (lists, dicts, text, numbers, bytes): naming any class or function fails."""
    import _pickle
    import io

    class Plain(_pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            raise ValueError(f"{module}.{name} is not a plain value")

    return Plain(io.BytesIO(body)).load()


def _is_record(record: Any) -> bool:
    return (
        isinstance(record, list)
        and len(record) == 7
        and isinstance(record[0], str)
        and type(record[1]) is int
        and isinstance(record[3], bytes)
    )


def _header(body: bytes) -> dict[str, Any]:
    from devaudit.engine import baseline_cache

    return {"format": _STORE_FORMAT, "engine": engine_id(), "check": baseline_cache.content_check(body)}


def save_store() -> bool:
    """Write the store again if this run compiled patterns it lacks; True when a new store was written.

    What the run compiled up to ``settle_store`` is read from ``re``'s table (every module's patterns,
    however compiled), less the rules' patterns (the baseline cache keeps those). The store keeps what it
    held and adds them, the oldest going first past ``_STORE_LIMIT``. Written atomically, 0600 in a 0700
    folder; a store that cannot be written is left as it was.
    """
    if not _active:
        return False
    store = _active.pop()  # written once per run
    table = _re_table()
    if table is None:
        return False
    new: list[PatternKey] = []
    for kind, source, flags in list(table) if store.settled is None else store.settled:
        key = (source, flags)
        unknown = key not in store.records and key not in store.rule_keys
        if unknown and kind is str and type(flags) is int and not flags & _DEBUG and source != _PROBE:
            new.append(key)
    if not new:
        return False
    fresh = _store_records(new)
    if not fresh:
        return False
    records = [*store.records.values(), *fresh][-_STORE_LIMIT:]
    return _write_store(store.path, records)


def _store_records(keys: Iterable[PatternKey]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for record in export_patterns(keys):
        text = _encode_code(record[3])
        if text is None:
            return []
        stored = [*record[:3], text, *record[4:]]
        if _program(stored) is None:  # what would be read back must be the pattern itself
            continue
        out.append(stored)
    return out


def _write_store(path: Path, records: list[list[Any]]) -> bool:
    import json
    import pickle

    from devaudit.engine import baseline_cache

    try:
        body = pickle.dumps(records, protocol=5)
        head = json.dumps(_header(body), separators=(",", ":")).encode("utf-8")
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        baseline_cache.write_private(path, head + b"\n" + body)
    except (OSError, TypeError, ValueError, pickle.PicklingError):
        return False
    return True
