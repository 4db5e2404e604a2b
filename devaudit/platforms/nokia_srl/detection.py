"""What tells an SR Linux configuration apart from SR OS MD-CLI and Junos: weighted signatures."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE
# The top-level containers an absolute SR Linux path starts with ('/configure' is SR OS).
_TOP = r"(?:system|interface|network-instance|acl|routing-policy|tunnel-interface|qos|platform|bfd|lldp)\b"

# (pattern, weight), scored over the start of a file. SR OS MD-CLI shares 'admin-state enable' and the
# 'A:host#' prompt, and Junos shares braces: the weights sit on what only SR Linux writes.
SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    # The first prompt line: '--{ running }--[  ]--', '--{ +* candidate shared default }--[ system ]--'.
    (compile_pattern(r"^--\{[ +*!]*(?:running|candidate|state|show)\b[^}]*\}--\[.*\]--\s*$", _M), 12),
    # JSON configuration (config.json, checkpoints) with module-prefixed names.
    (compile_pattern(r'"srl_nokia-[\w\-]+:[\w\-]+"\s*:', 0), 12),
    (compile_pattern(r'"generated-by"\s*:\s*"SRLINUX"', 0), 12),
    # 'info flat' and config scripts: absolute paths after 'set /'.
    (compile_pattern(rf"^(?:set|delete) / {_TOP}", _M), 8),
    (
        compile_pattern(
            r"^(?:set|delete) / system (?:aaa|grpc-server|gnmi-server|json-rpc-server|ssh-server|snmp|tls|"
            r"logging|ntp|banner|lldp|netconf-server|name)\b",
            _M,
        ),
        6,
    ),
    # Paths typed in candidate mode or pasted from the documentation: '/ system aaa ...', '/ system {'.
    (compile_pattern(rf"^/ {_TOP}", _M), 8),
    (compile_pattern(r"^\s*network-instance mgmt\b", _M), 4),
    (compile_pattern(r"^\s*(?:set / )?interface mgmt0\b", _M), 3),
    (compile_pattern(r"^\s*(?:set / )?interface ethernet-\d+/\d+", _M), 5),
    (compile_pattern(r"^\s*subinterface \d+ \{", _M), 3),
    (compile_pattern(r"^\s*(?:json-rpc-server|gnmi-server|grpc-server \S+|ssh-server \S+|ftp-server) \{", _M), 5),
    (compile_pattern(r"^\s*(?:admin-user|linuxadmin-user) \{|\b(?:admin|linuxadmin)-user password ", _M), 6),
    (compile_pattern(r"^\s*(?:authentication-method|accounting-method|authorization-method) \[", _M), 5),
    (compile_pattern(r"^\s*acl-filter \S+ type ipv[46] \{|^\s*cpm-filter \{", _M), 5),
    (compile_pattern(r"^\s*tunnel-interface vxlan\d+|^\s*vxlan-interface \d+ \{", _M), 4),
    (compile_pattern(r"^\s*type (?:ip-vrf|mac-vrf)\s*$|^\s*ip-forwarding \{", _M), 3),
)
