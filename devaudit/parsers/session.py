"""Terminal captures: drop the prompts, context banners and echoed session commands around a config.

A configuration copied from a terminal carries ``router#show running-config``, ``<HUAWEI>display
current-configuration``, ``[~HUAWEI]``, ``admin@r1# commit and-quit``, Junos ``[edit]`` banners and SR OS
``[gl:/configure]`` context lines. None of them is configuration: they are dropped before parsing and
counted as skipped. A Junos ``set``/``delete`` typed after a prompt is configuration and is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter

from devaudit.platforms import get_platform, is_platform

__all__ = ["SKIP_REASON", "strip_session"]

SKIP_REASON = "terminal prompt or command"

# 'router#', 'router>', 'r1(config-if)#', 'RP/0/RSP0/CPU0:router#', 'admin@sw>', '*A:admin@sr1#', 'ZXR10#',
# 'A:sr1>config>system#': a host name (no blank) then the prompt character, then what was typed.
# Anchored at the start ('^'), so even a search tries one position: linear.
_PROMPT = re.compile(r"^\*?[A-Za-z][\w.\-@/:]*(?:\([\w\-/.:]*\))?[#>][ \t]*")
# Context banners: Huawei/Comware '<HUAWEI>cmd', '[~HUAWEI]', '[*HUAWEI-Vlanif10]', '[H3C]'; Junos '[edit]',
# '[edit system login]', '{master:0}', '{master:0}[edit]'; SR OS MD-CLI '[gl:/configure]', '[/]', and
# '[gl:configure]' or '*[ex:/configure]' (uncommitted changes) as some releases print them.
# '[V200R011C10]' is VRP's own version line (a preamble), not a prompt.
_HUAWEI_VIEW = re.compile(r"^<[A-Za-z][\w.\-]*>|^\[[~*]?(?!V\d{3}R)[A-Za-z][\w.\-/:]*\]$")
_JUNOS_CONTEXT = re.compile(r"^(?:\{[\w\-]+:[\w\-]+\})?(?:\[edit(?: [^\]]*)?\])?$")
SROS_CONTEXT = re.compile(r"^\*?\[(?:[a-z]{2}:/?|/)[^\]\[]*\]$")
# What a Junos session prints or is given around a pasted 'set' list: none of it is a statement.
_JUNOS_SESSION = re.compile(
    r"^(?:configure(?: exclusive| private| dynamic| batch)?|edit|top|up|quit|exit(?: configuration-mode)?|"
    r"commit(?: [\w\- ]*)?|rollback(?: \d+)?|load (?:set|merge|override|replace|patch|update) terminal|"
    r"load complete|Entering configuration mode|Exiting configuration mode|"
    r"The configuration has been changed but not committed|\[Type \^D at a new line to end input\])$"
)
# Typed after a configuration-mode prompt ('#'), these are configuration (a pasted Junos session); after
# an operational prompt ('admin@r1> set cli screen-length 0') they are not.
_TYPED_CONFIG = ("set ", "delete ", "deactivate ")
_FIRST = frozenset("[<{*")
# Where session text can be: at a prompt character, at a bracket that opens a line, at a Junos session
# word that opens a line. Each is found by a scan for a character or a literal: linear.
_NOT_PROMPT = frozenset("\n \t#>!")
_JUNOS_WORD = re.compile(
    r"\n(?:configure|edit|top|up|quit|exit|commit|rollback|load|Entering|Exiting|The configuration)(?![\w\-])"
)


def _typed(text: str) -> tuple[bool, str]:
    """Whether ``text`` is a prompt line, and the configuration typed after it ('' for none)."""
    match = _PROMPT.match(text)
    if match is None:
        return False, ""
    rest = text[match.end() :]
    if rest.startswith(_TYPED_CONFIG) and text[: match.end()].rstrip().endswith("#"):
        return True, rest
    return True, ""


def _classify(text: str, junos: bool, sros: bool) -> tuple[bool, str | None]:
    """Whether a line is session text to drop, and the configuration to keep in its place (None: keep as is)."""
    first = text[:1]
    if first in _FIRST:
        body = text.rstrip()
        if first in "[*" and SROS_CONTEXT.match(body):
            return (False, None) if sros else (True, None)
        if _HUAWEI_VIEW.match(body) or (first in "[{" and _JUNOS_CONTEXT.match(body)):
            return True, None
    if ("#" in text or ">" in text) and first != "#":
        prompt, typed = _typed(text.rstrip())
        if prompt:
            return (False, typed) if typed else (True, None)
    if junos and _JUNOS_SESSION.match(text.rstrip()):
        return True, None
    return False, None


def strip_session(
    lines: Sequence[tuple[int, str]], platform: str
) -> tuple[Sequence[tuple[int, str]], int]:
    """The lines without terminal prompts and session echo, and how many were dropped.

    Scans of the joined text find the lines that could be session text (a prompt character, a line
    starting with a bracket or a Junos session word); only those are looked at one by one.
    SR OS context lines (``[gl:/configure system]``) are kept: the SR OS parser reads the path from them.
    """
    descriptor = get_platform(platform) if is_platform(platform) else None
    junos = descriptor is not None and descriptor.session_commands
    sros = descriptor is not None and descriptor.context_lines
    text = "\n" + "\n".join(map(itemgetter(1), lines))
    positions: list[int] = []
    for char in "#>":
        found = text.find(char)
        while found >= 0:
            # A prompt character follows the host name (or its '(config)' mode) without a blank.
            if text[found - 1] not in _NOT_PROMPT:
                positions.append(found)
            found = text.find(char, found + 1)
    for char in "[<{":
        # A bracket that opens a line ('\n[', '\n<', '\n{', '\n*['): found by the bracket alone, a search
        # many times faster than one for the line break before it (line breaks are everywhere).
        found = text.find(char)
        while found >= 0:
            before = text[found - 1]
            if before == "\n":
                positions.append(found)
            elif before == "*" and char == "[" and text[found - 2] == "\n":
                positions.append(found - 1)
            found = text.find(char, found + 1)
    if junos:
        positions.extend(match.start() + 1 for match in _JUNOS_WORD.finditer(text))
    changes: dict[int, str | None] = {}
    index, counted = -1, 0
    for position in sorted(positions):
        index += text.count("\n", counted, position)
        counted = position
        if index in changes or index < 0:
            continue
        drop, typed = _classify(lines[index][1], junos, sros)
        if drop:
            changes[index] = None
        elif typed is not None:
            changes[index] = typed
    if not changes:
        return lines, 0
    out: list[tuple[int, str]] = []
    dropped = 0
    for pos, (number, line) in enumerate(lines):
        if pos in changes:
            typed = changes[pos]
            if typed is None:
                dropped += 1
                continue
            line = typed
        out.append((number, line))
    return out, dropped
