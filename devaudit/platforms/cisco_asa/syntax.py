"""Cisco ASA syntax facts for the indentation parser."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern
from devaudit.parsers.syntax import CERT_END, CERT_START, CISCO_CONTINUATION, CISCO_PREAMBLE, ELIDED, Syntax

__all__ = ["SYNTAX"]

SYNTAX = Syntax(
    # ':' starts an ASA comment (': Saved', ': Serial Number: ...', ': end'); the checksum is a trailer.
    comment_prefixes=("!", ":"),
    extra_comments=(compile_pattern(r"^Cryptochecksum:", re.IGNORECASE),),
    preamble=CISCO_PREAMBLE,
    banner_style="single",
    opaque_start=CERT_START,
    opaque_end=CERT_END,
    opaque_close="quit",
    elision=ELIDED,
    wrap_width=80,
    continuation=CISCO_CONTINUATION,
)
