"""Nokia SR OS detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^# TiMOS-", _M), 10),
    (re.compile(r"^configure \{", _M), 6),
    (re.compile(r"^/configure ", _M), 8),
    (re.compile(r'^echo "', _M), 4),
    (re.compile(r"^exit all", _M), 4),
    (re.compile(r"^ +exit\s*$", _M), 1),
    (re.compile(r"admin-state (?:enable|disable)", 0), 2),
    # MD-CLI context lines and prompts of a capture made inside 'configure' ('[gl:/configure]',
    # '[ex:/configure system]', 'A:admin@sr1#', '*B:pe1#').
    (re.compile(r"^\[(?:gl|ex|pr|ro|bo):/?configure|^\*\[(?:gl|ex|pr|ro|bo):/?configure", _M), 10),
    (re.compile(r"^A:[\w.\-@]+[#>]|^B:[\w.\-@]+[#>]|^\*A:[\w.\-@]+[#>]|^\*B:[\w.\-@]+[#>]", _M), 6),
)
