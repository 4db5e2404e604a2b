"""Huawei VRP detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^!Software Version V\d{3}R", _M), 10),
    (re.compile(r"^user-interface (?:vty|con|maximum-vty)", _M), 3),
    (re.compile(r"^ local-user \S+ password (?:irreversible-cipher|cipher|simple)", _M), 5),
    (re.compile(r"^ authentication-scheme |^ domain default_admin", _M), 5),
    (re.compile(r"^interface (?:Vlanif|Eth-Trunk|XGigabitEthernet|100GE|25GE|40GE|NULL0|MEth)", _M), 4),
    (re.compile(r"^stelnet server enable|^ssh (?:server|client) \S+", _M), 2),
    (re.compile(r"^ip vpn-instance |^ntp-service |^hwtacacs-server |^diffserv ", _M), 3),
    (re.compile(r"^sysname ", _M), 2),
    (re.compile(r"^return\s*$", _M), 1),
    (re.compile(r"^#\s*$", _M), 1),
    (re.compile(r"^info-center |^snmp-agent", _M), 1),
    (re.compile(r"%\^%#|%\$%\$|@%@%", 0), 4),
    (re.compile(r"^dhcp enable|^undo \S+", _M), 1),
)
