"""ZTE ZXROS / ZXR10 syntax facts for the indentation parser."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern
from devaudit.parsers.syntax import ELIDED, Syntax

__all__ = ["SYNTAX"]

# ZXROS top-level commands (ZXR10 and ZXAN configuration guides): a line starting with one after an
# 80-column line is a statement of its own.
_STATEMENT_WORDS = frozenset({
    "aaa-authentication-template", "aaa-authorization-template", "acl", "banner", "clock", "control-plane",
    "enable", "hostname", "interface", "ip", "ipv4-access-list", "ipv6", "ipv6-access-list", "line", "logging",
    "mpls", "nacl", "ntp", "pon-onu-mng", "qos", "radius-server", "router", "service", "snmp-server", "ssh",
    "syslog-server", "system-user", "tacacs-server", "traffic-profile", "username", "vlan",
})  # fmt: skip

SYNTAX = Syntax(
    comment_prefixes=("!",),
    block_terminators=frozenset({"$"}),
    section_markers=compile_pattern(r"^\s*!</?[\w\-]+>\s*$"),
    preamble=compile_pattern(r"^(?:Building configuration\.\.\.|.*show running-config.*)$", re.IGNORECASE),
    elision=ELIDED,
    # ZXROS hard-wraps at 80 columns (encrypted passwords, long traffic-profile lines); the rest of
    # the line starts in column 0 and is never a '!' comment or a '$' block end. When the cut falls
    # on a space, the rest starts with that single space (children are indented by two).
    wrap_width=80,
    continuation=compile_pattern(r"^(?:[^\s!$]| [^\s!$])"),
    statement_words=_STATEMENT_WORDS,
)
