"""Huawei VRP: how the vty lines, their ACL and the protocols they accept are written."""

from __future__ import annotations

import re

from devaudit.engine.mgmtpaths import RULE_TRANSPORT, SSH_SERVER_ACL, Dialect
from devaudit.engine.regex_cache import compile_pattern

__all__ = ["DIALECT"]

DIALECT = Dialect(
    vty=compile_pattern(r"^user-interface vty\b", re.IGNORECASE),
    acl_ref=compile_pattern(r"^acl\s+(?!ipv6\b)(\S+)\s+inbound\b", re.IGNORECASE),
    transport=RULE_TRANSPORT,
    ssh_acl=SSH_SERVER_ACL,
)
