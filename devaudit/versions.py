"""Compare network OS release strings such as ``15.2(4)M3``, ``17.9.4a``, ``V800R011C00`` or ``21.2.R1``."""

from __future__ import annotations

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["compare_versions", "version_key"]

_NUMBER = compile_pattern(r"\d+")


def version_key(version: str) -> tuple[int, ...]:
    """The numeric components of a release string, in order (``V800R011C00`` -> (800, 11, 0))."""
    return tuple(int(part) for part in _NUMBER.findall(version))


def compare_versions(actual: str, op: str, wanted: str) -> bool:
    """Compare two release strings numerically component by component (missing parts count as 0)."""
    left, right = version_key(actual), version_key(wanted)
    width = max(len(left), len(right))
    a = left + (0,) * (width - len(left))
    b = right[: len(right)] + (0,) * (width - len(right))
    if op in ("lt", "le", "gt", "ge") and len(right) < len(left):
        # Compare only as deep as the wanted version names: "15.2(4)M3" >= "15.2" is decided on 15.2.
        a, b = left[: len(right)], right
    return {
        "eq": a == b,
        "ne": a != b,
        "lt": a < b,
        "le": a <= b,
        "gt": a > b,
        "ge": a >= b,
    }[op]
