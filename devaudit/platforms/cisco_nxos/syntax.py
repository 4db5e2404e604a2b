"""Cisco NX-OS syntax facts for the indentation parser."""

from __future__ import annotations

from devaudit.parsers.syntax import CERT_END, CERT_START, CISCO_CONTINUATION, CISCO_PREAMBLE, ELIDED, Syntax

__all__ = ["SYNTAX"]

SYNTAX = Syntax(
    preamble=CISCO_PREAMBLE,
    opaque_start=CERT_START,
    opaque_end=CERT_END,
    opaque_close="quit",
    elision=ELIDED,
    wrap_width=80,
    continuation=CISCO_CONTINUATION,
)
