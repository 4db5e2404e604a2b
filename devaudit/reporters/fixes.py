"""Fix scripts: per device, the remediation lines of its FAILs in a safe order, headed by lockout warnings.

devaudit never pushes configuration: these are files for an operator to review and apply.
"""

from __future__ import annotations

from devaudit.models import DeviceResult, Finding, Severity, Status
from devaudit.platforms import PLATFORMS

__all__ = ["render_device"]


def _order(finding: Finding) -> tuple[int, int, str]:
    # Fixes that cannot lock anyone out go first (they often prepare the ground: local fallback accounts,
    # ACL definitions, SSH keys); fixes with a lockout warning go last, most severe first within each group.
    return (1 if finding.lockout else 0, -finding.severity.rank, finding.rule_id)


def render_device(device: DeviceResult) -> str:
    """The fix script of one device ('' when nothing FAILs)."""
    failing = sorted((f for f in device.findings if f.status is Status.FAIL and f.remediation), key=_order)
    if not failing:
        return ""
    platform = PLATFORMS.get(device.platform)
    mark = platform.comment if platform else "!"
    lines = [
        f"{mark} devaudit fix script for {device.name} ({device.platform}), from {device.source}",
        f"{mark} Review before applying: devaudit never pushes configuration. Placeholders in <angle brackets>",
        f"{mark} must be replaced with your own values.",
    ]
    lockouts = [f for f in failing if f.lockout]
    if lockouts:
        lines.append(f"{mark}")
        lines.append(f"{mark} LOCKOUT WARNINGS: these fixes can cut off your management access. Keep a second")
        lines.append(f"{mark} session (or console) open, apply them last and in this order:")
        for number, finding in enumerate(lockouts, start=1):
            lines.append(f"{mark}  {number}. {finding.rule_id}: {finding.lockout}")
    for finding in failing:
        lines.append(f"{mark}")
        severity = finding.severity.value.upper() if finding.severity is not Severity.INFO else "INFO"
        lines.append(f"{mark} {finding.rule_id} [{severity}] {finding.title}")
        lines.extend(finding.remediation)
    return "\n".join(lines) + "\n"
