"""The arista_eos pack: exact verdicts and evidence on the real corpus, the catalogue's 36 controls,
edge cases of its python checks, and fixes that really fix every fail example."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.engine.evaluate import evaluate_rule
from devaudit.engine.outcome import CheckContext
from devaudit.ingest import split_lines
from devaudit.models import DeviceFacts, Finding, Status
from devaudit.parsers import parse
from tests.rules.support import PlatformPack

PLATFORM = "arista_eos"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / PLATFORM
CORE = (
    "EOS-MGMT-001",
    "EOS-MGMT-002",
    "EOS-MGMT-003",
    "EOS-MGMT-004",
    "EOS-MGMT-006",
    "EOS-ACC-001",
    "EOS-ACC-002",
    "EOS-SNMP-001",
    "EOS-SNMP-002",
    "EOS-LOG-001",
    "EOS-NTP-001",
    "EOS-AAA-002",
)
CATALOGUE = (
    *CORE,
    "EOS-MGMT-005",
    "EOS-MGMT-007",
    "EOS-MGMT-008",
    "EOS-MGMT-009",
    "EOS-CRY-001",
    "EOS-CRY-002",
    "EOS-CRY-003",
    "EOS-CRY-004",
    "EOS-CRY-005",
    "EOS-ACC-003",
    "EOS-ACC-004",
    "EOS-ACC-005",
    "EOS-AAA-001",
    "EOS-AAA-003",
    "EOS-AAA-004",
    "EOS-SNMP-003",
    "EOS-LOG-002",
    "EOS-SVC-001",
    "EOS-CP-001",
    "EOS-CP-002",
    "EOS-CP-003",
    "EOS-DP-001",
    "EOS-DP-002",
    "EOS-DP-003",
)
P, F, NA = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE

_AVD = {
    "EOS-MGMT-001": P,
    "EOS-MGMT-002": P,
    "EOS-MGMT-003": F,
    "EOS-MGMT-004": F,
    "EOS-MGMT-006": F,
    "EOS-ACC-001": F,
    "EOS-ACC-002": P,
    "EOS-SNMP-001": NA,
    "EOS-SNMP-002": NA,
    "EOS-LOG-001": F,
    "EOS-NTP-001": F,
    "EOS-AAA-002": F,
}
# Core verdicts per labelled file. They agree with ../shared/labels/dev-labels.yaml; the abbreviated
# oxidized file is AMBIGUOUS there for most controls, and the verdicts below pin what its text says.
CORE_VERDICTS: dict[str, dict[str, Status]] = {
    "avd-campus-spine1.cfg": _AVD,
    "avd-dc1-leaf1a.cfg": _AVD,
    "ox-7050sx3-4.29.cfg": {
        "EOS-MGMT-001": P,
        "EOS-MGMT-002": P,
        "EOS-MGMT-003": F,
        "EOS-MGMT-004": F,
        "EOS-MGMT-006": F,
        "EOS-ACC-001": P,
        "EOS-ACC-002": P,
        "EOS-SNMP-001": P,
        "EOS-SNMP-002": F,
        "EOS-LOG-001": F,
        "EOS-NTP-001": F,
        "EOS-AAA-002": F,
    },
    "scrapli-veos-4.22.cfg": {
        "EOS-MGMT-001": F,
        "EOS-MGMT-002": P,
        "EOS-MGMT-003": F,
        "EOS-MGMT-004": F,
        "EOS-MGMT-006": P,
        "EOS-ACC-001": P,
        "EOS-ACC-002": P,
        "EOS-SNMP-001": NA,
        "EOS-SNMP-002": NA,
        "EOS-LOG-001": F,
        "EOS-NTP-001": F,
        "EOS-AAA-002": F,
    },
}

EVIDENCE: dict[tuple[str, str], list[int]] = {
    ("avd-campus-spine1.cfg", "EOS-ACC-001"): [5],
    ("avd-campus-spine1.cfg", "EOS-NTP-001"): [245, 246],
    ("avd-campus-spine1.cfg", "EOS-MGMT-002"): [61],
    ("avd-campus-spine1.cfg", "EOS-CP-003"): [121, 214],
    ("avd-dc1-leaf1a.cfg", "EOS-ACC-001"): [5],
    ("avd-dc1-leaf1a.cfg", "EOS-ACC-005"): [5, 6],
    ("avd-dc1-leaf1a.cfg", "EOS-CP-002"): [271, 284, 287, 292, 295],
    ("ox-7050sx3-4.29.cfg", "EOS-SNMP-001"): [20],
    ("ox-7050sx3-4.29.cfg", "EOS-SNMP-002"): [20],
    ("ox-7050sx3-4.29.cfg", "EOS-SNMP-003"): [20, 21, 22],
    ("scrapli-veos-4.22.cfg", "EOS-MGMT-001"): [276, 277],
    ("scrapli-veos-4.22.cfg", "EOS-MGMT-006"): [260],
    ("scrapli-veos-4.22.cfg", "EOS-ACC-002"): [111, 112],
    ("scrapli-veos-4.22.cfg", "EOS-CP-001"): [257, 258],
    ("scrapli-veos-4.22.cfg", "EOS-LOG-002"): [10],
}

_COMMON_FAILS = {
    "EOS-AAA-001",
    "EOS-AAA-002",
    "EOS-AAA-003",
    "EOS-AAA-004",
    "EOS-ACC-003",
    "EOS-ACC-004",
    "EOS-CP-001",
    "EOS-CRY-001",
    "EOS-CRY-002",
    "EOS-CRY-003",
    "EOS-CRY-004",
    "EOS-LOG-001",
    "EOS-MGMT-003",
    "EOS-MGMT-004",
    "EOS-MGMT-005",
    "EOS-MGMT-009",
    "EOS-NTP-001",
}
ALL_FAILS: dict[str, set[str]] = {
    "avd-campus-spine1.cfg": _COMMON_FAILS | {"EOS-ACC-001", "EOS-CP-003", "EOS-CRY-005", "EOS-DP-001", "EOS-MGMT-006"},
    "avd-dc1-leaf1a.cfg": _COMMON_FAILS
    | {"EOS-ACC-001", "EOS-ACC-005", "EOS-CP-002", "EOS-CRY-005", "EOS-DP-001", "EOS-MGMT-006"},
    "ox-7050sx3-4.29.cfg": _COMMON_FAILS
    | {"EOS-DP-001", "EOS-MGMT-006", "EOS-MGMT-008", "EOS-SNMP-002", "EOS-SNMP-003"},
    "scrapli-veos-4.22.cfg": _COMMON_FAILS
    | {"EOS-CRY-005", "EOS-LOG-002", "EOS-MGMT-001", "EOS-MGMT-008", "EOS-SVC-001"},
}


PACK = PlatformPack(PLATFORM)
shipped = PACK.baseline
audit = PACK.audit
rule = PACK.rule


def finding(name: str, rule_id: str) -> Finding:
    return next(f for f in audit(name).findings if f.rule_id == rule_id)


def verdict(rule_id: str, text: str) -> Status:
    lines, _ = split_lines(text)
    ctx = CheckContext(tree=parse(lines, PLATFORM), facts=DeviceFacts(), variables=shipped().variables)
    return evaluate_rule(rule(rule_id), ctx).status


def test_pack_has_every_catalogue_control() -> None:
    assert {r.rule.id for r in shipped().for_platform(PLATFORM)} == set(CATALOGUE)
    assert len(CATALOGUE) == 36


@pytest.mark.parametrize("name", sorted(CORE_VERDICTS))
def test_core_verdicts_on_corpus(name: str) -> None:
    got = {rule_id: finding(name, rule_id).status for rule_id in CORE}
    assert got == CORE_VERDICTS[name]


@pytest.mark.parametrize(("name", "rule_id"), sorted(EVIDENCE))
def test_evidence_lines_on_corpus(name: str, rule_id: str) -> None:
    assert [e.line for e in finding(name, rule_id).evidence] == EVIDENCE[(name, rule_id)]


@pytest.mark.parametrize("name", sorted(ALL_FAILS))
def test_every_failing_rule_on_corpus(name: str) -> None:
    result = audit(name)
    assert len(result.findings) == len(CATALOGUE)
    assert {f.rule_id for f in result.findings if f.status is F} == ALL_FAILS[name]


def test_ztp_needs_show_zerotouch() -> None:
    result = finding("scrapli-veos-4.22.cfg", "EOS-MGMT-007")
    assert result.status is NA
    assert result.reason == "needs show zerotouch"


def test_telnet_enabled_in_a_vrf_sub_block_fails() -> None:
    assert verdict("EOS-MGMT-001", "management telnet\n   vrf MGMT\n      no shutdown\n") is F
    assert verdict("EOS-MGMT-001", "management telnet\n   shutdown\n") is P


def test_ssh_acl_must_exist_and_not_permit_any() -> None:
    acl = "ip access-list MGMT\n   10 permit ip 10.0.0.0/24 any\n"
    ssh = "management ssh\n   ip access-group MGMT vrf MGMT in\n"
    assert verdict("EOS-MGMT-003", acl + ssh) is P
    assert verdict("EOS-MGMT-003", ssh) is F
    assert verdict("EOS-MGMT-003", acl + "   20 permit ip any any\n" + ssh) is F


def test_bgp_settings_inherit_from_peer_groups_and_skip_ibgp() -> None:
    text = (
        "router bgp 65000\n"
        "   neighbor EXT peer group\n"
        "   neighbor EXT password 7 Q4fqtbqcZ7oQuKfuWtNGRQ==\n"
        "   neighbor EXT ttl maximum-hops 1\n"
        "   neighbor 192.0.2.1 peer group EXT\n"
        "   neighbor 192.0.2.1 remote-as 64500\n"
        "   neighbor 10.0.0.2 remote-as 65000\n"
    )
    assert verdict("EOS-CP-002", text) is P
    vrf = text + "   vrf RED\n      neighbor 198.51.100.1 remote-as 64501\n"
    assert verdict("EOS-CP-002", vrf) is F
    old_syntax = text.replace("peer group EXT", "peer-group EXT").replace("EXT peer group", "EXT peer-group")
    assert verdict("EOS-CP-002", old_syntax) is P


def test_ospf_passive_and_area_authentication() -> None:
    interface = "interface Ethernet1\n   ip ospf area 0.0.0.0\n   ip ospf message-digest-key 1 sha512 7 ABC\n"
    assert verdict("EOS-CP-003", interface + "router ospf 1\n") is F
    assert verdict("EOS-CP-003", interface + "router ospf 1\n   area 0.0.0.0 authentication message-digest\n") is P
    assert verdict("EOS-CP-003", interface + "router ospf 1\n   passive-interface Ethernet1\n") is NA


def test_isis_interfaces_need_sha() -> None:
    text = "interface Ethernet1\n   isis enable CORE\n   isis authentication mode md5\nrouter isis CORE\n"
    assert verdict("EOS-CP-003", text) is F
    assert verdict("EOS-CP-003", text.replace("mode md5", "mode sha key-id 2")) is P


@pytest.mark.parametrize(
    ("allowed", "expected"),
    [
        ("10,20-22", P),
        ("1-20", F),
        ("2-10,1", F),
        ("10,11", P),
        ("all", F),
        ("except 1", P),
        ("except 5", F),
        ("none", P),
    ],
)
def test_trunk_vlan_lists(allowed: str, expected: Status) -> None:
    text = f"interface Port-Channel10\n   switchport mode trunk\n   switchport trunk allowed vlan {allowed}\n"
    assert verdict("EOS-DP-003", text) is expected


def test_unused_ports_and_trunk_groups() -> None:
    assert verdict("EOS-DP-003", "interface Ethernet9\n   speed forced 10000full\n") is F
    assert verdict("EOS-DP-003", "interface Ethernet9\n   description spare\n") is P
    peer_link = "interface Port-Channel551\n   switchport mode trunk\n   switchport trunk group MLAG\n"
    assert verdict("EOS-DP-003", peer_link) is P
    trunk = "interface Port-Channel5\n   switchport mode trunk\n   switchport trunk allowed vlan all\n"
    assert verdict("EOS-DP-003", trunk) is F


def test_api_tls_profile_needs_a_defined_profile() -> None:
    api = "management api http-commands\n   protocol https ssl profile API\n   no shutdown\n"
    assert verdict("EOS-CRY-005", api) is F
    profile = "management security\n   ssl profile API\n      tls versions 1.2 1.3\n      certificate a.crt key a.key\n"
    assert verdict("EOS-CRY-005", profile + api) is P
    assert verdict("EOS-CRY-005", profile.replace("      certificate a.crt key a.key\n", "") + api) is F


_ACL = "ip access-list standard SNMP-NMS\n   10 permit host 10.0.0.60\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_ACL + "snmp-server community c0mm view all ro SNMP-NMS\n", P),
        (_ACL + "snmp-server community c0mm ro ipv6 SNMP6 SNMP-NMS\n", P),
        (_ACL + "snmp-server community c0mm ro ipv6 SNMP6\n", F),
        ("snmp-server community c0mm ro SNMP-NMS\n", F),
        (_ACL + "snmp-server community c0mm ro SNMP-NMS\nsnmp-server community other rw\n", F),
    ],
)
def test_snmp_community_acl_is_named_and_defined(text: str, expected: Status) -> None:
    assert verdict("EOS-SNMP-002", text) is expected


_API = "management api http-commands\n   protocol https ssl profile API\n   no shutdown\n"


@pytest.mark.parametrize(
    ("security", "expected"),
    [
        ("   ssl profile API\n      tls versions 1.2 1.3\n      certificate api.crt key api.key\n", P),
        ("   ssl profile API\n      tls versions 1.1 1.2\n      certificate api.crt key api.key\n", F),
        ("   ssl profile API\n      certificate api.crt key api.key\n", F),
        ("   ssl profile API\n      tls versions 1.2\n", F),
        ("   ssl profile OTHER\n      tls versions 1.2\n      certificate api.crt key api.key\n", F),
    ],
)
def test_eapi_tls_profile_is_followed_by_name(security: str, expected: Status) -> None:
    assert verdict("EOS-CRY-005", _API + "management security\n" + security) is expected
    assert verdict("EOS-CRY-005", _API.replace("   no shutdown\n", "") + "management security\n" + security) is NA
