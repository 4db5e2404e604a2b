"""The program's own reading of ``devaudit audit`` agrees with the command-line framework's, word for word."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from devaudit.cli import main
from devaudit.launch import AUDIT_DEFAULTS, parse_audit

READ_HERE = [
    [],
    ["r1.cfg"],
    ["r1.cfg", "r2.cfg", "-"],
    ["r1.cfg", "-f", "json"],
    ["-f", "JSON", "r1.cfg"],
    ["-fjson", "r1.cfg", "--format=csv", "-o", "out"],
    ["--format", "Console", "-f", "html", "--output-dir=out dir"],
    ["r1.cfg", "-vd"],
    ["r1.cfg", "-v", "--details", "-j4"],
    ["r1.cfg", "-vj", "3"],
    ["r1.cfg", "--jobs", "0", "--jobs=256"],
    ["--platform", "CISCO_IOS", "r1.cfg", "--platform=Juniper_JunOS"],
    ["-b", "site.yaml", "--baseline", "more", "--baseline=third", "r1.cfg"],
    ["--var", "min_ntp_servers=1", "--var=a=b=c", "r1.cfg"],
    ["--fail-on", "Medium", "--profile", "stig", "--profile=CIS-Level1", "r1.cfg"],
    ["--role", "olt", "--tag", "edge", "--tag", "lab", "--rule", "IOS-SNMP-*,IOS-NTP-001", "--rule", "x"],
    ["--max-size", "1", "--advisory-max-age", "007", "r1.cfg"],
    ["--waivers", "w.yaml", "--no-waivers", "--share", "--no-advisories", "r1.cfg"],
    ["r1.cfg", "--", "-f", "--help", "-"],
    ["-o", "-odd-name", "r1.cfg"],
    ["-o=out", "r1.cfg"],
    ["--role=", "r1.cfg"],
]


@pytest.mark.parametrize("words", READ_HERE, ids=lambda w: " ".join(w) or "(none)")
def test_reads_an_audit_command_line_as_the_framework_does(words: list[str]) -> None:
    expected = main.commands["audit"].make_context("audit", list(words)).params
    assert parse_audit(words) == expected


REFUSED_BY_THE_FRAMEWORK = [
    ["-h"],
    ["r1.cfg", "--help"],
    ["-f", "yaml", "r1.cfg"],
    ["-f"],
    ["-j", "257", "r1.cfg"],
    ["-j", "-1", "r1.cfg"],
    ["-j", "two", "r1.cfg"],
    ["--max-size", "0", "r1.cfg"],
    ["--share=yes", "r1.cfg"],
    ["--bogus", "r1.cfg"],
    ["--form", "json", "r1.cfg"],
    ["-x", "r1.cfg"],
    ["-vx", "r1.cfg"],
    ["--platform", "cisco", "r1.cfg"],
    ["--fail-on", "severe", "r1.cfg"],
    ["-f=json", "r1.cfg"],
]


@pytest.mark.parametrize("words", REFUSED_BY_THE_FRAMEWORK, ids=" ".join)
def test_leaves_what_the_framework_refuses_to_the_framework(words: list[str]) -> None:
    assert parse_audit(words) is None
    with pytest.raises((click.exceptions.UsageError, click.exceptions.Exit)):
        main.commands["audit"].make_context("audit", list(words))


LEFT_TO_THE_FRAMEWORK = [
    ["-i", "inventory.yaml"],
    ["r1.cfg", "--host", "pe*", "--inventory=inv"],
    ["--engine", "celery+redis://broker:6379/0", "r1.cfg"],
    ["--advisories", "store.sqlite", "r1.cfg"],
    ["-w", "4", "r1.cfg"],
    ["-o", "", "r1.cfg"],
]


@pytest.mark.parametrize("words", LEFT_TO_THE_FRAMEWORK, ids=" ".join)
def test_leaves_live_collection_and_rare_options_to_the_framework(words: list[str]) -> None:
    assert parse_audit(words) is None
    main.commands["audit"].make_context("audit", list(words))  # valid: the framework runs them


def test_defaults_are_the_options_of_the_audit_command() -> None:
    assert set(AUDIT_DEFAULTS) == {p.name for p in main.commands["audit"].params}


def _program(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run([sys.executable, "-m", "devaudit", *args], capture_output=True, text=True, env=env)


def test_program_audits_as_the_command_line_does(tmp_path: Path) -> None:
    config = tmp_path / "r9.cfg"
    config.write_text(
        "hostname R9\nip http server\nsnmp-server community Xq7s3cretC RO\nntp server 10.0.0.1\nend\n", encoding="utf-8"
    )
    program = _program("audit", str(config), "-f", "json", "--platform", "cisco_ios", cache=tmp_path / "cache")
    framework = CliRunner().invoke(
        main, ["audit", str(config), "-f", "json", "--platform", "cisco_ios"], env={"XDG_CACHE_HOME": str(tmp_path)}
    )
    assert (program.returncode, framework.exit_code) == (1, 1)
    ours, theirs = json.loads(program.stdout), json.loads(framework.stdout)
    assert ours | {"generated_at": ""} == theirs | {"generated_at": ""}
    failed = {r["rule_id"] for r in ours["devices"][0]["results"] if r["status"] == "FAIL"}
    assert "IOS-MGMT-005" in failed
    assert "Xq7s3cretC" not in program.stdout


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["audit"], "Error: give config PATHS to audit, or --inventory to collect live"),
        (["audit", "r1.cfg", "--var", "oops"], "Error: Invalid value for --var: 'oops' is not NAME=VALUE"),
        (["audit", "r1.cfg", "-f", "json", "-f", "csv"], "Error: several file formats need --output-dir"),
        (["audit", "r1.cfg", "-j", "999"], "Error: Invalid value for '-j' / '--jobs': 999 is not in the range"),
    ],
)
def test_program_reports_usage_mistakes_with_the_usage_line(tmp_path: Path, words: list[str], message: str) -> None:
    result = _program(*words, cache=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: python -m devaudit audit [OPTIONS] [PATHS]...\n")
    assert message in result.stderr


def test_devices_are_audited_with_garbage_collection_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from devaudit import launch, runner

    config, other = tmp_path / "r9.cfg", tmp_path / "r10.cfg"
    config.write_text("hostname R9\nip http server\nend\n", encoding="utf-8")
    other.write_text("hostname R10\nno ip http server\nend\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    collecting: list[bool] = []
    audit_bytes = runner.audit_bytes

    def watched(*args: object, **kwargs: object) -> object:
        collecting.append(gc.isenabled())
        return audit_bytes(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "audit_bytes", watched)
    with pytest.raises(SystemExit) as stop:
        launch.main(["audit", str(config), str(other), "-f", "json", "--platform", "cisco_ios", "-j", "1"])
    assert stop.value.code == 1
    assert collecting == [True, True]
    assert gc.isenabled()
    assert len(json.loads(capsys.readouterr().out)["devices"]) == 2
