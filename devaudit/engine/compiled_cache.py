"""A cached platform's compiled rules, pickled beside its JSON file, so that later runs skip compiling them.

The JSON file of a platform (``engine.baseline_cache``) holds its validated rules; compiling them (conditions,
messages, patterns) is most of the cost of reading it. The first run that compiles a platform from that file
stores the result here (``baseline-<key>.<platform>.pickle``); later runs unpickle it. The file's first line
says what it is valid for: the JSON file's checksum (so it goes with exactly that composition), this
interpreter and regex engine, and the size and time of every module whose classes or checks it names; then
the checksum of the pickled data. Only the user's own file, writable by nobody else, is read (as the JSON
files). Unpickling may only name devaudit's own classes and the checks of devaudit's ``CHECKS`` tables;
patterns are stored as the regex engine's code and handed back through ``engine.regex_cache``. A rule that
cannot be pickled (or names anything else) is stored as its JSON record and compiled when read. Anything
amiss and the caller compiles from the JSON file, as without this file.
"""

from __future__ import annotations

import functools
import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from devaudit.engine import baseline_cache, regex_cache

__all__ = ["compiled_path", "read_compiled", "write_compiled"]

_FORMAT = 1
_PROTOCOL = 5


def compiled_path(directory: Path, key: str, platform: str) -> Path:
    """Where the compiled rules of ``platform`` in cache entry ``key`` are kept."""
    return directory / f"baseline-{key}.{platform}.pickle"


@functools.cache
def _allowed(module: str, name: str) -> Any:
    """The object a pickle may name: a class of a devaudit module, or a check of a devaudit ``CHECKS`` table."""
    if (module, name) == ("devaudit.engine.regex_cache", "pattern_from_record"):
        return regex_cache.pattern_from_record  # a pattern, from its stored code
    if module != "devaudit" and not module.startswith("devaudit."):
        raise LookupError(f"{module}.{name} is not devaudit's")
    import importlib

    owner = importlib.import_module(module)
    value = getattr(owner, name)
    if isinstance(value, type) and value.__module__ == module:
        return value
    table = getattr(owner, "CHECKS", None)
    if callable(value) and isinstance(table, Mapping) and any(check is value for check in table.values()):
        return value
    raise LookupError(f"{module}.{name} is neither a class nor a check")


def _loads(body: bytes, named: set[str] | None = None) -> Any:
    """Unpickle ``body`` naming only what ``_allowed`` allows; ``named`` collects the modules it names."""
    import _pickle  # the C unpickler: ``pickle`` itself is needed only to write

    class Unpickler(_pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            value = _allowed(module, name)
            if named is not None:
                named.add(module)
            return value

    return Unpickler(io.BytesIO(body)).load()


def _dumps(value: Any) -> bytes:
    import pickle

    class Pickler(pickle.Pickler):
        def reducer_override(self, obj: Any) -> Any:
            if isinstance(obj, re.Pattern):  # kept once however often it is referred to
                record = regex_cache.pattern_record(obj)
                if record is None:
                    raise pickle.PicklingError("a pattern the engine's code cannot be stored for")
                return regex_cache.pattern_from_record, (record,)
            return NotImplemented

    buffer = io.BytesIO()
    Pickler(buffer, protocol=_PROTOCOL).dump(value)
    return buffer.getvalue()


def _stamp(modules: Sequence[str]) -> list[list[Any]] | None:
    """Size and modification time of each module's file (None when one has no file)."""
    out: list[list[Any]] = []
    for name in sorted(modules):
        module = sys.modules.get(name)
        if module is None:
            import importlib

            module = importlib.import_module(name)
        path = getattr(module, "__file__", None)
        if not path:
            return None
        info = os.stat(path)
        out.append([name, info.st_size, info.st_mtime_ns])
    return out


def _header(pack_check: str, modules: list[list[Any]], body: bytes) -> dict[str, Any]:
    return {
        "format": _FORMAT,
        "engine": regex_cache.engine_id(),
        "pack": pack_check,
        "modules": modules,
        "check": baseline_cache.content_check(body),
    }


def read_compiled(path: Path, pack_check: str) -> dict[str, Any] | None:
    """What ``write_compiled`` stored (``rules``: compiled rules, or JSON records of rules to compile;
    ``defaults``; ``patterns``: stored code for those records) if the file is valid for the platform file
    whose checksum is ``pack_check``; None otherwise."""
    raw = baseline_cache.read_own_file(path)
    if raw is None:
        return None
    import json

    head, newline, body = raw.partition(b"\n")
    try:
        header = json.loads(head)
        if not newline or not isinstance(header, dict) or header.get("pack") != pack_check:
            return None
        if _stamp([name for name, _, _ in header["modules"]]) != header["modules"]:
            return None
        if header != _header(pack_check, header["modules"], body):
            return None
        stored = _loads(body)
    except Exception:  # a damaged or outdated file: the caller compiles from the JSON file
        return None
    if not isinstance(stored, dict) or not isinstance(stored.get("rules"), list):
        return None
    return stored


def write_compiled(
    path: Path,
    pack_check: str,
    pack: Mapping[str, Any],
    compiled: Sequence[Any],
    is_rule: Callable[[Any], bool],
    patterns_of: Callable[[Iterable[Mapping[str, Any]]], Iterable[tuple[str, int]]],
) -> bool:
    """Store ``compiled``, the rules compiled from the JSON file ``pack`` (in its order), and its defaults.

    A rule that cannot be pickled, or whose pickle names what a reader would refuse, is stored as its JSON
    record, with the pack's stored code for the patterns ``patterns_of`` says compiling it uses. False when
    nothing is written.
    """
    try:
        items: list[Any] = []
        for rule, record in zip(compiled, pack["rules"], strict=True):
            try:
                alone = _loads(_dumps(rule))
            except Exception:  # a condition holding a closure, an outside check: compiled when read
                items.append(record)
                continue
            items.append(rule if is_rule(alone) else record)
        needed = {(source, flags) for source, flags in patterns_of(item for item in items if isinstance(item, Mapping))}
        stored = {
            "rules": items,
            "defaults": list(pack["defaults"]),
            "regex_engine": pack.get("regex_engine", []),
            "patterns": [p for p in pack.get("patterns", []) if isinstance(p, list) and (p[0], p[1]) in needed],
        }
        body = _dumps(stored)
        named: set[str] = set()
        _loads(body, named)
        modules = _stamp(sorted(named))
        if modules is None:
            return False
        import json

        head = json.dumps(_header(pack_check, modules, body), separators=(",", ":")).encode("utf-8")
        baseline_cache.write_private(path, head + b"\n" + body)
    except Exception:  # the cache only saves time: an audit goes on without it
        return False
    return True
