"""``make demo`` keeps working: simulators up, every device collected over SSH, audited and reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from devaudit.platforms import PLATFORM_NAMES

ROOT = Path(__file__).resolve().parents[1]
INVENTORY = ROOT / "inventories" / "demo.yaml"


def test_demo_end_to_end() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "devaudit.demo"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads((ROOT / "demo-output" / "reports" / "report.json").read_text(encoding="utf-8"))
    statuses = {d["name"]: d["status"] for d in report["devices"]}
    assert list(statuses) == list(yaml.safe_load(INVENTORY.read_text(encoding="utf-8"))["hosts"])
    assert {n for n, s in statuses.items() if s == "ERROR"} == {"lab-authfail-01", "lab-blackhole-01"}
    assert {d["platform"] for d in report["devices"]} == set(PLATFORM_NAMES)  # every platform has a demo host
    for name in ("report.html", "report.sarif", "report.xml", "report.csv", "report.md"):
        assert (ROOT / "demo-output" / "reports" / name).is_file()
    assert (ROOT / "demo-output" / "archive" / "ios-branch-01.cfg.meta.json").is_file()
    assert "lab-authfail-01: not audited: authentication failed" in done.stdout
    assert "devaudit-demo" not in done.stdout + done.stderr  # the demo password never shows
