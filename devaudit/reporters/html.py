"""HTML: one self-contained file (no external assets) with scores, charts, filters and evidence.

Device text (banners, descriptions, evidence) is attacker-controlled: Jinja2 autoescaping is on, and the
page's script only reads data attributes and toggles visibility; it never builds HTML from report data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from devaudit.models import AuditReport, DeviceResult, DeviceStatus, Severity, Status

__all__ = ["render"]

_SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")
_COLORS = {"critical": "#8b0000", "high": "#d9480f", "medium": "#e8a317", "low": "#3b82c4", "info": "#888888"}


@dataclass(frozen=True)
class _Bar:
    label: str
    value: int
    width: float
    color: str


def score(device: DeviceResult) -> int | None:
    """Compliance score: PASS / (PASS + FAIL) in percent (WAIVED counts as neither); None if not audited."""
    if device.status is DeviceStatus.ERROR:
        return None
    passed = sum(1 for f in device.findings if f.status is Status.PASS)
    failed = sum(1 for f in device.findings if f.status is Status.FAIL)
    return 100 if passed + failed == 0 else round(100 * passed / (passed + failed))


def _bars(counts: Counter[str], order: tuple[str, ...] | None = None) -> list[_Bar]:
    keys = list(order) if order else [k for k, _ in counts.most_common()]
    top = max(counts.values(), default=0) or 1
    return [_Bar(k, counts.get(k, 0), 100.0 * counts.get(k, 0) / top, _COLORS.get(k, "#4a6fa5")) for k in keys]


def render(report: AuditReport) -> str:
    """The HTML document."""
    from importlib import resources

    import jinja2

    fails = [f for d in report.devices for f in d.findings if f.status is Status.FAIL]
    by_severity: Counter[str] = Counter(f.severity.value for f in fails)
    by_category: Counter[str] = Counter(f.category for f in fails)
    template_text = resources.files("devaudit.reporters").joinpath("templates", "report.html.j2").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(template_text)
    devices: list[dict[str, Any]] = []
    for index, device in enumerate(report.devices):
        counts = Counter(f.status.value for f in device.findings)
        devices.append({"d": device, "id": f"dev{index}", "score": score(device), "counts": counts})
    return template.render(
        report=report,
        devices=devices,
        severities=_SEVERITY_ORDER,
        platforms=sorted({d.platform for d in report.devices if d.platform}),
        rules=sorted({f.rule_id for d in report.devices for f in d.findings}),
        severity_bars=_bars(by_severity, _SEVERITY_ORDER),
        category_bars=_bars(by_category),
        total_fail=len(fails),
        Status=Status,
        Severity=Severity,
        errors=sum(1 for d in report.devices if d.status is DeviceStatus.ERROR),
    )
