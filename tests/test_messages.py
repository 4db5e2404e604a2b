"""Auditing the shared corpus and the simulator configs shows no engine internals in any output format:
regex syntax, unfilled variables or placeholders, group names, Python reprs, or the redaction marker inside
written text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from devaudit.engine.loader import load_baseline
from devaudit.engine.messages import internals
from devaudit.models import AuditReport, DeviceResult, Severity, Status
from devaudit.redact import MASK
from devaudit.reporters import console, csv_report, json_report, junit, markdown, sarif
from devaudit.reporters import html as html_report
from devaudit.runner import AuditOptions, audit_inputs
from devaudit.walk import expand_inputs

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SIMULATORS = ROOT / "mocks" / "configs"
RENDERERS = {
    "console": lambda report: console.render(report, verbose=True, width=200),
    "json": json_report.render,
    "csv": csv_report.render,
    "markdown": markdown.render,
    "html": html_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
# Regex syntax that survives every format's escaping (JSON doubles the backslash, HTML escapes quotes).
_PLAIN_INTERNALS = re.compile(r"\\\\?[sSdbw][+*\\'\"\s)]|\(\?[:P!=<]|\$\{|<value>|\bgroup\s+'\w+'|'\^\w")


@pytest.fixture(scope="module")
def corpus_report() -> AuditReport:
    if not CORPUS.exists():
        pytest.skip("../shared/corpus is absent")
    refs, problems, _skipped = expand_inputs([str(CORPUS), str(SIMULATORS)])
    assert refs, problems
    devices = tuple(audit_inputs(refs, load_baseline(), AuditOptions()))
    return AuditReport(devices, "builtin", "2026-12-06T00:00:00+00:00", "test", Severity.HIGH)


def _device_text(device: DeviceResult) -> set[str]:
    """Everything in a device's results that comes from the device or is a command, not a message."""
    pieces = {device.name, device.source, device.facts.hostname, device.facts.model, device.facts.os_version}
    for finding in device.findings:
        pieces.update(e.text for e in finding.evidence)
        pieces.update(e.path for e in finding.evidence)
        pieces.update(part for e in finding.evidence for part in e.path.split(" > "))
        pieces.update(finding.remediation)
        pieces.update(line.strip() for line in finding.remediation)
    return {piece for piece in pieces if len(piece) > 2}


def test_every_written_text_of_the_corpus_audit_is_plain(corpus_report: AuditReport) -> None:
    findings = [f for device in corpus_report.devices for f in device.findings]
    assert len(findings) > 1500
    assert {f.status for f in findings} >= {Status.PASS, Status.FAIL, Status.NOT_APPLICABLE}
    bad = sorted(
        {
            f"{f.rule_id} {f.status.value} {name}: {text!r} {internals(text)}"
            for f in findings
            for name, text in (("expected", f.expected), ("reason", f.reason))
            if internals(text)
        }
    )
    assert bad == []
    assert [f.rule_id for f in findings if MASK in f.expected] == []
    assert [f.rule_id for f in findings if f.status is Status.FAIL and not f.reason] == []
    assert [f.rule_id for f in findings if not f.expected] == []


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_no_format_shows_engine_internals(corpus_report: AuditReport, fmt: str) -> None:
    text = html.unescape(RENDERERS[fmt](corpus_report))
    device_text = set().union(*(_device_text(d) for d in corpus_report.devices))
    for piece in sorted(device_text, key=len, reverse=True):
        text = text.replace(piece, "")
    hits = sorted({line.strip()[:200] for line in text.splitlines() if _PLAIN_INTERNALS.search(line)})
    assert hits == []


def test_the_grep_finds_what_the_issue_saw() -> None:
    """The patterns the format test greps for catch each kind of internals the reports used to show."""
    seen = [
        r"no line matches '^logging\\s+(?:vrf\\s+\\S+\\s+)?host\\s+\\S'",
        "group 'p' of lines matching ...",
        "at least ${eos_min_password_length}",
        "aaa authentication policy lockout<value> duration",
        "username <value> <value>nopassword",
    ]
    assert [bool(_PLAIN_INTERNALS.search(text)) for text in seen] == [True] * len(seen)
    assert [bool(internals(text)) for text in seen] == [True] * len(seen)
