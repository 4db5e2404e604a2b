"""A rule's constant texts are taken once per run, yet every baseline keeps its own words."""

from __future__ import annotations

from pathlib import Path

from devaudit.engine.loader import load_baseline
from devaudit.models import Status
from devaudit.runner import AuditOptions, audit_bytes

CONFIG = Path(__file__).resolve().parents[2] / "mocks" / "configs" / "zte_zxros"


def _ntp(baseline: object, data: bytes) -> tuple[str, Status]:
    result = audit_bytes(data, "olt.cfg", baseline, AuditOptions(platform="zte_zxros"))  # type: ignore[arg-type]
    (finding,) = [f for f in result.findings if f.rule_id == "ZTE-NTP-001"]
    return finding.expected, finding.status


def test_two_baselines_in_one_process_keep_their_own_expected_text() -> None:
    data = sorted(CONFIG.iterdir())[0].read_bytes()
    two = load_baseline(cache=False)
    three = load_baseline(cache=False, variables={"min_ntp_servers": 3})
    for _ in range(2):  # alternately, so a text remembered for one baseline would show in the other
        text_two, _status = _ntp(two, data)
        text_three, _status = _ntp(three, data)
        assert text_two.endswith("and at least 2 keyed servers")
        assert text_three.endswith("and at least 3 keyed servers")


def test_every_finding_carries_its_rules_title_severity_and_references() -> None:
    data = sorted(CONFIG.iterdir())[0].read_bytes()
    baseline = load_baseline(cache=False)
    result = audit_bytes(data, "olt.cfg", baseline, AuditOptions(platform="zte_zxros"))
    rules = {compiled.rule.id: compiled.rule for compiled in baseline.for_platform("zte_zxros")}
    assert {f.rule_id for f in result.findings} == set(rules)
    for finding in result.findings:
        rule = rules[finding.rule_id]
        assert (finding.title, finding.severity, finding.category) == (rule.title, rule.severity, rule.category)
        assert finding.references == rule.references.as_tuple()
        assert finding.lockout == (rule.lockout or "")
        if finding.status is not Status.FAIL:  # a FAIL's fix may be bound to the device's own objects
            assert finding.remediation == tuple(rule.remediation)
