"""The advisories commands and an audit that reads the store, through the real CLI."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = "hostname r1\n!\nip http server\n!\nline vty 0 4\n transport input ssh\n!\nend\n"


def _run(*args: str, home: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(home), "COLUMNS": "200"}
    env.pop("DEVAUDIT_ADVISORY_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "devaudit", *args], capture_output=True, text=True, env=env, cwd=cwd or ROOT, timeout=300
    )


def _device(tmp_path: Path, release: str) -> Path:
    config = tmp_path / "r1.cfg"
    config.write_text(CONFIG)
    show = tmp_path / "r1.cfg.show"
    show.mkdir(exist_ok=True)
    version = (ROOT / "mocks" / "configs" / "cisco_ios" / "version.txt").read_text()
    (show / "show_version.txt").write_text(version.replace("17.09.04a", release).replace("17.9.4a", release))
    return config


def test_import_status_and_audit(tmp_path: Path, feeds: Path) -> None:
    home = tmp_path / "home"
    imported = _run("advisories", "import", str(feeds), home=home)
    store = home / "devaudit" / "advisories.sqlite"
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == f"imported 33 advisories from 23 files into {store}"
    status = _run("advisories", "status", home=home)
    assert status.returncode == 0
    assert "advisories: 33 (22 CSAF advisories, 11 NVD CVEs)" in status.stdout
    assert "  Cisco IOS XE: 1" in status.stdout

    config = _device(tmp_path, "17.3.4a")
    audit = _run("audit", str(config), "--platform", "cisco_ios", "-f", "json", home=home)
    assert audit.returncode == 1, audit.stderr
    report = json.loads(audit.stdout)
    (device,) = report["devices"]
    vulns = {r["rule_id"]: r for r in device["results"] if r["category"] == "vulnerability"}
    webui = vulns["cisco-sa-iosxe-webui-privesc-j22SaA4z"]
    assert webui["status"] == "FAIL"
    assert webui["reason"].startswith("EXPOSED: Cisco IOS XE 17.3.4a is affected")
    assert webui["evidence"][0]["line"] == 3

    sarif = _run("audit", str(config), "--platform", "cisco_ios", "-f", "sarif", home=home)
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    assert any(r["ruleId"] == "cisco-sa-iosxe-webui-privesc-j22SaA4z" for r in results)

    off = _run("audit", str(config), "--platform", "cisco_ios", "-f", "json", "--no-advisories", home=home)
    (device,) = json.loads(off.stdout)["devices"]
    assert not [r for r in device["results"] if r["category"] == "vulnerability"]


def test_stale_feeds_warn_in_the_report(tmp_path: Path, feeds: Path) -> None:
    home = tmp_path / "home"
    assert _run("advisories", "import", str(feeds), home=home).returncode == 0
    store = home / "devaudit" / "advisories.sqlite"
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE meta SET value = '2026-01-01T00:00:00+00:00' WHERE key = 'imported_at'")
    config = _device(tmp_path, "17.3.4a")
    audit = _run("audit", str(config), "--platform", "cisco_ios", "-f", "json", "--advisory-max-age", "30", home=home)
    report = json.loads(audit.stdout)
    assert any("the advisory feeds were imported" in w and "(more than 30)" in w for w in report["warnings"])
    status = _run("advisories", "status", "--max-age", "30", home=home)
    assert status.returncode == 1
    assert "older than 30 days: import fresh feeds" in status.stderr


def test_import_refuses_bad_files_and_keeps_the_rest(tmp_path: Path, feeds: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = _run("advisories", "import", str(feeds), str(bad), "--store", str(tmp_path / "s.sqlite"), home=tmp_path)
    assert result.returncode == 4
    assert f"devaudit: {bad}: not valid JSON at line 1, column 2" in result.stderr
    assert "imported 33 advisories from 24 files" in result.stdout


def test_no_store_is_a_clear_message(tmp_path: Path) -> None:
    result = _run("advisories", "status", home=tmp_path)
    assert result.returncode == 3
    assert "no advisory store at" in result.stdout
    missing = _run(
        "audit", str(_device(tmp_path, "17.3.4a")), "--advisories", str(tmp_path / "x.sqlite"), home=tmp_path
    )
    assert missing.returncode == 2
    assert "no advisory store at" in missing.stderr


def test_waivers_apply_to_advisories(tmp_path: Path, feeds: Path) -> None:
    home = tmp_path / "home"
    assert _run("advisories", "import", str(feeds), home=home).returncode == 0
    config = _device(tmp_path, "17.3.4a")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - device: '*'\n"
        "    rule: cisco-sa-iosxe-webui-*\n"
        "    reason: Web UI needed until the NMS migration; reachable from the NOC only\n"
        "    approver: j.doe\n"
        "    ticket: CHG-1234\n"
        "    expires: 2099-12-31\n"
    )
    audit = _run("audit", str(config), "--platform", "cisco_ios", "-f", "json", "--waivers", str(waivers), home=home)
    (device,) = json.loads(audit.stdout)["devices"]
    (webui,) = [r for r in device["results"] if r["rule_id"] == "cisco-sa-iosxe-webui-privesc-j22SaA4z"]
    assert webui["status"] == "WAIVED"
