"""Statement shapes: Junos apply-groups-except, IOS macros, ZXROS 80-column lines, repeated IOS line blocks."""

from __future__ import annotations

from devaudit.ingest import split_lines
from devaudit.models import Status
from devaudit.parsers import parse
from devaudit.parsers.merge import setting_key
from devaudit.tree import KIND_OPAQUE, ConfigTree
from tests.shapes.support import audit, verdicts


def _tree(text: str, platform: str) -> ConfigTree:
    return parse(split_lines(text)[0], platform)


# --- Junos apply-groups-except ------------------------------------------------------------------

JUNOS_GROUPS = """\
set version 20.4R3.8
set groups LAB system services telnet
set groups LAB system services ftp
set groups MTU interfaces ge-0/0/0 mtu 9192
set groups MTU interfaces ge-0/0/1 mtu 9192
set apply-groups LAB
set apply-groups MTU
set system host-name core-01
set system services ssh protocol-version v2
set interfaces ge-0/0/1 apply-groups-except MTU
set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/30
set interfaces ge-0/0/1 unit 0 family inet address 192.0.2.5/30
"""


def test_apply_groups_except_stops_inheritance_at_its_level_and_below() -> None:
    inherited = [(n.line, n.text) for n in _tree(JUNOS_GROUPS, "juniper_junos").roots if n.inherited]
    assert inherited == [
        (2, "system services telnet"),
        (3, "system services ftp"),
        (4, "interfaces ge-0/0/0 mtu 9192"),
    ]
    excepted = JUNOS_GROUPS.replace("set system host-name", "set system apply-groups-except LAB\nset system host-name")
    inherited = [(n.line, n.text) for n in _tree(excepted, "juniper_junos").roots if n.inherited]
    assert inherited == [(4, "interfaces ge-0/0/0 mtu 9192")]


def test_apply_groups_except_decides_the_telnet_rule() -> None:
    assert verdicts(audit(JUNOS_GROUPS))["JUN-MGMT-001"] == (Status.FAIL, (2,))
    excepted = JUNOS_GROUPS.replace("set system host-name", "set system apply-groups-except LAB\nset system host-name")
    assert verdicts(audit(excepted))["JUN-MGMT-001"] == (Status.PASS, ())


def test_apply_groups_except_in_brace_form() -> None:
    text = """\
groups {
    LAB {
        system {
            services {
                telnet;
            }
        }
    }
}
apply-groups LAB;
system {
    apply-groups-except LAB;
    host-name core-01;
}
"""
    tree = _tree(text, "juniper_junos")
    assert [n.text for n in tree.roots if n.inherited] == []
    assert "system apply-groups-except LAB" in [n.text for n in tree.roots]


# --- IOS macro name ... @ -----------------------------------------------------------------------

IOS_MACRO = """\
hostname SW-ACC-07
!
macro name USER-PORT
# Access port for user desks
switchport mode access
switchport access vlan 10
ip http server
no cdp enable
@
!
interface GigabitEthernet1/0/5
 macro description USER-PORT
 switchport mode access
 switchport access vlan 10
!
no ip http server
no ip http secure-server
!
line vty 0 4
 transport input ssh
!
end
"""


def test_ios_macro_body_is_opaque() -> None:
    tree = _tree(IOS_MACRO, "cisco_ios")
    (macro,) = tree.top("macro")
    assert (macro.line, macro.kind, macro.children) == (3, KIND_OPAQUE, [])
    assert macro.body == (
        "# Access port for user desks",
        "switchport mode access",
        "switchport access vlan 10",
        "ip http server",
        "no cdp enable",
    )
    assert [n.text for n in tree.roots] == [
        "hostname SW-ACC-07",
        "macro name USER-PORT",
        "interface GigabitEthernet1/0/5",
        "no ip http server",
        "no ip http secure-server",
        "line vty 0 4",
    ]
    assert tree.to_text().splitlines()[1:8] == [
        "macro name USER-PORT",
        " # Access port for user desks",
        " switchport mode access",
        " switchport access vlan 10",
        " ip http server",
        " no cdp enable",
        " @",
    ]
    assert [n.text for n in _tree(tree.to_text(), "cisco_ios").roots] == [n.text for n in tree.roots]


def test_ios_macro_body_is_not_audited_as_configuration() -> None:
    # 'ip http server' in the macro would be a FAIL if it were a global statement.
    assert verdicts(audit(IOS_MACRO))["IOS-MGMT-005"] == (Status.PASS, ())


# --- ZXROS line of exactly 80 columns that is complete -------------------------------------------

LOCATION = "snmp-server location Central Office 3, building B, floor 2, rack 14, row C cab 7"
ZXROS = f"""\
!<system-config>
hostname ZXR10-PE9
!</system-config>
!<snmp>
{LOCATION}
line telnet server disable
snmp-server community encrypted *31*c25tcGNvbW11bml0eWJsb2I= view AllView ro
!</snmp>
!<ssh>
ssh server enable
ssh server version 2
!</ssh>
"""


def test_zxros_80_column_line_followed_by_a_statement_is_not_joined() -> None:
    assert len(LOCATION) == 80
    tree = _tree(ZXROS, "zte_zxros")
    assert [(n.line, n.text) for n in tree.roots] == [
        (2, "hostname ZXR10-PE9"),
        (5, LOCATION),
        (6, "line telnet server disable"),
        (7, "snmp-server community encrypted *31*c25tcGNvbW11bml0eWJsb2I= view AllView ro"),
        (10, "ssh server enable"),
        (11, "ssh server version 2"),
    ]
    assert verdicts(audit(ZXROS))["ZTE-MGMT-001"][0] == Status.PASS


def test_zxros_80_column_line_before_a_word_of_this_files_statements_is_not_joined() -> None:
    # 'lacp' is not in the list of ZXROS commands, but it starts another top-level statement of the file.
    text = f"{LOCATION}\nlacp system-priority 100\nhostname R\nlacp timeout short\n"
    assert [n.text for n in _tree(text, "zte_zxros").roots] == [
        LOCATION,
        "lacp system-priority 100",
        "hostname R",
        "lacp timeout short",
    ]


def test_zxros_80_column_line_cut_inside_a_word_is_still_joined() -> None:
    full = LOCATION + "2 near the window"
    text = f"{full[:80]}\n{full[80:]}\nhostname R\n"
    assert [n.text for n in _tree(text, "zte_zxros").roots] == [full, "hostname R"]


# --- IOS repeated line blocks ------------------------------------------------------------------

IOS_LINES = """\
hostname BR-RTR-2
!
access-list 10 permit 192.0.2.0 0.0.0.255
!
line con 0
 exec-timeout 5 0
line vty 0 4
 access-class 10 in
 exec-timeout 0 0
 transport input telnet ssh
line vty 5 15
 transport input none
!
line vty 0 4
 exec-timeout 10 0
 transport input ssh
 login local
!
end
"""


def test_repeated_line_blocks_for_one_range_are_merged_later_settings_win() -> None:
    tree = _tree(IOS_LINES, "cisco_ios")
    assert [(n.line, n.text) for n in tree.top("line")] == [
        (5, "line con 0"),
        (7, "line vty 0 4"),
        (11, "line vty 5 15"),
    ]
    vty = tree.top("line")[1]
    assert [(n.line, n.text, n.parent is vty) for n in vty.children] == [
        (8, "access-class 10 in", True),
        (15, "exec-timeout 10 0", True),
        (16, "transport input ssh", True),
        (17, "login local", True),
    ]


def test_merged_vty_block_decides_telnet_and_timeout_rules() -> None:
    found = verdicts(audit(IOS_LINES))
    assert found["IOS-MGMT-001"] == (Status.PASS, (7, 11, 12, 16))  # 'transport input ssh' replaced 'telnet ssh'
    assert found["IOS-MGMT-003"] == (Status.PASS, (5, 6, 7, 11, 15))  # 'exec-timeout 10 0' replaced '0 0'
    assert found["IOS-MGMT-002"] == (Status.FAIL, (11,))  # vty 5 15 has no access-class
    # A second block for another range is not merged: 0 4 keeps telnet and no timeout.
    apart = verdicts(audit(IOS_LINES.replace("line vty 0 4\n exec-timeout 10", "line vty 0 3\n exec-timeout 10")))
    assert apart["IOS-MGMT-001"] == (Status.FAIL, (7, 10))
    assert apart["IOS-MGMT-003"] == (Status.FAIL, (7, 9))


def test_setting_keys_follow_the_attribute_each_command_sets() -> None:
    assert setting_key("exec-timeout 5 0") == setting_key("no exec-timeout") == "exec-timeout"
    assert setting_key("access-class 10 in") != setting_key("access-class 20 out")
    assert setting_key("ipv6 access-class V6 in") == "ipv6 access-class in"
    assert setting_key("transport input ssh") == setting_key("transport input telnet ssh")
    assert setting_key("transport output none") != setting_key("transport input ssh")
    assert setting_key("login local") == setting_key("login") != setting_key("login authentication VTY")
    assert setting_key("authorization commands 15 TAC") != setting_key("authorization commands 1 TAC")
