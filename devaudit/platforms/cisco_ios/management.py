"""Cisco IOS: how the vty lines, their ACL and the protocols they accept are written."""

from __future__ import annotations

import re

from devaudit.engine.mgmtpaths import CISCO_TRANSPORT, Dialect, cisco_entry

__all__ = ["DIALECT"]

DIALECT = Dialect(
    vty=re.compile(r"^line vty\b", re.IGNORECASE),
    acl_ref=re.compile(r"^access-class\s+(\S+)\s+in\b", re.IGNORECASE),
    transport=CISCO_TRANSPORT,
    acl_block=re.compile(r"^ip access-list\s+(?:(?:standard|extended)\s+)?(\S+)\s*$", re.IGNORECASE),
    entry=cisco_entry,
    numbered_line=re.compile(r"^access-list\s+(\S+)\s+(.*)$", re.IGNORECASE),
)
