"""The zte_zxros pack on realistic ZXROS text (the corpus has no ZTE configuration, only show outputs).

The configs below follow what ZXR10 M6000 / ZXCTN 6120H (ZXROSNG) and ZXA10 OLTs print: '!<section>' ...
'!</section>' markers, '$' block ends, 2-space children, lines wrapped at 80 columns. Every assertion
names exact rule IDs, statuses and evidence line numbers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from devaudit.engine.loader import Baseline, load_baseline
from devaudit.ingest import split_lines
from devaudit.models import DeviceResult, Status
from devaudit.parsers import parse
from devaudit.runner import AuditOptions, audit_bytes
from mocks import bundled_config
from tests.conftest import corpus_file

BASELINES = Path(__file__).resolve().parents[2] / "baselines"
SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus" / "zte_zxros"

CORE = frozenset(
    {
        "ZTE-MGMT-001",
        "ZTE-MGMT-002",
        "ZTE-MGMT-003",
        "ZTE-MGMT-005",
        "ZTE-MGMT-008",
        "ZTE-ACC-001",
        "ZTE-SNMP-001",
        "ZTE-SNMP-002",
        "ZTE-SNMP-003",
        "ZTE-LOG-001",
        "ZTE-NTP-001",
        "ZTE-AAA-002",
    }
)
CATALOGUE = frozenset(
    {f"ZTE-MGMT-{n:03d}" for n in range(1, 11)}
    | {f"ZTE-AAA-{n:03d}" for n in range(1, 4)}
    | {f"ZTE-ACC-{n:03d}" for n in range(1, 6)}
    | {f"ZTE-SNMP-{n:03d}" for n in range(1, 6)}
    | {f"ZTE-LOG-{n:03d}" for n in range(1, 4)}
    | {"ZTE-NTP-001", "ZTE-NTP-002", "ZTE-CP-001", "ZTE-CP-002", "ZTE-DP-001", "ZTE-DP-002"}
)

GUARDS = frozenset({"ZTE-MGMT-011"})  # lockout guard: SSH stays enabled when Telnet is disabled

# Hardening beyond the catalogue rows (issue 16): management, accounts/AAA, routing, forwarding, monitoring, OLT.
HARDENING = frozenset(
    {f"ZTE-MGMT-{n:03d}" for n in range(12, 17)}
    | {"ZTE-SVC-001", "ZTE-SVC-002"}
    | {f"ZTE-ACC-{n:03d}" for n in range(6, 10)}
    | {f"ZTE-AAA-{n:03d}" for n in range(4, 9)}
    | {f"ZTE-CP-{n:03d}" for n in range(3, 12)}
    | {f"ZTE-DP-{n:03d}" for n in range(3, 9)}
    | {f"ZTE-SNMP-{n:03d}" for n in range(6, 11)}
    | {"ZTE-NTP-003", "ZTE-NTP-004", "ZTE-LOG-004"}
    | {f"ZTE-OLT-{n:03d}" for n in range(1, 16)}
)
OLT = frozenset(r for r in HARDENING if r.startswith("ZTE-OLT-"))


@cache
def pack() -> Baseline:
    """Only this platform's pack (plus the shared variables): other packs cannot break these tests."""
    return load_baseline([BASELINES / "common.yaml", BASELINES / "zte_zxros"])


def audit(text: str, role: str = "", detect: bool = False) -> DeviceResult:
    options = AuditOptions(role=role) if detect else AuditOptions(platform="zte_zxros", role=role)
    result = audit_bytes(text.encode(), "zte.cfg", pack(), options)
    assert not result.error, result.error
    assert result.platform == "zte_zxros"
    assert len(result.findings) == len(pack().rules) == len(CATALOGUE) + len(GUARDS) + len(HARDENING)
    return result


def statuses(result: DeviceResult) -> dict[str, Status]:
    return {f.rule_id: f.status for f in result.findings}


def failed(result: DeviceResult) -> set[str]:
    return {f.rule_id for f in result.findings if f.status is Status.FAIL}


def evidence(result: DeviceResult, rule_id: str) -> list[int]:
    finding = next(f for f in result.findings if f.rule_id == rule_id)
    return [e.line for e in finding.evidence]


def test_pack_has_every_catalogue_control() -> None:
    ids = {compiled.rule.id for compiled in pack().rules}
    assert ids == CATALOGUE | GUARDS | HARDENING
    assert len(CATALOGUE) == 32
    assert len(ids) == 87  # issue 16: at least 85 for ZXROS/ZXROSNG routers and switches and ZXA10 OLTs
    assert ids >= CORE
    assert {compiled.rule.id for compiled in pack().rules if compiled.rule.guard} == GUARDS


def test_guard_catches_telnet_disabled_without_ssh() -> None:
    result = audit("line telnet server disable\nline telnet idle-timeout 5\n")
    assert statuses(result)["ZTE-MGMT-011"] is Status.FAIL
    assert evidence(result, "ZTE-MGMT-011") == [1]
    assert statuses(result)["ZTE-MGMT-001"] is Status.PASS


# --------------------------------------------------------------------------- ZXR10 M6000, hardened

M6000_HARDENED = """\
ZXR10#show running-config
Building configuration...
!<mim>
!configuration saved at 10:21:33 Tue Mar 11 2025
!last configuration change at 10:20:01 Tue Mar 11 2025 by breakglass
!</mim>
!<system-config>
hostname PE-SAO-01
banner incoming #
Authorized access only. All activity is monitored and logged.
#
!</system-config>
!<if-intf>
interface loopback100
  description MGMT
  ip address 10.255.0.1 255.255.255.255
$
interface xgei-0/1/0/1
  description TO-P-RJO-01
  ip address 10.1.1.1 255.255.255.252
  ip verify unicast source reachable-via rx
  no shutdown
$
interface xgei-0/1/0/2
  shutdown
$
interface xgei-0/1/0/3
$
!</if-intf>
!<clock-mgr>
clock timezone BRZ -3
!</clock-mgr>
!<acl>
ipv4-access-list 120
  rule 10 permit ip 10.0.10.0 0.0.0.255 any
  rule 1000 deny any
$
ipv4-access-list 1301
  rule 5 permit 10.0.20.60 0.0.0.0
  rule 500 deny any
$
ipv4-access-list NTP
  rule 5 permit 10.0.30.1 0.0.0.0
  rule 10 permit 10.0.31.1 0.0.0.0
  rule 500 deny any
$
!</acl>
!<system-user>
login block 900 attempts 3 within 120
login on-failure alarm
system-user
  authorization-template 127
    bind aaa-authorization-template 2020
    local-privilege-level 15
    login-type-allowed console ssh
    login-sametime-max 3
  $
  authentication-template 127
    bind aaa-authentication-template 2020
  $
  global-user-aging day 90
  user-authen-restriction fail-time 3 lock-minute 15
  strong-password length 15 character-set-num 3
  strong-password username-related-chk substring inverse
  user-name breakglass
    bind authentication-template 127
    bind authorization-template 127
    password encrypted *21*Cd9FBNz0tjJfcP3wUqcjfVKnI31SpyN9UqcjffPT8eVs3oJf4twUS
EnvYlmNAbXJqa3a2xEbSY7NWT9jfjIKtZzxfbErkSS6HjSRFdwzmXP9lRWsquH9TSPAQ9TUgprMGTJ7c
ew9AdE+v57z
  $
$
!</system-user>
!<ntp>
ntp enable
ntp authenticate
ntp source interface loopback100
ntp access-group ipv4-access-list NTP
ntp authentication-key 6 md5 encrypted *31*k2VnJ5WJzq0V3dZp9cE4xQ==
ntp trusted-key 6
ntp server 10.0.30.1 priority 1 key 6
ntp server 10.0.31.1 priority 2 key 6
!</ntp>
!<tacacs>
tacacs enable
tacacs-client source-interface loopback100
tacacs-server host 10.0.0.11 key encrypted *31*m8KkSd3Wq0rN6Z1bXyTc4g==
tacacs-server host 10.0.1.11 key encrypted *31*m8KkSd3Wq0rN6Z1bXyTc4g==
tacplus group-server TACGRP
  server 10.0.0.11
  server 10.0.1.11
$
!</tacacs>
!<aaa>
aaa-authentication-template 2020
  aaa-authentication-type tacacs-local
  authentication-tacacs-group TACGRP
$
aaa-authorization-template 2020
  aaa-authorization-type tacacs-local
  authorization-tacacs-group TACGRP
$
aaa-accounting-template 2020
  aaa-accounting-type tacacs
  accounting-tacacs-group TACGRP
$
!</aaa>
!<dcn>
dcn
  dcn disable
$
!</dcn>
!<ssh>
ssh server enable
ssh server version 2
ssh server encryption none disable
ssh server hmac none disable
ssh server access-class ipv4 120
!</ssh>
!<snmp>
snmp-server version v3 enable
snmp-server group NMS v3 priv read AllView
snmp-server user nmsuser NMS v3 encrypted auth sha *31*Qm9vK2JxZ3Rr priv aes128 *31*Vm9wN2Z4YnRw
snmp-server trap-source interface loopback100
snmp-server enable trap
snmp-server host 10.0.20.60 trap version 3 priv nmsuser udp-port 162
!</snmp>
!<netconf>
snetconf server enable
netconf agent enable
!</netconf>
!<alarm>
logging file default cmdlog
  buffer 1000
$
logging trap-enable informational
syslog level informational
syslog-server host 10.0.40.50
syslog-server host 10.0.41.50
syslog-server source interface loopback100
!</alarm>
!<line>
line console idle-timeout 5
line console absolute-timeout 30
line telnet server disable
line telnet idle-timeout 5
line telnet absolute-timeout 120
!</line>
!<ospf>
router ospf 1
  router-id 10.255.0.1
  passive-interface default
  passive-interface xgei-0/1/0/1 disable
  area 0.0.0.0
    authentication message-digest
    interface loopback100
    $
    interface xgei-0/1/0/1
      network point-to-point
      message-digest-key 1 md5 encrypted *31*Hk3pQ9xZ2v
    $
  $
$
!</ospf>
!<bgp>
router bgp 65000
  bgp router-id 10.255.0.1
  bgp log-neighbor-changes
  neighbor RR peer-group
  neighbor RR remote-as 65000
  neighbor RR update-source loopback100
  neighbor RR password encrypted *31*Jq8nR2tX5w
  neighbor 10.255.0.2 peer-group RR
  neighbor 10.255.0.3 peer-group RR
  address-family vpnv4
    neighbor RR activate
  $
$
!</bgp>
end
"""


def test_hardened_m6000_fails_nothing() -> None:
    result = audit(M6000_HARDENED, detect=True)
    assert failed(result) == set(), [(f.rule_id, f.reason) for f in result.findings if f.status is Status.FAIL]
    got = statuses(result)
    assert {r for r, s in got.items() if s is Status.PASS} >= CORE - {"ZTE-SNMP-001", "ZTE-SNMP-002", "ZTE-SNMP-003"}
    assert {r for r, s in got.items() if s is Status.NOT_APPLICABLE} == OLT | {
        "ZTE-SNMP-001", "ZTE-SNMP-002", "ZTE-SNMP-003", "ZTE-DP-002",
        # nothing to check on this router: no ZXAN users, IS-IS, LDP, eBGP, RIP, interface ACL, IPv6
        "ZTE-ACC-008", "ZTE-CP-003", "ZTE-CP-004", "ZTE-CP-005", "ZTE-CP-006", "ZTE-CP-008", "ZTE-DP-003",
        "ZTE-MGMT-013",
        # not an access device or perimeter; Telnet is off; no mgmt_eth port (so no management VRF)
        "ZTE-DP-006", "ZTE-DP-007", "ZTE-SVC-001", "ZTE-CP-011", "ZTE-MGMT-012", "ZTE-MGMT-015", "ZTE-LOG-004",
    }  # fmt: skip
    # The wrapped 'password encrypted' blob is one statement, on the line where it starts.
    assert evidence(result, "ZTE-ACC-001") == [65, 68]  # the user-name block and its password line


def test_hardened_m6000_as_perimeter_checks_urpf() -> None:
    result = audit(M6000_HARDENED, role="perimeter")
    assert statuses(result)["ZTE-DP-002"] is Status.PASS
    assert evidence(result, "ZTE-DP-002") == [21]
    without = audit(M6000_HARDENED.replace("  ip verify unicast source reachable-via rx\n", ""), role="perimeter")
    assert failed(without) == {"ZTE-DP-002"}


def test_simulator_hardened_config_fails_nothing() -> None:
    result = audit(bundled_config("zte_zxros", "hardened"), detect=True)
    assert failed(result) == set(), [(f.rule_id, f.reason) for f in result.findings if f.status is Status.FAIL]
    got = statuses(result)
    assert {r for r, s in got.items() if s is Status.PASS} >= CORE - {"ZTE-SNMP-001", "ZTE-SNMP-002", "ZTE-SNMP-003"}
    for rule_id in ("ZTE-MGMT-015", "ZTE-LOG-004", "ZTE-SNMP-006", "ZTE-SNMP-009", "ZTE-CP-009", "ZTE-CP-010"):
        assert got[rule_id] is Status.PASS, rule_id


def test_simulator_insecure_config_fails_its_hardening_rules() -> None:
    result = audit(bundled_config("zte_zxros", "insecure"), detect=True)
    assert failed(result) & HARDENING == {
        "ZTE-AAA-004", "ZTE-ACC-006", "ZTE-MGMT-012", "ZTE-MGMT-015", "ZTE-SNMP-009", "ZTE-CP-007", "ZTE-CP-009",
    }  # fmt: skip
    assert evidence(result, "ZTE-AAA-004") == [101]  # 'key Tac4cs-Sh4red' in clear
    assert evidence(result, "ZTE-SNMP-009") == [130]  # trap host 'version 2c'
    assert evidence(result, "ZTE-MGMT-015") == [40]  # mgmt_eth in the global table
    assert evidence(result, "ZTE-CP-007") == [136]  # router ospf 1 without passive-interface default


# --------------------------------------------------------------------------- ZXCTN 6120H, cell-site router

CTN_6120H = """\
!<mim>
!configuration saved at 02:14:51 Wed Jan 15 2025
!last configuration change at 02:14:40 Wed Jan 15 2025 by claroadmin
!</mim>
!<system-config>
hostname RS-POA-CSG-0101
banner incoming #
VOCE ESTA EM : RS-POA-CSG-0101
#
!</system-config>
!<if-intf>
interface loopback100
  description Loopback de Roteamento
  ip address 10.150.7.21 255.255.255.255
$
interface xgei-1/1/0/1
  description TO-AGG-01
  mtu 9000
  ip address 10.150.8.1 255.255.255.252
  no shutdown
$
interface xgei-1/1/0/5
  no shutdown
$
!</if-intf>
!<acl>
ipv4-access-list 120
  rule 5 permit ip 192.168.32.247 0.0.0.0 any
  rule 10 permit ip 10.0.55.0 0.255.0.255 any
  rule 1000 deny any
$
ipv4-access-list 1301
  rule 5 permit 192.168.32.247 0.0.0.0
  rule 500 deny any
$
!</acl>
!<system-user>
system-user
  authorization-template 127
    bind aaa-authorization-template 2020
    local-privilege-level 15
    login-type-allowed console ssh ftp
    login-sametime-max 60
  $
  authentication-template 127
    bind aaa-authentication-template 2020
  $
  strong-password check disable
  user-authen-restriction fail-time 5 lock-minute 5
  user-name claroadmin
    bind authentication-template 127
    bind authorization-template 127
    password claroadmin@1q2w3e
  $
$
!</system-user>
!<ntp>
ntp enable
ntp authenticate
ntp source interface loopback100
ntp authentication-key 6 md5 encrypted *31*k2VnJ5WJzq0V3dZp9cE4xQ==
ntp trusted-key 6
ntp server 10.108.64.242 priority 1 key 6
ntp server 10.129.64.242 priority 2 key 6
!</ntp>
!<tacacs>
tacacs enable
tacacs-client source-interface loopback100
tacacs-server host 10.129.199.25 key encrypted *31*m8KkSd3Wq0rN6Z1bXyTc4g==
tacacs-server host 10.108.199.25 key encrypted *31*m8KkSd3Wq0rN6Z1bXyTc4g==
tacplus group-server ACSCLARO
  server 10.129.199.25
  server 10.108.199.25
$
!</tacacs>
!<aaa>
aaa-authentication-template 2020
  aaa-authentication-type tacacs-local
  authentication-tacacs-group ACSCLARO
$
aaa-authorization-template 2020
  aaa-authorization-type tacacs-local
  authorization-tacacs-group ACSCLARO
$
aaa-accounting-template 2020
  aaa-accounting-type tacacs
  accounting-tacacs-group ACSCLARO
$
!</aaa>
!<ssh>
ssh server enable
ssh server version 2
ssh server encryption none disable
ssh server hmac none disable
ssh server access-class ipv4 120
!</ssh>
!<snmp>
snmp-server trap-source interface loopback100
snmp-server version v2c enable
snmp-server community CLAROIPRAN showclear view AllView ro ipv4-access-list 1301
snmp-server community ZENICONE showclear view AllView ro
snmp-server host 10.129.72.179 trap version 2c ZENICONE showclear udp-port 162
!</snmp>
!<alarm>
login on-failure alarm
logging trap-enable informational
syslog level warnings
syslog-server host 10.221.199.31
syslog-server host 200.255.124.9
syslog-server source interface loopback100
!</alarm>
!<line>
line console absolute-timeout 30
line console idle-timeout 5
line telnet server disable
line telnet absolute-timeout 0
line telnet idle-timeout 5
!</line>
!<bgp>
router bgp 65000
  neighbor CSG-AGG peer-group
  neighbor CSG-AGG remote-as 65000
  neighbor CSG-AGG password encrypted *31*Jq8nR2tX5w
  neighbor 10.150.7.1 peer-group CSG-AGG
  neighbor 10.150.7.2 peer-group CSG-AGG
$
!</bgp>
"""


def test_ctn_6120h_exact_failures_and_evidence() -> None:
    result = audit(CTN_6120H)
    assert failed(result) & CORE == {"ZTE-MGMT-005", "ZTE-ACC-001", "ZTE-SNMP-002", "ZTE-SNMP-003"}
    assert failed(result) == {
        "ZTE-MGMT-005", "ZTE-ACC-001", "ZTE-SNMP-002", "ZTE-SNMP-003",
        "ZTE-MGMT-006", "ZTE-MGMT-007", "ZTE-MGMT-009", "ZTE-ACC-002", "ZTE-ACC-003", "ZTE-ACC-004",
        "ZTE-SNMP-004", "ZTE-LOG-002", "ZTE-LOG-003", "ZTE-NTP-002", "ZTE-DP-001",
        "ZTE-ACC-006", "ZTE-CP-009", "ZTE-SNMP-009", "ZTE-SNMP-010",
    }  # fmt: skip
    assert evidence(result, "ZTE-CP-009") == [120]  # router bgp 65000 without bgp log-neighbor-changes
    assert evidence(result, "ZTE-SNMP-009") == [102]  # trap host 'version 2c'
    assert evidence(result, "ZTE-MGMT-005") == [116]  # line telnet absolute-timeout 0
    assert evidence(result, "ZTE-ACC-001") == [50, 53]  # user-name claroadmin, password claroadmin@1q2w3e
    assert evidence(result, "ZTE-SNMP-002") == [101]  # community without ipv4-access-list
    assert evidence(result, "ZTE-SNMP-003") == [100, 101, 102]  # showclear communities and trap host
    assert evidence(result, "ZTE-MGMT-006") == [39, 42]  # template 127 (context), 'console ssh ftp'
    assert evidence(result, "ZTE-MGMT-007") == [39, 43]  # template 127 (context), 'login-sametime-max 60'
    assert evidence(result, "ZTE-ACC-002") == [48]  # strong-password check disable
    assert evidence(result, "ZTE-ACC-003") == [49]  # fail-time 5 lock-minute 5
    assert evidence(result, "ZTE-SNMP-004") == [99]  # snmp-server version v2c enable
    assert evidence(result, "ZTE-LOG-002") == [107]  # syslog level warnings
    assert evidence(result, "ZTE-DP-001") == [22, 23]  # interface xgei-1/1/0/5 and its 'no shutdown', nothing else
    assert statuses(result)["ZTE-CP-002"] is Status.PASS  # both neighbors inherit the peer-group password
    assert statuses(result)["ZTE-CP-001"] is Status.NOT_APPLICABLE


# --------------------------------------------------------------------------- ZXA10 C620 OLT (ZXROSNG style)

OLT_C620 = """\
!<mim>
!configuration has not been saved since system starting
!last configuration change at 20:37:10 Mon Nov 17 2025 by NULL
!</mim>
!<system-config>
hostname OLT-LVIV-01
banner incoming #
Support: noc@example.net
#
!</system-config>
!<if-intf>
interface gpon_olt-1/1/1
$
interface xgei-1/4/1
  description Uplink
  no shutdown
$
interface xgei-1/4/2
$
interface mgmt_eth
  ip address 172.17.13.100 255.255.0.0
$
!</if-intf>
!<clock-mgr>
clock timezone KIEV 3
!</clock-mgr>
!<system-user>
login block 900 attempts 30 within 120
login on-failure alarm
system-user
  authorization-template 1
    bind aaa-authorization-template 2001
    local-privilege-level 15
  $
  authentication-template 1
    bind aaa-authentication-template 2001
  $
  global-user-aging day 90
  user-authen-restriction fail-time 10 lock-minute 15
  user-name service
    bind authentication-template 1
    bind authorization-template 1
    password encrypted *21*Cd9FBNz0tjJfcP3wUqcjfVKnI31SpyN9UqcjffPT8eVs3oJf4twUS
EnvYlmNAbXJqa3a2xEbSY7NWT9jfjIKtZzxfbErkSS6HjSRFdwzmXP9lRWsquH9TSPAQ9TUgprMGTJ7c
ew9AdE+v57z
  $
  user-name zte
    once-password
    bind authentication-template 1
    bind authorization-template 1
    password encrypted *21*Cd9FBNz0tjJfcP3wGK1oIRitaCEYrWghGK1oIWgEhNYkFvy7mdWXv
oUGtPahwEXyqkRJ2W4fEbAyTxUOOjfdyIFSQWzMVKencKo3w3j6h5q9GSxPdPxzBrZbfFf02OCFdTP+u
5OQpzPFn82l
  $
  strong-username min-len 3
  strong-password length 8 character-set-num 3
  strong-password check disable
$
!</system-user>
!<ntp>
ntp enable
ntp server 10.1.2.1 priority 1
!</ntp>
!<aaa>
aaa-authentication-template 2001
  aaa-authentication-type local
$
aaa-authorization-template 2001
  aaa-authorization-type local
$
!</aaa>
!<ssh>
ssh server enable
!</ssh>
!<alarm>
logging file default cmdlog
  buffer 1000
$
!</alarm>
!<snmp>
snmp-server community encrypted *31*RNZdUtVWwH0DwdHkGmYSMhpmEjIaZhIyGmYSMqvXYv2q
Bl3JaaQ4tKNvsOvR1MLTx4fAfLuBZnnwSlKBT1p3TBOUoqobCClcVUblDQ== view AllView rw
snmp-server enable inform system
snmp-server version v2c enable
!</snmp>
!<MSAN>
interface xgei-1/4/1
  switchport mode trunk
  switchport vlan 311-314,360 tag
$
interface xgei-1/4/2
  switchport mode trunk
$
ip dhcp snooping enable
ip dhcp snooping vlan 311
!</MSAN>
"""


def test_olt_c620_exact_failures_and_evidence() -> None:
    result = audit(OLT_C620, detect=True)
    assert failed(result) & CORE == {
        "ZTE-MGMT-001", "ZTE-MGMT-002", "ZTE-MGMT-003", "ZTE-MGMT-005", "ZTE-SNMP-001", "ZTE-SNMP-002",
        "ZTE-LOG-001", "ZTE-NTP-001", "ZTE-AAA-002",
    }  # fmt: skip
    assert failed(result) - CORE == {
        "ZTE-AAA-001", "ZTE-AAA-003", "ZTE-ACC-002", "ZTE-ACC-003", "ZTE-ACC-005", "ZTE-LOG-002", "ZTE-MGMT-004",
        "ZTE-MGMT-006", "ZTE-MGMT-007", "ZTE-NTP-002", "ZTE-SNMP-004", "ZTE-SNMP-005",
        "ZTE-ACC-006", "ZTE-DP-007", "ZTE-MGMT-012", "ZTE-OLT-015",
    }  # fmt: skip
    got = statuses(result)
    assert got["ZTE-MGMT-015"] is Status.NOT_APPLICABLE  # an OLT's mgmt_eth is out of band by design
    assert got["ZTE-DP-006"] is Status.PASS  # 'ip dhcp snooping enable' and a snooped VLAN
    assert got["ZTE-OLT-001"] is Status.NOT_APPLICABLE  # no ONU registered in this excerpt
    assert got["ZTE-OLT-013"] is Status.NOT_APPLICABLE  # no gemport on the ONU interface
    assert got["ZTE-MGMT-009"] is Status.NOT_APPLICABLE  # PON interfaces: an OLT has no DCN
    assert got["ZTE-MGMT-008"] is Status.PASS  # banner incoming
    assert got["ZTE-ACC-001"] is Status.PASS  # both wrapped passwords are 'encrypted'
    assert got["ZTE-SNMP-003"] is Status.PASS  # the community is stored encrypted
    assert evidence(result, "ZTE-ACC-001") == [40, 43, 47, 51]  # user-name blocks; each wrapped blob on its first line
    assert evidence(result, "ZTE-SNMP-001") == [81]  # the wrapped 'view AllView rw' community
    assert evidence(result, "ZTE-SNMP-002") == [81]
    assert evidence(result, "ZTE-AAA-002") == [36, 66]  # binding (context), 'aaa-authentication-type local'
    assert evidence(result, "ZTE-ACC-005") == [40, 47]  # two local users, one of them 'zte'
    assert evidence(result, "ZTE-ACC-003") == [28, 39]  # attempts 30, fail-time 10
    assert evidence(result, "ZTE-ACC-002") == [56, 57]  # length 8, check disable
    assert got["ZTE-DP-001"] is Status.PASS  # xgei-1/4/1 is described and trunked
    assert got["ZTE-ACC-004"] is Status.PASS


# --------------------------------------------------------------------------- ZXAN C320 (classic ZXAN CLI)

ZXAN_C320 = """\
ZXAN#show running-config
Building configuration...
config-version 2.1
!
interface mng1
  ip address 136.1.1.100 255.255.0.0
!
interface gpon-olt_1/1/1
  no shutdown
  linktrap disable
!
interface gei_1/4/1
  no shutdown
  hybrid-attribute fiber
  negotiation auto
  switchport mode trunk
  switchport vlan 1,11-19 tag
!
interface gei_1/4/3
  no shutdown
  hybrid-attribute copper
  negotiation auto
!
version V4.8.35
!
hostname ZXAN
!
enable secret level 15 5 RcMLuUKvnFZX9kNAV6A/UA==
!
service password-encryption
!
username oltcloud password  7 5U3sresLuvB2I+t5+C7zXA== privilege 15
username oltcloud enable
username pwd-expire-day 90
!
user-authentication-type local
user-authorization-type local
!
banner incoming @
Welcome to ZXAN
@
!
snmp-server community oltcloud view AllView rw
snmp-server view AllView 1.3 included
!
no ftp-server enable listen 21
!
logging cmdlog enable
syslog facility local0
syslog severity 6
line console idle-timeout 15
line console absolute-timeout 1440
line telnet idle-timeout 15
line telnet absolute-timeout 1440
!
ssh server enable
no ssh server only
ssh server version 2
!
tacacs disable
!
end
ZXAN#
"""


def test_zxan_c320_exact_failures_and_evidence() -> None:
    result = audit(ZXAN_C320, detect=True)
    assert failed(result) & CORE == {
        "ZTE-MGMT-001", "ZTE-MGMT-003", "ZTE-MGMT-005", "ZTE-SNMP-002", "ZTE-SNMP-003", "ZTE-LOG-001",
        "ZTE-NTP-001", "ZTE-AAA-002", "ZTE-SNMP-001",
    }  # fmt: skip
    assert failed(result) - CORE == {
        "ZTE-AAA-001", "ZTE-AAA-003", "ZTE-ACC-002", "ZTE-ACC-003", "ZTE-DP-001", "ZTE-LOG-003", "ZTE-MGMT-004",
        "ZTE-SNMP-004", "ZTE-SNMP-005",
        "ZTE-DP-006", "ZTE-DP-007", "ZTE-DP-008", "ZTE-MGMT-012", "ZTE-OLT-015", "ZTE-SNMP-010",
    }  # fmt: skip
    assert evidence(result, "ZTE-DP-008") == [17]  # 'switchport vlan 1,11-19 tag'
    assert statuses(result)["ZTE-ACC-007"] is Status.PASS  # 'enable secret level 15 5 ...'
    assert statuses(result)["ZTE-ACC-008"] is Status.PASS  # 'service password-encryption'
    got = statuses(result)
    assert got["ZTE-ACC-001"] is Status.PASS  # 'password 7' is stored encrypted
    assert got["ZTE-ACC-004"] is Status.PASS  # 'username pwd-expire-day 90'
    assert got["ZTE-MGMT-002"] is Status.PASS
    assert got["ZTE-LOG-002"] is Status.PASS  # 'syslog severity 6' is informational
    assert got["ZTE-MGMT-010"] is Status.PASS  # 'no ftp-server enable'
    assert got["ZTE-MGMT-009"] is Status.NOT_APPLICABLE  # an OLT (PON interfaces) has no DCN
    assert evidence(result, "ZTE-SNMP-001") == [43]  # community oltcloud ... rw
    assert evidence(result, "ZTE-MGMT-005") == [51, 53]  # idle-timeout 15 on console and telnet
    assert evidence(result, "ZTE-DP-001") == [19, 20]  # interface gei_1/4/3 up with nothing configured
    assert evidence(result, "ZTE-ACC-001") == [32]


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("username noc password 0 Noc#2024 privilege 15", Status.FAIL),
        ("username noc password Noc#2024 privilege 15", Status.FAIL),
        ("username noc password 7 5U3sresLuvB2I+t5+C7zXA== privilege 15", Status.PASS),
    ],
)
def test_zxan_username_password_types(line: str, status: Status) -> None:
    assert statuses(audit(f"hostname ZXAN\n{line}\n"))["ZTE-ACC-001"] is status


# --------------------------------------------------------------------------- ZXA10 C600 OLT, hardened (ZXROSNG style)

C600_HARDENED = """\
!<mim>
!configuration saved at 08:12:40 Mon Nov 17 2025 by write zdb
!last configuration change at 08:12:31 Mon Nov 17 2025 by breakglass
!</mim>
!<system-config>
hostname OLT-C600-KYIV-01
banner incoming #
Authorized access only. All activity is monitored and logged.
#
!</system-config>
!<if-intf>
interface gpon_olt-1/1/1
$
interface gpon_onu-1/1/1:1
$
interface vport-1/1/1.1:1
$
interface xgei-1/4/1
  description Uplink to AGG-01
  no shutdown
$
interface xgei-1/4/2
$
interface mgmt_eth
  ip address 172.17.13.100 255.255.0.0
$
interface vlan360
  ip address 10.36.0.10 255.255.255.0
$
!</if-intf>
!<clock-mgr>
clock timezone KIEV 2
!</clock-mgr>
!<acl>
ipv4-access-list 120
  rule 10 permit ip 172.17.0.0 0.0.255.255 any
  rule 1000 deny any
$
ipv4-access-list NTP
  rule 5 permit 172.17.1.1 0.0.0.0
  rule 10 permit 172.17.1.2 0.0.0.0
  rule 500 deny any
$
!</acl>
!<system-user>
login block 900 attempts 3 within 120
login on-failure alarm
system-user
  authorization-template 127
    bind aaa-authorization-template 2020
    local-privilege-level 15
    login-type-allowed console ssh
    login-sametime-max 3
  $
  authentication-template 127
    bind aaa-authentication-template 2020
  $
  global-user-aging day 90
  user-authen-restriction fail-time 3 lock-minute 15
  user-name breakglass
    bind authentication-template 127
    bind authorization-template 127
    password encrypted *21*Cd9FBNz0tjJfcP3wUqcjfVKnI31SpyN9UqcjffPT8eVs3oJf4twUS
EnvYlmNAbXJqa3a2xEbSY7NWT9jfjIKtZzxfbErkSS6HjSRFdwzmXP9lRWsquH9TSPAQ9TUgprMGTJ7c
ew9AdE+v57z
  $
  strong-password length 15 character-set-num 3
  strong-password username-related-chk substring inverse
$
!</system-user>
!<ntp>
ntp enable
ntp authenticate
ntp source interface mgmt_eth
ntp access-group ipv4-access-list NTP
ntp authentication-key 6 md5 encrypted *31*k2VnJ5WJzq0V3dZp9cE4xQ==
ntp trusted-key 6
ntp server 172.17.1.1 priority 1 key 6
ntp server 172.17.1.2 priority 2 key 6
!</ntp>
!<tacacs>
tacacs enable
tacacs-client source-interface mgmt_eth
tacacs-server timeout 5
tacacs-server host 172.17.2.11 key encrypted *31*m8KkSd3Wq0rN6Z1bXyTc4g==
tacacs-server host 172.17.2.12 key encrypted *31*m8KkSd3Wq0rN6Z1bXyTc4g==
tacplus group-server TACGRP
  server 172.17.2.11
  server 172.17.2.12
$
!</tacacs>
!<aaa>
aaa-authentication-template 2020
  aaa-authentication-type tacacs-local
  authentication-tacacs-group TACGRP
$
aaa-authorization-template 2020
  aaa-authorization-type tacacs-local
  authorization-tacacs-group TACGRP
$
aaa-accounting-template 2020
  aaa-accounting-type tacacs
  accounting-tacacs-group TACGRP
$
!</aaa>
!<line>
line console idle-timeout 5
line console absolute-timeout 30
line telnet server disable
line telnet idle-timeout 5
line telnet absolute-timeout 60
!</line>
!<ssh>
ssh server enable
ssh server version 2
ssh server encryption none disable
ssh server hmac none disable
ssh server access-class ipv4 120
!</ssh>
!<xpon>
pon
  onu-type F601 gpon description F601 speed-mode gpon
  onu-type-if F601 eth_0/1
$
interface gpon_olt-1/1/1
  onu 1 type F601 sn FHTT6A9B7700
  fiber-distance 0 20
$
interface gpon_onu-1/1/1:1
  name CUST-0001
  tcont 1 profile T500M
  gemport 1 tcont 1
  encrypt 1 enable downstream
$
gpon
  profile tcont T500M type 4 maximum 600000
$
pon-onu-mng gpon_onu-1/1/1:1
  loop-detect ethuni eth_0/1 enable
  service vlan311 gemport 1 vlan 311
  vlan port eth_0/1 mode tag vlan 311
  tr069-mgmt 1 state unlock
  tr069-mgmt 1 acs https://acs.example.net:7548
$
!</xpon>
!<alarm>
logging file default cmdlog
  buffer 1000
$
logging trap-enable informational
syslog level informational
syslog-server host 172.17.3.11
syslog-server host 172.17.3.12
syslog-server source interface mgmt_eth
!</alarm>
!<snmp>
snmp-server version v3 enable
snmp-server enable trap
snmp-server group NMS v3 priv read AllView
snmp-server user nms NMS v3 encrypted auth sha *31*Qm9vK2 priv aes128 *31*Vm9w
snmp-server trap-source interface mgmt_eth
snmp-server host 172.17.4.60 trap version 3 priv nms udp-port 162
!</snmp>
!<MSAN>
interface vport-1/1/1.1:1
  service-port 1 user-vlan 311 vlan 311 egress 500M
  security max-mac-learn 4
  security vlan-stormcontrol broadcast vlan 311 rate 150
  ip access-group 300 in
$
interface xgei-1/4/1
  switchport mode trunk
  switchport vlan 311,360 tag
$
acl number 300
  name CLIENT-IN-FILTER-300
  rule 10 deny tcp any any eq 445 ipv4
  rule 20 deny ip any 10.36.0.0 0.0.0.255 ipv4
  rule 200 permit any any any any
$
loopback-detection enable
security mac-anti-spoofing enable
ip dhcp snooping enable
ip dhcp snooping vlan 311
!</MSAN>
"""


def test_hardened_c600_olt_fails_nothing_and_checks_the_olt_controls() -> None:
    result = audit(C600_HARDENED, detect=True)
    assert failed(result) == set(), [(f.rule_id, f.reason) for f in result.findings if f.status is Status.FAIL]
    got = statuses(result)
    assert {r for r in OLT if got[r] is Status.PASS} == OLT - {"ZTE-OLT-004", "ZTE-OLT-009"}
    assert got["ZTE-OLT-004"] is Status.NOT_APPLICABLE  # no ONU management access rule
    assert got["ZTE-OLT-009"] is Status.NOT_APPLICABLE  # no onu-profile line/remote on this release
    assert got["ZTE-MGMT-015"] is Status.NOT_APPLICABLE  # an OLT's mgmt_eth is out of band by design
    for rule_id in ("ZTE-DP-003", "ZTE-DP-004", "ZTE-DP-005", "ZTE-DP-006", "ZTE-DP-007", "ZTE-DP-008"):
        assert got[rule_id] is Status.PASS, rule_id
    assert evidence(result, "ZTE-OLT-005") == [27]  # interface vlan360: the management VLAN carries no service


def test_c600_olt_subscriber_port_protection_fails_per_vport() -> None:
    bare = C600_HARDENED.replace(
        "  security max-mac-learn 4\n"
        "  security vlan-stormcontrol broadcast vlan 311 rate 150\n"
        "  ip access-group 300 in\n",
        "",
    )
    result = audit(bare)
    assert failed(result) == {"ZTE-OLT-010", "ZTE-OLT-011", "ZTE-OLT-012"}
    line = bare.splitlines().index("  service-port 1 user-vlan 311 vlan 311 egress 500M")  # 0-based: the block line
    for rule_id in ("ZTE-OLT-010", "ZTE-OLT-011", "ZTE-OLT-012"):
        assert evidence(result, rule_id) == [line], rule_id


def test_c600_olt_service_in_the_management_vlan() -> None:
    text = C600_HARDENED.replace("service-port 1 user-vlan 311 vlan 311", "service-port 1 user-vlan 360 vlan 360")
    result = audit(text)
    assert failed(result) == {"ZTE-OLT-005"}
    line = text.splitlines().index("  service-port 1 user-vlan 360 vlan 360 egress 500M") + 1
    assert evidence(result, "ZTE-OLT-005") == [27, line]  # interface vlan360 (context), the service-port


# --------------------------------------------------------------------------- ZXA10 C300 OLT (ZXAN classic CLI)

C300_INSECURE = """\
ZXAN#show running-config
Building configuration...
config-version 2.1
!
add-card rackno 1 shelfno 1 slotno 2 ETGO
add-card rackno 1 shelfno 1 slotno 3 GTGO
add-card rackno 1 shelfno 1 slotno 10 SCXN
!
hostname OLT-C300-BH-01
!
vlan database
  vlan 1,100,200
!
gpon
  profile tcont UP-1G type 4 maximum 1000000
  profile tcont TRIAL type 4 maximum 2488320
!
pon
  onu-type ZTE-F660 gpon description 4ETH,2POTS,WIFI
  onu-type ZTE-F400 epon description 1GE
  onu-profile gpon line LINE-HSI
    tcont 1 profile UP-1G
    gemport 1 unicast tcont 1 dir both
  !
  onu-profile gpon remote REMOTE-HSI
    service HSI gemport 1 vlan 200
  !
  onu-profile gpon remote REMOTE-MGMT
    service MGMT gemport 1 vlan 100
  !
!
interface epon-olt_1/2/1
  no shutdown
  onu 1 type ZTE-F400 mac 0011.2233.4455
!
interface gpon-olt_1/3/1
  no shutdown
  auto-learning enable
  onu 1 type ZTE-F660 sn ZTEGC1A2B3C4
  onu 1 profile line LINE-HSI remote REMOTE-HSI
  onu 2 type ZTE-F660 loid 20240101 pw Lo1dPass
  onu 2 profile line LINE-HSI remote REMOTE-HSI
!
interface gpon-onu_1/3/1:1
  name CUST-0001
  tcont 1 profile UP-1G
  gemport 1 tcont 1
  encrypt 1 enable downstream
  switchport mode hybrid vport 1
  service-port 1 vport 1 user-vlan 200 vlan 200
!
interface gpon-onu_1/3/1:2
  name CUST-0002
  tcont 1 profile UP-1G
  gemport 1 tcont 1
  switchport mode hybrid vport 1
  service-port 1 vport 1 user-vlan 1 vlan 1
!
pon-onu-mng gpon-onu_1/3/1:1
  service HSI gemport 1 vlan 200
  vlan port eth_0/1 mode tag vlan 200
  loop-detect ethuni eth_0/1 enable
  tr069-mgmt 1 state unlock
  tr069-mgmt 1 acs http://acs.example.net:7547
  security-mgmt 1 state enable mode forward protocol web
!
pon-onu-mng gpon-onu_1/3/1:2
  service HSI gemport 1 vlan 100
!
interface gei_1/10/1
  no shutdown
  hybrid-attribute fiber
  switchport mode trunk
  switchport vlan 1,100,200 tag
!
interface vlan1
  ip address 192.168.1.1 255.255.255.0
!
interface vlan100
  ip address 10.100.0.10 255.255.255.0
!
ip dhcp snooping enable
!
ip route 0.0.0.0 0.0.0.0 10.100.0.1
!
end
"""


def test_c300_olt_exact_olt_failures_and_evidence() -> None:
    result = audit(C300_INSECURE, detect=True)
    assert failed(result) & OLT == OLT - {"ZTE-OLT-010", "ZTE-OLT-011", "ZTE-OLT-012"}
    assert failed(result) & (HARDENING - OLT) == {
        "ZTE-DP-006", "ZTE-DP-007", "ZTE-DP-008", "ZTE-MGMT-012",
    }  # fmt: skip
    got = statuses(result)
    for rule_id in ("ZTE-OLT-010", "ZTE-OLT-011", "ZTE-OLT-012"):
        assert got[rule_id] is Status.NOT_APPLICABLE  # C300 has no vport interfaces
    assert evidence(result, "ZTE-OLT-001") == [34]  # 'onu 1 type ZTE-F400 mac ...' (EPON MAC only)
    assert evidence(result, "ZTE-OLT-002") == [38]  # auto-learning enable
    assert evidence(result, "ZTE-OLT-003") == [64]  # ACS over http://
    assert evidence(result, "ZTE-OLT-004") == [65]  # security-mgmt without a source range
    # services in VLAN 100 and 1 (both hold OLT addresses): REMOTE-MGMT, the VLAN 1 service-port, ONU 2
    assert evidence(result, "ZTE-OLT-005") == [29, 57, 68, 76, 79]
    assert evidence(result, "ZTE-OLT-006") == [76, 77]  # interface vlan1 (context), its address
    assert evidence(result, "ZTE-OLT-007") == [57]  # service-port ... vlan 1
    assert evidence(result, "ZTE-OLT-008") == [16]  # profile tcont TRIAL used by no ONU
    assert evidence(result, "ZTE-OLT-009") == [28]  # onu-profile gpon remote REMOTE-MGMT used by no ONU
    assert evidence(result, "ZTE-OLT-013") == [52]  # gpon-onu_1/3/1:2 has a gemport but no 'encrypt'
    assert evidence(result, "ZTE-OLT-014") == [67]  # pon-onu-mng gpon-onu_1/3/1:2 without loop-detect
    assert evidence(result, "ZTE-DP-008") == [74]  # 'switchport vlan 1,100,200 tag'


def test_olt_rules_are_not_applicable_on_a_router_unless_the_role_says_olt() -> None:
    router = "hostname PE-SAO-01\ninterface xgei-1/1/0/1\n  ip address 10.1.1.1 255.255.255.252\n$\n"
    got = statuses(audit(router))
    assert {r for r in OLT if got[r] is Status.NOT_APPLICABLE} == OLT
    as_olt = statuses(audit(router, role="olt"))
    assert as_olt["ZTE-OLT-015"] is Status.FAIL  # the role makes it an OLT: no anti-spoofing
    assert as_olt["ZTE-OLT-002"] is Status.PASS


# --------------------------------------------------------------------------- ZXR10 M6000 PE: routing protocols

PE_ROUTING = """\
!<isis>
router isis 1
  system-id 0102.5500.0001
  is-type level-2-only
  interface xgei-0/1/0/1
    ip router isis
    circuit-type level-2-only
  $
$
!</isis>
!<ldp>
mpls ldp instance 1
  router-id loopback100 force
  interface xgei-0/1/0/1
  $
$
!</ldp>
!<bgp>
router bgp 65000
  bgp router-id 10.255.0.1
  neighbor TRANSIT peer-group
  neighbor TRANSIT remote-as 64500
  neighbor TRANSIT password encrypted *31*Jq8nR2tX5w
  neighbor TRANSIT maximum-prefix 900000
  neighbor 192.0.2.1 peer-group TRANSIT
  neighbor 198.51.100.1 remote-as 64501
  neighbor 198.51.100.1 password encrypted *31*Jq8nR2tX5w
  neighbor 10.255.0.2 remote-as 65000
  neighbor 10.255.0.2 password encrypted *31*Jq8nR2tX5w
$
!</bgp>
!<rip>
router rip
  network 10.0.0.0 0.255.255.255
$
!</rip>
"""


def test_pe_routing_protocol_hardening_exact_failures() -> None:
    result = audit(PE_ROUTING)
    routing = {r for r in HARDENING if r.startswith("ZTE-CP-")}
    assert failed(result) & routing == {
        "ZTE-CP-003", "ZTE-CP-004", "ZTE-CP-005", "ZTE-CP-006", "ZTE-CP-008", "ZTE-CP-009",
    }  # fmt: skip
    assert statuses(result)["ZTE-CP-002"] is Status.PASS  # every neighbor has a password
    assert statuses(result)["ZTE-CP-007"] is Status.NOT_APPLICABLE  # no OSPF
    assert evidence(result, "ZTE-CP-003") == [2]  # router isis 1
    assert evidence(result, "ZTE-CP-004") == [12]  # mpls ldp instance 1
    # the TRANSIT group has a prefix limit; 198.51.100.1 (eBGP, no group) has none; 10.255.0.2 is iBGP
    assert evidence(result, "ZTE-CP-005") == [26]
    assert evidence(result, "ZTE-CP-006") == [25, 26]  # neither eBGP neighbor has TTL security
    assert evidence(result, "ZTE-CP-008") == [33]  # router rip without version 2 and MD5


def test_pe_routing_protocol_hardening_fixed() -> None:
    fixed = (
        PE_ROUTING.replace("  is-type level-2-only\n", "  is-type level-2-only\n  area-password encrypted *31*Hk3p\n")
        .replace("  router-id loopback100 force\n", "  router-id loopback100 force\n  neighbor 10.255.0.2 password x\n")
        .replace(
            "  neighbor 198.51.100.1 password",
            "  neighbor 198.51.100.1 maximum-prefix 1000\n  neighbor 198.51.100.1 password",
        )
        .replace(
            "  neighbor TRANSIT maximum-prefix",
            "  neighbor TRANSIT ttl-security hops 1\n  neighbor TRANSIT maximum-prefix",
        )
        .replace(
            "  neighbor 10.255.0.2 remote-as",
            "  neighbor 198.51.100.1 ttl-security hops 1\n  neighbor 10.255.0.2 remote-as",
        )
        .replace("  bgp router-id 10.255.0.1\n", "  bgp router-id 10.255.0.1\n  bgp log-neighbor-changes\n")
        .replace("router rip\n", "router rip\n  version 2\n  authentication mode md5\n")
    )
    result = audit(fixed)
    assert failed(result) & {r for r in HARDENING if r.startswith("ZTE-CP-")} == set()


# --------------------------------------------------------------------------- ZXR10 5900 access switch (ZXROS)

SWITCH_5900 = """\
ZXR10#show running-config
Building configuration...
!
hostname SW-ACC-01
!
control-plane-security disable
!
interface gei_1/1
  description CUST-0001
  switchport mode access
  switchport access vlan 100
  protocol-protect type uni
!
interface gei_1/2
  description CUST-0002
  switchport mode access
  switchport access vlan 101
!
interface gei_1/25
  description UPLINK
  switchport mode trunk
  switchport trunk vlan 1-101
!
ip dhcp snooping enable
!
end
"""


def test_access_switch_control_plane_and_layer2_failures() -> None:
    result = audit(SWITCH_5900, role="access-switch")
    layer2 = {"ZTE-CP-010", "ZTE-CP-011", "ZTE-DP-006", "ZTE-DP-007", "ZTE-DP-008"}
    assert failed(result) & layer2 == layer2
    assert evidence(result, "ZTE-CP-010") == [6]  # control-plane-security disable
    assert evidence(result, "ZTE-CP-011") == [14]  # gei_1/2 is an access port left as NNI
    assert evidence(result, "ZTE-DP-008") == [22]  # switchport trunk vlan 1-101
    got = statuses(audit(SWITCH_5900, role="core"))
    assert got["ZTE-CP-011"] is Status.NOT_APPLICABLE
    assert got["ZTE-DP-006"] is Status.NOT_APPLICABLE
    fixed = (
        SWITCH_5900.replace("control-plane-security disable", "control-plane-security enable")
        .replace("  switchport access vlan 101\n", "  switchport access vlan 101\n  protocol-protect type uni\n")
        .replace("switchport trunk vlan 1-101", "switchport trunk vlan 100-101")
        .replace(
            "ip dhcp snooping enable\n",
            "ip dhcp snooping enable\nip dhcp snooping vlan 100\nloopback-detection enable\n",
        )
    )
    assert failed(audit(fixed, role="access-switch")) & layer2 == set()


# --------------------------------------------------------------------------- ACL and template joins (Python checks)


def test_acl_shadowed_by_an_early_permit_all() -> None:
    text = (
        "ipv4-access-list 110\n"
        "  rule 5 permit any\n"
        "  rule 10 deny 192.0.2.0 0.0.0.255\n"
        "  rule 20 deny 198.51.100.0 0.0.0.255\n"
        "$\n"
        "ipv4-access-list 120\n"
        "  rule 10 permit ip 10.0.10.0 0.0.0.255 any\n"
        "  rule 1000 deny any\n"
        "$\n"
        "acl number 300\n"
        "  rule 10 deny tcp any any eq 445 ipv4\n"
        "  rule 200 permit any any any any\n"
        "$\n"
    )
    result = audit(text)
    assert statuses(result)["ZTE-DP-004"] is Status.FAIL
    assert evidence(result, "ZTE-DP-004") == [1, 3, 4]  # the ACL, then the two rules the permit-all hides
    assert next(f for f in result.findings if f.rule_id == "ZTE-DP-004").reason.endswith(
        "ACL 110 has entries that can never match (lines 3, 4): an earlier entry (line 2) matches first"
    )
    assert statuses(result)["ZTE-DP-005"] is Status.PASS


def test_undefined_acls_named_by_management_and_interfaces() -> None:
    text = (
        "ipv4-access-list 1301\n"
        "  rule 5 permit 10.10.60.21 0.0.0.0\n"
        "$\n"
        "snmp-server community encrypted *31*RNZdUtVW view AllView ro ipv4-access-list 1301\n"
        "ntp access-group ipv4-access-list NTP\n"
        "interface vport-1/1/1.1:1\n"
        "  service-port 1 user-vlan 311 vlan 311\n"
        "  ip access-group 300 in\n"
        "$\n"
    )
    result = audit(text)
    assert failed(result) >= {"ZTE-MGMT-016", "ZTE-DP-003"}
    assert evidence(result, "ZTE-MGMT-016") == [5]  # the NTP ACL is missing; community ACL 1301 exists
    assert evidence(result, "ZTE-DP-003") == [8]
    reason = next(f.reason for f in result.findings if f.rule_id == "ZTE-MGMT-016")
    assert "NTP" in reason


def test_bindings_to_undefined_templates() -> None:
    text = (
        "system-user\n"
        "  authorization-template 127\n"
        "    bind aaa-authorization-template 2020\n"
        "  $\n"
        "  user-name netops\n"
        "    bind authentication-template 127\n"
        "    bind authorization-template 127\n"
        "    password encrypted *21*Cd9FBNz0\n"
        "  $\n"
        "$\n"
        "aaa-authorization-template 2020\n"
        "  aaa-authorization-type tacacs-local\n"
        "$\n"
    )
    result = audit(text)
    assert statuses(result)["ZTE-AAA-006"] is Status.FAIL
    assert evidence(result, "ZTE-AAA-006") == [6]  # authentication-template 127 is not defined
    assert statuses(result)["ZTE-AAA-005"] is Status.PASS
    assert statuses(result)["ZTE-ACC-009"] is Status.PASS


# --------------------------------------------------------------------------- parser behaviour the pack relies on


def tree_lines(text: str) -> list[tuple[int, str]]:
    lines, _ = split_lines(text)
    return [(node.line, node.text) for node in parse(lines, "zte_zxros").walk()]


def test_full_width_statements_are_not_glued_to_the_next_one() -> None:
    first = "snmp-server community CLAROIPRAN showclear view AllView ro ipv4-access-list 1301"
    assert len(first) == 80
    text = f"{first}\nsnmp-server community Private view AllView rw\n"
    assert tree_lines(text) == [(1, first), (2, "snmp-server community Private view AllView rw")]
    result = audit(text)
    assert evidence(result, "ZTE-SNMP-001") == [2]  # 'Private' and 'rw' on the second statement only


def test_wrapped_community_acl_is_rejoined() -> None:
    text = (
        "snmp-server community encrypted *31*RNZdUtVWwH0DwdHkGmYSMhpmEjIaZhIyGmYSMqvXYv2q\n"
        "Bl3JaaQ4tKNvsOvR1MLTx4fAfLuBZnnwSlKBT1p3TBOUoqobCClcVUblD== view AllView ro ipv4\n"
        "-access-list 1301\n"
        "ipv4-access-list 1301\n"
        "  rule 5 permit 10.0.0.60 0.0.0.0\n"
        "$\n"
    )
    nodes = tree_lines(text)
    assert nodes[0][0] == 1
    assert nodes[0][1].endswith("view AllView ro ipv4-access-list 1301")
    got = statuses(audit(text))
    assert got["ZTE-SNMP-001"] is Status.PASS
    assert got["ZTE-SNMP-002"] is Status.PASS


def test_show_outputs_in_the_corpus_are_not_audited() -> None:
    path = corpus_file("zte_zxros/ntc-show-version.txt")
    result = audit_bytes(path.read_bytes(), path.name, pack(), AuditOptions())
    assert result.findings == ()
    assert "show version" in (result.error or "")
