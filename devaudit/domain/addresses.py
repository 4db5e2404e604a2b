"""Address matches of ACL entries: prefixes, wildcards (even discontiguous ones) and 'any', IPv4 and IPv6."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

__all__ = ["ANY", "AddressMatch", "parse_network", "parse_prefix_text"]

_BITS = {4: 32, 6: 128}


@dataclass(frozen=True, slots=True)
class AddressMatch:
    """The addresses an ACL entry matches: ``value`` on the ``care`` bits (the inverse of a Cisco wildcard).

    ``version`` 0 is "any address of any family". ``text`` is how the configuration wrote it.
    """

    version: int
    value: int
    care: int
    text: str

    @property
    def is_any(self) -> bool:
        """Every address (of its family, or of any family for version 0)."""
        return self.care == 0

    def within(self, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
        """Every address this matches lies inside ``network``."""
        if self.version != network.version:
            return False
        mask = int(network.netmask)
        return self.care & mask == mask and (self.value ^ int(network.network_address)) & mask == 0

    def covers(self, other: AddressMatch) -> bool:
        """Every address ``other`` matches is matched by this one too."""
        if self.version == 0:
            return True
        if other.version != self.version:
            return False
        return self.care & ~other.care == 0 and (self.value ^ other.value) & self.care == 0


ANY = AddressMatch(0, 0, 0, "any")


def _full(version: int) -> int:
    return (1 << _BITS[version]) - 1


def any_of(version: int, text: str = "any") -> AddressMatch:
    """Every address of one family (``any4``, ``any6``, ``0.0.0.0/0``)."""
    return AddressMatch(version, 0, 0, text)


def parse_network(text: str) -> AddressMatch | None:
    """``A``, ``A/len`` (IPv4 or IPv6) as a match; None when it is not an address."""
    cleaned = text.strip('"')
    try:
        network = ipaddress.ip_network(cleaned, strict=False)
    except ValueError:
        return None
    return AddressMatch(network.version, int(network.network_address), int(network.netmask), cleaned)


def parse_prefix_text(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """A network a rule author wrote (``10.0.0.0/8``, ``2001:db8::/32``, a host address); ValueError if not one."""
    return ipaddress.ip_network(str(text).strip(), strict=False)


def with_mask(address: str, mask: str, *, netmask: bool) -> AddressMatch | None:
    """``A W`` (a Cisco wildcard) or, with ``netmask``, ``A M`` (an ASA netmask); VRP's ``0`` is one host.

    A wildcard may be discontiguous (``0.0.255.0``); it still matches exactly what the device matches.
    A bare number after an IPv6 address or a VRP address is a prefix length (``2001:db8:: 32``).
    """
    try:
        base = ipaddress.ip_address(address)
    except ValueError:
        return None
    full = _full(base.version)
    if mask == "0":
        return AddressMatch(base.version, int(base), full, f"{address} {mask}")
    if mask.isdigit():
        length = int(mask)
        if length > _BITS[base.version]:
            return None
        care = full ^ (full >> length)
        return AddressMatch(base.version, int(base) & care, care, f"{address} {mask}")
    try:
        bits = ipaddress.ip_address(mask)
    except ValueError:
        return None
    if bits.version != base.version:
        return None
    care = int(bits) if netmask else full ^ int(bits)
    return AddressMatch(base.version, int(base) & care, care, f"{address} {mask}")


def host(address: str) -> AddressMatch | None:
    """One address."""
    try:
        base = ipaddress.ip_address(address.strip('"'))
    except ValueError:
        return None
    return AddressMatch(base.version, int(base), _full(base.version), address)


def is_address(token: str) -> bool:
    """Whether ``token`` is an IPv4/IPv6 address or prefix."""
    return parse_network(token) is not None
