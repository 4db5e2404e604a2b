"""Cisco ASA detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^(?:ASA|PIX) Version \d", _M), 10),
    (re.compile(r"^: Saved", _M), 3),
    (re.compile(r"^ nameif ", _M), 4),
    (re.compile(r"^ security-level \d+", _M), 4),
    (re.compile(r"^pager lines \d+", _M), 3),
    (re.compile(r"^passwd \S+", _M), 3),
    (re.compile(r"^same-security-traffic|^asdm image|^object-group |^object network ", _M), 3),
    (re.compile(r"^(?:ssh|http|telnet) \S+ \S+ \S+\s*$", _M), 1),
    (re.compile(r"^tunnel-group \S+ (?:type|general-attributes|ipsec-attributes)", _M), 4),
)
