"""Console output: a fleet summary (worst device first, then the rules failing most), or one device's findings.

Fits the terminal: the width comes from ``COLUMNS`` or the terminal, and long cells wrap.
"""

from __future__ import annotations

import io
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from devaudit.models import AuditReport, DeviceResult, DeviceStatus, Finding, Severity, Status

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

__all__ = ["DeviceRow", "FleetSummary", "render", "render_device", "render_summary", "terminal_width"]

_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
_COUNTED = (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)
TOP_RULES = 10
MAX_NOTES = 20


def terminal_width(default: int = 100) -> int:
    """The width to render for: ``COLUMNS`` when set, else the terminal's, else ``default``."""
    return max(40, shutil.get_terminal_size((default, 24)).columns)


def score(device: DeviceResult) -> int | None:
    """Compliance score: PASS / (PASS + FAIL) in percent (as in the HTML report); None if not audited."""
    if device.status is DeviceStatus.ERROR:
        return None
    passed = sum(1 for f in device.findings if f.status is Status.PASS)
    failed = sum(1 for f in device.findings if f.status is Status.FAIL)
    return 100 if passed + failed == 0 else round(100 * passed / (passed + failed))


@dataclass(frozen=True, slots=True)
class DeviceRow:
    """What the fleet table shows for one device (kept instead of the whole result)."""

    name: str
    platform: str
    source: str
    score: int | None
    fails: tuple[int, int, int, int]  # critical, high, medium, low
    errors: int
    error: str = ""
    warnings: tuple[str, ...] = ()

    @staticmethod
    def of(device: DeviceResult) -> DeviceRow:
        """The row for one device result."""
        fails = Counter(f.severity for f in device.findings if f.status is Status.FAIL)
        return DeviceRow(
            name=device.name,
            platform=device.platform,
            source=device.source,
            score=score(device),
            fails=(fails[Severity.CRITICAL], fails[Severity.HIGH], fails[Severity.MEDIUM], fails[Severity.LOW]),
            errors=sum(1 for f in device.findings if f.status is Status.ERROR),
            error=device.error if device.status is DeviceStatus.ERROR else "",
            warnings=device.warnings,
        )

    @property
    def sort_key(self) -> tuple[int, int, int, int, int, int, int, str]:
        """Worst first: not audited, then by failures from critical down, then errors, then lowest score."""
        c, h, m, lo = self.fails
        return (0 if self.error else 1, -c, -h, -m, -lo, -self.errors, self.score or 0, self.name)


@dataclass
class FleetSummary:
    """Per-device rows and per-rule failure counts, gathered device by device (a fleet is never held)."""

    rows: list[DeviceRow] = field(default_factory=list)
    rule_devices: Counter[str] = field(default_factory=Counter)
    rule_info: dict[str, tuple[Severity, str]] = field(default_factory=dict)

    def add(self, device: DeviceResult) -> None:
        """Count one device."""
        self.rows.append(DeviceRow.of(device))
        for rule_id in {f.rule_id for f in device.findings if f.status is Status.FAIL}:
            self.rule_devices[rule_id] += 1
        for finding in device.findings:
            if finding.status is Status.FAIL and finding.rule_id not in self.rule_info:
                self.rule_info[finding.rule_id] = (finding.severity, finding.title)

    @staticmethod
    def of(devices: Iterable[DeviceResult]) -> FleetSummary:
        """The summary of finished results."""
        summary = FleetSummary()
        for device in devices:
            summary.add(device)
        return summary


def _console(buffer: io.StringIO, width: int | None, color: bool) -> Console:
    from rich.console import Console

    return Console(
        file=buffer, width=width or terminal_width(), force_terminal=color, no_color=not color, highlight=False
    )


def _text(buffer: io.StringIO) -> str:
    """What was printed, without the padding rich leaves at the end of table lines."""
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _severity(severity: Severity) -> str:
    return f"[{_STYLE.get(severity.value, '')}]{severity.value}[/]"


def _evidence_text(finding: Finding, limit: int = 3) -> str:
    evidence = "; ".join(f"L{e.line}: {e.text}" for e in finding.evidence[:limit])
    if len(finding.evidence) > limit:
        evidence += f" (+{len(finding.evidence) - limit} more)"
    if finding.reason and (not evidence or finding.status in (Status.ERROR, Status.NOT_APPLICABLE)):
        evidence = f"{evidence}; {finding.reason}" if evidence else finding.reason
    if not evidence and finding.expected:
        evidence = f"expected {finding.expected}"
    return evidence


def _print_device(console: Console, device: DeviceResult, *, verbose: bool, details: bool) -> None:
    from rich.markup import escape
    from rich.table import Table

    title = escape(f"{device.name}  [{device.platform or '?'}]  {device.source}")
    if device.status is DeviceStatus.ERROR:
        console.print(f"[bold]{title}[/bold]  [red]ERROR[/red]: {escape(device.error)}")
        return
    counts = Counter(f.status for f in device.findings)
    tally = ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s])
    console.print(f"[bold]{title}[/bold]  {tally or 'no rule checked'}")
    for warning in device.warnings:
        console.print(f"  [yellow]warning[/yellow]: {escape(warning)}")
    shown = set(Status) if verbose else {Status.FAIL, Status.ERROR}
    rows = [f for f in device.findings if f.status in shown]
    rows.sort(key=lambda f: (f.status is not Status.FAIL, f.status is not Status.ERROR, -f.severity.rank))
    if not rows:
        console.print()
        return
    if details:
        for finding in rows:
            console.print(
                f"{finding.status.value}  {_severity(finding.severity)}  [bold]{finding.rule_id}[/bold]  "
                f"{escape(finding.title)}"
            )
            for item in finding.evidence:
                console.print(f"    L{item.line}: {escape(item.text)}")
            if finding.reason:
                console.print(f"    {escape(finding.reason)}")
            if finding.expected and finding.status is not Status.PASS:
                console.print(f"    expected: {escape(finding.expected)}")
            if finding.status is Status.FAIL and finding.remediation:
                console.print("    fix:")
                for line in finding.remediation:
                    console.print(f"      {escape(line)}", soft_wrap=True)
            if finding.status is Status.FAIL and finding.lockout:
                console.print(f"    [yellow]lockout[/yellow]: {escape(finding.lockout)}")
        console.print()
        return
    table = Table(show_header=True, header_style="bold", expand=False, box=None, pad_edge=False)
    table.add_column("status", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("title", ratio=2)
    table.add_column("evidence", overflow="fold", ratio=3)
    for finding in rows:
        table.add_row(
            finding.status.value,
            _severity(finding.severity),
            finding.rule_id,
            escape(finding.title),
            escape(_evidence_text(finding)),
        )
    console.print(table)
    console.print()


def render_device(
    device: DeviceResult,
    *,
    width: int | None = None,
    color: bool = False,
    verbose: bool = False,
    details: bool = False,
) -> str:
    """One device's findings: a table (FAIL and ERROR, or every verdict when verbose), or, with
    ``details``, each finding with its evidence, expectation and fix."""
    buffer = io.StringIO()
    _print_device(_console(buffer, width, color), device, verbose=verbose, details=details)
    return _text(buffer)


def _totals(summary: FleetSummary) -> str:
    devices = len(summary.rows)
    errors = sum(1 for r in summary.rows if r.error)
    failed = sum(1 for r in summary.rows if any(r.fails) and not r.error)
    return f"{devices} device(s): {failed} with findings, {errors} not audited"


def render_summary(
    summary: FleetSummary, *, fails: int, width: int | None = None, color: bool = False
) -> str:
    """The fleet view: one row per device, worst first; the rules failing on most devices; notes; totals."""
    from rich.markup import escape
    from rich.table import Table

    buffer = io.StringIO()
    console = _console(buffer, width, color)
    rows = sorted(summary.rows, key=lambda r: r.sort_key)
    table = Table(show_header=True, header_style="bold", expand=False, box=None, pad_edge=False)
    table.add_column("device", overflow="fold", ratio=3)
    table.add_column("platform", overflow="fold", ratio=2)
    table.add_column("score", justify="right", no_wrap=True)
    for severity in _COUNTED:
        table.add_column(severity.value, justify="right", no_wrap=True)
    table.add_column("errors", justify="right", no_wrap=True)
    for row in rows:
        if row.error:
            table.add_row(escape(row.name), row.platform or "?", "-", "", "", "", "", "[red]not audited[/red]")
            continue
        cells = [f"[{_STYLE[s.value]}]{n}[/]" if n else "0" for s, n in zip(_COUNTED, row.fails, strict=True)]
        table.add_row(escape(row.name), row.platform, f"{row.score}%", *cells, str(row.errors))
    console.print(table)
    if summary.rule_devices:
        console.print()
        console.print(f"[bold]Rules failing on most devices[/bold] (of {len(rows)})")
        ranked = sorted(
            summary.rule_devices.items(),
            key=lambda item: (-item[1], -summary.rule_info[item[0]][0].rank, item[0]),
        )
        rules = Table(show_header=True, header_style="bold", expand=False, box=None, pad_edge=False)
        rules.add_column("devices", justify="right", no_wrap=True)
        rules.add_column("severity", no_wrap=True)
        rules.add_column("rule", no_wrap=True)
        rules.add_column("title", overflow="fold")
        for rule_id, count in ranked[:TOP_RULES]:
            severity, title = summary.rule_info[rule_id]
            rules.add_row(str(count), _severity(severity), rule_id, escape(title))
        console.print(rules)
        if len(ranked) > TOP_RULES:
            console.print(f"... and {len(ranked) - TOP_RULES} more failing rule(s); --details lists every finding")
    notes = [(r.name, f"[red]not audited[/red]: {escape(r.error)}") for r in rows if r.error]
    notes += [(r.name, f"[yellow]warning[/yellow]: {escape(w)}") for r in rows for w in r.warnings]
    if notes:
        console.print()
        for name, note in notes[:MAX_NOTES]:
            console.print(f"{escape(name)}: {note}")
        if len(notes) > MAX_NOTES:
            console.print(f"... and {len(notes) - MAX_NOTES} more note(s); --details shows them per device")
    console.print()
    console.print(f"{_totals(summary)}; {fails} failed rule(s) in all")
    return _text(buffer)


def render(
    report: AuditReport,
    *,
    width: int | None = None,
    color: bool = False,
    verbose: bool = False,
    details: bool = False,
    summary: bool = True,
) -> str:
    """The console report.

    One device: its findings (FAIL and ERROR; every verdict when ``verbose``; with their fixes when
    ``details``). Several devices: the fleet summary, preceded by every device's findings when
    ``details`` or ``verbose``. ``summary=False`` leaves out the fleet summary and totals.
    """
    fleet = FleetSummary.of(report.devices)
    fails = sum(1 for d in report.devices for f in d.findings if f.status is Status.FAIL)
    single = len(report.devices) == 1
    parts: list[str] = []
    if single or details or verbose:
        ordered = sorted(report.devices, key=lambda d: DeviceRow.of(d).sort_key)
        parts.extend(
            render_device(d, width=width, color=color, verbose=verbose, details=details) for d in ordered
        )
    if summary:
        if single:
            buffer = io.StringIO()
            _console(buffer, width, color).print(f"{_totals(fleet)}; {fails} failed rule(s) in all")
            parts.append(_text(buffer))
        else:
            parts.append(render_summary(fleet, fails=fails, width=width, color=color))
    return "".join(parts)
