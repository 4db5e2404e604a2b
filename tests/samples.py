"""Small configurations shared by tests of several parts (kept here once, not pasted into each test file)."""

from __future__ import annotations

__all__ = ["INSECURE_IOS"]

# An IOS config that fails the common rules in several ways (cleartext and reversible passwords, HTTP,
# a default read-write community, Telnet, no exec timeout).
INSECURE_IOS = """\
version 15.2
hostname EDGE1
enable password 7 0822455D0A16
username admin password 0 cisco123
ip http server
snmp-server community public RW
line con 0
 exec-timeout 0 0
line vty 0 4
 transport input telnet ssh
end
"""
