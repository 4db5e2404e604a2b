"""Cisco IOS / IOS-XE detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (compile_pattern(r"^version 1[0-7]\.\d+\s*$", _M), 4),
    (compile_pattern(r"^boot-(?:start|end)-marker", _M), 6),
    (compile_pattern(r"^Current configuration : \d+ bytes", _M), 3),
    (compile_pattern(r"^service timestamps ", _M), 2),
    (compile_pattern(r"^line vty \d+(?: \d+)?\s*$", _M), 2),
    (compile_pattern(r"^line con 0", _M), 2),
    (compile_pattern(r"^ip (?:cef|classless|subnet-zero|http (?:secure-)?server)", _M), 2),
    (compile_pattern(r"^interface (?:Fast|Gigabit|TenGigabit)Ethernet\d", _M), 2),
    (compile_pattern(r"^!RANCID-CONTENT-TYPE: cisco\s*$", _M), 8),
    (compile_pattern(r"^! (?:Cisco IOS|IOS XE) Software|^!Image: Software: .*IOS", _M), 6),
    (compile_pattern(r"^enable (?:secret|password) ", _M), 1),
    (compile_pattern(r"^license udi pid", _M), 4),
    (compile_pattern(r"^ exit-address-family", _M), 1),
    # What an IOS file without 'version' or a banner still has: global services only IOS prints, line
    # and port settings, NAT and numbered ACLs, the L2 switch's default gateway.
    (
        compile_pattern(
            r"^service (?:password-encryption|tcp-keepalives-(?:in|out)|pad|sequence-numbers|"
            r"compress-config|call-home)|^no service (?:pad|config|dhcp|finger|udp-small-servers)",
            _M,
        ),
        3,
    ),
    (compile_pattern(r"^aaa new-model\s*$", _M), 3),
    (
        compile_pattern(
            r"^ login\s*$|^ login local|^ login authentication \S|^ password 7 \S|^ transport input \S", _M
        ),
        2,
    ),
    (compile_pattern(r"^ exec-timeout \d+ \d+\s*$", _M), 1),
    (compile_pattern(r"^ switchport (?:mode|access vlan|trunk|port-security|nonegotiate)", _M), 2),
    (compile_pattern(r"^ spanning-tree (?:portfast|bpduguard)", _M), 1),
    (compile_pattern(r"^ip default-gateway |^ip nat inside source |^ ip nat (?:inside|outside)\s*$", _M), 3),
    (compile_pattern(r"^access-list \d+ (?:permit|deny|remark) ", _M), 2),
    (compile_pattern(r"^no ip (?:domain[- ]lookup|http (?:secure-)?server|source-route|bootp server|finger)", _M), 2),
    (compile_pattern(r"^vtp (?:mode|domain|version) |^spanning-tree mode (?:rapid-)?pvst", _M), 2),
)
