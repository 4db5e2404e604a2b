"""Drift between runs on real corpus text: identity, value-free fingerprints, first-seen dates, `devaudit diff`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from devaudit.cli import main
from devaudit.history import annotate, diff_reports, structural_path
from devaudit.models import AuditReport, DeviceResult
from devaudit.reporters import json_report, sarif
from devaudit.runner import AuditOptions, audit_bytes

from .fixes.support import HOSTNAME_FOO, audit_file, corpus_file, shipped

C9200 = "cisco_ios/ox-c9200l-17.9.cfg"  # 'snmp-server community public RW 5'


def _device(text: bytes, source: str = "configs/sw1.cfg") -> DeviceResult:
    return audit_bytes(text, source, shipped(), AuditOptions())


def _run(devices: tuple[DeviceResult, ...], when: str, previous: dict[str, Any] | None) -> dict[str, Any]:
    return json_report.report_to_dict(annotate(AuditReport(devices, "builtin", when, "test"), previous))


def _changed_community() -> tuple[dict[str, Any], dict[str, Any]]:
    text = corpus_file(C9200).read_bytes()
    assert b"snmp-server community public RW 5\n" in text
    first = _run((_device(text),), "2026-12-01T10:00:00Z", None)
    changed = text.replace(b"snmp-server community public RW 5", b"snmp-server community s3cr3t RO 5")
    second = _run((_device(changed),), "2026-12-06T10:00:00Z", first)
    return first, second


def _result(report: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in report["devices"][0]["results"] if r["rule_id"] == rule_id)


def test_changed_values_keep_the_finding_and_its_first_seen_date() -> None:
    first, second = _changed_community()
    before, after = _result(first, "IOS-SNMP-003"), _result(second, "IOS-SNMP-003")
    assert (before["status"], after["status"]) == ("FAIL", "FAIL")
    assert after["evidence"][0]["text"] == "snmp-server community <redacted> RO 5"
    assert after["fingerprint"] == before["fingerprint"]
    assert after["first_seen"] == "2026-12-01T10:00:00Z"
    drift = diff_reports(first, second)
    assert [i["rule_id"] for i in drift.new] == []
    assert [i["rule_id"] for i in drift.resolved] == ["IOS-SNMP-001"]  # no longer read-write
    assert "IOS-SNMP-003" in {i["rule_id"] for i in drift.persisting}
    assert drift.summary() == "+0 new, -1 resolved, 33 persisting"


def test_structural_path_drops_values() -> None:
    assert structural_path("", "snmp-server community <redacted> RW 5") == "snmp-server community"
    assert structural_path("line vty 0 4", "transport input telnet") == "line vty > transport input"


def test_three_foo_configs_have_distinct_fingerprints_in_drift_and_sarif() -> None:
    devices = tuple(audit_file(corpus_file(rel)) for rel in HOSTNAME_FOO)
    assert len({d.key for d in devices}) == 3
    report = annotate(AuditReport(devices, "builtin", "2026-12-06T10:00:00Z", "test"), None)
    prints = [f.fingerprint for d in report.devices for f in d.findings if f.fingerprint]
    assert len(prints) == len(set(prints)) == sum(1 for d in devices for f in d.findings if f.status.value == "FAIL")
    log = json.loads(sarif.render(AuditReport(devices, "builtin", "2026-12-06T10:00:00Z", "test")))
    partial = [r["partialFingerprints"]["devauditFinding/v1"] for r in log["runs"][0]["results"]]
    assert len(partial) == len(set(partial)) > 0


def _write(tmp_path: Path) -> tuple[Path, Path]:
    first, second = _changed_community()
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(first), encoding="utf-8")
    new.write_text(json.dumps(second), encoding="utf-8")
    return old, new


def test_diff_shows_new_and_resolved_by_default(tmp_path: Path) -> None:
    old, new = _write(tmp_path)
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "STATUS    DEVICE           RULE          SEVERITY  FIRST SEEN  TITLE",
        "RESOLVED  LAB-SW123_9200L  IOS-SNMP-001  critical  2026-12-01  No default or read-write SNMP community",
        "+0 new, -1 resolved, 33 persisting",
    ]


def test_diff_all_adds_persisting_with_first_seen_dates(tmp_path: Path) -> None:
    old, new = _write(tmp_path)
    lines = CliRunner().invoke(main, ["diff", "--all", str(old), str(new)]).stdout.splitlines()
    persisting = [line for line in lines if line.startswith("PERSISTING")]
    assert len(persisting) == 33
    snmp = next(line for line in persisting if "IOS-SNMP-003" in line)
    assert snmp.split("  ")[-1] == "SNMPv3 with authPriv only (no v1/v2c)"
    assert " 2026-12-01 " in snmp and "T10:00" not in snmp
