"""Juniper Junos detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (
        compile_pattern(
            r"^set (?:system|interfaces|protocols|security|policy-options|routing-options|snmp|"
            r"vlans|firewall|chassis|groups|apply-groups|routing-instances) ",
            _M,
        ),
        4,
    ),
    (
        compile_pattern(
            r"^(?:system|interfaces|protocols|security|policy-options|routing-options|"
            r"snmp|chassis|firewall) \{",
            _M,
        ),
        6,
    ),
    # 'display set' lists carry little else: the statements every Junos system has, and units.
    (
        compile_pattern(
            r"^set system (?:host-name|login|services|syslog|root-authentication|ntp|time-zone|name-server) ",
            _M,
        ),
        3,
    ),
    (compile_pattern(r"^set interfaces \S+ unit \d+ ", _M), 3),
    (compile_pattern(r"^## Last (?:commit|changed)", _M), 8),
    (compile_pattern(r"^version \S+;", _M), 6),
    (compile_pattern(r"^ +\S[^;{}\n]*;[ \t]*(?:## SECRET-DATA)?$", _M), 1),
)
