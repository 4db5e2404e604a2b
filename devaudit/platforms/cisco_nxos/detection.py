"""Cisco NX-OS detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^!Command: show running-config", _M), 8),
    (re.compile(r"^feature \S+", _M), 5),
    (re.compile(r"^version \d+\.\d+\(\d+\)", _M), 5),
    (re.compile(r"^vrf context ", _M), 4),
    (re.compile(r"^interface mgmt0", _M), 4),
    (re.compile(r"^role name ", _M), 3),
    (re.compile(r"^switchname ", _M), 5),
    (re.compile(r"^snmp-server user \S+ network-", _M), 4),
    (re.compile(r"^!Time: |^!Running configuration last done", _M), 4),
    (re.compile(r"^cfs \S+ distribute", _M), 4),
    (re.compile(r"^ {2}\S", _M), 1),
)
