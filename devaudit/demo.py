"""``make demo``: the main job end to end on the shipped defaults.

Starts the SSH device simulators of ``inventories/demo.yaml`` on 127.0.0.1, collects every device over SSH
with netmiko, audits them with the shipped baselines, writes the reports (HTML, JSON, SARIF, JUnit, CSV,
Markdown, fix scripts) and the config archive, stops the simulators and prints the summary.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
INVENTORY = ROOT / "inventories" / "demo.yaml"
OUTPUT = ROOT / "demo-output"


def main() -> int:
    """Run the demo; 0 when the audit ran (its own exit code, 3 with the two broken devices, is printed)."""
    if not (ROOT / "mocks" / "fleet.py").is_file() or not INVENTORY.is_file():
        print("make demo needs a source checkout of devaudit (git clone or sdist): the simulators are not installed")
        return 2
    from devaudit.cli import main as cli
    from mocks.fleet import Fleet

    os.environ.setdefault("DEVAUDIT_DEMO_PASSWORD", "devaudit-demo")
    os.environ.setdefault("DEVAUDIT_DEMO_ENABLE", "devaudit-enable")
    shutil.rmtree(OUTPUT, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix="devaudit-demo-"))
    # Free ports are picked at start-up so the demo never collides with anything already listening.
    fleet = Fleet.from_inventory(INVENTORY, ephemeral_ports=True)
    started = time.perf_counter()
    fleet.start()
    print(f"started {len(fleet)} simulated devices on 127.0.0.1 from {INVENTORY.relative_to(ROOT)}", flush=True)
    try:
        data = yaml.safe_load(INVENTORY.read_text(encoding="utf-8"))
        for name, host in data["hosts"].items():
            host["port"] = fleet.port(name)
        inventory = work / "demo-inventory.yaml"
        inventory.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        # Vendor advisories, read offline: the feed files are written from mocks/advisories and imported
        # into a store of the demo's own, exactly as 'devaudit advisories import' does.
        from devaudit.advisories.store import import_feeds
        from mocks.feeds import write_feeds

        store = work / "advisories.sqlite"
        feeds = write_feeds(work / "feeds")
        imported = import_feeds(feeds, store)
        print(f"imported {imported.advisories} vendor advisories (CSAF 2.0 and NVD CVE 2.0) into {store.name}")
        known_hosts = work / "known_hosts"
        known_hosts.write_text(fleet.known_hosts(), encoding="utf-8")
        args = [
            "audit",
            "--inventory",
            str(inventory),
            "--known-hosts",
            str(known_hosts),
            "--devaudit-known-hosts",
            str(work / "devaudit_known_hosts"),
            "--advisories",
            str(store),
            "--retries",
            "1",
            "--workers",
            "16",
            "--archive",
            str(OUTPUT / "archive"),
            "--output-dir",
            str(OUTPUT / "reports"),
            *[a for fmt in ("html", "json", "sarif", "junit", "csv", "markdown") for a in ("-f", fmt)],
        ]
        try:
            cli(args, prog_name="devaudit", standalone_mode=False)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    finally:
        fleet.stop()
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    _summary(OUTPUT / "reports" / "report.json")
    print(f"\nsimulators stopped; demo took {elapsed:.1f} s")
    print(
        f"audit exit code {code} (1 = findings, 3 = some device could not be audited): the two lab-* devices "
        "fail on purpose, so 3 is the expected outcome and the demo itself exits 0"
    )
    print(f"reports:  {OUTPUT / 'reports'} (open report.html in a browser; fix scripts in fixes/)")
    print(f"archive:  {OUTPUT / 'archive'} (collected configs, secrets masked, with metadata)")
    return 0 if code in (0, 1, 3) else code


def _summary(report_path: Path) -> None:
    """One line per device: status, failures by severity, or why it could not be audited."""
    import json

    from rich.console import Console
    from rich.table import Table

    report = json.loads(report_path.read_text(encoding="utf-8"))
    table = Table(title="devaudit demo: simulated devices collected over SSH and audited")
    for column in ("device", "platform", "role", "status", "critical", "high", "medium", "low", "passed"):
        table.add_column(
            column, justify="right" if column in ("critical", "high", "medium", "low", "passed") else "left"
        )
    for device in report["devices"]:
        fails = [r for r in device["results"] if r["status"] == "FAIL"]
        counts = {s: sum(1 for r in fails if r["severity"] == s) for s in ("critical", "high", "medium", "low")}
        passed = sum(1 for r in device["results"] if r["status"] == "PASS")
        table.add_row(
            device["name"],
            device["platform"],
            device.get("role") or "",
            device["status"],
            *(str(counts[s]) for s in counts),
            str(passed),
        )
    console = Console(width=120)
    console.print(table)
    exposure = Table(title="exposure to published vendor advisories (release from show version + configuration)")
    for column in ("device", "release", "advisory", "verdict", "severity", "fixed in"):
        exposure.add_column(column)
    for device in report["devices"]:
        for result in device["results"]:
            if result.get("category") != "vulnerability" or result["status"] not in ("FAIL", "PASS"):
                continue
            reason = result.get("reason", "")
            verdict = reason.split(":", 1)[0] if reason[:1].isupper() and ":" in reason[:10] else "not affected"
            if result["status"] == "PASS" and verdict == "not affected":
                continue
            fixed = result.get("expected", "").removeprefix("a release that fixes it: ").split(" or later")[0]
            exposure.add_row(
                device["name"],
                (device.get("facts") or {}).get("os_version", ""),
                result["rule_id"],
                verdict,
                result["severity"],
                fixed if not fixed.startswith("a fixed release") else "see advisory",
            )
    if exposure.row_count:
        console.print(exposure)
    for device in report["devices"]:
        if device["status"] == "ERROR":
            console.print(f"{device['name']}: not audited: {device['error']}", highlight=False)


if __name__ == "__main__":
    sys.exit(main())
