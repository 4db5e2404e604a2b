"""Cisco NX-OS detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (compile_pattern(r"^!Command: show running-config", _M), 8),
    (compile_pattern(r"^feature \S+", _M), 5),
    (compile_pattern(r"^version \d+\.\d+\(\d+\)", _M), 5),
    (compile_pattern(r"^vrf context ", _M), 4),
    (compile_pattern(r"^interface mgmt0", _M), 4),
    (compile_pattern(r"^role name ", _M), 3),
    (compile_pattern(r"^switchname ", _M), 5),
    (compile_pattern(r"^snmp-server user \S+ network-", _M), 4),
    (compile_pattern(r"^!Time: |^!Running configuration last done", _M), 4),
    (compile_pattern(r"^cfs \S+ distribute", _M), 4),
    (compile_pattern(r"^ {2}\S", _M), 1),
)
