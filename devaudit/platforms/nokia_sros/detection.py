"""Nokia SR OS detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (compile_pattern(r"^# TiMOS-", _M), 10),
    (compile_pattern(r"^configure \{", _M), 6),
    (compile_pattern(r"^/configure ", _M), 8),
    (compile_pattern(r'^echo "', _M), 4),
    (compile_pattern(r"^exit all", _M), 4),
    (compile_pattern(r"^ +exit\s*$", _M), 1),
    (compile_pattern(r"admin-state (?:enable|disable)", 0), 2),
    # MD-CLI context lines and prompts of a capture made inside 'configure' ('[gl:/configure]',
    # '[ex:/configure system]', 'A:admin@sr1#', '*B:pe1#').
    (compile_pattern(r"^\[(?:gl|ex|pr|ro|bo):/?configure|^\*\[(?:gl|ex|pr|ro|bo):/?configure", _M), 10),
    (compile_pattern(r"^A:[\w.\-@]+[#>]|^B:[\w.\-@]+[#>]|^\*A:[\w.\-@]+[#>]|^\*B:[\w.\-@]+[#>]", _M), 6),
)
