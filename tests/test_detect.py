"""Platform detection on every corpus file, on show outputs, and on ZTE and Comware 5 configs."""

from __future__ import annotations

import csv

import pytest

from devaudit.detect import detect_platform
from devaudit.ingest import read_dump, split_lines
from tests.conftest import CORPUS


def _manifest() -> list[tuple[str, str, str]]:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        return []
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return [(row["file"], row["platform"], row["kind"]) for row in csv.DictReader(handle, delimiter="\t")]


MANIFEST = _manifest()
CONFIGS = [
    (name, platform)
    for name, platform, kind in MANIFEST
    if kind in {"config", "config-fragment", "synthetic-config"}
]
# Show outputs that are configuration text ('show running-config tunnel-group', 'show configuration
# interfaces | display set') are sections of a configuration and are audited as such.
CONFIG_SECTIONS = {
    "cisco_asa/ntc-asa-tunnel-group-fragment.txt": "cisco_asa",
    "juniper_junos/ttp-interfaces-display-set.set": "juniper_junos",
}
SHOW_OUTPUTS = [name for name, _, kind in MANIFEST if kind == "show-output" and name not in CONFIG_SECTIONS]


def _detect_file(name: str) -> tuple[str | None, str]:
    dump = read_dump((CORPUS / name).read_bytes(), name)
    detection = detect_platform(dump.lines)
    return detection.platform, detection.reason


def _detect_text(text: str) -> tuple[str | None, str]:
    lines, _ = split_lines(text)
    detection = detect_platform(lines)
    return detection.platform, detection.reason


@pytest.mark.corpus
def test_manifest_is_read() -> None:
    assert len(CONFIGS) == 39
    assert sorted(SHOW_OUTPUTS) == [
        "huawei_vrp/ntc-display-http-server.txt",
        "huawei_vrp/ntc-display-telnet-server-status.txt",
        "huawei_vrp/ntc-display-version-5.txt",
        "nokia_sros/ntc-show-router-interface.txt",
        "zte_zxros/ntc-show-isis-adjacency.txt",
        "zte_zxros/ntc-show-version.txt",
    ]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "platform"), CONFIGS)
def test_corpus_config_is_detected_as_its_platform(name: str, platform: str) -> None:
    assert _detect_file(name)[0] == platform


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "platform"), sorted(CONFIG_SECTIONS.items()))
def test_config_section_outputs_are_configuration(name: str, platform: str) -> None:
    assert _detect_file(name)[0] == platform


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "looks_like"),
    [
        ("huawei_vrp/ntc-display-http-server.txt", "a status display"),
        ("huawei_vrp/ntc-display-telnet-server-status.txt", "a status display"),
        ("huawei_vrp/ntc-display-version-5.txt", "display version"),
        ("nokia_sros/ntc-show-router-interface.txt", "show router interface"),
        ("zte_zxros/ntc-show-isis-adjacency.txt", "a show-command table"),
        ("zte_zxros/ntc-show-version.txt", "show version"),
    ],
)
def test_show_output_is_not_a_configuration(name: str, looks_like: str) -> None:
    assert _detect_file(name) == (None, f"not a configuration: looks like {looks_like} output")


# A ZXR10 M6000 (ZXROSNG) router as 'show running-config' prints it: '!<section>' markers, '$' block ends,
# two-space indentation, and an encrypted password wrapped at 80 columns by the terminal.
ZXROS_ROUTER = """\
!<mim>
!configuration saved at 10:42:17 Tue Mar 05 2024
!last configuration change at 09:58:03 Tue Mar 05 2024 by admin
!</mim>
!<system-config>
hostname ZXR10-PE1
banner incoming #
Authorised access only. Activity on this router is logged.
#
!</system-config>
!<if-intf>
interface gei-0/1/0/1
  description to-core-01
  ip address 10.10.1.1 255.255.255.252
$
interface loopback1
  ip address 192.0.2.1 255.255.255.255
$
!</if-intf>
!<system-user>
system-user
  authorization-template 1
    bind aaa-authorization-template 2001
    local-privilege-level 15
  $
  user-name admin
    bind authorization-template 1
    password encrypted *21*Qm9yZWFsaXMgaXMgYSB0ZXN0IHN0cmluZyBmb3IgZGV2YXVkaXQgb
25seS4gTm90IGEgcmVhbCBwYXNzd29yZCBibG9iLCBqdXN0IGJhc2U2NCBwYWRkaW5nLiBEZXZhdWRpd
CB0ZXN0IGZpeHR1cmUu
  $
$
!</system-user>
!<aaa>
aaa-authorization-template 2001
  aaa-authorization-type local
$
!</aaa>
!<ssh>
ssh server enable
ssh server version 2
!</ssh>
!<snmp>
snmp-server community encrypted *31*c25tcGNvbW11bml0eWJsb2I= view AllView ro
!</snmp>
line telnet server disable
line console idle-timeout 5
"""

# A ZXR10 5950 switch on older ZXROS: no section markers, '!' separators like IOS, ZTE port names.
ZXROS_SWITCH = """\
hostname ZXR10-5950-ACC
enable secret level 15 5 JdUkg0fWg5PxYtgrNfkCbg==
!
vlan 100
  name users
!
interface gei-1/1/0/1
  description uplink-core
  switchport mode trunk
  switchport trunk vlan 100
!
interface gei-1/1/0/2
  switchport access vlan 100
  spanning-tree portfast enable
!
interface smartgroup1
  switchport mode trunk
!
interface vlan100
  ip address 10.100.0.2 255.255.255.0
!
line telnet idle-timeout 10
line telnet access-class 10
line console idle-timeout 10
snmp-server community public view AllView ro
snmp-server host 192.0.2.50 trap version 2c public
ntp server 192.0.2.123
syslog-server host 192.0.2.60
ssh server enable
ssh server version 2
username admin password ZTEpass123 privilege 15
end
"""

# A C300 GPON OLT (ZXAN) running config.
ZXAN_OLT = """\
!
hostname OLT-C300-01
!
interface gei_1/19/1
  description uplink
  hybrid-attribute fiber
  switchport mode trunk
  switchport vlan 100,200 tag
!
interface gpon-olt_1/1/1
  name PON-1
  onu 1 type ZTE-F660 sn ZTEGC0000001
!
interface gpon-onu_1/1/1:1
  name cust-0001
  tcont 1 profile 100M
  gemport 1 tcont 1
  service-port 1 vport 1 user-vlan 100 vlan 100
!
pon-onu-mng gpon-onu_1/1/1:1
  service internet gemport 1 vlan 100
!
snmp-server community public view AllView ro
line telnet idle-timeout 10
ssh server enable
!
end
"""


@pytest.mark.parametrize(
    "text", [ZXROS_ROUTER, ZXROS_SWITCH, ZXAN_OLT], ids=["zxros-router", "zxr10-switch", "c300-olt"]
)
def test_zte_is_detected_as_zte_never_as_ios(text: str) -> None:
    platform, reason = _detect_text(text)
    assert platform == "zte_zxros", reason


# Comware 5 (H3C S5120): 'user-interface vty' like VRP, but Comware's views and one-space global lines.
COMWARE5 = """\
#
 version 5.20.99, Release 1106
#
 sysname H3C-S5120-ACC1
#
 super password level 3 cipher $c$3$Hb0JzMHQ4zc1K2hTqQ==
#
 domain default enable system
#
 telnet server enable
#
 password-recovery enable
#
vlan 1
#
vlan 10
 description users
#
radius scheme system
 server-type extended
 primary authentication 127.0.0.1 1645
 primary accounting 127.0.0.1 1646
 user-name-format without-domain
#
domain system
 access-limit disable
 state active
 idle-cut disable
 self-service-url disable
#
user-group system
 group-attribute allow-guest
#
local-user admin
 password cipher $c$3$Cql0Zqn1kH1CDjbmPdkrsk3zkcQ=
 authorization-attribute level 3
 service-type ssh telnet terminal
#
interface NULL0
#
interface Vlan-interface1
 ip address 192.168.0.233 255.255.255.0
#
interface GigabitEthernet1/0/1
 port access vlan 10
#
 ip route-static 0.0.0.0 0.0.0.0 192.168.0.1
#
 snmp-agent
 snmp-agent local-engineid 800063A203000FE2153C01
 snmp-agent community read public
 snmp-agent sys-info version all
#
 ntp-service unicast-server 192.168.0.1
#
 ssh server enable
#
user-interface aux 0
 authentication-mode scheme
user-interface vty 0 4
 authentication-mode scheme
 protocol inbound ssh
#
return
"""

# VRP5 (S5700): the same 'user-interface vty' blocks, Huawei's aaa view and cipher wrappers.
VRP5 = """\
!Software Version V200R011C10SPC600
#
sysname S5700-ACC1
#
vlan batch 10 20
#
stp enable
#
aaa
 authentication-scheme default
 authorization-scheme default
 accounting-scheme default
 domain default
 domain default_admin
 local-user admin password irreversible-cipher $1a$Lk2N5$TqP0b1Zb4K$
 local-user admin privilege level 15
 local-user admin service-type telnet terminal ssh http
#
interface Vlanif10
 ip address 192.168.10.1 255.255.255.0
#
interface GigabitEthernet0/0/1
 port link-type access
 port default vlan 10
#
interface NULL0
#
snmp-agent
snmp-agent local-engineid 800007DB03F4C7148B0A31
snmp-agent community read cipher %^%#Vqc!5Jh^G0&c[B4c.l2Ov!1%^%#
snmp-agent sys-info version v2c v3
#
stelnet server enable
ssh user admin
ssh user admin authentication-type password
ssh user admin service-type stelnet
#
user-interface con 0
 authentication-mode password
 set authentication password cipher %^%#r4Y'1QmK6>)f0#G7B_W2}5H%^%#
user-interface vty 0 4
 authentication-mode aaa
 protocol inbound ssh
#
return
"""


def test_comware5_user_interface_config_is_comware() -> None:
    platform, reason = _detect_text(COMWARE5)
    assert platform == "hp_comware", reason


def test_vrp5_user_interface_config_is_vrp() -> None:
    platform, reason = _detect_text(VRP5)
    assert platform == "huawei_vrp", reason


def test_detection_reason_names_the_scores() -> None:
    platform, reason = _detect_text(VRP5)
    assert platform == "huawei_vrp"
    assert reason.startswith("huawei_vrp scored ")
    assert ", next " in reason


def test_prose_cannot_be_told() -> None:
    platform, reason = _detect_text("Dear team,\nplease find the notes attached.\nRegards\n")
    assert platform is None
    assert reason.startswith("platform cannot be told from the content")
