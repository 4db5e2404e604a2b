"""Cisco ASA detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (compile_pattern(r"^(?:ASA|PIX) Version \d", _M), 10),
    (compile_pattern(r"^: Saved", _M), 3),
    (compile_pattern(r"^ nameif ", _M), 4),
    (compile_pattern(r"^ security-level \d+", _M), 4),
    (compile_pattern(r"^pager lines \d+", _M), 3),
    (compile_pattern(r"^passwd \S+", _M), 3),
    (compile_pattern(r"^same-security-traffic|^asdm image|^object-group |^object network ", _M), 3),
    (compile_pattern(r"^(?:ssh|http|telnet) \S+ \S+ \S+\s*$", _M), 1),
    (compile_pattern(r"^tunnel-group \S+ (?:type|general-attributes|ipsec-attributes)", _M), 4),
)
