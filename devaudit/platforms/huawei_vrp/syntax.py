"""Huawei VRP syntax facts for the indentation parser."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern
from devaudit.parsers.syntax import ELIDED, KEY_CODE_END, KEY_CODE_START, Syntax

__all__ = ["SYNTAX"]

SYNTAX = Syntax(
    comment_prefixes=("#", "!"),
    end_markers=frozenset({"return"}),
    banner_style="quoted",
    banner_start=compile_pattern(r"^\s*header\s+\S+\s+information\s+", re.IGNORECASE),
    opaque_start=KEY_CODE_START,
    opaque_end=KEY_CODE_END,
    opaque_close="public-key-code end",
    preamble=compile_pattern(r"^(?:\[V\d{3}R\d{3}.*\]|.*display current-configuration.*)$", re.IGNORECASE),
    elision=ELIDED,
    separator_closes_blocks=True,
)
