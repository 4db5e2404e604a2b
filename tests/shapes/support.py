"""Audit a text with the shipped packs and read its verdicts, for the input-shape tests."""

from __future__ import annotations

from functools import cache

from devaudit.engine.loader import Baseline, load_baseline
from devaudit.models import DeviceResult, Status
from devaudit.runner import AuditOptions, audit_bytes

__all__ = ["audit", "rule_ids", "verdicts"]


@cache
def _shipped() -> Baseline:
    return load_baseline()


def audit(text: str | bytes, platform: str | None = None) -> DeviceResult:
    """Audit ``text`` as a saved file would be (CRLF and all), optionally with ``--platform``."""
    data = text.encode() if isinstance(text, str) else text
    return audit_bytes(data, "capture.txt", _shipped(), AuditOptions(platform=platform))


def rule_ids(result: DeviceResult, status: Status) -> set[str]:
    """The rules that gave ``status``."""
    return {f.rule_id for f in result.findings if f.status == status}


def verdicts(result: DeviceResult) -> dict[str, tuple[Status, tuple[int, ...]]]:
    """Each rule's verdict and the lines of its evidence."""
    return {f.rule_id: (f.status, tuple(e.line for e in f.evidence)) for f in result.findings}
