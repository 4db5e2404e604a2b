"""Cisco IOS XR: how the vty lines, their ACL and the protocols they accept are written."""

from __future__ import annotations

import re

from devaudit.engine.mgmtpaths import CISCO_TRANSPORT, Dialect, cisco_entry

__all__ = ["DIALECT"]

DIALECT = Dialect(
    vty=re.compile(r"^line\s+(?:default|template\s+\S+)\s*$", re.IGNORECASE),
    acl_ref=re.compile(r"^access-class\s+ingress\s+(\S+)", re.IGNORECASE),
    transport=CISCO_TRANSPORT,
    acl_block=re.compile(r"^ipv4 access-list\s+(\S+)\s*$", re.IGNORECASE),
    entry=cisco_entry,
    ssh_acl=re.compile(r"^ssh server\s.*\bipv4 access-list\s+(\S+)", re.IGNORECASE),
)
