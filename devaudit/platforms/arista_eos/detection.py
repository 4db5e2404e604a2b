"""Arista EOS detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (compile_pattern(r"^! device: \S+ \(.*EOS-", _M), 10),
    (compile_pattern(r"^management api http-commands", _M), 4),
    (compile_pattern(r"^service routing protocols model", _M), 5),
    (compile_pattern(r"^transceiver qsfp default-mode", _M), 5),
    (compile_pattern(r"^daemon TerminAttr", _M), 5),
    (compile_pattern(r"^username \S+ privilege \d+ role ", _M), 3),
    (compile_pattern(r"^EOF\s*$", _M), 2),
    (compile_pattern(r"^vrf instance ", _M), 3),
    (compile_pattern(r"^interface Ethernet\d+(?:/\d+)*\s*$", _M), 2),
    (compile_pattern(r"^management (?:ssh|console|telnet|security)\s*$", _M), 3),
    (compile_pattern(r"^ {3}\S", _M), 1),
    (compile_pattern(r"^spanning-tree mode mstp", _M), 1),
    # Without the '! device:' line: EOS's own header (NX-OS writes '!Command:' without the space),
    # its root account, 'Management1', SHA-512 secrets and three-space indentation of port settings.
    (compile_pattern(r"^! Command: show running-config", _M), 6),
    (compile_pattern(r"^no aaa root\s*$|^aaa root secret ", _M), 4),
    (compile_pattern(r"^interface Management\d+\s*$", _M), 4),
    (compile_pattern(r"^username \S+ (?:privilege \d+ )?(?:role \S+ )?secret sha512 ", _M), 4),
    (compile_pattern(r"^management api (?:gnmi|netconf|restconf|models)|^ip virtual-router mac-address ", _M), 4),
    (compile_pattern(r"^   switchport |^   ip address \d+\.\d+\.\d+\.\d+/\d+", _M), 3),
)
