"""Advisory feed files for tests, the demo and the benchmark, written from ``advisories/advisories.yaml``:
CSAF 2.0 documents for the vendors that publish CSAF, one NVD CVE 2.0 feed file for the others."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

__all__ = ["FACTS", "load_facts", "write_feeds"]

FACTS = Path(__file__).resolve().parent / "advisories" / "advisories.yaml"

_SEVERITY = ((9.0, "CRITICAL"), (7.0, "HIGH"), (4.0, "MEDIUM"), (0.1, "LOW"), (0.0, "NONE"))
_CPE = {"eos": ("arista", "eos")}


def load_facts(path: Path = FACTS) -> list[dict[str, Any]]:
    """The advisory facts, one mapping per advisory."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["advisories"])


def _severity(score: float) -> str:
    return next(name for floor, name in _SEVERITY if score >= floor)


def _range(spec: str) -> tuple[str, bool, str, bool]:
    """'A..B' (both inclusive), '..<B', 'A..<B' -> (start, start_inclusive, end, end_inclusive)."""
    start, end = spec.split("..", 1)
    exclusive = end.startswith("<")
    return start, True, end.lstrip("<"), not exclusive


def _vers(spec: str) -> str:
    start, _, end, end_inclusive = _range(spec)
    parts = ([f">={start}"] if start else []) + [("<=" if end_inclusive else "<") + end]
    return "vers:generic/" + "|".join(parts)


def csaf_document(entry: dict[str, Any], *, suffix: str = "") -> dict[str, Any]:
    """A CSAF 2.0 security advisory for one entry (``suffix`` makes distinct copies for the benchmark)."""
    ids: dict[str, str] = {}

    def pid(name: str) -> str:
        return ids.setdefault(name, f"CSAFPID-{len(ids) + 1:04d}")

    versions = [
        {"category": "product_version", "name": v, "product": {"name": f"{entry['product']} {v}", "product_id": pid(v)}}
        for v in [*entry["affected"], *entry["fixed"]]
        if ".." not in v
    ]
    ranges = [
        {
            "category": "product_version_range",
            "name": _vers(spec),
            "product": {"name": f"{entry['product']} {spec}", "product_id": pid(spec)},
        }
        for spec in entry["affected"]
        if ".." in spec
    ]
    affected = [pid(v) for v in entry["affected"]]
    fixed = [pid(v) for v in entry["fixed"]]
    published = entry["published"]
    vulnerabilities = []
    for cve, score in entry["cves"].items():
        vulnerability: dict[str, Any] = {"cve": cve, "product_status": {"known_affected": affected}}
        if fixed:
            vulnerability["product_status"]["fixed"] = fixed
            vulnerability["remediations"] = [
                {
                    "category": "vendor_fix",
                    "details": "Upgrade to a fixed release.",
                    "product_ids": fixed,
                    "url": entry["url"],
                }
            ]
        if score is not None:
            vector = entry["vector"]
            vulnerability["scores"] = [
                {
                    "cvss_v3": {
                        "version": vector.split("/")[0].split(":")[1],
                        "vectorString": vector,
                        "baseScore": score,
                        "baseSeverity": _severity(score),
                    },
                    "products": affected,
                }
            ]
        vulnerabilities.append(vulnerability)
    namespace = "https://www.cisco.com" if entry["vendor"] == "Cisco" else "https://www.juniper.net"
    return {
        "document": {
            "category": "csaf_security_advisory",
            "csaf_version": "2.0",
            "lang": "en",
            "publisher": {"category": "vendor", "name": entry["vendor"], "namespace": namespace},
            "title": entry["title"],
            "references": [{"category": "self", "summary": "Security advisory", "url": entry["url"]}],
            "tracking": {
                "id": entry["id"] + suffix,
                "status": "final",
                "version": "1.0.0",
                "initial_release_date": published,
                "current_release_date": published,
                "revision_history": [{"date": published, "number": "1.0.0", "summary": "Initial public release."}],
            },
        },
        "product_tree": {
            "branches": [
                {
                    "category": "vendor",
                    "name": entry["vendor"],
                    "branches": [
                        {"category": "product_name", "name": entry["product"], "branches": [*versions, *ranges]}
                    ],
                }
            ]
        },
        "vulnerabilities": vulnerabilities,
    }


def _cpe_match(entry: dict[str, Any], spec: str) -> dict[str, Any]:
    vendor, product = _CPE.get(entry["product"], (entry["vendor"], entry["product"]))
    if ".." not in spec:
        return {"vulnerable": True, "criteria": f"cpe:2.3:o:{vendor}:{product}:{spec.lower()}:*:*:*:*:*:*:*"}
    start, _, end, end_inclusive = _range(spec)
    match: dict[str, Any] = {"vulnerable": True, "criteria": f"cpe:2.3:o:{vendor}:{product}:*:*:*:*:*:*:*:*"}
    if start:
        match["versionStartIncluding"] = start
    match["versionEndIncluding" if end_inclusive else "versionEndExcluding"] = end
    return match


def nvd_item(entry: dict[str, Any]) -> dict[str, Any]:
    """One NVD CVE API 2.0 vulnerability item."""
    (cve, score), *_ = entry["cves"].items()
    metrics: dict[str, Any] = {}
    if score is not None:
        metrics["cvssMetricV31"] = [
            {
                "source": "nvd@nist.gov",
                "type": "Primary",
                "cvssData": {
                    "version": "3.1",
                    "vectorString": entry["vector"],
                    "baseScore": score,
                    "baseSeverity": _severity(score),
                },
            }
        ]
    return {
        "cve": {
            "id": cve,
            "sourceIdentifier": f"psirt@{entry['vendor']}.com",
            "published": entry["published"].replace("Z", ""),
            "lastModified": entry["published"].replace("Z", ""),
            "vulnStatus": "Analyzed",
            "descriptions": [{"lang": "en", "value": entry["title"]}],
            "metrics": metrics,
            "configurations": [
                {
                    "nodes": [
                        {
                            "operator": "OR",
                            "negate": False,
                            "cpeMatch": [_cpe_match(entry, s) for s in entry["affected"]],
                        }
                    ]
                }
            ],
            "references": [{"url": entry["url"], "source": f"psirt@{entry['vendor']}.com"}],
        }
    }


def write_feeds(folder: Path, facts: list[dict[str, Any]] | None = None) -> list[Path]:
    """Write one CSAF file per CSAF advisory and one NVD feed file for the rest; returns the files written."""
    facts = load_facts() if facts is None else facts
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in (e for e in facts if e["format"] == "csaf"):
        path = folder / f"{entry['id'].lower()}.json"
        path.write_text(json.dumps(csaf_document(entry), indent=2), encoding="utf-8")
        written.append(path)
    nvd = [nvd_item(e) for e in facts if e["format"] == "nvd"]
    if nvd:
        feed = {
            "resultsPerPage": len(nvd),
            "startIndex": 0,
            "totalResults": len(nvd),
            "format": "NVD_CVE",
            "version": "2.0",
            "timestamp": "2026-12-01T00:00:00.000",
            "vulnerabilities": nvd,
        }
        path = folder / "nvdcve-2.0-network-os.json"
        path.write_text(json.dumps(feed, indent=2), encoding="utf-8")
        written.append(path)
    return written
