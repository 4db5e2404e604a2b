"""What a detection pattern needs in a text, and a faster scan that counts exactly the same matches."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["alternatives", "line_scan", "line_starts", "rare_characters", "required_strings"]

# The regex parser's node names; the parser is private, so every use is guarded: a parser that changed
# shape gives no shortcut and the pattern is scanned as written.
_c: Any = importlib.import_module("re._constants")

_REPEATS = frozenset({_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT})
_NEWLINE = 10


def alternatives(source: str) -> list[str]:
    """Split a pattern on its top-level ``|`` (outside groups, classes and escapes)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


def _parse(source: str, flags: int) -> list[tuple[Any, Any]] | None:
    try:
        parser: Any = importlib.import_module("re._parser")
        return list(parser.parse(source, flags))
    except Exception:  # an invalid piece, or another interpreter's parser
        return None


_COMMON = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ")
_FREQUENT = "-./:,="  # seldom characters that configuration text still holds often


def rare_characters(text: str) -> str:
    """The characters of ``text`` that configuration text holds seldom (not lower-case letters, digits or
    spaces), the seldomest kind first."""
    found = dict.fromkeys(char for char in text if char not in _COMMON)
    return "".join(sorted(found, key=lambda char: char in _FREQUENT))


def _selectivity(found: frozenset[str]) -> tuple[int, int, int]:
    """How much a text holding one of ``found`` says: longer shortest string, then seldom characters, then
    fewer strings."""
    return min(map(len, found)), min(len(rare_characters(s)) for s in found), -len(found)


def _better(found: frozenset[str], best: frozenset[str] | None) -> bool:
    """The more selective of two 'one of these strings' requirements."""
    return best is None or _selectivity(found) > _selectivity(best)


def _small_class(op: Any, arg: Any) -> str | None:
    """The characters of a class of a few plain characters (``[hc]``), else None."""
    if op is not _c.IN or not 1 <= len(arg) <= 4 or any(item_op is not _c.LITERAL for item_op, _ in arg):
        return None
    return "".join(chr(code) for _, code in arg)


_MOST_FORMS = 16  # the most spellings a run of text is followed in (classes and optional characters multiply)


def _requirement(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """Strings one of which every match of the sequence ``items`` contains (None: none known)."""
    best: frozenset[str] | None = None
    # The run of text being read, in each spelling it can take ('$h$' and '$c$' for '\$[hc]\$').
    run: set[str] = {""}

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and "" not in found and _better(found, best):
            best = found

    for op, arg in items:
        if op is _c.LITERAL:
            run = {text + chr(arg) for text in run}
            continue
        chars = _small_class(op, arg)
        if chars is not None and len(run) * len(chars) <= _MOST_FORMS:
            run = {text + char for text in run for char in chars}
            continue
        if op is _c.MAX_REPEAT and arg[:2] == (0, 1) and len(run) * 2 <= _MOST_FORMS:
            body = list(arg[2])
            if len(body) == 1 and body[0][0] is _c.LITERAL:  # an optional character: with it or without
                run = run | {text + chr(body[0][1]) for text in run}
                continue
        consider(frozenset(run))
        run = {""}
        if op is _c.SUBPATTERN:
            if arg[1] or arg[2]:  # scoped flags (case-insensitive, ...): its literals are not literal
                continue
            consider(_requirement(arg[3]))
        elif op is _c.BRANCH:
            parts = [_requirement(branch) for branch in arg[1]]
            if all(part is not None for part in parts):
                consider(frozenset().union(*(part for part in parts if part is not None)))
        elif op in _REPEATS and arg[0] >= 1:
            consider(_requirement(arg[2]))
        elif op is _c.ATOMIC_GROUP:
            consider(_requirement(arg))
    consider(frozenset(run))
    return best


def required_strings(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (None: none found); a text with none of them
    cannot match, so the scan can be skipped."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    parsed = _parse(pattern.pattern, pattern.flags)
    found = _requirement(parsed) if parsed is not None else None
    if found is None:
        return None
    # A string containing another adds nothing: the shorter one is present whenever it is.
    return tuple(sorted(s for s in found if not any(o != s and o in s for o in found)))


def _class_has_newline(items: list[tuple[Any, Any]]) -> bool | None:
    """Whether a character class ``[...]`` can match a line break (None: not known)."""
    negated = bool(items) and items[0][0] is _c.NEGATE
    holds = False
    for op, arg in items[1:] if negated else items:
        if op is _c.LITERAL:
            holds = holds or arg == _NEWLINE
        elif op is _c.RANGE:
            holds = holds or arg[0] <= _NEWLINE <= arg[1]
        elif op is _c.CATEGORY:
            if arg in (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_DIGIT, _c.CATEGORY_NOT_WORD, _c.CATEGORY_LINEBREAK):
                holds = True
            elif arg not in (_c.CATEGORY_DIGIT, _c.CATEGORY_WORD, _c.CATEGORY_NOT_SPACE):
                return None
        else:
            return None
    return holds != negated


def _in_line(items: list[tuple[Any, Any]], dotall: bool, alone: bool) -> int | None:
    """The least width of ``items`` when no match of theirs crosses a line break nor looks before its start
    (None otherwise). Lookaheads may read past the line, as the text after it is the same in both scans,
    unless the line is matched ``alone`` (then neither a lookahead nor ``\\Z`` is allowed)."""
    width = 0
    for op, arg in items:
        if op is _c.LITERAL:
            if arg == _NEWLINE:
                return None
            width += 1
        elif op is _c.NOT_LITERAL:
            if arg != _NEWLINE:
                return None
            width += 1
        elif op is _c.ANY:
            if dotall:
                return None
            width += 1
        elif op is _c.IN:
            if _class_has_newline(arg) is not False:
                return None
            width += 1
        elif op is _c.AT:
            if arg not in (_c.AT_BEGINNING, _c.AT_END, _c.AT_BOUNDARY, _c.AT_NON_BOUNDARY) and (
                alone or arg is not _c.AT_END_STRING
            ):
                return None
        elif op is _c.SUBPATTERN:
            if arg[1] or arg[2]:
                return None
            inner = _in_line(list(arg[3]), dotall, alone)
            if inner is None:
                return None
            width += inner
        elif op is _c.BRANCH:
            widths = [_in_line(list(branch), dotall, alone) for branch in arg[1]]
            if any(w is None for w in widths):
                return None
            width += min(w for w in widths if w is not None)
        elif op in _REPEATS:
            inner = _in_line(list(arg[2]), dotall, alone)
            if inner is None:
                return None
            width += arg[0] * inner
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            if arg[0] < 0 or alone:  # a lookbehind reads the line before
                return None
        else:
            return None
    return width


def _plain(items: Iterable[tuple[Any, Any]]) -> int | None:
    """The least width of ``items`` when they hold nothing that reads before the match (a look behind,
    ``\\A``), no scoped flags and no construct this module does not know (None otherwise)."""
    width = 0
    for op, arg in items:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
            width += 1
        elif op is _c.AT:
            if arg not in (_c.AT_BEGINNING, _c.AT_END, _c.AT_END_STRING, _c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
                return None
        elif op is _c.SUBPATTERN:
            inner = None if arg[1] or arg[2] else _plain(arg[3])
            if inner is None:
                return None
            width += inner
        elif op is _c.BRANCH:
            widths = [_plain(branch) for branch in arg[1]]
            if any(w is None for w in widths):
                return None
            width += min(w for w in widths if w is not None)
        elif op in _REPEATS:
            inner = _plain(arg[2])
            if inner is None:
                return None
            width += arg[0] * inner
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            if arg[0] < 0 or _plain(arg[1]) is None:
                return None
        else:
            return None
    return width


def _ends_in_line(items: list[tuple[Any, Any]], dotall: bool) -> bool:
    """Whether every match of ``items`` ends with a character that is not a line break."""
    for op, arg in reversed(items):
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # reads, but does not take, characters
        if op is _c.LITERAL:
            return bool(arg != _NEWLINE)
        if op is _c.NOT_LITERAL:
            return bool(arg == _NEWLINE)
        if op is _c.ANY:
            return not dotall
        if op is _c.IN:
            return _class_has_newline(arg) is False
        if op is _c.SUBPATTERN:
            return not (arg[1] or arg[2]) and _ends_in_line(list(arg[3]), dotall)
        if op is _c.BRANCH:
            return all(_ends_in_line(list(branch), dotall) for branch in arg[1])
        if op in _REPEATS:
            return bool(arg[0] >= 1) and _ends_in_line(list(arg[2]), dotall)
        return False
    return False


def _is_trailing_space(items: list[tuple[Any, Any]]) -> bool:
    """Whether ``items`` end in ``\\s*$``."""
    if len(items) < 2 or items[-1] != (_c.AT, _c.AT_END):
        return False
    op, arg = items[-2]
    return (
        op is _c.MAX_REPEAT
        and arg[0] == 0
        and arg[1] == _c.MAXREPEAT
        and list(arg[2]) == [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_SPACE)])]
    )


def line_scan(pattern: re.Pattern[str], *, alone: bool = False) -> re.Pattern[str] | None:
    """A pattern that, run with ``finditer`` over a line break followed by a text, finds as many matches as
    ``pattern`` over the text itself (``alone``: as many as there are lines ``pattern.match`` matches on
    their own); None when that cannot be shown.

    For a multi-line pattern whose every alternative starts with ``^``, takes at least one character and
    reads nothing before its start (no look behind, no ``\\A``), ``\\n`` followed by the rest finds the same
    matches when no match ends just after a line break (the next search then starts at the same line
    break in both scans); the engine skips to each line break instead of trying ``^`` at every character.
    A match that stays in its line and may end in ``\\s*$`` qualifies too: what that passes over is blank
    and cannot start a match. Lines matched ``alone`` qualify when no match leaves the line nor looks past
    its end.
    """
    flags = pattern.flags
    if not flags & re.MULTILINE or flags & (re.VERBOSE | re.IGNORECASE):
        return None
    rests: list[str] = []
    for piece in alternatives(pattern.pattern):
        parsed = _parse(piece, flags)
        if not piece.startswith("^") or parsed is None or parsed[:1] != [(_c.AT, _c.AT_BEGINNING)]:
            return None
        body = parsed[1:]
        if not alone and (_plain(body) or 0) >= 1 and _ends_in_line(body, bool(flags & re.DOTALL)):
            # Matches may run over lines, but each ends after a character of a line: the line break after
            # it, where both scans look next, is not part of the match.
            rests.append(piece[1:])
            continue
        if _is_trailing_space(body):
            # '\s*$' may run over blank lines to a later line end; what it passes over is blank, which the
            # part before it (at least one character, no line break) cannot match: the counts agree.
            body = body[:-2]
        width = _in_line(body, bool(flags & re.DOTALL), alone)
        if width is None or width < 1:
            return None
        rests.append(piece[1:])
    try:
        return compile_pattern("\n(?:" + "|".join(rests) + ")", flags)
    except re.error:
        return None


def _starts(items: list[tuple[Any, Any]], depth: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``items`` starts with (None: not known)."""
    if not items or depth > 8:
        return None
    op, arg = items[0]
    rest = items[1:]
    if op is _c.LITERAL:
        run = []
        for op_, arg_ in items:
            if op_ is not _c.LITERAL:
                break
            run.append(chr(arg_))
        text = "".join(run)
        after = _starts(items[len(run) :], depth + 1) if len(run) < len(items) else None
        return frozenset(text + tail for tail in after) if after else frozenset({text})
    if op is _c.BRANCH:
        parts = [_starts(list(branch) + rest, depth + 1) for branch in arg[1]]
        return None if any(p is None for p in parts) else frozenset().union(*(p for p in parts if p))
    if op is _c.SUBPATTERN and not (arg[1] or arg[2]):
        return _starts(list(arg[3]) + rest, depth + 1)
    if op is _c.MAX_REPEAT and arg[0] == 0 and arg[1] == 1:  # an optional part, then the rest
        present, absent = _starts(list(arg[2]) + rest, depth + 1), _starts(rest, depth + 1)
        return None if present is None or absent is None else present | absent
    return None


_LEADING_SPACE = (_c.MAX_REPEAT, (0, _c.MAXREPEAT, [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_SPACE)])]))


def line_starts(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """For a multi-line pattern whose every alternative is ``^``, maybe indentation (``\\s*``, `` +``), then
    text: strings one of which a line of a matching text starts with once its leading white space is
    removed (None: not of that form).

    The strings are ASCII, start with a character other than white space and hold no white space but
    spaces, so the first word of a line tells whether they can start it.
    """
    flags = pattern.flags
    if not flags & re.MULTILINE or flags & (re.VERBOSE | re.IGNORECASE):
        return None
    found: set[str] = set()
    for piece in alternatives(pattern.pattern):
        parsed = _parse(piece, flags)
        if parsed is None or len(parsed) < 2 or parsed[0] != (_c.AT, _c.AT_BEGINNING):
            return None
        rest = parsed[1:]
        op, arg = rest[0]
        if op is _c.MAX_REPEAT and list(arg[2]) in (_LEADING_SPACE[1][2], [(_c.LITERAL, 32)]):
            rest = rest[1:]  # '\s*', ' +', ' {2}': indentation, then the line's first word
        starts = _starts(rest)
        if not starts:
            return None
        for start in starts:
            if not start or not start.isascii() or start[0].isspace():
                return None
            if any(char.isspace() and char != " " for char in start):
                return None
        found |= starts
    return tuple(sorted(found))
