"""Console output: a rich table per device of what failed, and a summary line."""

from __future__ import annotations

import io

from devaudit.models import AuditReport, DeviceStatus, Status

__all__ = ["render"]

_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}


def render(
    report: AuditReport, *, width: int = 120, color: bool = False, verbose: bool = False, summary: bool = True
) -> str:
    """Tables of FAIL/ERROR (and, verbose, every) verdicts per device, then totals."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False)
    shown = {Status.FAIL, Status.ERROR} if not verbose else set(Status)
    for device in report.devices:
        title = f"{escape(device.name)}  [{device.platform or '?'}]  {escape(device.source)}"
        if device.status is DeviceStatus.ERROR:
            console.print(f"[bold]{title}[/bold]  [red]ERROR[/red]: {escape(device.error)}")
            continue
        counts = {s: sum(1 for f in device.findings if f.status is s) for s in Status}
        tally = ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s])
        console.print(f"[bold]{title}[/bold]  {tally}")
        rows = [f for f in device.findings if f.status in shown]
        if not rows:
            continue
        table = Table(show_header=True, header_style="bold", expand=False, box=None, pad_edge=False)
        table.add_column("status")
        table.add_column("severity")
        table.add_column("rule")
        table.add_column("title")
        table.add_column("evidence", overflow="fold")
        for finding in rows:
            evidence = "; ".join(f"L{e.line}: {e.text}" for e in finding.evidence[:3])
            if len(finding.evidence) > 3:
                evidence += f" (+{len(finding.evidence) - 3} more)"
            if not evidence:
                evidence = finding.reason or f"expected {finding.expected}"
            table.add_row(
                finding.status.value,
                f"[{_STYLE.get(finding.severity.value, '')}]{finding.severity.value}[/]",
                finding.rule_id,
                escape(finding.title),
                escape(evidence),
            )
        console.print(table)
        console.print()
    if not summary:
        return buffer.getvalue()
    devices = len(report.devices)
    errors = sum(1 for d in report.devices if d.status is DeviceStatus.ERROR)
    failed = sum(1 for d in report.devices if d.status is DeviceStatus.FAIL)
    fails = sum(1 for d in report.devices for f in d.findings if f.status is Status.FAIL)
    console.print(f"{devices} device(s): {failed} with findings, {errors} not audited; {fails} failed rule(s) in all")
    return buffer.getvalue()
