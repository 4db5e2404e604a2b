"""Device-bound fixes read the ACL in use through the shared ACL model: entries that admit any source go."""

from __future__ import annotations

import pytest

from devaudit.engine.bindings import bind_remediation
from tests.engine.support import tree

IOS_FIX = ["ip access-list standard <vty-acl>", " permit 192.0.2.0 0.0.0.255", " deny any log"]


@pytest.mark.parametrize(
    ("platform", "text", "fix", "expected"),
    [
        (
            "cisco_ios",
            "ip access-list extended VTY\n 10 permit tcp any any eq 22\n 20 permit ip 10.0.0.0 0.255.255.255 any\n"
            " 30 permit ip 0.0.0.0 255.255.255.255 any\nline vty 0 4\n access-class VTY in\n",
            [*IOS_FIX, "line vty 0 4", " access-class <vty-acl> in"],
            (
                "ip access-list extended VTY",
                " permit ip 192.0.2.0 0.0.0.255 any",
                " no permit tcp any any eq 22",
                " no permit ip 0.0.0.0 255.255.255.255 any",  # any source written as a wildcard
                " deny ip any any log",
                "line vty 0 4",
                " access-class VTY in",
            ),
        ),
        (
            "cisco_ios",
            "access-list 10 permit any\naccess-list 10 permit 10.0.0.0 0.255.255.255\n"
            "line vty 0 4\n access-class 10 in\n",
            IOS_FIX,
            ("ip access-list standard 10", " permit 192.0.2.0 0.0.0.255", " no permit any", " deny any log"),
        ),
        (
            "cisco_nxos",
            "ip access-list VTY-ACL\n  10 permit tcp any any eq 22\n  20 permit ip 10.0.0.0/8 any\nline vty\n"
            "  access-class VTY-ACL in\n",
            ["ip access-list <vty-acl>", " 10 permit ip 192.0.2.0/24 any", " deny ip any any log"],
            (
                "ip access-list VTY-ACL",
                " permit ip 192.0.2.0/24 any",
                " no permit tcp any any eq 22",
                " deny ip any any log",
            ),
        ),
        (
            "huawei_vrp",
            "acl number 2001\n rule 5 permit\n rule 10 permit source 10.0.0.0 0.255.255.255\n"
            " rule 50 permit source any\nuser-interface vty 0 4\n acl 2001 inbound\n",
            ["acl number <vty-acl>", " rule 5 permit source 192.0.2.0 0.0.0.255", " rule 100 deny"],
            (
                "acl number 2001",
                " rule 0 permit source 192.0.2.0 0.0.0.255",
                " undo rule 5",
                " undo rule 50",
                " rule 55 deny",
            ),
        ),
        (
            "huawei_vrp",
            "acl number 2001\n rule 5 permit source 10.0.0.0 0.255.255.255\n rule 50 deny\nuser-interface vty 0 4\n"
            " acl 2001 inbound\n",
            ["acl number <vty-acl>", " rule 5 permit source 192.0.2.0 0.0.0.255", " rule 100 deny"],
            ("acl number 2001", " rule 0 permit source 192.0.2.0 0.0.0.255"),  # it already ends with a deny
        ),
    ],
)
def test_vty_acl_fix_edits_the_acl_in_use(platform: str, text: str, fix: list[str], expected: tuple[str, ...]) -> None:
    assert bind_remediation(fix, tree(platform, text)) == expected
