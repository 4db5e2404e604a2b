"""Cisco IOS XR: how the vty lines, their ACL and the protocols they accept are written."""

from __future__ import annotations

import re

from devaudit.engine.mgmtpaths import CISCO_TRANSPORT, Dialect
from devaudit.engine.regex_cache import compile_pattern

__all__ = ["DIALECT"]

DIALECT = Dialect(
    vty=compile_pattern(r"^line\s+(?:default|template\s+\S+)\s*$", re.IGNORECASE),
    acl_ref=compile_pattern(r"^access-class\s+ingress\s+(\S+)", re.IGNORECASE),
    transport=CISCO_TRANSPORT,
    ssh_acl=compile_pattern(r"^ssh server\s.*\bipv4 access-list\s+(\S+)", re.IGNORECASE),
)
