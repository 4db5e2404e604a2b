"""Address matches of ACL entries: prefixes, wildcards (even discontiguous ones) and 'any', IPv4 and IPv6."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache

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

    def overlaps(self, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
        """Some address this matches lies inside ``network``."""
        if self.version not in (0, network.version):
            return False
        return (self.value ^ int(network.network_address)) & self.care & int(network.netmask) == 0

    def covers_network(self, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
        """Every address of ``network`` is matched by this one."""
        if self.version not in (0, network.version):
            return False
        return self.care & ~int(network.netmask) == 0 and (self.value ^ int(network.network_address)) & self.care == 0

    def covers(self, other: AddressMatch) -> bool:
        """Every address ``other`` matches is matched by this one too."""
        if self.version == 0:
            return True
        if other.version != self.version:
            return False
        return self.care & ~other.care == 0 and (self.value ^ other.value) & self.care == 0


ANY = AddressMatch(0, 0, 0, "any")
_V4_FULL = 0xFFFFFFFF


def ipv4_int(text: str) -> int | None:
    """A dotted-quad IPv4 address as an integer, without the cost of ``ipaddress`` (None if it is not one)."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    value = 0
    for part in parts:
        if not part.isdigit() or len(part) > 3:
            return None
        octet = int(part)
        if octet > 255:
            return None
        value = value << 8 | octet
    return value


def _full(version: int) -> int:
    return (1 << _BITS[version]) - 1


def any_of(version: int, text: str = "any") -> AddressMatch:
    """Every address of one family (``any4``, ``any6``, ``0.0.0.0/0``)."""
    return AddressMatch(version, 0, 0, text)


@lru_cache(maxsize=8192)
def parse_network(text: str) -> AddressMatch | None:
    """``A``, ``A/len`` (IPv4 or IPv6) as a match; None when it is not an address."""
    cleaned = text.strip('"')
    if ":" not in cleaned:
        address, _, length = cleaned.partition("/")
        base = ipv4_int(address)
        if base is None or (length and (not length.isdigit() or int(length) > 32)):
            return None
        care = _V4_FULL ^ (_V4_FULL >> int(length)) if length else _V4_FULL
        return AddressMatch(4, base & care, care, cleaned)
    try:
        network = ipaddress.ip_network(cleaned, strict=False)
    except ValueError:
        return None
    return AddressMatch(network.version, int(network.network_address), int(network.netmask), cleaned)


def parse_prefix_text(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """A network a rule author wrote (``10.0.0.0/8``, ``2001:db8::/32``, a host address); ValueError if not one."""
    return ipaddress.ip_network(str(text).strip(), strict=False)


@lru_cache(maxsize=8192)
def with_mask(address: str, mask: str, *, netmask: bool) -> AddressMatch | None:
    """``A W`` (a Cisco wildcard) or, with ``netmask``, ``A M`` (an ASA netmask); VRP's ``0`` is one host.

    A wildcard may be discontiguous (``0.0.255.0``); it still matches exactly what the device matches.
    A bare number after an IPv6 address or a VRP address is a prefix length (``2001:db8:: 32``).
    """
    base4 = ipv4_int(address)
    if base4 is not None:
        if mask == "0":
            return AddressMatch(4, base4, _V4_FULL, f"{address} {mask}")
        if mask.isdigit():
            if int(mask) > 32:
                return None
            care = _V4_FULL ^ (_V4_FULL >> int(mask))
            return AddressMatch(4, base4 & care, care, f"{address} {mask}")
        bits4 = ipv4_int(mask)
        if bits4 is None:
            return None
        care = bits4 if netmask else _V4_FULL ^ bits4
        return AddressMatch(4, base4 & care, care, f"{address} {mask}")
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


@lru_cache(maxsize=8192)
def host(address: str) -> AddressMatch | None:
    """One address."""
    base4 = ipv4_int(address.strip('"'))
    if base4 is not None:
        return AddressMatch(4, base4, _V4_FULL, address)
    if ":" not in address:
        return None
    try:
        base = ipaddress.ip_address(address.strip('"'))
    except ValueError:
        return None
    return AddressMatch(base.version, int(base), _full(base.version), address)


def is_address(token: str) -> bool:
    """Whether ``token`` is an IPv4/IPv6 address or prefix."""
    return parse_network(token) is not None
