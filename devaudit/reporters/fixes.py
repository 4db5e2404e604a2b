"""Fix scripts: per device, the remediation of its FAILs as one script safe to apply in order.

Objects come first (merged when several fixes touch one), then each rule's own lines, then the bindings
to the management lines; the header lists the placeholders to fill in, the lockout warnings and the fixes
devaudit could not prove. devaudit never pushes configuration: these are files for an operator to review.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from devaudit.archive import safe_name
from devaudit.engine.fixscript import Part, Statement, compose, fix_order
from devaudit.engine.remediate import PLACEHOLDER, placeholder_meaning
from devaudit.models import DeviceResult, Finding, Severity, Status
from devaudit.platforms import PLATFORMS

__all__ = ["render_device", "script_path"]


def _failing(device: DeviceResult) -> list[Finding]:
    found = (f for f in device.findings if f.status is Status.FAIL and f.remediation)
    return sorted(found, key=lambda f: fix_order(f.lockout, f.severity, f.rule_id))


def _label(finding: Finding) -> str:
    severity = finding.severity.value.upper() if finding.severity is not Severity.INFO else "INFO"
    return f"{finding.rule_id} [{severity}] {finding.title}"


def _statement(mark: str, statement: Statement, out: list[str], shared: bool) -> None:
    if shared:
        out.append(f"{mark} for {', '.join(statement.rules)}")
    out.extend(statement.lines)


def render_device(device: DeviceResult) -> str:
    """The fix script of one device ('' when nothing FAILs)."""
    failing = _failing(device)
    if not failing:
        return ""
    plan = compose([Part(f.rule_id, f.remediation) for f in failing], device.platform)
    platform = PLATFORMS.get(device.platform)
    mark = platform.comment if platform else "!"
    lines = [
        f"{mark} devaudit fix script for {device.name} ({device.platform}), from {device.source}",
        f"{mark} device: {device.key}",
        f"{mark} Review before applying: devaudit never pushes configuration. Apply it in this order: objects",
        f"{mark} first, then each rule's lines, then the bindings to the management lines.",
    ]
    placeholders = dict.fromkeys(m.group() for line in plan.lines() for m in PLACEHOLDER.finditer(line))
    lines.append(mark)
    if placeholders:
        lines.append(f"{mark} Fill in before applying (replace each placeholder, angle brackets included):")
        width = max(len(p) for p in placeholders)
        lines.extend(f"{mark}   {p.ljust(width)}  {placeholder_meaning(p)}" for p in placeholders)
    else:
        lines.append(f"{mark} Nothing to fill in: every value in this script is set.")
    lockouts = [f for f in failing if f.lockout]
    if lockouts:
        lines.append(mark)
        lines.append(f"{mark} LOCKOUT WARNINGS: these fixes can cut off your management access. Keep a second")
        lines.append(f"{mark} session (or console) open, apply them last and in this order:")
        for number, finding in enumerate(lockouts, start=1):
            lines.append(f"{mark}  {number}. {finding.rule_id}: {finding.lockout}")
    unproven = [f for f in failing if f.fix_note]
    if unproven:
        lines.append(mark)
        lines.append(f"{mark} NOT PROVEN: devaudit could not check these fixes on a copy of this configuration:")
        lines.extend(f"{mark}  {f.rule_id}: {f.fix_note}" for f in unproven)
    if plan.objects:
        lines.append(mark)
        lines.append(f"{mark} Objects the fixes below use, defined first")
        for statement in plan.objects:
            _statement(mark, statement, lines, shared=True)
    by_id = {f.rule_id: f for f in failing}
    for rule_id, statements in plan.own:
        finding = by_id[rule_id]
        lines.append(mark)
        lines.append(f"{mark} {_label(finding)}")
        if finding.fix_note:
            lines.append(f"{mark} not proven: {finding.fix_note}")
        if not statements:
            lines.append(f"{mark} (its lines are among the objects above or the bindings below)")
        for statement in statements:
            _statement(mark, statement, lines, shared=len(statement.rules) > 1)
    if plan.bindings:
        lines.append(mark)
        lines.append(f"{mark} Bindings to the management lines, applied last")
        for statement in plan.bindings:
            _statement(mark, statement, lines, shared=True)
    return "\n".join(lines) + "\n"


def script_path(directory: Path, device: DeviceResult) -> Path:
    """``directory/<name>.txt`` for the device, named after its identity (inventory name or file name).

    A file already there for another device (two sources with one file name) keeps its name; this one gets
    a suffix from its identity, so no device's script overwrites another's.
    """
    key = device.key
    # A file's identity is its path: the script takes the file's name; an inventory name is kept whole.
    stem = Path(key).stem if key == device.source and not key.startswith("<") else key
    path = directory / f"{safe_name(stem)}.txt"
    owner = _owner(path)
    if owner is None or owner == key:
        return path
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return directory / f"{safe_name(stem)}-{digest}.txt"


def _owner(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8") as handle:
            head = [handle.readline() for _ in range(2)]
    except OSError:
        return None
    for line in head:
        _, sep, rest = line.partition(" device: ")
        if sep:
            return rest.rstrip("\n")
    return ""
