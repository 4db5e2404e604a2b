"""Syntax facts for the indentation parser: the model, shared pieces, and each platform's from its descriptor."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from devaudit.platforms import Platform, PlatformTable

__all__ = [
    "CERT_END",
    "CERT_START",
    "CISCO_CONTINUATION",
    "CISCO_PREAMBLE",
    "ELIDED",
    "IOS_MACRO",
    "KEY_CODE_END",
    "KEY_CODE_START",
    "SYNTAXES",
    "Syntax",
]


@dataclass(frozen=True)
class Syntax:
    """What the indentation parser must know about one platform's running-config text."""

    comment_prefixes: tuple[str, ...] = ("!",)
    preamble: re.Pattern[str] | None = None
    end_markers: frozenset[str] = frozenset({"end"})
    block_terminators: frozenset[str] = frozenset()
    banner_style: str = "delimited"  # delimited | eof | quoted | single
    banner_start: re.Pattern[str] = re.compile(r"^\s*banner\s+\S+(?:\s+|$)", re.IGNORECASE)
    opaque_start: re.Pattern[str] | None = None
    opaque_end: re.Pattern[str] | None = None
    opaque_close: str = ""  # the line that ends an opaque block, as written back by ConfigTree.to_text()
    # Other opaque blocks: (start, end, the closing line written back), e.g. IOS 'macro name X' ... '@'.
    extra_opaque: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = ()
    section_markers: re.Pattern[str] | None = None
    elision: re.Pattern[str] | None = None
    # Captures made without 'terminal width 511' carry lines the device cut at ``wrap_width`` columns;
    # a line of exactly that width is joined with the next when the next matches ``continuation``.
    wrap_width: int = 0
    continuation: re.Pattern[str] | None = None
    # Words that start top-level statements: a full-width line followed by a line starting with one of
    # them (or with the first word of another top-level statement of the file) was complete, not cut.
    statement_words: frozenset[str] = frozenset()
    # A '#' separator in column 0 closes every open block (VRP, Comware): the next statement is top level
    # even when the device prints it indented by one space (Comware 7 ' sysname X', ' telnet server enable').
    separator_closes_blocks: bool = False
    extra_comments: tuple[re.Pattern[str], ...] = field(default_factory=tuple)
    # Top-level blocks the device merges when the config repeats them (IOS 'line vty 0 4' twice).
    merged_blocks: re.Pattern[str] | None = None


CISCO_PREAMBLE = re.compile(
    r"^(?:Building configuration\.\.\.|Current configuration\s*:.*|: Saved|:\s.*|:$|"
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3}\s+\d+ \d\d:\d\d:\d\d(?:\.\d+)? \S+$|"
    r"show running-config.*|.*[>#]\s*show running-config.*)$",
    re.IGNORECASE,
)
CERT_START = re.compile(r"^\s*(?:certificate\s+(?:ca\s+|self-signed\s+)?\S+|key-string)\s*$", re.IGNORECASE)
CERT_END = re.compile(r"^\s*quit\s*$", re.IGNORECASE)
KEY_CODE_START = re.compile(r"^\s*public-key-code begin\s*$", re.IGNORECASE)
KEY_CODE_END = re.compile(r"^\s*public-key-code end\s*$", re.IGNORECASE)
# ASA and IOS cut lines at 80 columns in such captures ('timeout conn ... h3' / '23 0:05:00 ...' / ':00'
# in pyntc-asa-9.0). No Cisco command starts with a digit in column 0, so only such lines continue one.
CISCO_CONTINUATION = re.compile(r"^(?:\d|:\d)")
# IOS Smartport macros: 'macro name NAME', then the body (commands for 'macro apply', '#' comments)
# in column 0 up to a line '@'. The body is not configuration of the device.
IOS_MACRO = ((re.compile(r"^\s*macro name \S+\s*$", re.IGNORECASE), re.compile(r"^\s*@\s*$"), "@"),)
ELIDED = re.compile(
    r"^\s*\((?:\.\.\.|…|snip(?:ped)?)\)\s*$|^\s*(?:\.\.\.|<snip>|<\.\.\.>)\s*$", re.IGNORECASE
)


def _syntax(platform: Platform) -> Syntax | None:
    if platform.syntax is None:
        return None
    syntax = platform.syntax.get()
    if not isinstance(syntax, Syntax):
        raise TypeError(f"the syntax of platform {platform.name!r} is not a devaudit.parsers.syntax.Syntax")
    return syntax


# Each indented platform's Syntax, read from its descriptor when first asked for.
SYNTAXES: Mapping[str, Syntax] = PlatformTable(_syntax)
