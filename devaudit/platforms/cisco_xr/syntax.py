"""Cisco IOS XR syntax facts for the indentation parser."""

from __future__ import annotations

from devaudit.parsers.syntax import CISCO_CONTINUATION, CISCO_PREAMBLE, ELIDED, Syntax

__all__ = ["SYNTAX"]

SYNTAX = Syntax(preamble=CISCO_PREAMBLE, elision=ELIDED, wrap_width=80, continuation=CISCO_CONTINUATION)
