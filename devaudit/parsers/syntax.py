"""Per-platform syntax facts for the indentation parser, as data (one entry per platform)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["SYNTAXES", "Syntax"]


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
    section_markers: re.Pattern[str] | None = None
    elision: re.Pattern[str] | None = None
    wrap_width: int = 0
    extra_comments: tuple[re.Pattern[str], ...] = field(default_factory=tuple)


_CISCO_PREAMBLE = re.compile(
    r"^(?:Building configuration\.\.\.|Current configuration\s*:.*|: Saved|:\s.*|:$|"
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3}\s+\d+ \d\d:\d\d:\d\d(?:\.\d+)? \S+$|"
    r"show running-config.*|.*[>#]\s*show running-config.*)$",
    re.IGNORECASE,
)
_CERT_START = re.compile(r"^\s*(?:certificate\s+(?:ca\s+|self-signed\s+)?\S+|key-string)\s*$", re.IGNORECASE)
_CERT_END = re.compile(r"^\s*quit\s*$", re.IGNORECASE)
_KEY_CODE_START = re.compile(r"^\s*public-key-code begin\s*$", re.IGNORECASE)
_KEY_CODE_END = re.compile(r"^\s*public-key-code end\s*$", re.IGNORECASE)
_ELIDED = re.compile(
    r"^\s*\((?:\.\.\.|…|snip(?:ped)?)\)\s*$|^\s*(?:\.\.\.|<snip>|<\.\.\.>)\s*$", re.IGNORECASE
)

SYNTAXES: dict[str, Syntax] = {
    "cisco_ios": Syntax(
        preamble=_CISCO_PREAMBLE, opaque_start=_CERT_START, opaque_end=_CERT_END, elision=_ELIDED
    ),
    "cisco_nxos": Syntax(
        preamble=_CISCO_PREAMBLE, opaque_start=_CERT_START, opaque_end=_CERT_END, elision=_ELIDED
    ),
    "cisco_xr": Syntax(preamble=_CISCO_PREAMBLE, elision=_ELIDED),
    "cisco_asa": Syntax(
        preamble=_CISCO_PREAMBLE,
        banner_style="single",
        opaque_start=_CERT_START,
        opaque_end=_CERT_END,
        elision=_ELIDED,
    ),
    "arista_eos": Syntax(preamble=_CISCO_PREAMBLE, banner_style="eof", elision=_ELIDED),
    "huawei_vrp": Syntax(
        comment_prefixes=("#", "!"),
        end_markers=frozenset({"return"}),
        banner_style="quoted",
        banner_start=re.compile(r"^\s*header\s+\S+\s+information\s+", re.IGNORECASE),
        opaque_start=_KEY_CODE_START,
        opaque_end=_KEY_CODE_END,
        preamble=re.compile(r"^(?:\[V\d{3}R\d{3}.*\]|.*display current-configuration.*)$", re.IGNORECASE),
        elision=_ELIDED,
    ),
    "hp_comware": Syntax(
        comment_prefixes=("#",),
        end_markers=frozenset({"return"}),
        banner_start=re.compile(r"^\s*header\s+(?:legal|motd|login|shell|incoming)\s+", re.IGNORECASE),
        opaque_start=_KEY_CODE_START,
        opaque_end=_KEY_CODE_END,
        preamble=re.compile(r"^.*display current-configuration.*$", re.IGNORECASE),
        elision=_ELIDED,
    ),
    "zte_zxros": Syntax(
        comment_prefixes=("!",),
        block_terminators=frozenset({"$"}),
        section_markers=re.compile(r"^\s*!</?[\w\-]+>\s*$"),
        preamble=re.compile(r"^(?:Building configuration\.\.\.|.*show running-config.*)$", re.IGNORECASE),
        elision=_ELIDED,
        wrap_width=80,
    ),
}
