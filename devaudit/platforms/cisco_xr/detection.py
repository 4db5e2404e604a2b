"""Cisco IOS XR detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (compile_pattern(r"^!! IOS XR Configuration", _M), 10),
    (compile_pattern(r"^!RANCID-CONTENT-TYPE: cisco-xr", _M), 10),
    (compile_pattern(r"^interface (?:MgmtEth|TenGigE|HundredGigE|FourHundredGigE|Bundle-Ether)\S*", _M), 4),
    (compile_pattern(r"^ssh server (?:v2|vrf|rate-limit|session-limit)", _M), 3),
    (compile_pattern(r"^line (?:template|default)", _M), 3),
    (compile_pattern(r"^vty-pool ", _M), 4),
    (compile_pattern(r"^(?:taskgroup|usergroup) ", _M), 4),
    (compile_pattern(r"^telnet vrf \S+ ipv[46] server", _M), 4),
    # IPv4 addresses and usernames as XR writes them ('ipv4 address', 'username X' opening a block of
    # 'group root-lr' and 'secret 10'); four-part port names; 'domain name' without 'ip'.
    (compile_pattern(r"^ ipv4 address \S+ \S+", _M), 3),
    (compile_pattern(r"^interface (?:GigabitEthernet|TwentyFiveGigE|FortyGigE)\d+/\d+/\d+/\d+", _M), 4),
    (
        compile_pattern(
            r"^ group (?:root-lr|root-system|cisco-support|netadmin|sysadmin|operator|serviceadmin|"
            r"maintenance|read-only-tg)\s*$",
            _M,
        ),
        4,
    ),
    (compile_pattern(r"^username \S+\s*$", _M), 2),
    (compile_pattern(r"^ secret (?:5|8|9|10) \S", _M), 2),
    (compile_pattern(r"^domain (?:name|lookup disable|name-server) ", _M), 3),
    (compile_pattern(r"^logging \S+ vrf \S+|^ipv4 access-list |^ipv4 virtual address |^netconf-yang agent", _M), 3),
    (compile_pattern(r"^ntp\s*$", _M), 2),
    (compile_pattern(r"^router static\s*$", _M), 2),
    (compile_pattern(r"^RP/\d+/", _M), 3),
    (compile_pattern(r"^end-policy|^end-set|^route-policy ", _M), 4),
)
