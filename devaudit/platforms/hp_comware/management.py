"""HPE / H3C Comware: how the vty lines, their ACL and the protocols they accept are written."""

from __future__ import annotations

import re

from devaudit.engine.mgmtpaths import RULE_ACL, RULE_TRANSPORT, SSH_SERVER_ACL, Dialect, rule_entry

__all__ = ["DIALECT"]

DIALECT = Dialect(
    vty=re.compile(r"^(?:user-interface|line) vty\b", re.IGNORECASE),
    acl_ref=re.compile(r"^acl\s+(?!ipv6\b)(?:(?:basic|advanced)\s+)?(\S+)\s+inbound\b", re.IGNORECASE),
    transport=RULE_TRANSPORT,
    acl_block=RULE_ACL,
    entry=rule_entry,
    by_number=True,
    ssh_acl=SSH_SERVER_ACL,
)
