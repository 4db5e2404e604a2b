"""``--share``: consistent pseudonyms for names, paths, addresses and domains, so a report can leave the building.

Within one run the same input always gets the same pseudonym: device names ``device-001``..., source
files ``input-001.cfg``..., IPv4 addresses from 198.18.0.0/15, IPv6 from 2001:db8::/32, domain names and
FQDNs under ``.example`` (ranges and names reserved for documentation and testing). Every pattern here
is linear-time: bounded repetitions and character classes, no nested unbounded quantifiers.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from devaudit.engine.regex_cache import compile_pattern
from devaudit.models import AuditReport, DeviceFacts, DeviceResult, Evidence, Finding

__all__ = ["Pseudonymiser", "pseudonymise", "pseudonymise_device"]

# IPv6 in every written form: full, compressed (``2001:db8:1::1``, ``::1``), with an embedded IPv4 tail,
# a zone and a prefix length. Candidates are checked with ``ipaddress`` (MAC addresses and times fail).
_IPV6 = compile_pattern(
    r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?:%[\w.-]{1,32})?"
    r"(?:/\d{1,3}(?!\d))?"
)
# IPv6 ending in an IPv4 tail (``::ffff:192.0.2.1``), matched before the general form takes the tail apart.
_IPV6_V4 = compile_pattern(r"(?<![\w:.])[0-9A-Fa-f:]{2,30}:\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,3}(?!\d))?(?!\.?\d)")
# IPv4 not inside a longer dotted number (SNMP OIDs): a trailing full stop is punctuation, ``.5`` is not.
_IPV4 = compile_pattern(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2}(?!\d))?(?!\.?\d)")
# Domain names and FQDNs: two or more labels, the last alphabetic (``example.net``, ``syslog01.example.net``).
_DOMAIN = compile_pattern(
    r"(?<![\w.-])(?:[A-Za-z0-9_][A-Za-z0-9_-]{0,62}\.){1,16}[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z](?![\w-]|\.[A-Za-z0-9])"
)
_KEEP_V4 = {"0.0.0.0", "255.255.255.255"}
# Dotted words that are file types or keywords, not domains (``show_version.txt`` is handled as a file).
_NOT_DOMAINS = frozenset({"txt", "cfg", "conf", "json", "yaml", "yml", "csv", "html", "md", "log", "xml", "bin"})


class Pseudonymiser:
    """Consistent pseudonyms for names, paths, addresses and domains within one report."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.addresses: dict[str, str] = {}
        self.domains: dict[str, str] = {}
        self.files: dict[str, str] = {}
        self._literals: list[tuple[str, str]] | None = None

    def name(self, real: str) -> str:
        """Pseudonym of a device or host name."""
        if not real:
            return real
        key = real.lower()
        if key not in self.names:
            self.names[key] = f"device-{len(self.names) + 1:03d}"
            self._literals = None
        return self.names[key]

    def source(self, real: str) -> str:
        """Pseudonym of a source path: no directory, a neutral file name keeping the extension."""
        if not real or real.startswith("<"):  # <stdin>, <inventory>...
            return real
        scheme, sep, rest = real.partition("://")
        if sep:  # a live device: ssh://host:port
            host, colon, port = rest.rpartition(":") if rest.count(":") == 1 else (rest, "", "")
            fake_host = self.text(host)
            return f"{scheme}://{fake_host if fake_host != host else self.name(host)}{colon}{port}"
        if real not in self.files:
            path: PurePath = PureWindowsPath(real) if "\\" in real else PurePosixPath(real)
            fake = f"input-{len(set(self.files.values())) + 1:03d}{path.suffix if len(path.suffix) <= 6 else ''}"
            self.files[real] = fake
            if path.name and path.name != real:
                self.files.setdefault(path.name, fake)
            self._literals = None
        return self.files[real]

    def text(self, value: str) -> str:
        """Replace known paths and names, then addresses and domain names, inside free text."""
        if not value:
            return value
        lowered = value.lower()
        for real, fake in self._known():
            if real.lower() in lowered:
                value = _replace_word(value, real, fake)
                lowered = value.lower()
        value = _IPV6_V4.sub(self._v6, value)
        value = _IPV6.sub(self._v6, value)
        value = _IPV4.sub(self._v4, value)
        return _DOMAIN.sub(self._domain, value)

    def _known(self) -> list[tuple[str, str]]:
        if self._literals is None:
            pairs = [*self.files.items(), *self.names.items()]
            self._literals = sorted(pairs, key=lambda item: -len(item[0]))
        return self._literals

    def _v4(self, match: re.Match[str]) -> str:
        text = match.group()
        head, slash, prefix = text.partition("/")
        try:
            ipaddress.IPv4Address(head)
        except ValueError:
            return text
        if head in _KEEP_V4 or head.startswith("255."):  # masks and wildcards carry no identity
            return text
        if head not in self.addresses:
            index = len(self.addresses) + 1
            self.addresses[head] = str(ipaddress.IPv4Address(int(ipaddress.IPv4Address("198.18.0.0")) + index))
        return self.addresses[head] + slash + prefix

    def _v6(self, match: re.Match[str]) -> str:
        text = match.group()
        head, slash, prefix = text.partition("/")
        address, percent, zone = head.partition("%")
        candidate = address
        trailing = ""
        if candidate.endswith(":") and not candidate.endswith("::"):  # a colon that ends a sentence
            candidate, trailing = candidate[:-1], ":"
        try:
            parsed = ipaddress.IPv6Address(candidate)
        except ValueError:
            return text
        if parsed == ipaddress.IPv6Address("::") and not slash:
            return text
        key = parsed.compressed
        if key not in self.addresses:
            self.addresses[key] = f"2001:db8::{len(self.addresses) + 1:x}"
        rest = (percent + zone if percent else "") + (slash + prefix if slash else "")
        return self.addresses[key] + trailing + rest

    def _domain(self, match: re.Match[str]) -> str:
        text = match.group()
        labels = text.split(".")
        if labels[-1].lower() in _NOT_DOMAINS or text.lower().endswith(".example"):
            return text
        key = text.lower()
        if key not in self.domains:
            kind = "domain" if len(labels) == 2 else "host"
            self.domains[key] = f"{kind}-{len(self.domains) + 1:03d}.example"
        return self.domains[key]


def _replace_word(value: str, real: str, fake: str) -> str:
    """Replace ``real`` (any case) where it is not part of a longer name."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(real)}(?![\w-])", re.IGNORECASE)
    return pattern.sub(fake, value)


def _finding(p: Pseudonymiser, finding: Finding) -> Finding:
    return dataclasses.replace(
        finding,
        evidence=tuple(Evidence(e.line, p.text(e.text), p.text(e.path)) for e in finding.evidence),
        reason=p.text(finding.reason),
    )


def pseudonymise_device(p: Pseudonymiser, device: DeviceResult) -> DeviceResult:
    """One device with its names, source, addresses and domains replaced (names seen so far too)."""
    p.name(device.name)
    if device.facts.hostname:
        p.name(device.facts.hostname)
    p.source(device.source)
    # The identity names fix scripts and fingerprints: it is the source path or the inventory name.
    if device.identity == device.source:
        identity = p.source(device.identity)
    elif device.identity:
        identity = p.name(device.identity)
    else:
        identity = ""
    return dataclasses.replace(
        device,
        identity=identity,
        name=p.name(device.name),
        source=p.source(device.source),
        error=p.text(device.error),
        platform_reason=p.text(device.platform_reason),
        facts=DeviceFacts(
            hostname=p.name(device.facts.hostname),
            os_version=device.facts.os_version,
            model=device.facts.model,
            facts_source=device.facts.facts_source,
        ),
        findings=tuple(_finding(p, f) for f in device.findings),
        warnings=tuple(p.text(w) for w in device.warnings),
    )


def pseudonymise(report: AuditReport) -> AuditReport:
    """The report with every device name, hostname, source, address and domain replaced consistently."""
    p = Pseudonymiser()
    for device in report.devices:
        p.name(device.name)
        if device.facts.hostname:
            p.name(device.facts.hostname)
        p.source(device.source)
    devices = tuple(pseudonymise_device(p, device) for device in report.devices)
    return dataclasses.replace(report, devices=devices, warnings=tuple(p.text(w) for w in report.warnings))
