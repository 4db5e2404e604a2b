"""``python -m bench.advisories``: import thousands of CSAF advisories, then audit 1,000 devices against them.

Reports the import rate, and the audit's cost per device with and without the advisory store, both measured in
this run (the difference is what exposure checking adds). Every run's output is checked: the import's count of
advisories and the JSON report's count of devices and exposure results, never the exit code alone.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mocks.feeds import csaf_document, load_facts, nvd_item

RESULTS = Path(__file__).resolve().parent / "RESULTS-advisories.md"
MOCKS = Path(__file__).resolve().parent.parent / "mocks" / "configs"
PLATFORMS = {
    "cisco_ios": ("show version", ("17.09.04a", "17.9.4a"), ["17.3.4a", "17.6.5", "17.9.3", "17.9.4a"]),
    "cisco_asa": ("show version", ("9.16(4)19",), ["9.16(4)19", "9.8(4)15", "9.16(4)57"]),
    "cisco_nxos": ("show version", ("9.3(10)",), ["9.3(10)", "9.3(13)", "9.2(3)"]),
    "juniper_junos": ("show version", ("21.4R3-S5.4",), ["21.4R3-S4", "21.4R3-S5.4", "22.2R3-S2"]),
    "arista_eos": ("show version", ("4.30.5M",), ["4.29.7M", "4.30.5M", "4.28.3M"]),
}


def _write_feeds(folder: Path, copies: int) -> int:
    """``copies`` CSAF files per CSAF advisory (distinct IDs) plus one NVD feed; returns the number of files."""
    facts = load_facts()
    csaf = [e for e in facts if e["format"] == "csaf"]
    count = 0
    for i in range(copies):
        for entry in csaf:
            doc = csaf_document(entry, suffix=f"-b{i:04d}" if i else "")
            (folder / f"{entry['id'].lower()}-{i:04d}.json").write_text(json.dumps(doc), encoding="utf-8")
            count += 1
    feed = {
        "format": "NVD_CVE",
        "version": "2.0",
        "vulnerabilities": [nvd_item(e) for e in facts if e["format"] == "nvd"],
    }
    (folder / "nvd.json").write_text(json.dumps(feed), encoding="utf-8")
    return count + 1


def _write_devices(folder: Path, count: int) -> None:
    names = sorted(PLATFORMS)
    for i in range(count):
        platform = names[i % len(names)]
        command, originals, releases = PLATFORMS[platform]
        release = releases[(i // len(names)) % len(releases)]
        source = MOCKS / platform
        config = folder / f"dev{i:05d}.cfg"
        config.write_bytes((source / "insecure.cfg").read_bytes())
        show = folder / f"dev{i:05d}.cfg.show"
        show.mkdir()
        text = (source / "version.txt").read_text(encoding="utf-8").replace("{hostname}", f"dev{i:05d}")
        for original in originals:
            text = text.replace(original, release)
        (show / f"{command.replace(' ', '_')}.txt").write_text(text, encoding="utf-8")


def _timed(args: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "devaudit", *args], capture_output=True, text=True)
    return time.perf_counter() - started, result


def run(copies: int, devices: int) -> dict[str, Any]:
    """Measure the import of ``copies`` x the CSAF fixtures and an audit of ``devices`` devices."""
    work = Path(tempfile.mkdtemp(prefix="devaudit-bench-adv-"))
    try:
        feeds, fleet = work / "feeds", work / "fleet"
        feeds.mkdir()
        fleet.mkdir()
        files = _write_feeds(feeds, copies)
        _write_devices(fleet, devices)
        store = work / "advisories.sqlite"
        import_s, imported = _timed(["advisories", "import", str(feeds), "--store", str(store)])
        if imported.returncode != 0 or f"from {files} files" not in imported.stdout:
            raise RuntimeError(f"import failed: {imported.stdout}{imported.stderr}")
        advisories = int(imported.stdout.split()[1])
        audits: dict[str, float] = {}
        exposures = 0
        for label, extra in (("without", ["--no-advisories"]), ("with", ["--advisories", str(store)])):
            seconds, result = _timed(["audit", str(fleet), "-f", "json", "-j", "1", *extra])
            report = json.loads(result.stdout)
            if len(report["devices"]) != devices or report["summary"]["devices_error"]:
                raise RuntimeError(f"audit {label} advisories audited {len(report['devices'])} of {devices} devices")
            if label == "with":
                exposures = sum(
                    1 for d in report["devices"] for r in d["results"] if r.get("category") == "vulnerability"
                )
                if exposures == 0:
                    raise RuntimeError("the audit with advisories produced no exposure results")
            audits[label] = seconds
        return {
            "files": files,
            "advisories": advisories,
            "import_s": import_s,
            "devices": devices,
            "audit_without_s": audits["without"],
            "audit_with_s": audits["with"],
            "exposure_results": exposures,
            "store_bytes": store.stat().st_size,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.advisories", description=__doc__)
    parser.add_argument("--copies", type=int, default=150, help="copies of each CSAF fixture (22 per copy)")
    parser.add_argument("--devices", type=int, default=1000)
    args = parser.parse_args(argv)
    r = run(args.copies, args.devices)
    per_device_ms = (r["audit_with_s"] - r["audit_without_s"]) / r["devices"] * 1000
    lines = [
        "# Advisory benchmark",
        "",
        f"`python -m bench.advisories --copies {args.copies} --devices {args.devices}`, "
        f"{datetime.now(UTC).date().isoformat()}, one process (`-j 1`).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| CSAF 2.0 files imported (schema-validated) | {r['files'] - 1:,} + 1 NVD feed |",
        f"| import wall time | {r['import_s']:.1f} s ({(r['files']) / r['import_s']:,.0f} files/s) |",
        f"| store size | {r['store_bytes'] / 1024 / 1024:.1f} MiB, {r['advisories']:,} advisories |",
        f"| audit of {r['devices']:,} devices, no advisories (reference) | {r['audit_without_s']:.1f} s |",
        f"| audit of {r['devices']:,} devices with the store | {r['audit_with_s']:.1f} s |",
        f"| cost of exposure checking per device | {per_device_ms:.2f} ms |",
        f"| exposure results in the report | {r['exposure_results']:,} |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
