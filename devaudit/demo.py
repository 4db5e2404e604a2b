"""``make demo``: the main job end to end on the shipped defaults (simulated devices and shipped baselines)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from devaudit import __version__
from devaudit.atomic import write_atomic
from devaudit.engine.loader import load_baseline
from devaudit.models import AuditReport, Severity
from devaudit.reporters import console, json_report
from devaudit.runner import AuditOptions, audit_inputs
from devaudit.sources import expand_inputs

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Audit every simulator config offline and write the reports to demo-output/."""
    out_dir = ROOT / "demo-output"
    baseline = load_baseline()
    refs, problems = expand_inputs([str(ROOT / "mocks" / "configs")])
    devices = tuple(audit_inputs(refs, baseline, AuditOptions()))
    report = AuditReport(
        devices=devices,
        baseline=baseline.name,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
        fail_on=Severity.HIGH,
        warnings=tuple(problems),
    )
    sys.stdout.write(console.render(report, width=140))
    write_atomic(out_dir / "report.json", json_report.render(report))
    print(f"\nreports: {out_dir / 'report.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
