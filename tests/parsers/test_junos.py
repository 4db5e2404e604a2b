"""Junos brace and set forms into one flat tree: identical trees, inactive/deactivate, apply-groups."""

from __future__ import annotations

from devaudit.ingest import read_dump, split_lines
from devaudit.parsers import parse
from devaudit.tree import ConfigTree
from tests.conftest import corpus_file

BRACE = """\
## Last commit: 2024-01-01 10:00:00 UTC by admin
version 21.4R3.15;
groups {
    GLOBAL-SYSLOG {
        system {
            syslog {
                host 192.0.2.50 {
                    any notice;
                }
            }
        }
    }
    MGMT-NTP {
        system {
            ntp {
                server 192.0.2.123;
            }
        }
    }
}
apply-groups GLOBAL-SYSLOG;
system {
    apply-groups MGMT-NTP;
    host-name core-r1;
    /* management access */
    root-authentication {
        encrypted-password "$6$abc$xyz"; ## SECRET-DATA
    }
    login {
        message "Authorised access only";
        user admin {
            uid 2000;
            class super-user;
            authentication {
                encrypted-password "$6$def$uvw"; ## SECRET-DATA
            }
        }
    }
    services {
        ssh {
            root-login deny;
            protocol-version v2;
        }
        inactive: telnet;
        netconf {
            ssh;
        }
    }
    name-server [ 192.0.2.1 192.0.2.2 ];
}
inactive: snmp {
    community public {
        authorization read-only;
    }
}
interfaces {
    ge-0/0/0 {
        description "uplink to core";
        unit 0 {
            family inet {
                address 10.0.0.1/30;
            }
        }
    }
}
"""

SET = """\
set version 21.4R3.15
set groups GLOBAL-SYSLOG system syslog host 192.0.2.50 any notice
set groups MGMT-NTP system ntp server 192.0.2.123
set apply-groups GLOBAL-SYSLOG
set system apply-groups MGMT-NTP
set system host-name core-r1
set system root-authentication encrypted-password "$6$abc$xyz"
set system login message "Authorised access only"
set system login user admin uid 2000
set system login user admin class super-user
set system login user admin authentication encrypted-password "$6$def$uvw"
set system services ssh root-login deny
set system services ssh protocol-version v2
set system services telnet
deactivate system services telnet
set system services netconf ssh
set system name-server 192.0.2.1
set system name-server 192.0.2.2
set snmp community public authorization read-only
deactivate snmp
set interfaces ge-0/0/0 description "uplink to core"
set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/30
"""

EXPECTED = [
    ("version 21.4R3.15", False),
    ("groups GLOBAL-SYSLOG system syslog host 192.0.2.50 any notice", False),
    ("groups MGMT-NTP system ntp server 192.0.2.123", False),
    ("apply-groups GLOBAL-SYSLOG", False),
    ("system apply-groups MGMT-NTP", False),
    ("system host-name core-r1", False),
    ('system root-authentication encrypted-password "$6$abc$xyz"', False),
    ('system login message "Authorised access only"', False),
    ("system login user admin uid 2000", False),
    ("system login user admin class super-user", False),
    ('system login user admin authentication encrypted-password "$6$def$uvw"', False),
    ("system services ssh root-login deny", False),
    ("system services ssh protocol-version v2", False),
    ("system services netconf ssh", False),
    ("system name-server 192.0.2.1", False),
    ("system name-server 192.0.2.2", False),
    ('interfaces ge-0/0/0 description "uplink to core"', False),
    ("interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/30", False),
    ("system syslog host 192.0.2.50 any notice", True),
    ("system ntp server 192.0.2.123", True),
]


def junos(text: str) -> ConfigTree:
    lines, _ = split_lines(text)
    return parse(lines, "juniper_junos")


def leaves(tree: ConfigTree) -> list[tuple[str, bool]]:
    return [(node.text, node.inherited) for node in tree.roots]


def test_brace_and_set_forms_give_identical_trees() -> None:
    brace, flat = junos(BRACE), junos(SET)
    assert leaves(brace) == EXPECTED
    assert leaves(flat) == EXPECTED
    assert brace.flat
    assert flat.flat
    assert all(not node.children for node in brace.roots)


def test_both_forms_in_one_file_give_the_same_leaves_once() -> None:
    """faddr-vmx17 style: the brace form, then the same config again as 'display set'."""
    tree = junos(BRACE + SET)
    assert sorted(leaves(tree)) == sorted(EXPECTED)


def test_line_numbers_point_at_the_statement() -> None:
    lines = {node.text: node.line for node in junos(BRACE).roots}
    assert lines["system host-name core-r1"] == 24
    assert lines["system name-server 192.0.2.2"] == 49  # both list elements keep the list's line
    assert lines["system syslog host 192.0.2.50 any notice"] == 8  # inherited: the group's line
    assert {node.text: node.line for node in junos(SET).roots}["system services netconf ssh"] == 16


def test_inactive_and_deactivate_count_as_absent() -> None:
    brace = junos(BRACE)
    assert not [node for node in brace.roots if "telnet" in node.text or node.text.startswith("snmp")]
    assert brace.stats.skipped["inactive"] == 2
    flat = junos(SET)
    assert not [node for node in flat.roots if "telnet" in node.text or node.text.startswith("snmp")]


def test_delete_removes_a_subtree() -> None:
    tree = junos("set system services telnet\nset system services ssh\ndelete system services telnet\n")
    assert leaves(tree) == [("system services ssh", False)]


def test_set_form_list_is_one_leaf_per_element() -> None:
    tree = junos("set system name-server [ 192.0.2.1 192.0.2.2 ]\n")
    assert leaves(tree) == [("system name-server 192.0.2.1", False), ("system name-server 192.0.2.2", False)]


def test_apply_groups_do_not_override_what_the_config_sets() -> None:
    tree = junos(
        "set groups G system ntp server 192.0.2.1\nset apply-groups G\nset system ntp server 192.0.2.1\n"
    )
    assert leaves(tree) == [
        ("groups G system ntp server 192.0.2.1", False),
        ("apply-groups G", False),
        ("system ntp server 192.0.2.1", False),
    ]


def test_wildcard_group_entries_are_not_expanded() -> None:
    tree = junos("set groups G interfaces <ge-*> mtu 9192\nset apply-groups G\n")
    assert not [node for node in tree.roots if node.inherited]


def test_multi_line_string_and_annotations() -> None:
    tree = junos(
        'system {\n    login {\n        message "Line one\nLine two";\n    }\n    /* a comment\n'
        "       over two lines */\n    host-name r1;\n}\n"
    )
    assert leaves(tree) == [
        ('system login message "Line one\\nLine two"', False),
        ("system host-name r1", False),
    ]


def _corpus(name: str) -> ConfigTree:
    path = corpus_file(name)
    return parse(read_dump(path.read_bytes(), name).lines, "juniper_junos")


def test_corpus_brace_file_with_secret_data_trailers() -> None:
    tree = _corpus("juniper_junos/scrapli-vmx17.conf")
    texts = [node.text for node in tree.roots]
    assert texts[:3] == [
        "version 17.3R2.10",
        'system root-authentication encrypted-password "$6$Adf5A57s$5Iu/Tdzi/qQuSA.9tV.przrz51avKm.6TvJMBF42zODEM'
        '/d7.cvk2Y/kIeLinV5R.HGEEOOD6wane6Xs6rbfT0"',
        "system login user boxen uid 2000",
    ]
    assert "system services telnet" in texts
    assert "system syslog user * any emergency" in texts
    assert tree.stats.skipped == {"comment": 1, "inactive": 0}


def test_corpus_set_file_with_deactivate() -> None:
    tree = _corpus("juniper_junos/bf-srx2-set.set")
    texts = [node.text for node in tree.roots]
    assert texts[:2] == ["version 15.1X49-D15.4", "system host-name junos-srx-2"]
    assert not [
        t
        for t in texts
        if t.startswith(("security policies from-zone untrust to-zone untrust ", "protocols bgp group vpn "))
    ]
    assert [t for t in texts if t.startswith("protocols bgp group ")]  # other groups stay
