"""Cisco IOS / IOS-XE syntax facts for the indentation parser."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern
from devaudit.parsers.syntax import CERT_END, CERT_START, CISCO_CONTINUATION, CISCO_PREAMBLE, ELIDED, IOS_MACRO, Syntax

__all__ = ["SYNTAX"]

SYNTAX = Syntax(
    preamble=CISCO_PREAMBLE,
    opaque_start=CERT_START,
    opaque_end=CERT_END,
    opaque_close="quit",
    extra_opaque=IOS_MACRO,
    merged_blocks=compile_pattern(r"^line (?:vty|con|console|aux|tty) \d", re.IGNORECASE),
    elision=ELIDED,
    wrap_width=80,
    continuation=CISCO_CONTINUATION,
)
