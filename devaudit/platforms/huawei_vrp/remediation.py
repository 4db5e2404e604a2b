"""Huawei VRP: device-bound placeholders in remediation (the ACL the vty lines already use)."""

from __future__ import annotations

import re

from devaudit.engine.bindings import RULE_ACL_NUMBER, Binding, FreeNumbers, vrp_vty_acl
from devaudit.engine.regex_cache import compile_pattern

__all__ = ["BINDINGS", "FREE_NUMBERS"]

# Placeholders a fix fills with the object the device already uses.
BINDINGS: tuple[Binding, ...] = (
    Binding(
        placeholder="<vty-acl>",
        meaning="the ACL the vty lines and the SSH server already use (2000 when they use none)",
        block=compile_pattern(r"^user-interface vty\b", re.IGNORECASE),
        words=("user-interface",),
        ref=compile_pattern(r"^acl\s+(\d+)\s+inbound\b", re.IGNORECASE),
        default="<mgmt-acl>",
        rewrite=vrp_vty_acl,
        top_ref=compile_pattern(r"^ssh server acl\s+(\d+)", re.IGNORECASE),
    ),
)

# New objects numbered from a free range of the device.
FREE_NUMBERS = FreeNumbers(
    ("<mgmt-acl>", "<snmp-acl>", "<ntp-acl>"),
    2000,
    2999,
    RULE_ACL_NUMBER,
)
