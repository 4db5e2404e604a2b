"""Waivers, drift between runs, scheduled runs (lock, atomic latest, killed runs), fix scripts, --share."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_mock import MockerFixture

from devaudit.cli import main
from tests.test_cli import INSECURE_IOS

RULES = ["--rule", "IOS-MGMT-005", "--rule", "IOS-SNMP-001", "--rule", "IOS-MGMT-006", "--rule", "IOS-NTP-001"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def configs(tmp_path: Path) -> Path:
    folder = tmp_path / "configs"
    folder.mkdir()
    (folder / "edge1.cfg").write_text(INSECURE_IOS, encoding="utf-8")
    return folder


def _statuses(out: str) -> dict[str, tuple[str, str | None]]:
    return {r["rule_id"]: (r["status"], r["waiver"]) for r in json.loads(out)["devices"][0]["results"]}


def test_waivers_active_expired_stale_and_disabled(configs: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - {device: 'EDGE*', rule: IOS-MGMT-005, reason: vendor GUI needed until migration, approver: cso,"
        " ticket: CHG-1, expires: 2999-01-01}\n"
        "  - {device: EDGE1, rule: IOS-SNMP-001, evidence: 'community', reason: legacy NMS, approver: cso,"
        " ticket: CHG-2, expires: 2001-01-01}\n"
        "  - {device: other-box, rule: IOS-MGMT-006, reason: lab box only, approver: cso, ticket: CHG-3,"
        " expires: 2999-01-01}\n",
        encoding="utf-8",
    )
    code, out, err = run("audit", str(configs), "-f", "json", "--waivers", str(waivers), *RULES)
    statuses = _statuses(out)
    assert statuses["IOS-MGMT-005"][0] == "WAIVED" and "CHG-1 approved by cso until 2999-01-01" in str(
        statuses["IOS-MGMT-005"][1]
    )
    assert statuses["IOS-SNMP-001"] == ("FAIL", "waiver expired on 2001-01-01 (CHG-2)")
    assert "stale waiver: other-box IOS-MGMT-006 (CHG-3)" in err
    assert code == 1
    _, out, _ = run("audit", str(configs), "-f", "json", "--waivers", str(waivers), "--no-waivers", *RULES)
    assert _statuses(out)["IOS-MGMT-005"] == ("FAIL", None)


def test_invalid_waiver_file_exits_4(configs: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - device: r1\n    rule: IOS-MGMT-005\n    reason: x y z\n    expires: someday\n")
    code, _, err = run("audit", str(configs), "--waivers", str(waivers))
    assert code == 4
    assert f"{waivers}:2:" in err or f"{waivers}:5:" in err
    assert "waiver" in err


def test_scheduled_runs_drift_first_seen_and_retention(configs: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "runs-out"
    code, out, _ = run("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES, "--keep", "2")
    assert code == 1 and "(first run)" in out and out.count("\n") == 1
    first = json.loads((out_dir / "latest" / "report.json").read_text())
    first_seen = {r["rule_id"]: r["first_seen"] for r in first["devices"][0]["results"] if r["status"] == "FAIL"}
    # Fix one finding, add another, and run again.
    (configs / "edge1.cfg").write_text(INSECURE_IOS.replace("ip http server\n", "ip ssh version 2\n"), encoding="utf-8")
    time.sleep(1.1)
    code, out, _ = run("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES, "--keep", "2")
    assert "+0 new, -2 resolved, 2 persisting" in out
    drift = json.loads((out_dir / "latest" / "drift.json").read_text())
    assert sorted(i["rule_id"] for i in drift["resolved"]) == ["IOS-MGMT-005", "IOS-MGMT-006"]
    second = json.loads((out_dir / "latest" / "report.json").read_text())
    persisting = {r["rule_id"]: r["first_seen"] for r in second["devices"][0]["results"] if r["status"] == "FAIL"}
    assert persisting == {k: v for k, v in first_seen.items() if k in persisting}
    assert (out_dir / "latest" / "fixes" / "edge1.txt").exists()
    time.sleep(1.1)
    run("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES, "--keep", "2")
    runs = sorted(p.name for p in (out_dir / "runs").iterdir())
    assert len(runs) == 2 and os.readlink(out_dir / "latest") == f"runs/{runs[-1]}"
    code, out, _ = run("diff", str(out_dir / "runs" / runs[0]), str(out_dir / "latest"))
    assert out.strip().endswith("+0 new, -0 resolved, 2 persisting")


def test_second_concurrent_run_exits_at_once(configs: Path, tmp_path: Path) -> None:
    import fcntl

    out_dir = tmp_path / "locked"
    out_dir.mkdir()
    with (out_dir / ".devaudit.lock").open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        code, _, err = run("run", str(configs), "-o", str(out_dir))
    assert code == 5
    assert "another devaudit run holds" in err
    assert not (out_dir / "latest").exists()


def test_run_failing_half_way_never_touches_latest(configs: Path, tmp_path: Path, mocker: MockerFixture) -> None:
    out_dir = tmp_path / "out"
    run("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES)
    before = os.readlink(out_dir / "latest")
    # Fault injected at the boundary: the disk fills up while the reports are being written.
    mocker.patch("devaudit.scheduled.write_fix_scripts", side_effect=OSError(28, "No space left on device"))
    time.sleep(1.1)
    result = CliRunner().invoke(main, ["run", str(configs), "-o", str(out_dir), "-f", "json", *RULES])
    assert isinstance(result.exception, OSError)
    assert os.readlink(out_dir / "latest") == before
    assert json.loads((out_dir / "latest" / "report.json").read_text())["devices"]


def test_run_killed_half_way_keeps_latest_and_next_run_cleans_up(configs: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    run("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES)
    before = os.readlink(out_dir / "latest")
    # A Python check that stalls keeps the second run busy until it is killed with SIGKILL.
    plugin = tmp_path / "stall_plugin.py"
    plugin.write_text(
        "import time\nfrom devaudit.engine.outcome import Outcome\n"
        "def stall(ctx, scope, args):\n    open(args['flag'], 'w').close()\n"
        "    time.sleep(60)\n    return Outcome.passed()\n"
    )
    flag = tmp_path / "stalled"
    site = tmp_path / "site.yaml"
    site.write_text(
        "extends: [builtin]\nplatform: cisco_ios\nrules:\n  - id: IOS-TEST-999\n    title: Stalls\n    severity: low\n"
        f"    category: services\n    check: {{python: {{name: 'stall_plugin:stall', args: {{flag: '{flag}'}}}}}}\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "devaudit", "run", str(configs), "-o", str(out_dir), "-b", str(site), "-f", "json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not flag.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists(), "the run never reached the stalling check"
    assert any(p.name.startswith(".incomplete-") for p in (out_dir / "runs").iterdir())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert os.readlink(out_dir / "latest") == before
    time.sleep(1.1)
    code, _, _ = run("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES)
    assert code == 1
    assert not any(p.name.startswith(".incomplete-") for p in (out_dir / "runs").iterdir())
    assert os.readlink(out_dir / "latest") != before


def test_fix_script_orders_lockout_fixes_last_with_warnings(configs: Path, tmp_path: Path) -> None:
    run(
        "audit",
        str(configs),
        "-o",
        str(tmp_path / "rep"),
        "--rule",
        "IOS-MGMT-001",
        "--rule",
        "IOS-NTP-001",
        "--fail-on",
        "critical",
    )
    script = (tmp_path / "rep" / "fixes" / "edge1.txt").read_text()
    assert "LOCKOUT WARNINGS" in script and "1. IOS-MGMT-001:" in script
    assert "2." not in script.split("LOCKOUT WARNINGS")[1].split("IOS-NTP-001")[0]
    assert script.index("IOS-NTP-001 [MEDIUM]") < script.index("IOS-MGMT-001 [CRITICAL]")
    assert script.rstrip().endswith(" transport input ssh")


def test_share_pseudonymises_names_and_addresses(tmp_path: Path) -> None:
    config = tmp_path / "pe-paris-01.cfg"
    config.write_text(
        "hostname pe-paris-01\nip http server\nlogging host 10.20.30.40\nntp server 10.20.30.40\nend\n",
        encoding="utf-8",
    )
    _, out, _ = run(
        "audit",
        str(config),
        "-f",
        "json",
        "--share",
        "--platform",
        "cisco_ios",
        "--rule",
        "IOS-LOG-002",
        "--rule",
        "IOS-MGMT-005",
    )
    assert "pe-paris-01" not in out and "10.20.30.40" not in out
    device = json.loads(out)["devices"][0]
    assert device["name"] == "device-001"
    texts = [e["text"] for r in device["results"] for e in r["evidence"]]
    assert "logging host 198.18.0.1" in texts
    assert date.today().year > 2000
