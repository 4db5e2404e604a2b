"""The cisco_ios pack on real text: exact verdicts and evidence lines on the labelled corpus, release
defaults, roles, show-command controls, working fixes, and the bug classes peer auditors got wrong."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from devaudit.engine.loader import Baseline, CompiledRule, load_baseline
from devaudit.models import DeviceResult, Finding, Status
from devaudit.runner import AuditOptions, audit_bytes
from tests.workcount import lines_executed

PLATFORM = "cisco_ios"
REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus"
LABELS = SHARED / "labels" / "dev-labels.yaml"
PACK = REPO / "baselines" / PLATFORM
CORE = {
    "IOS-MGMT-001", "IOS-MGMT-002", "IOS-MGMT-003", "IOS-MGMT-005", "IOS-MGMT-006", "IOS-ACC-001",
    "IOS-ACC-002", "IOS-SNMP-001", "IOS-SNMP-002", "IOS-LOG-002", "IOS-NTP-001", "IOS-AAA-002",
}  # fmt: skip
CATALOGUE = {
    *(f"IOS-AAA-00{i}" for i in range(1, 5)), "IOS-ACCT-001", "IOS-ACCT-002",
    *(f"IOS-ACC-00{i}" for i in range(1, 7)), *(f"IOS-MGMT-{i:03d}" for i in range(1, 13)),
    *(f"IOS-CRY-00{i}" for i in range(1, 5)), *(f"IOS-SNMP-00{i}" for i in range(1, 6)),
    *(f"IOS-LOG-00{i}" for i in range(1, 5)), "IOS-NTP-001", "IOS-NTP-002",
    *(f"IOS-SVC-00{i}" for i in range(1, 5)), *(f"IOS-CP-00{i}" for i in range(1, 6)),
    *(f"IOS-DP-00{i}" for i in range(1, 7)), *(f"IOS-L2-00{i}" for i in range(1, 7)),
}  # fmt: skip
# Catalogue sub-checks that the core definitions leave out, and the lockout guard.
EXTRA = {"IOS-MGMT-013", "IOS-MGMT-014", "IOS-MGMT-015", "IOS-MGMT-016", "IOS-ACC-007"}


@cache
def baseline() -> Baseline:
    return load_baseline([REPO / "baselines" / "common.yaml", PACK])


def rules() -> list[CompiledRule]:
    return [r for r in baseline().rules if PLATFORM in r.rule.platforms]


def audit(text: str, *, role: str = "", outputs: dict[str, str] | None = None) -> dict[str, Finding]:
    options = AuditOptions(platform=PLATFORM, role=role)
    result = audit_bytes(text.encode(), "test.cfg", baseline(), options, outputs=outputs)
    assert result.platform == PLATFORM, result.error
    return {f.rule_id: f for f in result.findings}


def status(text: str, rule_id: str, **kwargs: object) -> Status:
    return audit(text, **kwargs)[rule_id].status  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the pack itself


def test_every_catalogue_control_and_nothing_else() -> None:
    ids = {r.rule.id for r in rules()}
    assert len(CATALOGUE) == 60
    assert ids == CATALOGUE | EXTRA


def test_rule_metadata_is_complete() -> None:
    for compiled in rules():
        rule = compiled.rule
        assert rule.profiles, rule.id
        assert rule.references.as_tuple(), rule.id
        assert rule.examples.fail, rule.id
        assert rule.examples.pass_, rule.id
        if rule.needs:
            assert rule.examples.not_applicable, f"{rule.id}: show the NOT_APPLICABLE without its output"


def test_named_defaults_exist_and_are_explained() -> None:
    data = yaml.safe_load((PACK / "defaults.yaml").read_text(encoding="utf-8"))
    assert data["platform"] == PLATFORM
    defined = {entry["name"] for entry in data["defaults"]}
    assert all(entry.get("note") for entry in data["defaults"])
    for compiled in rules():
        assert set(compiled.rule.defaults) <= defined, compiled.rule.id
        if compiled.rule.defaults:  # the rationale says what a missing line means
            assert "default" in compiled.rule.rationale.lower(), compiled.rule.id


@pytest.mark.parametrize(
    ("name", "version", "value"),
    [
        ("tcp_small_servers", "11.2", True),
        ("tcp_small_servers", "12.0", False),
        ("tcp_small_servers", "15.2(4)M3", False),
        ("tcp_small_servers", "", False),
        ("service_pad", "12.4", True),
        ("service_pad", "16.8", True),
        ("service_pad", "17.9", False),
        ("finger_service", "12.0", True),
        ("finger_service", "12.4", False),
        ("vty_transport_input_all", "15.2", True),
        ("vty_transport_input_all", "17.9", "platform-dependent"),
        ("smart_install_client", "12.0", False),
        ("smart_install_client", "15.2", True),
        ("smart_install_client", "16.12", False),
        ("switchport_default_dynamic", "12.0", False),
        ("switchport_default_dynamic", "12.2", True),
        ("ip_source_route", "17.9", True),
        ("exec_timeout_10_minutes", "", 600),
        ("logging_trap_informational", "15.2", "informational"),
    ],
)
def test_release_defaults(name: str, version: str, value: object) -> None:
    assert baseline().defaults_for(PLATFORM, version)[name] == value


def test_lockout_notes_on_access_changing_fixes() -> None:
    with_lockout = {r.rule.id for r in rules() if r.rule.lockout}
    assert {
        "IOS-MGMT-001", "IOS-MGMT-002", "IOS-MGMT-005", "IOS-MGMT-006", "IOS-MGMT-013", "IOS-MGMT-014",
        "IOS-AAA-001", "IOS-AAA-002", "IOS-AAA-004", "IOS-CRY-001", "IOS-CRY-002", "IOS-CP-001", "IOS-DP-005",
    } <= with_lockout  # fmt: skip
    assert [r.rule.id for r in rules() if r.rule.guard] == ["IOS-ACC-007"]


# --------------------------------------------------------------------------- peer auditors' bug classes


def test_explicit_small_servers_fail_despite_a_release_that_defaults_them_off() -> None:
    text = "version 12.1\nservice tcp-small-servers\nno service pad\nno ip bootp server\nno service dhcp\n"
    finding = audit(text)["IOS-SVC-001"]
    assert finding.status is Status.FAIL
    assert [e.line for e in finding.evidence] == [2]
    assert status(text.replace("service tcp-small-servers\n", ""), "IOS-SVC-001") is Status.PASS
    # before 11.3 the same config without the line is not safe: the release default is on
    assert status(text.replace("12.1", "11.2").replace("service tcp-small-servers\n", ""), "IOS-SVC-001") is (
        Status.FAIL
    )


@pytest.mark.parametrize("line", ["snmp-server community Xk7pQ2 RW 10", "snmp-server community Xk7pQ2 rw 10"])
def test_snmp_read_write_in_any_case(line: str) -> None:
    text = f"access-list 10 permit 10.0.0.60\nsnmp-server community s3cr3tR0 RO 10\n{line}\n"
    finding = audit(text)["IOS-SNMP-001"]
    assert finding.status is Status.FAIL
    assert [e.line for e in finding.evidence] == [3]


def test_one_compliant_vty_block_does_not_hide_another() -> None:
    text = (
        "line vty 0 4\n transport input ssh\n exec-timeout 5 0\n"
        "line vty 5 15\n transport input telnet ssh\n exec-timeout 5 0\n"
    )
    finding = audit(text)["IOS-MGMT-001"]
    assert finding.status is Status.FAIL
    assert {e.line for e in finding.evidence} == {4, 5}


def test_one_line_banner_does_not_swallow_the_config() -> None:
    text = "hostname R1\nbanner motd ^C Authorized access only ^C\nbanner login ^C Authorized access only ^C\n"
    text += "line vty 0 4\n transport input telnet\n"
    findings = audit(text)
    assert findings["IOS-MGMT-009"].status is Status.PASS
    assert findings["IOS-MGMT-001"].status is Status.FAIL
    assert [e.line for e in findings["IOS-MGMT-001"].evidence] == [4, 5]


def test_show_command_controls_need_their_output() -> None:
    text = "hostname R1\nsnmp-server group NMS v3 priv read NMS-VIEW\n"
    findings = audit(text)
    for rule_id, command in (("IOS-CRY-004", "show crypto key mypubkey rsa"), ("IOS-SNMP-004", "show snmp user")):
        assert findings[rule_id].status is Status.NOT_APPLICABLE
        assert findings[rule_id].reason == f"needs {command}"
    weak = "Key name: R1\n Key Data:\n  30819F30 0D06092A 864886F7 0D010101 05000381 8D003081 89028181 00E68338\n"
    assert status(text, "IOS-CRY-004", outputs={"show crypto key mypubkey rsa": weak}) is Status.FAIL


def test_roles_limit_switch_and_perimeter_controls() -> None:
    switch = "interface GigabitEthernet1/0/5\n switchport mode dynamic desirable\n"
    assert status(switch, "IOS-L2-001") is Status.FAIL
    assert status(switch, "IOS-L2-001", role="access-switch") is Status.FAIL
    assert status(switch, "IOS-L2-001", role="router") is Status.NOT_APPLICABLE
    router = "interface GigabitEthernet0/0\n description ISP uplink\n ip address 203.0.113.2 255.255.255.252\n"
    assert status(router, "IOS-DP-004") is Status.FAIL
    assert status(router, "IOS-DP-004", role="perimeter") is Status.FAIL
    assert status(router, "IOS-DP-004", role="access-switch") is Status.NOT_APPLICABLE
    assert status(router, "IOS-L2-001") is Status.NOT_APPLICABLE  # no switch ports in a router config


def test_vty_default_transport_is_not_trusted_on_any_release() -> None:
    for version in ("12.4", "15.2", "16.9", "17.9"):
        text = f"version {version}\nline vty 0 4\n login local\n"
        assert status(text, "IOS-MGMT-001") is Status.FAIL, version


# --------------------------------------------------------------------------- the labelled corpus

needs_corpus = pytest.mark.corpus

# Core controls that FAIL on each labelled file, exactly, with the evidence lines of several of them.
CORE_FAILS: dict[str, set[str]] = {
    "bf-example-as2dept1.cfg": {
        "IOS-MGMT-001", "IOS-MGMT-002", "IOS-MGMT-003", "IOS-MGMT-006", "IOS-ACC-001", "IOS-LOG-002",
        "IOS-NTP-001", "IOS-AAA-002",
    },
    "ccat-hr-startup.cfg": {
        "IOS-MGMT-001", "IOS-MGMT-002", "IOS-MGMT-003", "IOS-MGMT-006", "IOS-ACC-001", "IOS-LOG-002",
        "IOS-NTP-001", "IOS-AAA-002",
    },
    "ccp-sample01.cfg": {
        "IOS-MGMT-001", "IOS-MGMT-002", "IOS-MGMT-003", "IOS-MGMT-005", "IOS-MGMT-006", "IOS-ACC-001",
        "IOS-ACC-002", "IOS-SNMP-001", "IOS-NTP-001", "IOS-AAA-002",
    },
    "ccp-sample02-ios12.0.cfg": {
        "IOS-MGMT-001", "IOS-MGMT-002", "IOS-MGMT-006", "IOS-ACC-001", "IOS-ACC-002", "IOS-SNMP-001",
        "IOS-SNMP-002", "IOS-AAA-002",
    },
    "ccp-sample03-ios12.2.cfg": {
        "IOS-MGMT-001", "IOS-MGMT-002", "IOS-MGMT-005", "IOS-MGMT-006", "IOS-ACC-001", "IOS-ACC-002",
        "IOS-SNMP-001", "IOS-SNMP-002", "IOS-LOG-002", "IOS-NTP-001", "IOS-AAA-002",
    },
    "faddr-7206-rancid.cfg": {
        "IOS-MGMT-001", "IOS-MGMT-002", "IOS-ACC-001", "IOS-ACC-002", "IOS-LOG-002", "IOS-NTP-001",
        "IOS-AAA-002",
    },
    "ox-asr920-16.8.cfg": {
        "IOS-MGMT-002", "IOS-MGMT-003", "IOS-MGMT-006", "IOS-ACC-001", "IOS-ACC-002", "IOS-LOG-002",
        "IOS-AAA-002",
    },
    "ox-c9200l-17.9.cfg": {
        "IOS-MGMT-001", "IOS-MGMT-002", "IOS-MGMT-003", "IOS-SNMP-001", "IOS-LOG-002", "IOS-NTP-001",
    },
}  # fmt: skip

EVIDENCE: list[tuple[str, str, list[int]]] = [
    ("bf-example-as2dept1.cfg", "IOS-MGMT-003", [140, 141]),
    ("ccat-hr-startup.cfg", "IOS-MGMT-001", [127]),
    ("ccp-sample01.cfg", "IOS-MGMT-001", [440, 446]),
    ("ccp-sample01.cfg", "IOS-MGMT-005", [288]),
    ("ccp-sample01.cfg", "IOS-SNMP-001", [378]),
    ("ccp-sample01.cfg", "IOS-AAA-002", [30, 440]),  # the default login list and the vty line using it
    ("ccp-sample02-ios12.0.cfg", "IOS-SNMP-002", [218, 219]),
    ("ccp-sample02-ios12.0.cfg", "IOS-ACC-002", [11]),
    ("ccp-sample03-ios12.2.cfg", "IOS-MGMT-002", [130, 167, 168, 169, 170]),
    ("ccp-sample03-ios12.2.cfg", "IOS-SNMP-001", [133, 135, 137]),
    ("faddr-7206-rancid.cfg", "IOS-ACC-001", [125]),
    ("ox-asr920-16.8.cfg", "IOS-MGMT-003", [491, 492, 501, 502, 506, 507]),
    ("ox-asr920-16.8.cfg", "IOS-LOG-002", [395]),
    ("ox-c9200l-17.9.cfg", "IOS-SNMP-001", [181]),
    # controls beyond the core
    ("ccp-sample01.cfg", "IOS-DP-005", [246, 250, 345, 346, 352, 353]),
    ("ccp-sample01.cfg", "IOS-MGMT-004", [433, 437]),
    ("ccp-sample01.cfg", "IOS-CP-002", [218, 235, 239]),
    ("ccp-sample03-ios12.2.cfg", "IOS-MGMT-010", [125]),
    ("bf-example-as2dept1.cfg", "IOS-CP-004", [84]),
    ("ox-c9200l-17.9.cfg", "IOS-DP-006", [152, 154, 156, 158]),
    ("ox-c9200l-17.9.cfg", "IOS-L2-004", [146, 152, 154, 156, 158]),
]


@cache
def corpus_result(name: str) -> DeviceResult:
    path = CORPUS / PLATFORM / name
    return audit_bytes(path.read_bytes(), f"{PLATFORM}/{name}", baseline(), AuditOptions())


def corpus_findings(name: str) -> dict[str, Finding]:
    return {f.rule_id: f for f in corpus_result(name).findings}


@needs_corpus
def test_every_labelled_file_is_covered() -> None:
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    labelled = {
        rel.split("/", 1)[1] for rel, e in labels.items() if e.get("platform") == PLATFORM and not e.get("skipped")
    }
    assert labelled == set(CORE_FAILS)


@needs_corpus
@pytest.mark.parametrize("name", sorted(CORE_FAILS))
def test_core_fails_exactly(name: str) -> None:
    findings = corpus_findings(name)
    assert corpus_result(name).platform == PLATFORM
    assert len(findings) == len(rules())
    assert {i for i, f in findings.items() if i in CORE and f.status is Status.FAIL} == CORE_FAILS[name]
    assert not [i for i, f in findings.items() if f.status is Status.ERROR]


@needs_corpus
@pytest.mark.parametrize("name", sorted(CORE_FAILS))
def test_core_fails_agree_with_labels(name: str) -> None:
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))[f"{PLATFORM}/{name}"]["controls"]
    labelled_fail = {i for i, v in labels.items() if v["status"] == "FAIL"}
    ambiguous = {i for i, v in labels.items() if v["status"] == "AMBIGUOUS"}
    assert labelled_fail <= CORE_FAILS[name]
    assert CORE_FAILS[name] - labelled_fail <= ambiguous


@needs_corpus
@pytest.mark.parametrize(("name", "rule_id", "lines"), EVIDENCE, ids=[f"{n}-{r}" for n, r, _ in EVIDENCE])
def test_evidence_lines(name: str, rule_id: str, lines: list[int]) -> None:
    finding = corpus_findings(name)[rule_id]
    assert finding.status is Status.FAIL
    assert [e.line for e in finding.evidence] == lines


@needs_corpus
def test_release_dependent_verdicts_on_real_configs() -> None:
    # 12.0: finger is on by default, so a missing 'no ip finger' fails; 12.4 with 'no service pad' passes
    assert corpus_findings("ccp-sample02-ios12.0.cfg")["IOS-SVC-001"].status is Status.FAIL
    assert corpus_findings("ccp-sample01.cfg")["IOS-SVC-001"].status is Status.PASS
    # Catalyst 2900XL (12.0) ports are static access without DTP; a 15.2 switch defaults to dynamic
    assert corpus_findings("ccp-sample02-ios12.0.cfg")["IOS-L2-001"].status is Status.PASS
    assert corpus_findings("ccat-hr-startup.cfg")["IOS-L2-001"].status is Status.FAIL
    # Smart Install: 15.2 switch without 'no vstack' fails, 17.9 and 12.0 have no client by default
    assert corpus_findings("ccat-hr-startup.cfg")["IOS-SVC-003"].status is Status.FAIL
    assert corpus_findings("ox-c9200l-17.9.cfg")["IOS-SVC-003"].status is Status.PASS
    assert corpus_findings("ccp-sample02-ios12.0.cfg")["IOS-SVC-003"].status is Status.PASS


@needs_corpus
def test_switch_and_routing_controls_only_where_configured() -> None:
    routers = ("bf-example-as2dept1.cfg", "ccp-sample01.cfg", "faddr-7206-rancid.cfg", "ox-asr920-16.8.cfg")
    for name in routers:
        findings = corpus_findings(name)
        assert {findings[f"IOS-L2-00{i}"].status for i in range(1, 7)} == {Status.NOT_APPLICABLE}, name
    assert corpus_findings("ccp-sample01.cfg")["IOS-CP-004"].status is Status.NOT_APPLICABLE  # no BGP
    assert corpus_findings("bf-example-as2dept1.cfg")["IOS-CP-002"].status is Status.NOT_APPLICABLE  # no OSPF
    # ccp-sample01's Dialer1 ('ip nat outside') is its external interface
    findings = corpus_findings("ccp-sample01.cfg")
    assert findings["IOS-DP-003"].status is Status.PASS
    assert findings["IOS-SVC-004"].status is Status.PASS
    assert findings["IOS-DP-004"].status is Status.FAIL
    assert [e.line for e in findings["IOS-DP-004"].evidence] == [246]


# --------------------------------------------------------------------------- cost


def big_config(interfaces: int) -> str:
    """A router-and-switch config with ``interfaces`` routed and as many switch ports (about 9 lines each)."""
    out = ["version 15.2", "hostname BIG", "router ospf 1", " network 10.0.0.0 0.255.255.255 area 0"]
    out += ["router bgp 65000", " neighbor 192.0.2.1 remote-as 64500", "ip route 10.0.0.0 255.0.0.0 Null0"]
    for i in range(interfaces):
        out += [
            f"interface GigabitEthernet0/{i}",
            f" description {'Internet transit' if i % 50 == 0 else 'core link'} {i}",
            f" ip address 10.{i // 250}.{i % 250}.1 255.255.255.252",
            " no ip redirects" if i % 2 else " ip nat inside",
            f"interface GigabitEthernet1/0/{i}",
            f" description user port {i}",
            f" switchport access vlan {10 + i % 20}",
            " switchport mode access",
            " spanning-tree portfast",
        ]
    out += ["line vty 0 4", " transport input ssh", "end"]
    return "\n".join(out) + "\n"


def test_whole_pack_scales_linearly() -> None:
    """10x the lines costs about 10x the work (a quadratic rule would cost 100x); speed itself is `make bench`."""
    small, large = big_config(200), big_config(2000)
    audit(small)  # warm-up: imports, compiled patterns
    work_small = lines_executed(lambda: audit(small))
    work_large = lines_executed(lambda: audit(large))
    assert work_large / work_small < 20, f"10x the lines took {work_large / work_small:.1f}x the work"
