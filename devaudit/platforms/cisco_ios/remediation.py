"""Cisco IOS: device-bound placeholders in remediation (the ACL the vty lines already use)."""

from __future__ import annotations

import re

from devaudit.engine.bindings import Binding, ios_vty_acl
from devaudit.engine.regex_cache import compile_pattern

__all__ = ["BINDINGS"]

# Placeholders a fix fills with the object the device already uses.
BINDINGS: tuple[Binding, ...] = (
    Binding(
        placeholder="<vty-acl>",
        meaning="the ACL the vty lines already use (MGMT-NET when they use none)",
        block=compile_pattern(r"^line vty\s", re.IGNORECASE),
        ref=compile_pattern(r"^access-class\s+(\S+)\s+in\b", re.IGNORECASE),
        default="MGMT-NET",
        rewrite=ios_vty_acl,
    ),
)
