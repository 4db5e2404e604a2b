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
# ASA and IOS cut lines at 80 columns in such captures ('timeout conn ... h3' / '23 0:05:00 ...' / ':00'
# in pyntc-asa-9.0). No Cisco command starts with a digit in column 0, so only such lines continue one.
_CISCO_CONTINUATION = re.compile(r"^(?:\d|:\d)")
# IOS Smartport macros: 'macro name NAME', then the body (commands for 'macro apply', '#' comments)
# in column 0 up to a line '@'. The body is not configuration of the device.
_MACRO = ((re.compile(r"^\s*macro name \S+\s*$", re.IGNORECASE), re.compile(r"^\s*@\s*$"), "@"),)
_ELIDED = re.compile(
    r"^\s*\((?:\.\.\.|…|snip(?:ped)?)\)\s*$|^\s*(?:\.\.\.|<snip>|<\.\.\.>)\s*$", re.IGNORECASE
)

# ZXROS top-level commands (ZXR10 and ZXAN configuration guides): a line starting with one after an
# 80-column line is a statement of its own.
_ZXROS_STATEMENT_WORDS = frozenset({
    "aaa-authentication-template", "aaa-authorization-template", "acl", "banner", "clock", "control-plane",
    "enable", "hostname", "interface", "ip", "ipv4-access-list", "ipv6", "ipv6-access-list", "line", "logging",
    "mpls", "nacl", "ntp", "pon-onu-mng", "qos", "radius-server", "router", "service", "snmp-server", "ssh",
    "syslog-server", "system-user", "tacacs-server", "traffic-profile", "username", "vlan",
})  # fmt: skip

SYNTAXES: dict[str, Syntax] = {
    "cisco_ios": Syntax(
        preamble=_CISCO_PREAMBLE,
        opaque_start=_CERT_START,
        opaque_end=_CERT_END,
        opaque_close="quit",
        extra_opaque=_MACRO,
        merged_blocks=re.compile(r"^line (?:vty|con|console|aux|tty) \d", re.IGNORECASE),
        elision=_ELIDED,
        wrap_width=80,
        continuation=_CISCO_CONTINUATION,
    ),
    "cisco_nxos": Syntax(
        preamble=_CISCO_PREAMBLE,
        opaque_start=_CERT_START,
        opaque_end=_CERT_END,
        opaque_close="quit",
        elision=_ELIDED,
        wrap_width=80,
        continuation=_CISCO_CONTINUATION,
    ),
    "cisco_xr": Syntax(
        preamble=_CISCO_PREAMBLE, elision=_ELIDED, wrap_width=80, continuation=_CISCO_CONTINUATION
    ),
    "cisco_asa": Syntax(
        # ':' starts an ASA comment (': Saved', ': Serial Number: ...', ': end'); the checksum is a trailer.
        comment_prefixes=("!", ":"),
        extra_comments=(re.compile(r"^Cryptochecksum:", re.IGNORECASE),),
        preamble=_CISCO_PREAMBLE,
        banner_style="single",
        opaque_start=_CERT_START,
        opaque_end=_CERT_END,
        opaque_close="quit",
        elision=_ELIDED,
        wrap_width=80,
        continuation=_CISCO_CONTINUATION,
    ),
    "arista_eos": Syntax(
        preamble=_CISCO_PREAMBLE,
        banner_style="eof",
        elision=_ELIDED,
        wrap_width=80,
        continuation=_CISCO_CONTINUATION,
    ),
    "huawei_vrp": Syntax(
        comment_prefixes=("#", "!"),
        end_markers=frozenset({"return"}),
        banner_style="quoted",
        banner_start=re.compile(r"^\s*header\s+\S+\s+information\s+", re.IGNORECASE),
        opaque_start=_KEY_CODE_START,
        opaque_end=_KEY_CODE_END,
        opaque_close="public-key-code end",
        preamble=re.compile(r"^(?:\[V\d{3}R\d{3}.*\]|.*display current-configuration.*)$", re.IGNORECASE),
        elision=_ELIDED,
        separator_closes_blocks=True,
    ),
    "hp_comware": Syntax(
        comment_prefixes=("#",),
        end_markers=frozenset({"return"}),
        banner_start=re.compile(r"^\s*header\s+(?:legal|motd|login|shell|incoming)\s+", re.IGNORECASE),
        opaque_start=_KEY_CODE_START,
        opaque_end=_KEY_CODE_END,
        opaque_close="public-key-code end",
        preamble=re.compile(r"^.*display current-configuration.*$", re.IGNORECASE),
        elision=_ELIDED,
        separator_closes_blocks=True,
    ),
    "zte_zxros": Syntax(
        comment_prefixes=("!",),
        block_terminators=frozenset({"$"}),
        section_markers=re.compile(r"^\s*!</?[\w\-]+>\s*$"),
        preamble=re.compile(r"^(?:Building configuration\.\.\.|.*show running-config.*)$", re.IGNORECASE),
        elision=_ELIDED,
        # ZXROS hard-wraps at 80 columns (encrypted passwords, long traffic-profile lines); the rest of
        # the line starts in column 0 and is never a '!' comment or a '$' block end. When the cut falls
        # on a space, the rest starts with that single space (children are indented by two).
        wrap_width=80,
        continuation=re.compile(r"^(?:[^\s!$]| [^\s!$])"),
        statement_words=_ZXROS_STATEMENT_WORDS,
    ),
}
