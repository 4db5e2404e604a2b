"""Terminal captures: prompts, context banners and echoed commands around a config are skipped, the rest audited."""

from __future__ import annotations

from devaudit.ingest import split_lines
from devaudit.models import Status
from devaudit.parsers import parse
from tests.shapes.support import audit, rule_ids, verdicts

# A Junos 'display set' list as an engineer pastes it into a session, with the session around it (CRLF).
JUNOS_SET = """\
set version 21.4R3-S2.3
set system host-name fw-edge-01
set system root-authentication encrypted-password "$6$kJ0pq$YkV9bHcKcE1tQmJ8uW3zYz0d6d1rD4lP2N8S0n7ZrM1"
set system login message "Authorised access only"
set system services ssh protocol-version v2
set system services ssh root-login deny
set system services telnet
set system syslog host 192.0.2.50 any notice
set system ntp server 192.0.2.123
set snmp community public authorization read-only
set interfaces ge-0/0/0 unit 0 family inet address 198.51.100.2/30
"""
JUNOS_SESSION = (
    "admin@fw-edge-01> configure\n"
    "Entering configuration mode\n"
    "\n"
    "{master:0}[edit]\n"
    + JUNOS_SET.replace("set system host-name", "admin@fw-edge-01# set system host-name", 1)
    + "\n"
    "{master:0}[edit]\n"
    "admin@fw-edge-01# commit and-quit\n"
    "commit complete\n"
    "Exiting configuration mode\n"
    "\n"
    "{master:0}\n"
    "admin@fw-edge-01> quit\n"
).replace("\n", "\r\n")


def test_pasted_junos_session_with_crlf_is_audited_like_the_set_list() -> None:
    session, plain = audit(JUNOS_SESSION), audit(JUNOS_SET)
    assert (session.platform, session.error) == ("juniper_junos", "")
    assert session.coverage is not None
    assert dict(session.coverage.skipped_reasons) == {"blank": 3, "inactive": 0, "terminal prompt or command": 9}
    assert session.coverage.config_lines == 11
    # The same verdicts as the plain list; evidence sits 4 lines further down (the session's first lines).
    assert {r: s for r, (s, _) in verdicts(session).items()} == {r: s for r, (s, _) in verdicts(plain).items()}
    assert verdicts(session)["JUN-MGMT-001"] == (Status.FAIL, (11,))  # set system services telnet
    assert verdicts(plain)["JUN-MGMT-001"] == (Status.FAIL, (7,))
    assert verdicts(session)["JUN-SNMP-001"] == (Status.FAIL, (14,))
    assert {"JUN-ACC-002", "JUN-MGMT-002"} <= rule_ids(session, Status.PASS)  # root-login deny, SSHv2


def test_prompt_line_keeps_the_set_command_typed_after_it() -> None:
    lines, _ = split_lines(JUNOS_SESSION)
    tree = parse(lines, "juniper_junos")
    assert [(node.line, node.text) for node in tree.roots[:2]] == [
        (5, "version 21.4R3-S2.3"),
        (6, "system host-name fw-edge-01"),
    ]
    assert tree.stats.total_lines == 23


# SR OS MD-CLI 'info' typed inside the configure context: no 'configure {' wrapper, indented by four,
# with the context line and the prompt around it.
SROS_INFO = """\
[gl:/configure]
A:admin@pe1# info
    system {
        name "pe1"
        login-control {
            idle-timeout 15
        }
        security {
            telnet-server true
            ftp-server false
            ssh {
                server-admin-state enable
            }
        }
        time {
            ntp {
                admin-state enable
                server 192.0.2.123 router-instance "Base" {
                }
            }
        }
    }
    router "Base" {
        interface "system" {
            ipv4 {
                primary {
                    address 10.0.0.1
                    prefix-length 32
                }
            }
        }
    }

[gl:/configure]
A:admin@pe1#
"""
SROS_WRAPPED = "configure {\n" + "".join(
    line[4:] + "\n" for line in SROS_INFO.splitlines()[2:-3]
) + "}\n"


def test_sros_info_inside_configure_context_gives_the_wrapped_paths() -> None:
    captured = parse(split_lines(SROS_INFO)[0], "nokia_sros")
    wrapped = parse(split_lines(SROS_WRAPPED)[0], "nokia_sros")
    assert [n.text for n in captured.roots] == [n.text for n in wrapped.roots]
    assert [n.text for n in captured.roots][:3] == [
        'system name "pe1"',
        "system login-control idle-timeout 15",
        "system security telnet-server true",
    ]
    assert captured.stats.skipped == {"blank": 1, "terminal prompt or command": 4}


def test_sros_info_capture_is_detected_and_audited() -> None:
    result = audit(SROS_INFO)
    assert (result.platform, result.error) == ("nokia_sros", "")
    assert verdicts(result)["SROS-MGMT-001"] == (Status.FAIL, (9,))  # telnet-server true
    assert {"SROS-MGMT-002", "SROS-SNMP-004"} <= rule_ids(result, Status.PASS)


def test_sros_info_under_a_deeper_context_is_prefixed_with_its_path() -> None:
    text = (
        "[ex:/configure system security]\nA:admin@pe1# info\n"
        "    telnet-server false\n    ssh {\n        preserve-key true\n    }\n"
    )
    tree = parse(split_lines(text)[0], "nokia_sros")
    assert [n.text for n in tree.roots] == [
        "system security telnet-server false",
        "system security ssh preserve-key true",
    ]


IOS = """\
hostname acc-sw1
!
service timestamps log datetime msec
no service pad
!
username admin privilege 15 secret 9 $9$Wd2CkNpkW7Jd1k$0NHr6B9wG0rC1dZ6TTJ7S8m6V1xSbt8Yx2z8vQ4M0lE
!
interface GigabitEthernet1/0/1
 switchport access vlan 10
 switchport mode access
!
ip http server
!
snmp-server community public RO
!
line con 0
line vty 0 4
 login local
 transport input telnet ssh
!
end
"""
XR = """\
!! IOS XR Configuration 7.3.2
!
hostname pe2
username admin
 group root-lr
 secret 10 $6$oQ2gS0$5t0bS3eHqzVbnGv0c2S9mQqL9cYt4wC1aN7bX8dF3hJ2kL6pR0sT9uV1wX3yZ5
!
telnet vrf default ipv4 server max-servers 5
interface MgmtEth0/RSP0/CPU0/0
 ipv4 address 192.0.2.10 255.255.255.0
!
snmp-server community public RO
ssh server v2
end
"""
VRP = """\
!Software Version V800R021C10SPC600
#
sysname PE3
#
aaa
 local-user admin password irreversible-cipher $1c$Lk2N5$TqP0b1Zb4K$
 local-user admin service-type ssh
#
interface GigabitEthernet0/3/0
 ip address 198.51.100.6 255.255.255.252
#
telnet server enable
stelnet server enable
#
user-interface vty 0 4
 authentication-mode aaa
 protocol inbound all
#
return
"""
# (clean config, capture of it, skipped prompt lines, first config line in the capture)
CAPTURES = {
    "cisco_ios": (
        IOS,
        "acc-sw1#terminal length 0\nacc-sw1#show running-config\nBuilding configuration...\n\n"
        f"Current configuration : 1234 bytes\n!\n{IOS}\nacc-sw1#\nacc-sw1#exit\n",
        4,
    ),
    "cisco_xr": (
        XR,
        "RP/0/RSP0/CPU0:pe2#show running-config\nTue Mar  5 10:42:17.123 UTC\nBuilding configuration...\n"
        f"{XR}\nRP/0/RSP0/CPU0:pe2#\n",
        2,
    ),
    "huawei_vrp": (
        VRP,
        f"<PE3>screen-length 0 temporary\nInfo: The configuration takes effect on the current user terminal "
        f"interface only.\n<PE3>display current-configuration\n{VRP}<PE3>quit\n",
        3,
    ),
}


def test_terminal_captures_are_audited_like_the_clean_config() -> None:
    for platform, (clean, capture, prompts) in CAPTURES.items():
        plain, captured = audit(clean), audit(capture)
        assert (captured.platform, captured.error) == (platform, ""), captured.platform_reason
        assert captured.coverage is not None
        assert dict(captured.coverage.skipped_reasons)["terminal prompt or command"] == prompts, platform
        assert rule_ids(captured, Status.FAIL) == rule_ids(plain, Status.FAIL), platform
        assert rule_ids(captured, Status.PASS) == rule_ids(plain, Status.PASS), platform


def test_capture_evidence_keeps_the_line_numbers_of_the_file() -> None:
    captured = audit(CAPTURES["cisco_ios"][1])
    assert verdicts(captured)["IOS-SNMP-001"] == (Status.FAIL, (20,))  # snmp-server community public RO
    assert verdicts(captured)["IOS-MGMT-001"][0] == Status.FAIL  # telnet on the vty lines


def test_huawei_views_and_prompt_lines_are_skipped() -> None:
    text = "[~PE3]\n[~PE3-aaa]\n<PE3>display current-configuration\n" + VRP
    tree = parse(split_lines(text)[0], "huawei_vrp")
    assert tree.stats.skipped["terminal prompt or command"] == 3
    assert tree.roots[0].text == "sysname PE3"


def test_sros_context_lines_without_slash_or_with_uncommitted_mark() -> None:
    text = (
        "[gl:configure]\nA:admin@pe1# info\n    system {\n        name \"pe1\"\n    }\n"
        "*[ex:/configure system security]\n*A:admin@pe1# info\n    telnet-server false\n"
    )
    tree = parse(split_lines(text)[0], "nokia_sros")
    assert [(n.line, n.text) for n in tree.roots] == [
        (4, 'system name "pe1"'),
        (8, "system security telnet-server false"),
    ]
    assert tree.stats.skipped == {"terminal prompt or command": 4}


def test_set_after_an_operational_prompt_is_not_configuration() -> None:
    text = "admin@r1> set cli screen-length 0\nadmin@r1> show configuration | display set\n" + JUNOS_SET
    tree = parse(split_lines(text)[0], "juniper_junos")
    assert [n.text for n in tree.roots][:2] == ["version 21.4R3-S2.3", "system host-name fw-edge-01"]
    assert tree.stats.skipped == {"terminal prompt or command": 2, "inactive": 0}
