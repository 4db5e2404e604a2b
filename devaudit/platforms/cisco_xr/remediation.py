"""Cisco IOS XR: device-bound placeholders in remediation (the ACL the vty lines already use)."""

from __future__ import annotations

import re

from devaudit.engine.bindings import Binding
from devaudit.engine.regex_cache import compile_pattern

__all__ = ["BINDINGS"]

# Placeholders a fix fills with the object the device already uses.
BINDINGS: tuple[Binding, ...] = (
    Binding(
        placeholder="<vty-acl>",
        meaning="the ACL the vty lines and the SSH server already use (MGMT-ACL when they use none)",
        block=compile_pattern(r"^line\s+(?:default|template\s)", re.IGNORECASE),
        ref=compile_pattern(r"^access-class\s+ingress\s+(\S+)", re.IGNORECASE),
        default="MGMT-ACL",
        top_ref=compile_pattern(r"^ssh server\s.*\bipv4 access-list\s+(\S+)", re.IGNORECASE),
    ),
)
