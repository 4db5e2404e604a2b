"""Apply one device's redactor to its findings: evidence, paths and reasons carry no learned secret."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from devaudit.models import Evidence, Finding
from devaudit.redaction.redactor import Redactor

__all__ = ["redact_findings"]


def redact_findings(findings: Sequence[Finding], redactor: Redactor) -> tuple[Finding, ...]:
    """The findings with every secret of the device masked wherever it appears in them."""
    out: list[Finding] = []
    for finding in findings:
        evidence = tuple(Evidence(e.line, redactor.line(e.text), redactor.line(e.path)) for e in finding.evidence)
        reason = redactor.message(finding.reason)
        if evidence != finding.evidence or reason != finding.reason:
            finding = dataclasses.replace(finding, evidence=evidence, reason=reason)
        out.append(finding)
    return tuple(out)
