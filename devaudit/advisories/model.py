"""Advisory records as devaudit keeps them, whatever feed they came from (CSAF 2.0 or NVD CVE 2.0)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from devaudit.advisories.releases import Release, release_in_family

__all__ = ["Advisory", "ProductStatus", "VersionRange", "family_from_cpe", "family_from_names"]

AFFECTED = "affected"
FIXED = "fixed"
NOT_AFFECTED = "not_affected"


@dataclass(frozen=True)
class VersionRange:
    """A range of releases of one family: bounds are inclusive or exclusive, either may be open."""

    start: str = ""
    start_inclusive: bool = True
    end: str = ""
    end_inclusive: bool = False

    def contains(self, family: str, release: Release) -> bool | None:
        """True/False when decidable; None when a bound is not a release of this family."""
        low = release_in_family(family, self.start) if self.start else None
        high = release_in_family(family, self.end) if self.end else None
        if (self.start and low is None) or (self.end and high is None):
            return None
        # Ranges are meaningful within one train only for vendors whose trains do not order
        # (IOS 15.2E and 15.2M): a bound on another train says nothing about this release.
        for bound in (low, high):
            if bound is not None and family in ("cisco:ios", "cisco:nx-os") and bound.train != release.train:
                return None
        if low is not None and (release < low or (not self.start_inclusive and release.key == low.key)):
            return False
        return not (high is not None and (high < release or (not self.end_inclusive and release.key == high.key)))

    def describe(self) -> str:
        """The range in plain words (``from 17.3.1 up to but not including 17.3.8a``)."""
        parts = []
        if self.start:
            parts.append(f"from {self.start}" + ("" if self.start_inclusive else " (exclusive)"))
        if self.end:
            parts.append(("up to and including " if self.end_inclusive else "up to but not including ") + self.end)
        return " ".join(parts) or "every release"


@dataclass(frozen=True)
class ProductStatus:
    """One statement of an advisory: a release (or a range) of a family is affected, fixed or not affected."""

    family: str
    status: str
    version: str = ""
    range: VersionRange | None = None
    model: str = ""  # hardware the statement is limited to, when the feed says so

    def matches(self, release: Release) -> bool | None:
        """True when this statement covers ``release``; None when it cannot be decided."""
        if self.family != release.family:
            return False
        if self.version:
            named = release_in_family(self.family, self.version)
            if named is None:
                return None
            if not named.exact:
                # A statement that names a train (Huawei's "V200R007C00") covers every patch of it.
                return named.train == release.train
            return named.key == release.key
        if self.range is not None:
            return self.range.contains(self.family, release)
        return None


@dataclass(frozen=True)
class Advisory:
    """One vendor advisory or CVE with the releases it names."""

    id: str
    title: str
    source: str  # "csaf" or "nvd"
    publisher: str = ""
    url: str = ""
    published: str = ""
    updated: str = ""
    cvss: float | None = None
    cvss_vector: str = ""
    cves: tuple[str, ...] = ()
    statuses: tuple[ProductStatus, ...] = ()
    origin: str = ""  # the file it was imported from
    links: tuple[str, ...] = field(default_factory=tuple)

    @property
    def families(self) -> frozenset[str]:
        """The product families this advisory speaks about."""
        return frozenset(s.family for s in self.statuses)


# --- product identification -------------------------------------------------------------------

_CPE_FAMILIES = {
    ("cisco", "ios"): "cisco:ios",
    ("cisco", "ios_xe"): "cisco:ios_xe",
    ("cisco", "nx-os"): "cisco:nx-os",
    ("cisco", "nx_os"): "cisco:nx-os",
    ("cisco", "ios_xr"): "cisco:ios_xr",
    ("cisco", "adaptive_security_appliance_software"): "cisco:asa",
    ("juniper", "junos"): "juniper:junos",
    ("juniper", "junos_os_evolved"): "juniper:junos",
    ("arista", "eos"): "arista:eos",
    ("huawei", "vrp"): "huawei:vrp",
    ("h3c", "comware"): "h3c:comware",
    ("hp", "comware"): "h3c:comware",
    ("hpe", "comware"): "h3c:comware",
    ("zte", "zxros"): "zte:zxros",
    ("nokia", "sr_os"): "nokia:sros",
    ("nokia", "sros"): "nokia:sros",
    ("alcatel-lucent", "sr_os"): "nokia:sros",
}

# (vendor words, product words, family): the first whose words all appear in the names wins.
_NAME_FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("cisco", r"ios[ -]?xe", "cisco:ios_xe"),
    ("cisco", r"ios[ -]?xr", "cisco:ios_xr"),
    ("cisco", r"nx-?os", "cisco:nx-os"),
    ("cisco", r"adaptive security appliance|\basa\b", "cisco:asa"),
    ("cisco", r"\bios\b", "cisco:ios"),
    ("juniper", r"junos", "juniper:junos"),
    ("arista", r"\beos\b", "arista:eos"),
    ("huawei", r"\bvrp\b|\bne40e\b|\bne\d+e?\b|\bcloudengine\b|\bce\d{4}|\bs\d{4}\b|\bar\d{3,4}\b", "huawei:vrp"),
    (r"h3c|hpe|hewlett", r"comware", "h3c:comware"),
    ("zte", r"zxros|zxr10|zxctn|zxa10", "zte:zxros"),
    ("nokia|alcatel", r"sr os|sros|timos|7750|7450|7950|7250", "nokia:sros"),
)


def family_from_cpe(cpe: str) -> tuple[str | None, str]:
    """The family and the version a CPE 2.3 name gives (``cpe:2.3:o:cisco:ios_xe:17.3.4a:...``)."""
    parts = cpe.split(":")
    if len(parts) < 6 or parts[0] != "cpe":
        return None, ""
    vendor, product, version = parts[3].lower(), parts[4].lower(), parts[5]
    family = _CPE_FAMILIES.get((vendor, product))
    if family is None and vendor == "huawei" and product.endswith("_firmware"):
        family = "huawei:vrp"  # NVD names Huawei products by model: ne40e_firmware, s12700_firmware
    if family is None and vendor == "zte" and product.startswith(("zxr10", "zxctn", "zxa10")):
        family = "zte:zxros"
    return family, version.replace("\\", "") if version not in ("*", "-") else ""


def family_from_names(vendor: str, product: str) -> str | None:
    """The family named by a vendor and a product name in an advisory's product tree."""
    vendor_l, product_l = vendor.lower(), product.lower()
    for vendor_words, product_words, family in _NAME_FAMILIES:
        if re.search(vendor_words, vendor_l) and re.search(product_words, product_l):
            return family
    return None
