"""``--share``: replace host names and IP addresses with consistent pseudonyms so a report can leave the building.

Within one run the same input always gets the same pseudonym (device names ``device-001``..., IPv4
addresses from 198.18.0.0/15, IPv6 from 2001:db8::/32 — ranges reserved for documentation and testing).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re

from devaudit.models import AuditReport, DeviceFacts, DeviceResult, Evidence, Finding

__all__ = ["Pseudonymiser", "pseudonymise", "pseudonymise_device"]

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
_IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}(?:/\d{1,3})?(?![\w:])|(?<![\w:])::(?:[0-9a-f]{1,4}:?)+", re.I
)
_KEEP_V4 = {"0.0.0.0", "255.255.255.255"}


class Pseudonymiser:
    """Consistent pseudonyms for names and addresses within one report."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.addresses: dict[str, str] = {}

    def name(self, real: str) -> str:
        """Pseudonym of a device name."""
        if not real:
            return real
        key = real.lower()
        if key not in self.names:
            self.names[key] = f"device-{len(self.names) + 1:03d}"
        return self.names[key]

    def _v4(self, match: re.Match[str]) -> str:
        text = match.group()
        try:
            address = ipaddress.IPv4Address(text)
        except ValueError:
            return text
        if text in _KEEP_V4 or str(address).startswith("255."):  # masks and wildcards carry no identity
            return text
        if text not in self.addresses:
            index = len(self.addresses) + 1
            self.addresses[text] = str(ipaddress.IPv4Address(int(ipaddress.IPv4Address("198.18.0.0")) + index))
        return self.addresses[text]

    def _v6(self, match: re.Match[str]) -> str:
        text = match.group()
        head, _, prefix = text.partition("/")
        try:
            ipaddress.IPv6Address(head)
        except ValueError:
            return text
        if head not in self.addresses:
            self.addresses[head] = f"2001:db8::{len(self.addresses) + 1:x}"
        return self.addresses[head] + (f"/{prefix}" if prefix else "")

    def text(self, value: str) -> str:
        """Replace addresses and known device names inside free text."""
        if not value:
            return value
        value = _IPV4.sub(self._v4, value)
        value = _IPV6.sub(self._v6, value)
        for real, fake in sorted(self.names.items(), key=lambda item: -len(item[0])):
            value = re.sub(rf"(?<![\w-]){re.escape(real)}(?![\w-])", fake, value, flags=re.IGNORECASE)
        return value


def _finding(p: Pseudonymiser, finding: Finding) -> Finding:
    return dataclasses.replace(
        finding,
        evidence=tuple(Evidence(e.line, p.text(e.text), p.text(e.path)) for e in finding.evidence),
        reason=p.text(finding.reason),
    )


def pseudonymise_device(p: Pseudonymiser, device: DeviceResult) -> DeviceResult:
    """One device with its names and addresses replaced (names seen so far are replaced in its text too)."""
    p.name(device.name)
    if device.facts.hostname:
        p.name(device.facts.hostname)
    return dataclasses.replace(
        device,
        name=p.name(device.name),
        source=p.text(device.source.replace(device.name, p.name(device.name))),
        error=p.text(device.error),
        facts=DeviceFacts(
            hostname=p.name(device.facts.hostname),
            os_version=device.facts.os_version,
            model=device.facts.model,
            facts_source=device.facts.facts_source,
        ),
        findings=tuple(_finding(p, f) for f in device.findings),
    )


def pseudonymise(report: AuditReport) -> AuditReport:
    """The report with every device name, hostname and IP address replaced consistently."""
    p = Pseudonymiser()
    for device in report.devices:
        p.name(device.name)
        if device.facts.hostname:
            p.name(device.facts.hostname)
    devices = tuple(pseudonymise_device(p, device) for device in report.devices)
    return dataclasses.replace(report, devices=devices, warnings=tuple(p.text(w) for w in report.warnings))
