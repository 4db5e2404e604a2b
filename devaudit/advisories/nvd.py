"""Read NVD CVE JSON 2.0 feed files: each CVE with its CVSS score and CPE 2.3 match criteria."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from devaudit.advisories.model import AFFECTED, Advisory, ProductStatus, VersionRange, family_from_cpe

__all__ = ["NvdError", "is_nvd", "parse_nvd"]


class NvdError(ValueError):
    """A file that claims to be an NVD CVE 2.0 feed but is malformed (the message says where)."""


def is_nvd(doc: Any) -> bool:
    """True for an NVD CVE API 2.0 response or feed file."""
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("vulnerabilities"), list)
        and (
            doc.get("format") == "NVD_CVE"
            or any(isinstance(v, dict) and "cve" in v for v in doc["vulnerabilities"][:1])
        )
    )


def _score(metrics: Mapping[str, Any]) -> tuple[float | None, str]:
    for key in ("cvssMetricV40", "cvssMetricV31", "cvssMetricV30", "cvssMetricV2"):
        entries = metrics.get(key) or []
        primary = [e for e in entries if e.get("type") == "Primary"] or entries
        for entry in primary:
            data = entry.get("cvssData") or {}
            if isinstance(data.get("baseScore"), int | float):
                return float(data["baseScore"]), str(data.get("vectorString", ""))
    return None, ""


def _matches(configurations: Any) -> Iterator[Mapping[str, Any]]:
    for configuration in configurations:
        for node in configuration.get("nodes", ()) or ():
            # An AND node pairs the software with hardware ("running on"): the software match still counts.
            yield from (m for m in node.get("cpeMatch", ()) or () if m.get("vulnerable"))


def _status(match: Mapping[str, Any]) -> ProductStatus | None:
    family, version = family_from_cpe(str(match.get("criteria", "")))
    if family is None:
        return None
    bounds = {
        key: str(match[key])
        for key in ("versionStartIncluding", "versionStartExcluding", "versionEndIncluding", "versionEndExcluding")
        if match.get(key)
    }
    if bounds:
        rng = VersionRange(
            start=bounds.get("versionStartIncluding", bounds.get("versionStartExcluding", "")),
            start_inclusive="versionStartExcluding" not in bounds,
            end=bounds.get("versionEndIncluding", bounds.get("versionEndExcluding", "")),
            end_inclusive="versionEndIncluding" in bounds,
        )
        return ProductStatus(family, AFFECTED, range=rng)
    if version:
        return ProductStatus(family, AFFECTED, version)
    return None  # every release ('*' without bounds) says nothing a device can be matched on


def parse_nvd(doc: Mapping[str, Any], origin: str = "") -> Iterator[Advisory]:
    """Each CVE of the feed that names at least one product family devaudit audits."""
    for index, item in enumerate(doc.get("vulnerabilities", ())):
        cve = item.get("cve") if isinstance(item, dict) else None
        if not isinstance(cve, dict) or not isinstance(cve.get("id"), str):
            raise NvdError(f"vulnerabilities/{index}: an entry without cve.id")
        statuses: dict[tuple[str, str], ProductStatus] = {}
        for match in _matches(cve.get("configurations", ()) or ()):
            status = _status(match)
            if status is not None:
                statuses[(status.family, status.version or repr(status.range))] = status
        if not statuses:
            continue
        score, vector = _score(cve.get("metrics", {}) or {})
        descriptions = cve.get("descriptions", ()) or ()
        text = next((d.get("value", "") for d in descriptions if d.get("lang") == "en"), "")
        title = text.split(". ")[0][:160] if text else cve["id"]
        refs = tuple(str(r.get("url")) for r in cve.get("references", ()) or () if r.get("url"))
        yield Advisory(
            id=cve["id"],
            title=title,
            source="nvd",
            publisher="NVD",
            url=f"https://nvd.nist.gov/vuln/detail/{cve['id']}",
            published=str(cve.get("published", "")),
            updated=str(cve.get("lastModified", "")),
            cvss=score,
            cvss_vector=vector,
            cves=(cve["id"],),
            statuses=tuple(statuses.values()),
            origin=origin,
            links=refs[:5],
        )
