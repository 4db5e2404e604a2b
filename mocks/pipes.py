"""Output filters a simulated device applies after `|` (include, exclude, begin, section, count, match...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mocks.junos import display_set
from mocks.platforms import Pipe, PipeKind

__all__ = ["PipeCall", "apply_pipe"]


@dataclass(frozen=True, slots=True)
class PipeCall:
    """A parsed `| keyword argument` segment."""

    pipe: Pipe
    argument: str


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def _regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    try:
        return re.compile(pattern, flags)
    except re.error:  # devices treat a pattern they cannot compile literally; so do we
        return re.compile(re.escape(pattern), flags)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _section(lines: list[str], regex: re.Pattern[str]) -> list[str]:
    """IOS/EOS/NX-OS `section`: each matching line with the more-indented lines that follow it."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if regex.search(line):
            base = _indent(line)
            out.append(line)
            i += 1
            while i < len(lines) and lines[i].strip() and _indent(lines[i]) > base:
                out.append(lines[i])
                i += 1
            continue
        i += 1
    return out


def _sros_match(lines: list[str], argument: str) -> list[str]:
    """SR OS `match <pattern> [ignore-case] [invert-match]`."""
    words = argument.split()
    flags = {w for w in words[1:] if w in ("ignore-case", "invert-match")}
    pattern = argument
    for flag in flags:
        pattern = pattern.replace(flag, "")
    regex = _regex(_unquote(pattern), "ignore-case" in flags)
    invert = "invert-match" in flags
    return [line for line in lines if bool(regex.search(line)) != invert]


def apply_pipe(call: PipeCall, lines: list[str]) -> list[str]:
    """Apply one pipe to the output lines and return the new lines."""
    kind = call.pipe.kind
    argument = _unquote(call.argument)
    if kind is PipeKind.NO_MORE:
        return lines
    if kind is PipeKind.DISPLAY_SET:
        return display_set("\n".join(lines))
    if kind is PipeKind.MATCH:
        return _sros_match(lines, call.argument)
    if kind is PipeKind.COUNT:
        if argument:
            regex = _regex(argument, call.pipe.ignore_case)
            count = sum(1 for line in lines if regex.search(line))
        else:
            count = len(lines)
        return [call.pipe.template.format(n=count)]
    regex = _regex(argument, call.pipe.ignore_case)
    if kind is PipeKind.INCLUDE:
        return [line for line in lines if regex.search(line)]
    if kind is PipeKind.EXCLUDE:
        return [line for line in lines if not regex.search(line)]
    if kind is PipeKind.BEGIN:
        for index, line in enumerate(lines):
            if regex.search(line):
                return lines[index:]
        return []
    return _section(lines, regex)
