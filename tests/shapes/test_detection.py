"""Detection of configs that lack the usual headers, of look-alike platforms, and of close calls."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devaudit.detect import detect_platform
from devaudit.ingest import split_lines
from devaudit.models import DeviceStatus, Status
from tests.cli.support import run
from tests.shapes.support import audit, rule_ids, verdicts

# A Catalyst 2960 access switch as 'show running-config' prints it once the header lines are cut off
# (no 'version', no 'boot-start-marker', no 'Current configuration'): only line, port and L2 settings.
IOS_ACCESS_SWITCH = """\
hostname SW-ACC-3F
!
vlan 10
 name USERS
!
vlan 20
 name VOICE
!
interface GigabitEthernet0/1
 switchport access vlan 10
 switchport mode access
 spanning-tree portfast
!
interface GigabitEthernet0/2
 switchport access vlan 10
 switchport mode access
!
interface GigabitEthernet0/24
 switchport mode trunk
!
interface Vlan20
 ip address 10.20.0.5 255.255.255.0
!
ip default-gateway 10.20.0.1
snmp-server community public RO
!
line con 0
line vty 0 4
 password 7 0822455D0A16
 login
line vty 5 15
 login
!
end
"""

# A branch ISR without 'version': NAT, a numbered ACL, line settings.
IOS_BRANCH_ROUTER = """\
hostname BR-RTR-7
!
enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0
!
aaa new-model
aaa authentication login default local
!
username netops privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0
!
interface FastEthernet0/0
 description WAN
 ip address 203.0.113.2 255.255.255.252
 ip nat outside
 duplex auto
 speed auto
!
interface FastEthernet0/1
 ip address 192.168.1.1 255.255.255.0
 ip nat inside
!
ip route 0.0.0.0 0.0.0.0 203.0.113.1
ip nat inside source list 1 interface FastEthernet0/0 overload
access-list 1 permit 192.168.1.0 0.0.0.255
!
line con 0
 exec-timeout 5 0
line aux 0
line vty 0 4
 transport input ssh
!
end
"""

# An IOS XR PE without the '!! IOS XR Configuration' header and without TenGigE/MgmtEth ports.
XR_PE = """\
hostname PE-XR-01
clock timezone UTC 0
logging console informational
logging 192.0.2.50 vrf default severity info
domain name example.net
username admin
 group root-lr
 group cisco-support
 secret 10 $6$oQ2gS0$5t0bS3eHqzVbnGv0c2S9mQqL9cYt4wC1aN7bX8dF3hJ2kL6pR0sT9uV1wX3yZ5
!
interface Loopback0
 ipv4 address 10.0.0.1 255.255.255.255
!
interface GigabitEthernet0/0/0/0
 description to-core
 ipv4 address 198.51.100.1 255.255.255.252
!
interface GigabitEthernet0/0/0/1
 shutdown
!
router static
 address-family ipv4 unicast
  0.0.0.0/0 198.51.100.2
 !
!
snmp-server community public RO
ntp
 server 192.0.2.123
!
ssh server v2
end
"""

# An EOS leaf as 'show running-config' prints it, without the '! device:' line.
EOS_LEAF = """\
! Command: show running-config
!
no aaa root
!
username admin privilege 15 role network-admin secret sha512 $6$Xo7Fj2$Yt9qLk3Zp0sVb8nM4rT6wC1eH5gJ2uA7dS
!
hostname leaf1
!
spanning-tree mode mstp
!
vlan 10
   name users
!
interface Ethernet1
   switchport access vlan 10
!
interface Ethernet2
   switchport access vlan 10
!
interface Management1
   ip address 192.0.2.21/24
!
ip routing
!
end
"""


@pytest.mark.parametrize(
    ("text", "platform", "runner_up"),
    [
        (IOS_ACCESS_SWITCH, "cisco_ios", "hp_comware"),
        (IOS_BRANCH_ROUTER, "cisco_ios", "hp_comware"),
        (XR_PE, "cisco_xr", "cisco_ios"),
        (EOS_LEAF, "arista_eos", "hp_comware"),
    ],
    ids=["ios-switch-no-version", "ios-router-no-version", "xr-no-header", "eos-no-device-line"],
)
def test_configs_without_their_headers_are_detected_confidently(text: str, platform: str, runner_up: str) -> None:
    detection = detect_platform(split_lines(text)[0])
    assert (detection.platform, detection.runner_up) == (platform, runner_up), detection.reason
    assert detection.confident, detection.reason
    assert not detection.warning


def test_headerless_ios_switch_is_audited_as_ios() -> None:
    result = audit(IOS_ACCESS_SWITCH)
    assert (result.platform, result.warnings) == ("cisco_ios", ())
    assert verdicts(result)["IOS-SNMP-001"] == (Status.FAIL, (25,))
    assert verdicts(result)["IOS-MGMT-001"][0] == Status.FAIL  # vty lines accept telnet by default
    assert "IOS-L2-001" in rule_ids(result, Status.FAIL) | rule_ids(result, Status.PASS)


# FTD prints an ASA-style running configuration under an 'NGFW Version' header.
FTD = """\
: Saved

:
: Serial Number: JAD21440ABC
: Hardware:   FPR-2110, 6855 MB RAM, CPU MIPS 1200 MHz, 1 CPU (12 cores)
:
NGFW Version 6.6.1
!
hostname firepower
enable password ***** encrypted
names
no mac-address auto
!
interface Ethernet1/1
 nameif outside
 cts manual
  propagate sgt preserve-untag
  policy static sgt disabled trusted
 security-level 0
 ip address 203.0.113.10 255.255.255.0
!
interface Management1/1
 management-only
 nameif diagnostic
 security-level 0
!
ftp mode passive
ngips conn-match vlan-id
access-list CSM_FW_ACL_ remark rule-id 9998: PREFILTER POLICY: Default Tunnel and Priority Policy
access-list CSM_FW_ACL_ advanced permit ipinip any any rule-id 9998
pager lines 24
logging enable
mtu outside 1500
"""
AIREOS = """\
config sysname WLC-HQ-01
config network telnet disable
config network secureweb enable
config network webmode disable
config mgmtuser add admin ******** read-write
config paging disable
config radius auth add 1 192.0.2.30 1812 ascii ****
config wlan create 1 CORP CORP
config wlan security wpa akm 802.1x enable 1
"""
FORTIOS = """\
#config-version=FGT60F-7.2.5-FW-build1517-230606:opmode=0:vdom=0:user=admin
#conf_file_ver=84225212344761
#buildno=1517
config system global
    set admintimeout 15
    set hostname "FGT-BR-01"
    set timezone 04
end
config system interface
    edit "wan1"
        set allowaccess ping https ssh
    next
end
"""
PANOS = """\
set deviceconfig system hostname PA-EDGE-01
set deviceconfig system ip-address 192.0.2.40
set deviceconfig system login-banner "Authorised access only"
set mgt-config users admin permissions role-based superuser yes
set network interface ethernet ethernet1/1 layer3 ip 203.0.113.40/24
set zone untrust network layer3 ethernet1/1
set rulebase security rules allow-dns from trust to untrust application dns action allow
"""


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (FTD, "Cisco Firepower Threat Defense (FTD)"),
        (AIREOS, "Cisco Wireless LAN Controller (AireOS)"),
        (FORTIOS, "Fortinet FortiGate (FortiOS)"),
        (PANOS, "Palo Alto Networks (PAN-OS)"),
    ],
    ids=["ftd", "aireos", "fortios", "panos"],
)
def test_lookalike_platforms_are_reported_as_not_supported(text: str, name: str) -> None:
    detection = detect_platform(split_lines(text)[0])
    assert (detection.platform, detection.reason) == (None, f"{name} configuration: not supported")
    assert detection.confidence == 1.0  # a configuration for certain: a directory walk reports it
    result = audit(text)
    assert (result.status, result.error, result.findings) == (
        DeviceStatus.ERROR,
        f"{name} configuration: not supported",
        (),
    )


def test_ftd_without_its_header_lines_is_still_an_asa_lookalike_by_its_hardware_line() -> None:
    text = FTD.replace("NGFW Version 6.6.1\n", "")
    assert detect_platform(split_lines(text)[0]).reason == (
        "Cisco Firepower Threat Defense (FTD) configuration: not supported"
    )


# VRP and Comware share '#' separators, 'sysname', 'info-center' and 'snmp-agent'; only 'ntp-service'
# tips this one towards VRP: a close call.
CLOSE_CALL = """\
#
sysname CORE-SW2
#
info-center loghost 192.0.2.50
#
ntp-service unicast-server 192.0.2.123
#
snmp-agent
snmp-agent sys-info version v3
#
interface GigabitEthernet1/0/1
 port link-type trunk
#
return
"""


def test_close_call_is_audited_as_the_best_with_a_warning_naming_the_runner_up() -> None:
    detection = detect_platform(split_lines(CLOSE_CALL)[0])
    assert (detection.platform, detection.score, detection.margin, detection.runner_up) == (
        "huawei_vrp",
        14,
        3,
        "hp_comware",
    )
    assert detection.close and not detection.confident
    result = audit(CLOSE_CALL)
    assert result.platform == "huawei_vrp"
    assert result.warnings == (
        "platform detection was a close call: audited as huawei_vrp (14 points), ahead of hp_comware "
        "(11 points); if this is a hp_comware configuration, audit it with --platform hp_comware",
    )
    assert result.findings


def test_platform_option_settles_a_close_call() -> None:
    result = audit(CLOSE_CALL, platform="hp_comware")
    assert (result.platform, result.platform_reason, result.warnings) == (
        "hp_comware",
        "given with --platform",
        (),
    )
    assert {f.rule_id[:3] for f in result.findings} == {"CMW"}


def test_a_tie_is_not_audited_and_names_the_option() -> None:
    detection = detect_platform(split_lines("#\nsysname R1\n#\nsnmp-agent\n#\nreturn\n")[0])
    assert detection.platform is None
    assert detection.reason == (
        "platform is ambiguous: huawei_vrp and hp_comware both scored 7; name it with --platform"
    )


def test_lookalike_in_a_walked_directory_is_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "fw-dmz-01.txt").write_text(FTD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Dear team,\nplease find the notes attached.\nRegards\n", encoding="utf-8")
    code, out, _ = run("audit", str(tmp_path), "-f", "json")
    (device,) = json.loads(out)["devices"]
    assert (device["source"].endswith("fw-dmz-01.txt"), device["status"], device["error"]) == (
        True,
        "ERROR",
        "Cisco Firepower Threat Defense (FTD) configuration: not supported",
    )
    assert code == 3
