"""Partial sources: elided configs, one-section fragments, and a platform forced against the content."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from devaudit.detect import detect_platform
from devaudit.engine.loader import Baseline, load_baseline
from devaudit.fragment import find_fragment, rule_scope
from devaudit.ingest import read_dump
from devaudit.models import DeviceResult, Finding, Status
from devaudit.parsers import parse
from devaudit.runner import AuditOptions, audit_bytes
from tests.cli.support import CORPUS, REPO, corpus

ELIDED = "the source elided parts of the configuration, so a missing line proves nothing"


@cache
def shipped() -> Baseline:
    return load_baseline()


def audit(data: bytes, source: str = "test.cfg", platform: str | None = None) -> DeviceResult:
    return audit_bytes(data, source, shipped(), AuditOptions(platform=platform))


def audit_corpus(name: str, platform: str | None = None) -> DeviceResult:
    return audit(corpus(name).read_bytes(), name, platform)


def by_id(result: DeviceResult) -> dict[str, Finding]:
    return {f.rule_id: f for f in result.findings}


def fails(result: DeviceResult) -> set[str]:
    return {f.rule_id for f in result.findings if f.status is Status.FAIL}


def lines(finding: Finding) -> list[int]:
    return [e.line for e in finding.evidence]


# --------------------------------------------------------------------------- elided sources

ELIDED_IOS = b"hostname R1\nversion 15.2\n(...)\nip http server\nline vty 0 4\n transport input ssh\nend\n"


def test_fail_resting_only_on_a_missing_line_in_an_elided_source_is_error() -> None:
    found = by_id(audit(ELIDED_IOS))
    assert found["IOS-NTP-001"].status is Status.ERROR
    assert found["IOS-NTP-001"].reason == ELIDED
    assert found["IOS-LOG-001"].status is Status.ERROR
    assert found["IOS-LOG-001"].reason.startswith(ELIDED)


def test_fail_on_a_line_the_elided_source_shows_stays_fail() -> None:
    found = by_id(audit(ELIDED_IOS))
    assert (found["IOS-MGMT-005"].status, lines(found["IOS-MGMT-005"])) == (Status.FAIL, [4])
    assert (found["IOS-MGMT-001"].status, lines(found["IOS-MGMT-001"])) == (Status.PASS, [5, 6])


def test_the_same_config_without_elision_fails_on_the_missing_lines() -> None:
    found = by_id(audit(ELIDED_IOS.replace(b"(...)\n", b"")))
    assert found["IOS-NTP-001"].status is Status.FAIL
    assert found["IOS-LOG-001"].status is Status.FAIL


def test_elided_nexus_from_the_corpus() -> None:
    found = by_id(audit_corpus("cisco_nxos/ox-n5548-7.3.cfg"))
    # No 'logging server' in what the file shows, but line 69 is '(...)': undecided.
    assert found["NXOS-LOG-001"].status is Status.ERROR
    assert found["NXOS-LOG-001"].reason == ELIDED
    # The line blocks shown after the elision carry no exec-timeout: a FAIL on lines the file shows.
    assert (found["NXOS-MGMT-003"].status, lines(found["NXOS-MGMT-003"])) == (Status.FAIL, [72, 73])
    assert (found["NXOS-MGMT-001"].status, lines(found["NXOS-MGMT-001"])) == (Status.PASS, [64])


# --------------------------------------------------------------------------- fragments


def test_asa_tunnel_group_dump_is_a_fragment_without_false_failures() -> None:
    result = audit_corpus("cisco_asa/ntc-asa-tunnel-group-fragment.txt")
    assert result.platform == "cisco_asa"
    assert result.warnings == (
        "a fragment of a configuration, not a whole device (it holds only tunnel-group): 27 rule(s) that read "
        "other sections are NOT_APPLICABLE",
    )
    assert fails(result) == set()  # was 23 FAILs (password policy, AAA, syslog, ...) audited as a whole device
    outside = [f for f in result.findings if f.reason == "not in this fragment (it holds only tunnel-group)"]
    assert len(outside) == 27
    assert {"ASA-LOG-001", "ASA-AAA-001", "ASA-ACC-003", "ASA-MGMT-004"} <= {f.rule_id for f in outside}
    assert all(f.status is Status.NOT_APPLICABLE and not f.evidence for f in outside)


def test_junos_interfaces_display_set_audits_only_interface_rules() -> None:
    result = audit_corpus("juniper_junos/ttp-interfaces-display-set.set")
    assert result.warnings == (
        "a fragment of a configuration, not a whole device (it holds only interfaces, routing-instances "
        "customer_a): 23 rule(s) that read other sections are NOT_APPLICABLE",
    )
    found = by_id(result)
    # xe-0/0/3 unit 0 (line 14) is in use without a description: an interface rule, decided here.
    assert fails(result) == {"JUN-DP-001"}
    assert lines(found["JUN-DP-001"]) == [14]
    for rule_id in ("JUN-LOG-001", "JUN-NTP-001", "JUN-AAA-001", "JUN-MGMT-006"):
        assert found[rule_id].status is Status.NOT_APPLICABLE
        assert found[rule_id].reason == "not in this fragment (it holds only interfaces, routing-instances customer_a)"


def test_junos_login_fragment_decides_login_rules_only() -> None:
    result = audit_corpus("juniper_junos/bf-login-class-set.set")
    found = by_id(result)
    assert (found["JUN-ACC-006"].status, lines(found["JUN-ACC-006"])) == (Status.FAIL, [7, 29, 33])
    assert (found["JUN-MGMT-006"].status, lines(found["JUN-MGMT-006"])) == (Status.PASS, [46])
    assert found["JUN-LOG-001"].reason == "not in this fragment (it holds only system host-name, system login)"
    assert found["JUN-MGMT-001"].status is Status.NOT_APPLICABLE


def test_offending_line_in_a_fragment_fails_and_absent_sections_are_not_applicable() -> None:
    result = audit(b"snmp-server community public RW\n", platform="cisco_ios")
    found = by_id(result)
    assert (found["IOS-SNMP-001"].status, lines(found["IOS-SNMP-001"])) == (Status.FAIL, [1])
    assert fails(result) == {"IOS-SNMP-001", "IOS-SNMP-002", "IOS-SNMP-003"}
    assert found["IOS-LOG-001"].status is Status.NOT_APPLICABLE
    assert found["IOS-LOG-001"].reason == "not in this fragment (it holds only snmp-server)"


# The corpus' one-section dumps, and the Batfish test fragments without any management statement.
FRAGMENTS = {
    "cisco_asa/ntc-asa-tunnel-group-fragment.txt",
    "juniper_junos/ttp-interfaces-display-set.set",
    "juniper_junos/bf-login-class-set.set",
    "juniper_junos/bf-as1border1-set.set",
}


def _manifest_configs() -> list[tuple[str, str]]:
    """Every corpus configuration (any kind but show-command output), plus the show-output fragments."""
    if not CORPUS.is_dir():
        return []
    rows = (line.split("\t") for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:])
    return sorted({(r[0], r[8]) for r in rows if len(r) > 8 and (r[8] != "show-output" or r[0] in FRAGMENTS)})


@pytest.mark.parametrize(("name", "kind"), _manifest_configs())
def test_whole_configurations_are_not_fragments(name: str, kind: str) -> None:
    dump = read_dump(corpus(name).read_bytes(), name)
    platform = detect_platform(dump.lines).platform
    assert platform is not None
    fragment = find_fragment(parse(dump.lines, platform))
    assert (fragment is not None) == (name in FRAGMENTS), (name, kind, fragment)


@pytest.mark.parametrize("path", sorted((REPO / "mocks" / "configs").glob("*/*.cfg")), ids=lambda p: p.stem)
def test_simulator_configs_are_whole(path: Path) -> None:
    dump = read_dump(path.read_bytes(), path.name)
    platform = detect_platform(dump.lines).platform
    assert platform is not None
    assert find_fragment(parse(dump.lines, platform)) is None


@pytest.mark.parametrize(
    ("rule_id", "scope"),
    [
        ("IOS-MGMT-005", {"ip http"}),  # declarative check: the sections its patterns read
        ("IOS-SNMP-001", {"snmp-server community"}),
        ("IOS-MGMT-002", {"ip access-list", "line vty"}),
        ("JUN-DP-001", {"interfaces"}),  # a Python check: the sections its fix writes
        ("JUN-LOG-001", {"system syslog"}),
    ],
)
def test_rule_scope(rule_id: str, scope: set[str]) -> None:
    rule = next(c.rule for c in shipped().rules if c.rule.id == rule_id)
    assert rule_scope(rule.check, rule.when, rule.remediation) == scope


# --------------------------------------------------------------------------- forced platform

FORCED = (
    "audited as arista_eos as given (--platform or the inventory), but the content looks like juniper_junos "
    "(juniper_junos scored 27, next cisco_ios 0): verdicts may be wrong"
)


def test_platform_forced_against_a_confident_detection_warns() -> None:
    result = audit_corpus("juniper_junos/scrapli-vmx17.conf", platform="arista_eos")
    assert result.platform == "arista_eos"
    assert result.warnings == (FORCED,)
    assert len(fails(result)) == 19


def test_platform_forced_to_what_detection_says_does_not_warn() -> None:
    assert audit_corpus("juniper_junos/scrapli-vmx17.conf", platform="juniper_junos").warnings == ()


def test_platform_forced_against_an_unsure_detection_does_not_warn() -> None:
    # Comware fixture: hp_comware leads huawei_vrp by 13 points but holds only 66% of the two scores.
    detection = detect_platform(read_dump(corpus("hp_comware/nu-comware7-basic.cfg").read_bytes(), "x").lines)
    assert (detection.platform, detection.confident) == ("hp_comware", False)
    result = audit_corpus("hp_comware/nu-comware7-basic.cfg", platform="huawei_vrp")
    assert not any("--platform" in w for w in result.warnings)


def test_detection_reports_its_margin() -> None:
    detection = detect_platform(read_dump(corpus("juniper_junos/scrapli-vmx17.conf").read_bytes(), "x").lines)
    assert (detection.platform, detection.score, detection.margin, detection.confident) == (
        "juniper_junos",
        27,
        27,
        True,
    )
    special = detect_platform(read_dump(corpus("hp_comware/nu-comware7-special.cfg").read_bytes(), "x").lines)
    assert (special.platform, special.margin, special.confident) == ("hp_comware", 2, False)


def test_console_shows_the_forced_platform_warning() -> None:
    from tests.cli.support import run

    code, out, _ = run(
        "audit", corpus("juniper_junos/scrapli-vmx17.conf"), "--platform", "arista_eos", env={"COLUMNS": "400"}
    )
    assert code == 1
    assert f"  warning: {FORCED}\n" in out
