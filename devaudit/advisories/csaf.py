"""Read CSAF 2.0 advisories (OASIS standard): validated against the official JSON schema, then reduced to
the releases each advisory says are affected, fixed or not affected."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

from devaudit.advisories.model import (
    AFFECTED,
    FIXED,
    NOT_AFFECTED,
    Advisory,
    ProductStatus,
    VersionRange,
    family_from_cpe,
    family_from_names,
)

__all__ = ["CsafError", "is_csaf", "parse_csaf", "validate_csaf"]

_STATUS = {
    "known_affected": AFFECTED,
    "first_affected": AFFECTED,
    "last_affected": AFFECTED,
    "fixed": FIXED,
    "first_fixed": FIXED,
    "known_not_affected": NOT_AFFECTED,
}


class CsafError(ValueError):
    """A document that is not valid CSAF 2.0 (the message says where)."""


def is_csaf(doc: Any) -> bool:
    """True for a JSON document that declares itself CSAF."""
    return isinstance(doc, dict) and isinstance(doc.get("document"), dict) and "csaf_version" in doc["document"]


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4, DRAFT7

    folder = resources.files("devaudit").joinpath("schema", "csaf")

    def load(name: str) -> Any:
        return json.loads(folder.joinpath(name).read_text(encoding="utf-8"))

    registry: Registry[Any] = Registry().with_resources(
        [
            ("https://www.first.org/cvss/cvss-v2.0.json", Resource.from_contents(load("cvss-v2.0.json"), DRAFT4)),
            ("https://www.first.org/cvss/cvss-v3.0.json", Resource.from_contents(load("cvss-v3.0.json"), DRAFT4)),
            ("https://www.first.org/cvss/cvss-v3.1.json", Resource.from_contents(load("cvss-v3.1.json"), DRAFT7)),
        ]
    )
    return Draft202012Validator(load("csaf-2.0.json"), registry=registry)


def validate_csaf(doc: Any) -> None:
    """Raise CsafError naming the first schema violation (its JSON path and the problem)."""
    if not is_csaf(doc):
        raise CsafError("not a CSAF document: no document.csaf_version")
    version = doc["document"].get("csaf_version")
    if version != "2.0":
        raise CsafError(f"CSAF version {version!r} is not supported (devaudit reads CSAF 2.0)")
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.absolute_path) or "(document root)"
        message = err.message if len(err.message) <= 200 else err.message[:197] + "..."
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise CsafError(f"does not follow the CSAF 2.0 schema at {where}: {message}{more}")


def _parse_vers(spec: str) -> VersionRange | None:
    """A ``vers:`` range (``vers:cisco/>=17.3.1|<17.3.8a``) as one contiguous range, when it is one."""
    if not spec.startswith("vers:") or "/" not in spec:
        return None
    constraints = spec.split("/", 1)[1].split("|")
    start = end = ""
    start_inc, end_inc = True, False
    for constraint in (c.strip() for c in constraints if c.strip()):
        for op in (">=", "<=", ">", "<", "="):
            if constraint.startswith(op):
                value = constraint[len(op) :].strip()
                break
        else:
            op, value = "=", constraint
        if op in (">=", ">"):
            start, start_inc = value, op == ">="
        elif op in ("<=", "<"):
            end, end_inc = value, op == "<="
        else:
            return VersionRange(value, True, value, True)
    if not start and not end:
        return None
    return VersionRange(start, start_inc, end, end_inc)


class _Product:
    __slots__ = ("family", "model", "range", "version")

    def __init__(self, family: str, version: str = "", rng: VersionRange | None = None, model: str = "") -> None:
        self.family, self.version, self.range, self.model = family, version, rng, model


def _walk(
    branch: Mapping[str, Any], trail: tuple[tuple[str, str], ...]
) -> Iterator[tuple[tuple[tuple[str, str], ...], Mapping[str, Any]]]:
    here = (*trail, (str(branch.get("category", "")), str(branch.get("name", ""))))
    product = branch.get("product")
    if isinstance(product, Mapping):
        yield here, product
    for child in branch.get("branches", ()) or ():
        if isinstance(child, Mapping):
            yield from _walk(child, here)


def _product_of(trail: tuple[tuple[str, str], ...], product: Mapping[str, Any]) -> _Product | None:
    helper = product.get("product_identification_helper") or {}
    cpe = helper.get("cpe") if isinstance(helper, Mapping) else None
    if isinstance(cpe, str):
        family, version = family_from_cpe(cpe)
        if family is not None and version:
            return _Product(family, version)
    vendor = next((name for cat, name in trail if cat == "vendor"), "")
    names = " ".join(name for cat, name in trail if cat in ("product_family", "product_name"))
    family = family_from_names(vendor, names or str(product.get("name", "")))
    if family is None:
        return None
    for category, name in reversed(trail):
        if category == "product_version":
            return _Product(family, name)
        if category == "product_version_range":
            rng = _parse_vers(name)
            return _Product(family, rng=rng) if rng is not None else None
    return None


def _products(tree: Mapping[str, Any]) -> dict[str, _Product]:
    found: dict[str, _Product] = {}
    for branch in tree.get("branches", ()) or ():
        for trail, product in _walk(branch, ()):
            parsed = _product_of(trail, product)
            if parsed is not None:
                found[str(product.get("product_id"))] = parsed
    for full in tree.get("full_product_names", ()) or ():
        helper = full.get("product_identification_helper") or {}
        cpe = helper.get("cpe") if isinstance(helper, Mapping) else None
        if isinstance(cpe, str):
            family, version = family_from_cpe(cpe)
            if family is not None and version:
                found[str(full.get("product_id"))] = _Product(family, version)
    # "17.3.4a as installed on Catalyst 9300": the new product ID stands for the software release.
    for relation in tree.get("relationships", ()) or ():
        software = found.get(str(relation.get("product_reference")))
        name = relation.get("full_product_name") or {}
        if software is not None and isinstance(name, Mapping) and "product_id" in name:
            target = str(relation.get("relates_to_product_reference", ""))
            found[str(name["product_id"])] = _Product(software.family, software.version, software.range, target)
    return found


def _cvss(vulnerability: Mapping[str, Any]) -> tuple[float | None, str]:
    best: tuple[float | None, str] = (None, "")
    for score in vulnerability.get("scores", ()) or ():
        for key in ("cvss_v3", "cvss_v2"):
            data = score.get(key)
            if isinstance(data, Mapping) and isinstance(data.get("baseScore"), int | float):
                value = float(data["baseScore"])
                if best[0] is None or value > best[0]:
                    best = (value, str(data.get("vectorString", "")))
                break
    return best


def parse_csaf(doc: Mapping[str, Any], origin: str = "") -> Advisory:
    """The advisory a (validated) CSAF 2.0 document describes."""
    document = doc["document"]
    tracking = document.get("tracking", {})
    products = _products(doc.get("product_tree", {}) or {})
    statuses: dict[tuple[str, str, str], ProductStatus] = {}
    cves: list[str] = []
    cvss: float | None = None
    vector = ""
    for vulnerability in doc.get("vulnerabilities", ()) or ():
        cve = vulnerability.get("cve")
        if isinstance(cve, str) and cve not in cves:
            cves.append(cve)
        score, vec = _cvss(vulnerability)
        if score is not None and (cvss is None or score > cvss):
            cvss, vector = score, vec
        for key, status in _STATUS.items():
            for product_id in (vulnerability.get("product_status", {}) or {}).get(key, ()) or ():
                product = products.get(str(product_id))
                if product is None:
                    continue
                ident = (product.family, product.version or repr(product.range), product.model)
                previous = statuses.get(ident)
                # One CVE of the advisory affecting a release outweighs another CVE that does not.
                if previous is not None and previous.status == AFFECTED:
                    continue
                statuses[ident] = ProductStatus(product.family, status, product.version, product.range, product.model)
    refs = document.get("references", ()) or ()
    url = next((r.get("url", "") for r in refs if r.get("category") == "self"), "")
    if not url and refs:
        url = refs[0].get("url", "")
    publisher = (document.get("publisher") or {}).get("name", "")
    return Advisory(
        id=str(tracking.get("id", "")),
        title=str(document.get("title", "")),
        source="csaf",
        publisher=str(publisher),
        url=str(url),
        published=str(tracking.get("initial_release_date", "")),
        updated=str(tracking.get("current_release_date", "")),
        cvss=cvss,
        cvss_vector=vector,
        cves=tuple(cves),
        statuses=tuple(statuses.values()),
        origin=origin,
    )
