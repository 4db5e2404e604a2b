"""What tells an SR Linux configuration apart from SR OS MD-CLI and Junos: weighted signatures."""

from __future__ import annotations

import re

__all__ = ["SIGNATURES"]

_M = re.MULTILINE
# The top-level containers an absolute SR Linux path starts with ('/configure' is SR OS).
_TOP = r"(?:system|interface|network-instance|acl|routing-policy|tunnel-interface|qos|platform|bfd|lldp)\b"

# (pattern, weight), scored over the start of a file. SR OS MD-CLI shares 'admin-state enable' and the
# 'A:host#' prompt, and Junos shares braces: the weights sit on what only SR Linux writes.
SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    # The first prompt line: '--{ running }--[  ]--', '--{ +* candidate shared default }--[ system ]--'.
    (re.compile(r"^--\{[ +*!]*(?:running|candidate|state|show)\b[^}]*\}--\[.*\]--\s*$", _M), 12),
    # JSON configuration (config.json, checkpoints) with module-prefixed names.
    (re.compile(r'"srl_nokia-[\w\-]+:[\w\-]+"\s*:', 0), 12),
    (re.compile(r'"generated-by"\s*:\s*"SRLINUX"', 0), 12),
    # 'info flat' and config scripts: absolute paths after 'set /'.
    (re.compile(rf"^(?:set|delete) / {_TOP}", _M), 8),
    (
        re.compile(
            r"^(?:set|delete) / system (?:aaa|grpc-server|gnmi-server|json-rpc-server|ssh-server|snmp|tls|"
            r"logging|ntp|banner|lldp|netconf-server|name)\b",
            _M,
        ),
        6,
    ),
    # Paths typed in candidate mode or pasted from the documentation: '/ system aaa ...', '/ system {'.
    (re.compile(rf"^/ {_TOP}", _M), 8),
    (re.compile(r"^\s*network-instance mgmt\b", _M), 4),
    (re.compile(r"^\s*(?:set / )?interface mgmt0\b", _M), 3),
    (re.compile(r"^\s*(?:set / )?interface ethernet-\d+/\d+", _M), 5),
    (re.compile(r"^\s*subinterface \d+ \{", _M), 3),
    (re.compile(r"^\s*(?:json-rpc-server|gnmi-server|grpc-server \S+|ssh-server \S+|ftp-server) \{", _M), 5),
    (re.compile(r"^\s*(?:admin-user|linuxadmin-user) \{|\b(?:admin|linuxadmin)-user password ", _M), 6),
    (re.compile(r"^\s*(?:authentication-method|accounting-method|authorization-method) \[", _M), 5),
    (re.compile(r"^\s*acl-filter \S+ type ipv[46] \{|^\s*cpm-filter \{", _M), 5),
    (re.compile(r"^\s*tunnel-interface vxlan\d+|^\s*vxlan-interface \d+ \{", _M), 4),
    (re.compile(r"^\s*type (?:ip-vrf|mac-vrf)\s*$|^\s*ip-forwarding \{", _M), 3),
)
