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
    line = redactor.line  # keeps what it masked: a line cited by many findings is masked once
    said: dict[str, str] = {"": ""}  # reasons recur across a device's findings: each is masked once
    for finding in findings:
        evidence = finding.evidence
        masked: list[Evidence] | None = None  # built only once a line or path changes
        for index, item in enumerate(evidence):
            text = line(item.text)
            path = line(item.path) if item.path else item.path
            if masked is None:
                if text == item.text and path == item.path:
                    continue
                masked = list(evidence[:index])
            masked.append(Evidence(item.line, text, path))
        reason = said.get(finding.reason)
        if reason is None:
            reason = said[finding.reason] = redactor.message(finding.reason)
        if masked is not None or reason != finding.reason:
            finding = dataclasses.replace(
                finding, evidence=tuple(masked) if masked is not None else evidence, reason=reason
            )
        out.append(finding)
    return tuple(out)
