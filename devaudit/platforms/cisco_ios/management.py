"""Cisco IOS: how the vty lines, their ACL and the protocols they accept are written."""

from __future__ import annotations

import re

from devaudit.engine.mgmtpaths import CISCO_TRANSPORT, Dialect
from devaudit.engine.regex_cache import compile_pattern

__all__ = ["DIALECT"]

DIALECT = Dialect(
    vty=compile_pattern(r"^line vty\b", re.IGNORECASE),
    acl_ref=compile_pattern(r"^access-class\s+(\S+)\s+in\b", re.IGNORECASE),
    transport=CISCO_TRANSPORT,
)
