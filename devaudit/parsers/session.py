"""Terminal captures: drop the prompts, context banners and echoed session commands around a config.

A configuration copied from a terminal carries ``router#show running-config``, ``<HUAWEI>display
current-configuration``, ``[~HUAWEI]``, ``admin@r1# commit and-quit``, Junos ``[edit]`` banners and SR OS
``[gl:/configure]`` context lines. None of them is configuration: they are dropped before parsing and
counted as skipped. A Junos ``set``/``delete`` typed after a prompt is configuration and is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["SKIP_REASON", "strip_session"]

SKIP_REASON = "terminal prompt or command"

# 'router#', 'router>', 'r1(config-if)#', 'RP/0/RSP0/CPU0:router#', 'admin@sw>', '*A:admin@sr1#', 'ZXR10#',
# 'A:sr1>config>system#': a host name (no blank) then the prompt character, then what was typed.
# Anchored at the start ('^'), so even a search tries one position: linear.
_PROMPT = re.compile(r"^\*?[A-Za-z][\w.\-@/:]*(?:\([\w\-/.:]*\))?[#>][ \t]*")
# Context banners: Huawei/Comware '<HUAWEI>cmd', '[~HUAWEI]', '[*HUAWEI-Vlanif10]', '[H3C]'; Junos '[edit]',
# '[edit system login]', '{master:0}', '{master:0}[edit]'; SR OS MD-CLI '[gl:/configure]', '[/]'.
# '[V200R011C10]' is VRP's own version line (a preamble), not a prompt.
_HUAWEI_VIEW = re.compile(r"^<[A-Za-z][\w.\-]*>|^\[[~*]?(?!V\d{3}R)[A-Za-z][\w.\-/:]*\]$")
_JUNOS_CONTEXT = re.compile(r"^(?:\{[\w\-]+:[\w\-]+\})?(?:\[edit(?: [^\]]*)?\])?$")
SROS_CONTEXT = re.compile(r"^\[(?:[a-z]{2}:)?/[^\]]*\]$")
# What a Junos session prints or is given around a pasted 'set' list: none of it is a statement.
_JUNOS_SESSION = re.compile(
    r"^(?:configure(?: exclusive| private| dynamic| batch)?|edit|top|up|quit|exit(?: configuration-mode)?|"
    r"commit(?: [\w\- ]*)?|rollback(?: \d+)?|load (?:set|merge|override|replace|patch|update) terminal|"
    r"load complete|Entering configuration mode|Exiting configuration mode|"
    r"The configuration has been changed but not committed|\[Type \^D at a new line to end input\])$"
)
# Typed after a prompt, these are configuration (a pasted Junos session): the prompt alone is dropped.
_TYPED_CONFIG = ("set ", "delete ", "deactivate ", "activate ")
_FIRST = frozenset("[<{*")


def _typed(text: str) -> tuple[bool, str]:
    """Whether ``text`` is a prompt line, and the configuration typed after it ('' for none)."""
    match = _PROMPT.match(text)
    if match is None:
        return False, ""
    rest = text[match.end() :]
    if rest.startswith(_TYPED_CONFIG) and text[match.end() - 1] in "# \t":
        return True, rest
    return True, ""


def strip_session(lines: Sequence[tuple[int, str]], platform: str) -> tuple[list[tuple[int, str]], int]:
    """The lines without terminal prompts and session echo, and how many were dropped.

    SR OS context lines (``[gl:/configure system]``) are kept: the SR OS parser reads the path from them.
    """
    junos = platform == "juniper_junos"
    sros = platform == "nokia_sros"
    out: list[tuple[int, str]] = []
    dropped = 0
    for number, text in lines:
        first = text[:1]
        if not first or first in " \t":
            out.append((number, text))
            continue
        if first in _FIRST:
            body = text.rstrip()
            if first == "[" and SROS_CONTEXT.match(body):
                if sros:
                    out.append((number, text))
                else:
                    dropped += 1
                continue
            if _HUAWEI_VIEW.match(body) or (first in "[{" and _JUNOS_CONTEXT.match(body)):
                dropped += 1
                continue
        if ("#" in text or ">" in text) and first != "#":
            prompt, typed = _typed(text.rstrip())
            if prompt:
                if typed:
                    out.append((number, typed))
                else:
                    dropped += 1
                continue
        if junos and _JUNOS_SESSION.match(text.rstrip()):
            dropped += 1
            continue
        out.append((number, text))
    return out, dropped
