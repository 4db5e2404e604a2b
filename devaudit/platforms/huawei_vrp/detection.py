"""Huawei VRP detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (compile_pattern(r"^!Software Version V\d{3}R", _M), 10),
    (compile_pattern(r"^user-interface (?:vty|con|maximum-vty)", _M), 3),
    (compile_pattern(r"^ local-user \S+ password (?:irreversible-cipher|cipher|simple)", _M), 5),
    (compile_pattern(r"^ authentication-scheme |^ domain default_admin", _M), 5),
    (compile_pattern(r"^interface (?:Vlanif|Eth-Trunk|XGigabitEthernet|100GE|25GE|40GE|NULL0|MEth)", _M), 4),
    (compile_pattern(r"^stelnet server enable|^ssh (?:server|client) \S+", _M), 2),
    (compile_pattern(r"^ip vpn-instance |^ntp-service |^hwtacacs-server |^diffserv ", _M), 3),
    (compile_pattern(r"^sysname ", _M), 2),
    (compile_pattern(r"^return\s*$", _M), 1),
    (compile_pattern(r"^#\s*$", _M), 1),
    (compile_pattern(r"^info-center |^snmp-agent", _M), 1),
    (compile_pattern(r"%\^%#|%\$%\$|@%@%", 0), 4),
    (compile_pattern(r"^dhcp enable|^undo \S+", _M), 1),
)
