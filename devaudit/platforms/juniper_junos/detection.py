"""Juniper Junos detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (
        re.compile(
            r"^set (?:system|interfaces|protocols|security|policy-options|routing-options|snmp|"
            r"vlans|firewall|chassis|groups|apply-groups|routing-instances) ",
            _M,
        ),
        4,
    ),
    (
        re.compile(
            r"^(?:system|interfaces|protocols|security|policy-options|routing-options|"
            r"snmp|chassis|firewall) \{",
            _M,
        ),
        6,
    ),
    # 'display set' lists carry little else: the statements every Junos system has, and units.
    (
        re.compile(
            r"^set system (?:host-name|login|services|syslog|root-authentication|ntp|time-zone|name-server) ",
            _M,
        ),
        3,
    ),
    (re.compile(r"^set interfaces \S+ unit \d+ ", _M), 3),
    (re.compile(r"^## Last (?:commit|changed)", _M), 8),
    (re.compile(r"^version \S+;", _M), 6),
    (re.compile(r"^ +\S[^;{}\n]*;[ \t]*(?:## SECRET-DATA)?$", _M), 1),
)
