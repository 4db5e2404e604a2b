"""The cisco_nxos pack: exact verdicts and evidence on the real corpus, agreement with the labels, edge cases
of its python checks on real NX-OS text, and fixes that really fix every fail example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from devaudit.engine.authoring import iter_examples
from devaudit.engine.evaluate import evaluate_rule, evaluate_rules
from devaudit.engine.loader import CompiledRule
from devaudit.engine.outcome import CheckContext
from devaudit.ingest import split_lines
from devaudit.models import DeviceFacts, Finding, Status
from devaudit.parsers import parse
from tests.rules.support import PlatformPack
from tests.workcount import lines_executed

PLATFORM = "cisco_nxos"
SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus" / PLATFORM
LABELS = SHARED / "labels" / "dev-labels.yaml"
CATALOGUE = SHARED / "reference" / "controls-catalogue.md"
DISPUTES = Path(__file__).resolve().parent / "disputes" / f"{PLATFORM}.yaml"
CORE = (
    "NXOS-MGMT-001",
    "NXOS-SVC-001",
    "NXOS-MGMT-002",
    "NXOS-MGMT-003",
    "NXOS-MGMT-005",
    "NXOS-SNMP-001",
    "NXOS-SNMP-002",
    "NXOS-LOG-001",
    "NXOS-NTP-001",
    "NXOS-AAA-002",
)
P, F, NA = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE

# Core verdicts per labelled file. They agree with ../shared/labels/dev-labels.yaml on every scored pair;
# ox-n5548 is elided with '(...)', so several of its pairs are AMBIGUOUS there; a verdict that rests only on an
# absent line is ERROR here (PASS or FAIL alike).
CORE_VERDICTS: dict[str, dict[str, Status]] = {
    "ccp-sample01.cfg": {
        "NXOS-MGMT-001": F,
        "NXOS-SVC-001": P,
        "NXOS-MGMT-002": F,
        "NXOS-MGMT-003": F,
        "NXOS-MGMT-005": F,
        "NXOS-SNMP-001": F,
        "NXOS-SNMP-002": F,
        "NXOS-LOG-001": F,
        "NXOS-NTP-001": F,
        "NXOS-AAA-002": F,
    },
    "napalm-nxos-ssh-running.cfg": {
        "NXOS-MGMT-001": F,
        "NXOS-SVC-001": F,
        "NXOS-MGMT-002": F,
        "NXOS-MGMT-003": F,
        "NXOS-MGMT-005": F,
        "NXOS-SNMP-001": P,
        "NXOS-SNMP-002": F,
        "NXOS-LOG-001": F,
        "NXOS-NTP-001": F,
        "NXOS-AAA-002": F,
    },
    "ox-n5548-7.3.cfg": {
        # NXOS-SVC-001 would PASS only because 'feature nxapi' is absent, and the source elided lines
        # right after the feature list: an elided file cannot prove an absence (the label: AMBIGUOUS).
        "NXOS-MGMT-001": P,
        "NXOS-SVC-001": Status.ERROR,
        "NXOS-MGMT-002": P,
        "NXOS-MGMT-003": F,
        "NXOS-MGMT-005": Status.ERROR,
        "NXOS-SNMP-001": NA,
        "NXOS-SNMP-002": NA,
        "NXOS-LOG-001": Status.ERROR,
        "NXOS-NTP-001": Status.ERROR,
        "NXOS-AAA-002": Status.ERROR,
    },
    "scrapli-nxos.cfg": {
        "NXOS-MGMT-001": F,
        "NXOS-SVC-001": P,
        "NXOS-MGMT-002": F,
        "NXOS-MGMT-003": F,
        "NXOS-MGMT-005": F,
        "NXOS-SNMP-001": NA,
        "NXOS-SNMP-002": NA,
        "NXOS-LOG-001": F,
        "NXOS-NTP-001": F,
        "NXOS-AAA-002": F,
    },
}

ELIDED_UNDECIDED = {
    "ox-n5548-7.3.cfg": {
        "NXOS-AAA-001",
        "NXOS-AAA-002",
        "NXOS-AAA-003",
        "NXOS-ACC-001",
        "NXOS-ACC-002",
        "NXOS-ACC-003",
        "NXOS-ACC-004",
        "NXOS-ACC-005",
        "NXOS-CP-001",
        "NXOS-CRY-001",
        "NXOS-CRY-003",
        "NXOS-DP-002",
        "NXOS-LOG-001",
        "NXOS-LOG-002",
        "NXOS-LOG-003",
        "NXOS-MGMT-005",
        "NXOS-MGMT-007",
        "NXOS-MGMT-008",
        "NXOS-MGMT-009",
        "NXOS-NTP-001",
        "NXOS-SVC-001",
    },
}

# (file, rule) -> the evidence line numbers the finding must show, exactly.
EVIDENCE: dict[tuple[str, str], list[int]] = {
    ("ccp-sample01.cfg", "NXOS-MGMT-001"): [28],
    ("ccp-sample01.cfg", "NXOS-MGMT-002"): [808],
    ("ccp-sample01.cfg", "NXOS-MGMT-003"): [807, 808],
    ("ccp-sample01.cfg", "NXOS-SNMP-001"): [77],
    ("ccp-sample01.cfg", "NXOS-SNMP-002"): [77, 78],
    ("ccp-sample01.cfg", "NXOS-LOG-001"): [996, 997],
    ("ccp-sample01.cfg", "NXOS-NTP-001"): [79, 80],
    ("napalm-nxos-ssh-running.cfg", "NXOS-MGMT-001"): [19],
    ("napalm-nxos-ssh-running.cfg", "NXOS-SVC-001"): [27],
    ("napalm-nxos-ssh-running.cfg", "NXOS-SNMP-002"): [50],
    ("napalm-nxos-ssh-running.cfg", "NXOS-NTP-001"): [51, 52],
    ("napalm-nxos-ssh-running.cfg", "NXOS-DP-004"): [87, 90, 96, 99, 100, 103, 104, 107],
    ("ox-n5548-7.3.cfg", "NXOS-MGMT-002"): [73, 74],
    ("ox-n5548-7.3.cfg", "NXOS-MGMT-003"): [72, 73],
    ("scrapli-nxos.cfg", "NXOS-MGMT-001"): [14],
    ("scrapli-nxos.cfg", "NXOS-MGMT-003"): [295, 296],
    ("scrapli-nxos.cfg", "NXOS-ACC-004"): [19, 20],
    ("scrapli-nxos.cfg", "NXOS-SNMP-003"): [24, 25],
}

# Every rule of the pack that FAILs on each labelled file (pins the non-core rules on real text too).
ALL_FAILS: dict[str, set[str]] = {
    "ccp-sample01.cfg": {
        "NXOS-AAA-002",
        "NXOS-AAA-003",
        "NXOS-ACC-001",
        "NXOS-ACC-002",
        "NXOS-ACC-003",
        "NXOS-ACC-005",
        "NXOS-CP-003",
        "NXOS-CP-004",
        "NXOS-CRY-003",
        "NXOS-DP-001",
        "NXOS-DP-003",
        "NXOS-L2-001",
        "NXOS-LOG-001",
        "NXOS-LOG-002",
        "NXOS-LOG-003",
        "NXOS-MGMT-001",
        "NXOS-MGMT-002",
        "NXOS-MGMT-003",
        "NXOS-MGMT-004",
        "NXOS-MGMT-005",
        "NXOS-MGMT-006",
        "NXOS-MGMT-008",
        "NXOS-NTP-001",
        "NXOS-SNMP-001",
        "NXOS-SNMP-002",
        "NXOS-SNMP-003",
        "NXOS-SNMP-004",
        "NXOS-SVC-002",
    },
    "napalm-nxos-ssh-running.cfg": {
        "NXOS-AAA-001",
        "NXOS-AAA-002",
        "NXOS-AAA-003",
        "NXOS-ACC-001",
        "NXOS-ACC-002",
        "NXOS-ACC-003",
        "NXOS-ACC-004",
        "NXOS-ACC-005",
        "NXOS-CP-003",
        "NXOS-CRY-003",
        "NXOS-DP-001",
        "NXOS-DP-004",
        "NXOS-LOG-001",
        "NXOS-LOG-002",
        "NXOS-LOG-003",
        "NXOS-MGMT-001",
        "NXOS-MGMT-002",
        "NXOS-MGMT-003",
        "NXOS-MGMT-004",
        "NXOS-MGMT-005",
        "NXOS-MGMT-006",
        "NXOS-MGMT-008",
        "NXOS-NTP-001",
        "NXOS-NTP-002",
        "NXOS-SNMP-002",
        "NXOS-SNMP-003",
        "NXOS-SNMP-004",
        "NXOS-SVC-001",
        "NXOS-SVC-002",
    },
    "ox-n5548-7.3.cfg": {
        "NXOS-MGMT-003",
        "NXOS-MGMT-004",
    },
    "scrapli-nxos.cfg": {
        "NXOS-AAA-001",
        "NXOS-AAA-002",
        "NXOS-AAA-003",
        "NXOS-ACC-001",
        "NXOS-ACC-002",
        "NXOS-ACC-003",
        "NXOS-ACC-004",
        "NXOS-ACC-005",
        "NXOS-CRY-003",
        "NXOS-LOG-001",
        "NXOS-LOG-002",
        "NXOS-LOG-003",
        "NXOS-MGMT-001",
        "NXOS-MGMT-002",
        "NXOS-MGMT-003",
        "NXOS-MGMT-004",
        "NXOS-MGMT-005",
        "NXOS-MGMT-008",
        "NXOS-NTP-001",
        "NXOS-NTP-002",
        "NXOS-SNMP-003",
        "NXOS-SNMP-004",
        "NXOS-SVC-002",
    },
}


PACK = PlatformPack(PLATFORM)
shipped = PACK.baseline
audit = PACK.audit
rule = PACK.rule


def verdict(rule_id: str, text: str, os_version: str = "", outputs: dict[str, str] | None = None) -> Status:
    lines, _ = split_lines(text)
    ctx = CheckContext(
        tree=parse(lines, PLATFORM),
        facts=DeviceFacts(os_version=os_version),
        outputs=outputs or {},
        variables=shipped().variables,
        defaults=shipped().defaults_for(PLATFORM, os_version),
    )
    return evaluate_rule(rule(rule_id), ctx).status


# --------------------------------------------------------------------------- the real corpus


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
    errors = {f.rule_id for f in result.findings if f.status is Status.ERROR}
    # Only the elided file has undecidable rules: those that would PASS merely because a line is missing.
    assert errors == ELIDED_UNDECIDED.get(name, set())
    assert {f.rule_id for f in result.findings if f.status is F} == ALL_FAILS[name]


def test_release_comes_from_the_config_and_decides_nxapi() -> None:
    assert audit("napalm-nxos-ssh-running.cfg").facts.os_version == "7.3(1)D1(1)"
    assert audit("scrapli-nxos.cfg").facts.os_version == "9.2(4)"


def test_elided_file_is_flagged() -> None:
    assert any("elided" in w for w in audit("ox-n5548-7.3.cfg").warnings)


def test_disputes_file_is_well_formed() -> None:
    entries = yaml.safe_load(DISPUTES.read_text(encoding="utf-8"))
    assert isinstance(entries, list)
    for entry in entries:
        assert {"file", "rule_id", "label", "devaudit", "line", "text", "reason"} <= set(entry)
        lines = (SHARED / "corpus" / entry["file"]).read_text(encoding="utf-8").split("\n")
        assert lines[entry["line"] - 1].strip() == entry["text"].strip()


# --------------------------------------------------------------------------- the pack itself


def test_pack_has_every_catalogue_id() -> None:
    ids = {r.rule.id for r in shipped().for_platform(PLATFORM)}
    assert set(CORE) <= ids
    if CATALOGUE.exists():
        text = CATALOGUE.read_text(encoding="utf-8")
        section = text[text.index("### 4.2 cisco_nxos") : text.index("### 4.3 cisco_xr")]
        catalogue = set(re.findall(r"^\| (NXOS-[A-Z0-9]+-\d{3}) \|", section, re.MULTILINE))
        assert len(catalogue) == 42
        assert catalogue <= ids
        assert ids - catalogue == {"NXOS-MGMT-009", "NXOS-MGMT-010", "NXOS-SVC-004"}


def _fail_examples() -> list[tuple[str, CompiledRule, int]]:
    cases = []
    for compiled in shipped().for_platform(PLATFORM):
        for kind, index, _, _ in iter_examples(compiled):
            if kind == "fail":
                cases.append((f"{compiled.rule.id}-fail{index + 1}", compiled, index))
    return cases


FAIL_EXAMPLES = _fail_examples()


def test_every_rule_has_several_fail_examples_and_references() -> None:
    rules = shipped().for_platform(PLATFORM)
    assert len(rules) == 45
    assert len(FAIL_EXAMPLES) >= 2 * len(rules)
    for compiled in rules:
        r = compiled.rule
        assert r.references.as_tuple(), r.id
        assert r.rationale, r.id
        assert r.remediation, r.id
        assert r.profiles, r.id
        if r.needs:
            assert any(e.outputs for e in r.examples.pass_), r.id


def test_defaults_are_declared_per_release() -> None:
    assert shipped().defaults_for(PLATFORM, "7.3(1)D1(1)")["nxapi_http_default_on"] is True
    assert shipped().defaults_for(PLATFORM, "9.2(4)")["nxapi_http_default_on"] is False
    assert "nxapi_http_default_on" not in shipped().defaults_for(PLATFORM, "")
    for compiled in shipped().for_platform(PLATFORM):
        for name in compiled.rule.defaults:
            assert name in {e.name for e in shipped().defaults[PLATFORM]}, (compiled.rule.id, name)


# --------------------------------------------------------------------------- edge cases on real text


def test_nxapi_http_depends_on_release() -> None:
    config = "feature nxapi\nnxapi https port 443\n"
    assert verdict("NXOS-SVC-001", config, "7.0(3)I7(9)") is F
    assert verdict("NXOS-SVC-001", config, "9.3(8)") is P
    assert verdict("NXOS-SVC-001", config) is NA
    assert verdict("NXOS-SVC-001", config + "no nxapi http\n", "7.3(1)D1(1)") is P
    assert verdict("NXOS-SVC-001", config + "nxapi http port 8080\n", "10.2(5)") is F
    assert verdict("NXOS-SVC-001", "nxapi http port 80\n", "9.3(8)") is F


def test_vty_acl_undefined_is_accepted_only_when_elided() -> None:
    config = "line vty\n  access-class Mgmt in\n"
    assert verdict("NXOS-MGMT-002", config) is F
    assert verdict("NXOS-MGMT-002", "hostname sw1\n(...)\n" + config) is P
    assert verdict("NXOS-MGMT-002", "ip access-list Mgmt\n  10 permit ip 10.0.0.0/8 any\n" + config) is P
    assert verdict("NXOS-MGMT-002", "ip access-list Mgmt\n  10 permit tcp any any eq 22\n" + config) is F


def test_syslog_level_and_distinct_servers() -> None:
    assert verdict("NXOS-LOG-001", "logging server 10.0.0.50 6\nlogging server 10.0.1.50 7 use-vrf management\n") is P
    assert verdict("NXOS-LOG-001", "logging server 10.0.0.50 6\nlogging server 10.0.1.50 4\n") is F
    assert verdict("NXOS-LOG-001", "logging server 10.0.0.50 6\nlogging server 10.0.0.50 5\n") is F
    three = "logging server 10.0.0.50 6\nlogging server 10.0.1.50 6\nlogging server 10.0.2.50\n"
    assert verdict("NXOS-LOG-001", three) is P


def test_ntp_server_key_must_be_trusted_and_defined() -> None:
    base = "ntp authenticate\nntp authentication-key 1 md5 swlhlrfd 7\nntp trusted-key 1\n"
    servers = "ntp server 10.0.0.1 key 1 use-vrf management\nntp server 10.0.1.1 key 1 use-vrf management\n"
    assert verdict("NXOS-NTP-001", base + servers) is P
    assert verdict("NXOS-NTP-001", base.replace("ntp trusted-key 1\n", "") + servers) is F
    assert verdict("NXOS-NTP-001", base + servers.replace("10.0.1.1", "10.0.0.1")) is F


def test_snmp_community_binding_may_be_legacy_use_acl() -> None:
    acl = "ip access-list SNMP\n  10 permit udp 10.0.0.60/32 any eq snmp\n"
    line = "snmp-server community Xy7pq2RO group network-operator\n"
    assert verdict("NXOS-SNMP-002", acl + line + "snmp-server community Xy7pq2RO use-acl SNMP\n") is P
    assert verdict("NXOS-SNMP-001", "snmp-server community Public group network-operator\n") is F
    assert verdict("NXOS-SNMP-001", "snmp-server community publicstrang group network-operator\n") is P


def test_scheduler_job_printed_unindented_with_end_job() -> None:
    job = (
        "feature scheduler\nscheduler job name BACKUP\n"
        "copy running-config scp://b@10.0.0.70/$(SWITCHNAME)-cfg vrf management\n\nend-job\n\n"
    )
    schedule = "scheduler schedule name DAILY\n  job name BACKUP\n  time daily 02:00\n"
    assert verdict("NXOS-MGMT-008", job + schedule) is P
    assert verdict("NXOS-MGMT-008", job) is F
    assert verdict("NXOS-MGMT-008", job.replace("scp://b@", "tftp://") + schedule) is F


def test_bgp_template_inheritance_and_shutdown_neighbors() -> None:
    config = (
        "router bgp 65000\n  log-neighbor-changes\n  template peer IBGP\n    remote-as 65000\n"
        "    password 3 a667d47acc18ea6b\n    address-family ipv4 unicast\n      maximum-prefix 20000\n"
        "  neighbor 10.255.0.2\n    inherit peer IBGP\n  neighbor 10.255.0.9 remote-as 65000\n    shutdown\n"
    )
    assert verdict("NXOS-CP-003", config) is P
    assert verdict("NXOS-CP-003", config.replace("    shutdown\n", "")) is F


def test_ospf_area_authentication_counts_for_its_interfaces() -> None:
    config = (
        "interface Vlan10\n  ip router ospf 1 area 0.0.0.0\n  ip ospf message-digest-key 1 md5 3 a667d47acc18ea6b\n"
        "router ospf 1\n  area 0 authentication message-digest\n  log-adjacency-changes\n"
    )
    assert verdict("NXOS-CP-002", config) is P
    assert verdict("NXOS-CP-002", config.replace("area 0 ", "area 1 ")) is F


def test_interface_rules_on_external_descriptions() -> None:
    uplink = (
        "feature lldp\ninterface Ethernet1/1\n  description TRANSIT-ISP-A\n  no switchport\n  ip address 192.0.2.2/30\n"
    )
    assert verdict("NXOS-SVC-003", uplink) is F
    assert verdict("NXOS-SVC-003", uplink + "  no cdp enable\n  no lldp transmit\n  no lldp receive\n") is P
    assert verdict("NXOS-SVC-003", uplink.replace("TRANSIT-ISP-A", "display-wall")) is NA
    assert verdict("NXOS-DP-001", uplink + "  no ip redirects\n") is F
    assert verdict("NXOS-DP-001", uplink + "  no ip redirects\n  no ip unreachables\n") is P
    assert verdict("NXOS-DP-003", uplink) is F


def test_ssh_host_key_needs_show_ssh_key() -> None:
    small = "rsa Keys generated:Sun Aug  6 16:43:18 2017\n\nssh-rsa AAAA\n\nbitcount:1024\nfingerprint:\n"
    ecdsa = "**\nrsa Keys generated:Thu Mar  4 2021\n\nbitcount:2048\n**\necdsa Keys generated:x\n\nbitcount:256\n"
    assert verdict("NXOS-CRY-002", "feature ssh\n") is NA
    assert verdict("NXOS-CRY-002", "feature ssh\n", outputs={"show ssh key": small}) is F
    assert verdict("NXOS-CRY-002", "feature ssh\n", outputs={"show ssh key": ecdsa}) is P


def test_nxapi_vrf_only_judged_from_93() -> None:
    config = "feature nxapi\nnxapi https port 443\n"
    assert verdict("NXOS-SVC-004", config, "9.3(8)") is F
    assert verdict("NXOS-SVC-004", config + "nxapi use-vrf management\n", "9.3(8)") is P
    assert verdict("NXOS-SVC-004", config, "7.3(1)D1(1)") is NA


def test_vty_acl_must_end_with_logged_deny() -> None:
    acl = "ip access-list MGMT\n  10 permit tcp 10.0.0.0/24 any eq 22\n"
    vty = "line vty\n  access-class MGMT in\n"
    assert verdict("NXOS-MGMT-010", acl + vty) is F
    assert verdict("NXOS-MGMT-010", acl + "  20 deny ip any any log\n" + vty) is P


def test_lockout_guard() -> None:
    assert rule("NXOS-MGMT-009").rule.guard
    assert verdict("NXOS-MGMT-009", "no feature ssh\nfeature telnet\n") is P
    assert verdict("NXOS-MGMT-009", "no feature ssh\n") is F
    assert verdict("NXOS-MGMT-009", "aaa authentication login default group TACACS\n") is F


# --------------------------------------------------------------------------- speed


def big_config(units: int) -> str:
    out = [
        "version 9.3(8) Bios:version 07.69",
        "hostname leaf1",
        "feature nxapi",
        "feature lldp",
        "feature hsrp",
        "ip access-list MGMT",
        "  10 permit tcp 10.0.0.0/24 any eq 22",
        "line vty",
        "  access-class MGMT in",
        "router bgp 65000",
        "  log-neighbor-changes",
    ]
    for i in range(units):
        out += [
            f"  neighbor 192.0.{i // 250}.{i % 250}",
            f"    remote-as {64500 + i}",
            "    password 3 a667d47acc18ea6b",
            "    address-family ipv4 unicast",
            "      maximum-prefix 1000 80",
        ]
    for i in range(units):
        kind = "TRANSIT-ISP" if i % 10 == 0 else "server"
        out += [
            f"interface Ethernet1/{i}",
            f"  description {kind}-{i}",
            f"  switchport access vlan {i % 4000 + 1}",
            "  storm-control broadcast level 1.00",
            "  spanning-tree port type edge",
            f"interface Vlan{i % 4000 + 1}",
            f"  ip address 10.{i // 250}.{i % 250}.1/24",
            "  no ip redirects",
            "  hsrp 1",
            "    authentication md5 key-chain HSRP-KC",
            f"    ip 10.{i // 250}.{i % 250}.254",
        ]
    return "\n".join(out) + "\n"


def _rules_work(text: str) -> int:
    lines, _ = split_lines(text)
    tree = parse(lines, PLATFORM)
    ctx = CheckContext(
        tree=tree,
        facts=DeviceFacts(os_version="9.3(8)"),
        variables=shipped().variables,
        defaults=shipped().defaults_for(PLATFORM, "9.3(8)"),
    )
    rules = shipped().for_platform(PLATFORM)
    findings: list[Finding] = []
    work = lines_executed(lambda: findings.extend(evaluate_rules(rules, ctx)))
    assert not [f.rule_id for f in findings if f.status is Status.ERROR]
    return work


def test_rules_scale_linearly() -> None:
    """10x the config costs about 10x the work (a quadratic rule would cost 100x); speed itself is `make bench`."""
    small, large = big_config(50), big_config(500)
    _rules_work(small)  # warm-up: compiled patterns
    ratio = _rules_work(large) / _rules_work(small)
    assert ratio < 20, f"10x the config took {ratio:.1f}x the work"
