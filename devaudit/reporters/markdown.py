"""Markdown: a summary table per device and the failures with evidence (for tickets and merge requests)."""

from __future__ import annotations

from devaudit.models import AuditReport, DeviceStatus, Status

__all__ = ["render"]


def _esc(text: str) -> str:
    """Escape device text for a Markdown table cell (it is untrusted: no HTML, no table breaks)."""
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for char in "<>`*_[]":
        out = out.replace(char, "\\" + char)
    return out


def render(report: AuditReport) -> str:
    """The Markdown document."""
    lines = [
        "# devaudit report",
        "",
        f"Generated {report.generated_at} by devaudit {report.tool_version}; baseline `{_esc(report.baseline)}`; "
        f"failing at `{report.fail_on.value}` and above.",
        "",
        "| device | platform | status | PASS | FAIL | WAIVED | N/A | ERROR |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for device in report.devices:
        counts = {s: sum(1 for f in device.findings if f.status is s) for s in Status}
        numbers = " | ".join(
            str(counts[s]) for s in (Status.PASS, Status.FAIL, Status.WAIVED, Status.NOT_APPLICABLE, Status.ERROR)
        )
        lines.append(f"| {_esc(device.name)} | {device.platform or '?'} | {device.status.value} | {numbers} |")
    for device in report.devices:
        lines += ["", f"## {_esc(device.name)}", "", f"Source: `{_esc(device.source)}`"]
        if device.status is DeviceStatus.ERROR:
            lines += ["", f"**Not audited:** {_esc(device.error)}"]
            continue
        failing = [f for f in device.findings if f.status in (Status.FAIL, Status.ERROR, Status.WAIVED)]
        if not failing:
            lines += ["", "No failures."]
            continue
        lines += ["", "| rule | severity | status | title | evidence |", "|---|---|---|---|---|"]
        for f in failing:
            evidence = "; ".join(f"L{e.line}: {_esc(e.text)}" for e in f.evidence[:5]) or _esc(f.reason)
            lines.append(f"| {f.rule_id} | {f.severity.value} | {f.status.value} | {_esc(f.title)} | {evidence} |")
    return "\n".join(lines) + "\n"
