"""Cisco NX-OS: how the vty lines, their ACL and their protocols are written (as IOS writes them)."""

from __future__ import annotations

from devaudit.platforms.cisco_ios.management import DIALECT

__all__ = ["DIALECT"]
