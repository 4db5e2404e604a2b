"""Cisco IOS XR: device-bound placeholders in remediation (the ACL the vty lines already use)."""

from __future__ import annotations

import re

from devaudit.engine.bindings import Binding

__all__ = ["BINDINGS"]

# Placeholders a fix fills with the object the device already uses.
BINDINGS: tuple[Binding, ...] = (
    Binding(
        placeholder="<vty-acl>",
        meaning="the ACL the vty lines and the SSH server already use (MGMT-ACL when they use none)",
        block=re.compile(r"^line\s+(?:default|template\s)", re.IGNORECASE),
        ref=re.compile(r"^access-class\s+ingress\s+(\S+)", re.IGNORECASE),
        default="MGMT-ACL",
        top_ref=re.compile(r"^ssh server\s.*\bipv4 access-list\s+(\S+)", re.IGNORECASE),
    ),
)
