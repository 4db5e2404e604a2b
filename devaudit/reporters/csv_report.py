"""CSV: one row per rule verdict per device (spreadsheet-friendly; evidence lines joined)."""

from __future__ import annotations

import csv
import io

from devaudit.models import AuditReport

__all__ = ["COLUMNS", "render"]

COLUMNS = (
    "device",
    "source",
    "platform",
    "device_status",
    "rule_id",
    "title",
    "status",
    "severity",
    "category",
    "evidence_lines",
    "evidence",
    "expected",
    "reason",
    "waiver",
    "first_seen",
    "error",
)


def _cell(value: str) -> str:
    # Neutralise spreadsheet formulas: device text is untrusted and may start with = + - @.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render(report: AuditReport) -> str:
    """The CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for device in report.devices:
        base = [device.name, device.source, device.platform, device.status.value]
        if not device.findings:
            writer.writerow([_cell(v) for v in (*base, "", "", "", "", "", "", "", "", "", "", "", device.error)])
            continue
        for f in device.findings:
            row = (
                *base,
                f.rule_id,
                f.title,
                f.status.value,
                f.severity.value,
                f.category,
                " ".join(str(e.line) for e in f.evidence),
                " | ".join(e.text for e in f.evidence),
                f.expected,
                f.reason,
                f.waiver,
                f.first_seen,
                "",
            )
            writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()
