"""HPE / H3C Comware detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (compile_pattern(r"^ version 7\.\d|^ version 5\.\d", _M), 8),
    (
        compile_pattern(
            r"^interface (?:Ten-GigabitEthernet|Vlan-interface|M-GigabitEthernet|Bridge-Aggregation|"
            r"FortyGigE|HundredGigE)",
            _M,
        ),
        5,
    ),
    # 'line vty 0 4' and 'line con 0' are IOS's as much as Comware 7's: only 'line class' and the
    # line settings Comware writes ('user-role', 'authentication-mode scheme') tell them apart.
    (compile_pattern(r"^line class ", _M), 4),
    (compile_pattern(r"^line (?:vty|aux|con) ", _M), 1),
    (compile_pattern(r"^ user-role (?:network-admin|network-operator|level-\d+)|^ authentication-mode scheme", _M), 4),
    (compile_pattern(r"^local-user \S+ class ", _M), 6),
    # Comware 5 has VRP's 'user-interface vty' but its own AAA views at top level.
    (compile_pattern(r"^(?:radius|hwtacacs) scheme \S+|^user-group system|^local-user \S+\s*$", _M), 4),
    (compile_pattern(r"^domain (?:system|default enable)", _M), 5),
    (compile_pattern(r"^ irf |^irf ", _M), 5),
    (compile_pattern(r"^header (?:legal|motd|login|shell)", _M), 3),
    (compile_pattern(r"^password-recovery|^ip http enable|^ip https enable", _M), 3),
    (compile_pattern(r"^sysname ", _M), 2),
    (compile_pattern(r"^return\s*$", _M), 1),
    (compile_pattern(r"^#\s*$", _M), 1),
    (compile_pattern(r"\$[hc]\$\d+\$", 0), 4),
    (compile_pattern(r"^stp global enable|^lldp global enable", _M), 2),
    (compile_pattern(r"^acl (?:advanced|basic|number \d+ name) ", _M), 4),
    (compile_pattern(r"^dhcp server ip-pool ", _M), 3),
    (compile_pattern(r"^snmp-agent community (?:read|write) (?!cipher )\S+", _M), 2),
    (compile_pattern(r"^vlan \d+\n +name ", _M), 2),
    (compile_pattern(r"^info-center |^snmp-agent|^dhcp enable", _M), 1),
)
