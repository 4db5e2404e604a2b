"""HPE / H3C Comware detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^ version 7\.\d|^ version 5\.\d", _M), 8),
    (
        re.compile(
            r"^interface (?:Ten-GigabitEthernet|Vlan-interface|M-GigabitEthernet|Bridge-Aggregation|"
            r"FortyGigE|HundredGigE)",
            _M,
        ),
        5,
    ),
    # 'line vty 0 4' and 'line con 0' are IOS's as much as Comware 7's: only 'line class' and the
    # line settings Comware writes ('user-role', 'authentication-mode scheme') tell them apart.
    (re.compile(r"^line class ", _M), 4),
    (re.compile(r"^line (?:vty|aux|con) ", _M), 1),
    (re.compile(r"^ user-role (?:network-admin|network-operator|level-\d+)|^ authentication-mode scheme", _M), 4),
    (re.compile(r"^local-user \S+ class ", _M), 6),
    # Comware 5 has VRP's 'user-interface vty' but its own AAA views at top level.
    (re.compile(r"^(?:radius|hwtacacs) scheme \S+|^user-group system|^local-user \S+\s*$", _M), 4),
    (re.compile(r"^domain (?:system|default enable)", _M), 5),
    (re.compile(r"^ irf |^irf ", _M), 5),
    (re.compile(r"^header (?:legal|motd|login|shell)", _M), 3),
    (re.compile(r"^password-recovery|^ip http enable|^ip https enable", _M), 3),
    (re.compile(r"^sysname ", _M), 2),
    (re.compile(r"^return\s*$", _M), 1),
    (re.compile(r"^#\s*$", _M), 1),
    (re.compile(r"\$[hc]\$\d+\$", 0), 4),
    (re.compile(r"^stp global enable|^lldp global enable", _M), 2),
    (re.compile(r"^acl (?:advanced|basic|number \d+ name) ", _M), 4),
    (re.compile(r"^dhcp server ip-pool ", _M), 3),
    (re.compile(r"^snmp-agent community (?:read|write) (?!cipher )\S+", _M), 2),
    (re.compile(r"^vlan \d+\n +name ", _M), 2),
    (re.compile(r"^info-center |^snmp-agent|^dhcp enable", _M), 1),
)
