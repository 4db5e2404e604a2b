"""The cisco_asa pack: exact verdicts and evidence on the real corpus, edge cases of its python checks,
and fixes that really fix every fail example."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.engine.authoring import iter_examples
from devaudit.engine.evaluate import evaluate_rule
from devaudit.engine.loader import CompiledRule
from devaudit.engine.outcome import CheckContext
from devaudit.models import DeviceFacts, Status
from tests.rules.support import PlatformPack

PLATFORM = "cisco_asa"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / PLATFORM
CORE = (
    "ASA-MGMT-001",
    "ASA-MGMT-002",
    "ASA-MGMT-003",
    "ASA-MGMT-004",
    "ASA-ACC-001",
    "ASA-AAA-001",
    "ASA-SNMP-001",
    "ASA-LOG-001",
)
P, F, NA = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE

# Core verdicts per labelled file (they agree with ../shared/labels/dev-labels.yaml; the masked SNMP
# community of nu-asa-full is AMBIGUOUS there and NOT_APPLICABLE here).
CORE_VERDICTS: dict[str, dict[str, Status]] = {
    "nu-asa-full.cfg": {
        "ASA-MGMT-001": P,
        "ASA-MGMT-002": F,
        "ASA-MGMT-003": P,
        "ASA-MGMT-004": F,
        "ASA-ACC-001": F,
        "ASA-AAA-001": P,
        "ASA-SNMP-001": NA,
        "ASA-LOG-001": P,
    },
    "ox-asa5512-9.12.cfg": {
        "ASA-MGMT-001": P,
        "ASA-MGMT-002": P,
        "ASA-MGMT-003": P,
        "ASA-MGMT-004": F,
        "ASA-ACC-001": F,
        "ASA-AAA-001": P,
        "ASA-SNMP-001": NA,
        "ASA-LOG-001": F,
    },
    "pyntc-asa-9.0.cfg": {
        "ASA-MGMT-001": F,
        "ASA-MGMT-002": F,
        "ASA-MGMT-003": NA,
        "ASA-MGMT-004": F,
        "ASA-ACC-001": F,
        "ASA-AAA-001": F,
        "ASA-SNMP-001": NA,
        "ASA-LOG-001": F,
    },
}

# (file, rule) -> the evidence line numbers the finding must show, exactly.
EVIDENCE: dict[tuple[str, str], list[int]] = {
    ("nu-asa-full.cfg", "ASA-MGMT-002"): [75, 83],
    ("nu-asa-full.cfg", "ASA-MGMT-004"): [84],
    ("nu-asa-full.cfg", "ASA-ACC-001"): [8, 17, 89],
    ("nu-asa-full.cfg", "ASA-LOG-001"): [33, 38, 43],
    ("ox-asa5512-9.12.cfg", "ASA-MGMT-002"): [197],
    ("ox-asa5512-9.12.cfg", "ASA-MGMT-004"): [195, 198],
    ("ox-asa5512-9.12.cfg", "ASA-ACC-001"): [90],
    ("ox-asa5512-9.12.cfg", "ASA-AAA-001"): [188],
    ("pyntc-asa-9.0.cfg", "ASA-MGMT-001"): [71],
    ("pyntc-asa-9.0.cfg", "ASA-MGMT-002"): [61, 71],
    ("pyntc-asa-9.0.cfg", "ASA-MGMT-004"): [71, 72, 74],  # the Telnet access line makes its timeout count
    ("pyntc-asa-9.0.cfg", "ASA-ACC-001"): [40, 41],
}

# Every rule of the pack that FAILs on each labelled file (pins the non-core rules on real text too).
ALL_FAILS: dict[str, set[str]] = {
    "nu-asa-full.cfg": {
        "ASA-MGMT-002",
        "ASA-MGMT-004",
        "ASA-MGMT-006",
        "ASA-MGMT-007",
        "ASA-MGMT-008",
        "ASA-MGMT-009",
        "ASA-ACC-001",
        "ASA-ACC-003",
        "ASA-ACC-004",
        "ASA-ACC-005",
        "ASA-ACC-006",
        "ASA-ACC-009",
        "ASA-AAA-002",
        "ASA-AAA-003",
        "ASA-AAA-005",
        "ASA-AAA-006",
        "ASA-LOG-003",
        "ASA-LOG-007",
        "ASA-NTP-001",
        "ASA-CRY-001",
        "ASA-CRY-002",
        "ASA-CRY-003",
        "ASA-CRY-004",
        "ASA-DP-002",
        "ASA-SNMP-002",
    },
    "ox-asa5512-9.12.cfg": {
        "ASA-MGMT-004",
        "ASA-MGMT-007",
        "ASA-MGMT-008",
        "ASA-MGMT-009",
        "ASA-ACC-001",
        "ASA-ACC-003",
        "ASA-ACC-004",
        "ASA-ACC-005",
        "ASA-ACC-006",
        "ASA-AAA-005",
        "ASA-AAA-006",
        "ASA-LOG-001",
        "ASA-LOG-002",
        "ASA-LOG-003",
        "ASA-LOG-005",
        "ASA-LOG-006",
        "ASA-LOG-008",
        "ASA-NTP-001",
        "ASA-NTP-002",
        "ASA-CRY-001",
        "ASA-CRY-002",
        "ASA-CRY-003",
        "ASA-DP-002",
        # GigabitEthernet0/1 'nameif WAN' (security-level 10) faces the outside: no inbound ACL, no uRPF,
        # ICMP to the firewall not denied, proxy ARP on.
        "ASA-DP-003",
        "ASA-DP-004",
        "ASA-DP-005",
        "ASA-DP-007",
    },
    "pyntc-asa-9.0.cfg": {
        "ASA-MGMT-001",
        "ASA-MGMT-002",
        "ASA-MGMT-004",
        "ASA-MGMT-005",
        "ASA-MGMT-006",
        "ASA-MGMT-007",
        "ASA-MGMT-008",
        "ASA-MGMT-009",
        "ASA-ACC-001",
        "ASA-ACC-003",
        "ASA-ACC-004",
        "ASA-ACC-005",
        "ASA-ACC-006",
        "ASA-ACC-009",
        "ASA-AAA-001",
        "ASA-AAA-003",
        "ASA-AAA-004",
        "ASA-AAA-005",
        "ASA-AAA-006",
        "ASA-LOG-001",
        "ASA-LOG-002",
        "ASA-LOG-003",
        "ASA-LOG-005",
        "ASA-LOG-008",
        "ASA-NTP-001",
        "ASA-CRY-003",
        "ASA-CRY-004",
        "ASA-DP-002",
    },
}


PACK = PlatformPack(PLATFORM)
shipped = PACK.baseline
audit = PACK.audit
tree_of = PACK.tree
rule = PACK.rule


def verdict(rule_id: str, text: str) -> Status:
    ctx = CheckContext(tree=tree_of(text), facts=DeviceFacts(), variables=shipped().variables)
    return evaluate_rule(rule(rule_id), ctx).status


@pytest.mark.parametrize("name", sorted(CORE_VERDICTS))
def test_core_verdicts_on_corpus(name: str) -> None:
    findings = {f.rule_id: f for f in audit(name).findings}
    got = {rule_id: findings[rule_id].status for rule_id in CORE}
    assert got == CORE_VERDICTS[name]
    assert {r for r, s in got.items() if s is F} == {r for r, s in CORE_VERDICTS[name].items() if s is F}


@pytest.mark.parametrize(("name", "rule_id"), sorted(EVIDENCE))
def test_evidence_lines_on_corpus(name: str, rule_id: str) -> None:
    finding = next(f for f in audit(name).findings if f.rule_id == rule_id)
    assert [e.line for e in finding.evidence] == EVIDENCE[(name, rule_id)]


@pytest.mark.parametrize("name", sorted(ALL_FAILS))
def test_every_failing_rule_on_corpus(name: str) -> None:
    result = audit(name)
    assert len(result.findings) == len(shipped().for_platform(PLATFORM))
    assert {f.rule_id for f in result.findings if f.status is F} == ALL_FAILS[name]


def _fail_examples() -> list[tuple[str, CompiledRule, int]]:
    cases = []
    for compiled in shipped().for_platform(PLATFORM):
        for kind, index, _, _ in iter_examples(compiled):
            if kind == "fail":
                cases.append((f"{compiled.rule.id}-fail{index + 1}", compiled, index))
    return cases


FAIL_EXAMPLES = _fail_examples()


def test_pack_has_core_ids_and_at_least_30_rules() -> None:
    ids = {r.rule.id for r in shipped().for_platform(PLATFORM)}
    assert set(CORE) <= ids
    assert len(ids) >= 30
    assert len(FAIL_EXAMPLES) >= 2 * len(ids) - 10


def test_only_access_lines_enable_telnet_not_its_settings() -> None:
    remote = "aaa-server TACACS protocol tacacs+\naaa authentication ssh console TACACS LOCAL\n"
    settings = "ssh timeout 5\nssh version 2\nssh cipher encryption custom aes256-ctr\ntelnet timeout 5\n"
    assert verdict("ASA-AAA-001", remote + settings) is P
    assert verdict("ASA-AAA-001", remote + settings + "telnet mgmt-station 255.255.255.255 management\n") is F
    assert verdict("ASA-AAA-001", remote + settings + "telnet 2001:db8:10::/64 management\n") is F
    telnet = remote + settings + "telnet 2001:db8:10::/64 management\n"
    assert verdict("ASA-AAA-001", telnet + "aaa authentication telnet console TACACS LOCAL\n") is P


def test_untrusted_interfaces_use_asa_security_level_defaults() -> None:
    text = (
        "interface GigabitEthernet0/0\n nameif outside\n"
        "interface GigabitEthernet0/1\n nameif inside\n"
        "interface GigabitEthernet0/2\n nameif dmz\n security-level 50\n"
        "interface GigabitEthernet0/3\n no nameif\n security-level 0\n"
        "interface GigabitEthernet0/4\n nameif guest\n security-level 0\n"
    )
    ctx = CheckContext(tree=tree_of(text), facts=DeviceFacts(), variables=shipped().variables)
    finding = evaluate_rule(rule("ASA-DP-004"), ctx)
    assert finding.status is F
    # outside (no security-level: 0 by default) and guest (0); inside defaults to 100, dmz is 50.
    assert [e.text for e in finding.evidence if e.text.startswith("interface")] == [
        "interface GigabitEthernet0/0",
        "interface GigabitEthernet0/4",
    ]


def test_telnet_timeout_counts_only_with_telnet_access() -> None:
    base = "ssh timeout 5\nconsole timeout 5\ntelnet timeout 1440\n"
    assert verdict("ASA-MGMT-004", base) is P
    assert verdict("ASA-MGMT-004", base + "telnet 10.0.0.0 255.0.0.0 inside\n") is F


def test_remote_aaa_needs_tacacs_or_radius_group() -> None:
    ldap = "aaa-server AD protocol ldap\naaa authentication ssh console AD LOCAL\n"
    assert verdict("ASA-AAA-001", ldap) is F
    radius = "aaa-server RAD protocol radius\naaa authentication ssh console RAD\n"
    assert verdict("ASA-AAA-001", radius) is P
    console = radius.replace("ssh", "serial") + "aaa authentication enable console RAD LOCAL\n"
    assert verdict("ASA-AAA-003", console) is F


def test_management_acl_any_forms() -> None:
    assert verdict("ASA-MGMT-002", "http 10.0.0.0 0.0.0.0 inside\n") is F
    assert verdict("ASA-MGMT-002", "telnet ::/0 inside\n") is F
    assert verdict("ASA-MGMT-002", "ssh 10.0.0.0 255.0.0.0 inside\nhttp 192.0.2.7 255.255.255.255 inside\n") is P


def test_masked_or_encrypted_communities_are_not_judged() -> None:
    assert verdict("ASA-SNMP-001", "snmp-server community *****\n") is NA
    assert verdict("ASA-SNMP-001", "snmp-server community 8 AQAAAAhZ3xk=\n") is NA
    assert verdict("ASA-SNMP-001", "snmp-server community 0 private\n") is F


def test_untrusted_interface_rules_per_interface() -> None:
    config = (
        "interface GigabitEthernet0/0\n nameif outside\n security-level 0\n"
        "interface GigabitEthernet0/5\n nameif partner\n security-level 0\n"
        "ip verify reverse-path interface outside\n"
        "dhcprelay enable partner\n"
    )
    assert verdict("ASA-DP-004", config) is F
    assert verdict("ASA-DP-004", config + "ip verify reverse-path interface partner\n") is P
    assert verdict("ASA-DP-006", config) is F


def test_guard_fails_when_local_fallback_has_no_account() -> None:
    compiled = rule("ASA-AAA-007")
    assert compiled.rule.guard
    assert verdict("ASA-AAA-007", "aaa authentication ssh console TACACS LOCAL\n") is F
