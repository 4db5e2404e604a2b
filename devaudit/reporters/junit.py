"""JUnit XML: one testsuite per device, one testcase per rule (FAIL = failure, ERROR = error,
NOT_APPLICABLE and WAIVED = skipped); a device that could not be audited is one errored testcase."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from devaudit.models import AuditReport, DeviceStatus, Status

__all__ = ["render"]


def _clean(text: str) -> str:
    # XML 1.0 cannot carry most control characters; device text is untrusted.
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def render(report: AuditReport) -> str:
    """The JUnit XML document."""
    root = ET.Element("testsuites", name="devaudit", timestamp=report.generated_at)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for device in report.devices:
        suite = ET.SubElement(root, "testsuite", name=_clean(device.name), timestamp=report.generated_at)
        ET.SubElement(ET.SubElement(suite, "properties"), "property", name="platform", value=device.platform)
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if device.status is DeviceStatus.ERROR:
            case = ET.SubElement(suite, "testcase", name="audit", classname=_clean(device.name))
            ET.SubElement(case, "error", message=_clean(device.error), type="NotAudited")
            counts["tests"] += 1
            counts["errors"] += 1
        for finding in device.findings:
            counts["tests"] += 1
            case = ET.SubElement(
                suite, "testcase", name=f"{finding.rule_id} {_clean(finding.title)}", classname=_clean(device.name)
            )
            evidence = "\n".join(f"line {e.line}: {_clean(e.text)}" for e in finding.evidence)
            detail = "\n".join(
                p for p in (evidence, f"expected: {_clean(finding.expected)}", *finding.remediation) if p
            )
            if finding.status is Status.FAIL:
                counts["failures"] += 1
                node = ET.SubElement(
                    case, "failure", message=_clean(finding.reason or finding.title), type=finding.severity.value
                )
                node.text = detail
            elif finding.status is Status.ERROR:
                counts["errors"] += 1
                ET.SubElement(case, "error", message=_clean(finding.reason), type="EvaluationError")
            elif finding.status in (Status.NOT_APPLICABLE, Status.WAIVED):
                counts["skipped"] += 1
                reason = finding.waiver if finding.status is Status.WAIVED else finding.reason
                ET.SubElement(case, "skipped", message=_clean(f"{finding.status.value}: {reason}"))
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
