"""Cisco IOS / IOS-XE detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^version 1[0-7]\.\d+\s*$", _M), 4),
    (re.compile(r"^boot-(?:start|end)-marker", _M), 6),
    (re.compile(r"^Current configuration : \d+ bytes", _M), 3),
    (re.compile(r"^service timestamps ", _M), 2),
    (re.compile(r"^line vty \d+(?: \d+)?\s*$", _M), 2),
    (re.compile(r"^line con 0", _M), 2),
    (re.compile(r"^ip (?:cef|classless|subnet-zero|http (?:secure-)?server)", _M), 2),
    (re.compile(r"^interface (?:Fast|Gigabit|TenGigabit)Ethernet\d", _M), 2),
    (re.compile(r"^!RANCID-CONTENT-TYPE: cisco\s*$", _M), 8),
    (re.compile(r"^! (?:Cisco IOS|IOS XE) Software|^!Image: Software: .*IOS", _M), 6),
    (re.compile(r"^enable (?:secret|password) ", _M), 1),
    (re.compile(r"^license udi pid", _M), 4),
    (re.compile(r"^ exit-address-family", _M), 1),
    # What an IOS file without 'version' or a banner still has: global services only IOS prints, line
    # and port settings, NAT and numbered ACLs, the L2 switch's default gateway.
    (
        re.compile(
            r"^service (?:password-encryption|tcp-keepalives-(?:in|out)|pad|sequence-numbers|"
            r"compress-config|call-home)|^no service (?:pad|config|dhcp|finger|udp-small-servers)",
            _M,
        ),
        3,
    ),
    (re.compile(r"^aaa new-model\s*$", _M), 3),
    (
        re.compile(r"^ login\s*$|^ login local|^ login authentication \S|^ password 7 \S|^ transport input \S", _M),
        2,
    ),
    (re.compile(r"^ exec-timeout \d+ \d+\s*$", _M), 1),
    (re.compile(r"^ switchport (?:mode|access vlan|trunk|port-security|nonegotiate)", _M), 2),
    (re.compile(r"^ spanning-tree (?:portfast|bpduguard)", _M), 1),
    (re.compile(r"^ip default-gateway |^ip nat inside source |^ ip nat (?:inside|outside)\s*$", _M), 3),
    (re.compile(r"^access-list \d+ (?:permit|deny|remark) ", _M), 2),
    (re.compile(r"^no ip (?:domain[- ]lookup|http (?:secure-)?server|source-route|bootp server|finger)", _M), 2),
    (re.compile(r"^vtp (?:mode|domain|version) |^spanning-tree mode (?:rapid-)?pvst", _M), 2),
)
