"""Cisco-syntax ACLs: IOS, NX-OS, XR, ASA and EOS; standard, extended, numbered, named, IPv4 and IPv6.

Named ACLs are blocks (``ip access-list extended NAME``, ``ipv4 access-list NAME``, ``ipv6 access-list NAME``)
whose entries may carry sequence numbers; numbered IOS ACLs and ASA ACLs are one top-level line per entry
(``access-list 10 permit ...``, ``access-list OUTSIDE extended permit tcp ...``). ASA writes netmasks where
the others write wildcards. Network object-groups (IOS, ASA, NX-OS ``object-group ip address``) are expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from devaudit.domain.acl import Acl, AclEntry, AclTable
from devaudit.domain.addresses import AddressMatch, any_of, host, parse_network, with_mask
from devaudit.engine.regex_cache import compile_pattern
from devaudit.tree import ConfigTree, Node

__all__ = ["parse_entry", "read"]

_I = re.IGNORECASE
_NAMED = compile_pattern(
    r"^(?P<fam>ip|ipv4|ipv6) access-list\s+(?:(?P<kind>standard|extended)\s+)?(?P<name>\S+)\s*$", _I
)
_NUMBERED = compile_pattern(r"^access-list\s+(?P<name>\S+)\s+(?P<body>.*)$", _I)
_ASA_KIND = compile_pattern(r"^(?:line\s+\d+\s+)?(?P<kind>extended|standard|webtype|ethertype)?\s*(?P<rest>.*)$", _I)
_PORT_OPS = {"eq": 1, "neq": 1, "lt": 1, "gt": 1, "range": 2}
_LOG = frozenset({"log", "log-input"})
_NOT_QUALIFIERS = frozenset({"log", "log-input", "time-range", "interval", "disable", "default", "counter"})


@dataclass
class _Groups:
    """Network object-groups and ASA network objects by lower-case name; ``wildcard`` holds the names of
    NX-OS ``object-group ip address`` groups, which write wildcards where the others write netmasks."""

    nodes: dict[str, Node]
    wildcard: frozenset[str] = frozenset()

    def expand(self, name: str, seen: frozenset[str] = frozenset()) -> list[AddressMatch] | None:
        key = name.lower()
        node = self.nodes.get(key)
        if node is None or key in seen:
            return None
        out: list[AddressMatch] = []
        for child in node.children:
            words = child.text.split()
            if words and words[0].isdigit():
                words = words[1:]
            if not words or words[0].lower() in ("description", "remark"):
                continue
            head = words[0].lower()
            if head in ("network-object", "subnet"):
                words = words[1:]
                head = words[0].lower() if words else ""
            if head in ("group-object", "object"):
                inner = self.expand(words[1], seen | {key}) if len(words) > 1 else None
                if inner is None:
                    return None
                out.extend(inner)
                continue
            match = _address_words(words, key not in self.wildcard)
            if match is None:
                return None  # a range, an FQDN: not a prefix this model can compare
            out.append(match)
        return out


def _address_words(words: list[str], netmask: bool) -> AddressMatch | None:
    if not words:
        return None
    if words[0].lower() == "host" and len(words) > 1:
        return host(words[1])
    if len(words) > 1 and ":" not in words[0]:
        return with_mask(words[0], words[1], netmask=netmask)
    return parse_network(words[0])


def _groups(tree: ConfigTree) -> _Groups:
    nodes: dict[str, Node] = {}
    wildcard: set[str] = set()
    for node in tree.top("object-group"):
        words = node.text.split()
        if len(words) >= 3 and words[1].lower() == "network":
            nodes.setdefault(words[2].lower(), node)
        elif len(words) >= 4 and words[1].lower() in ("ip", "ipv6") and words[2].lower() == "address":
            nodes.setdefault(words[3].lower(), node)
            wildcard.add(words[3].lower())
    for node in tree.top("object"):
        words = node.text.split()
        if len(words) >= 3 and words[1].lower() == "network":
            nodes.setdefault(words[2].lower(), node)
    return _Groups(nodes, frozenset(wildcard))


def _address(
    tokens: list[str], index: int, groups: _Groups, netmask: bool
) -> tuple[tuple[AddressMatch, ...], str, int] | None:
    """(matches, why unreadable, next index) of the address spec at ``index``; None when there is none."""
    if index >= len(tokens):
        return None
    head = tokens[index].lower()
    if head in ("any", "any4", "any6"):
        version = {"any": 0, "any4": 4, "any6": 6}[head]
        return ((any_of(version, head) if version else AddressMatch(0, 0, 0, "any")),), "", index + 1
    if head == "host" and index + 1 < len(tokens):
        match = host(tokens[index + 1])
        return ((match,), "", index + 2) if match else None
    if head in ("object-group", "object", "addrgroup") and index + 1 < len(tokens):
        name = tokens[index + 1]
        expanded = groups.expand(name)
        if expanded is None:
            return (), f"{head} {name}", index + 2
        return tuple(expanded), "", index + 2
    if head == "interface" and index + 1 < len(tokens):
        return (), f"interface {tokens[index + 1]}", index + 2
    if "/" in head:
        match = parse_network(head)
        return ((match,), "", index + 1) if match else None
    if index + 1 < len(tokens) and ":" not in head and "." in tokens[index + 1]:
        match = with_mask(tokens[index], tokens[index + 1], netmask=netmask)
        if match is not None:
            return (match,), "", index + 2
    match = host(tokens[index])
    return ((match,), "", index + 1) if match else None


def _ports(tokens: list[str], index: int) -> tuple[bool, int]:
    if index < len(tokens) and tokens[index].lower() in _PORT_OPS:
        return True, index + 1 + _PORT_OPS[tokens[index].lower()]
    return False, index


def parse_entry(
    nodes: tuple[Node, ...], body: str, *, standard: bool | None, netmask: bool, groups: _Groups | None = None
) -> AclEntry | None:
    """One entry (``[seq] permit|deny ...``; ``rule N`` and ``sequence N`` prefixes too); None for remarks."""
    tokens = body.split()
    sequence: int | None = None
    if tokens and tokens[0].lower() in ("rule", "sequence"):
        tokens = tokens[1:]
    if tokens and tokens[0].isdigit():
        sequence = int(tokens[0])
        tokens = tokens[1:]
    if tokens and tokens[0].lower() == "dynamic" and len(tokens) > 2:
        tokens = tokens[2:]
    if len(tokens) < 2 or tokens[0].lower() not in ("permit", "deny"):
        return None
    groups = groups or _Groups({})
    action = tokens[0].lower()
    rest = tokens[1:]
    lowered = [t.lower() for t in rest]
    log = any(t in _LOG for t in lowered)
    first = lowered[0]
    looks_standard = first in ("any", "any4", "any6", "host") or host(rest[0]) is not None or "/" in first
    if standard or (standard is None and looks_standard):
        parsed = _address(rest, 0, groups, netmask)
        if parsed is None:
            return None
        sources, unresolved, after = parsed
        qualified = any(t not in _NOT_QUALIFIERS for t in lowered[after:] if not t.isdigit())
        return AclEntry(
            nodes, action, "ip", sources, qualified=qualified, log=log, sequence=sequence, unresolved=unresolved
        )
    index = 1
    protocol = first
    if first in ("object-group", "object") and len(rest) > 1:
        protocol, index = f"{first} {rest[1]}", 2
    parsed = _address(rest, index, groups, netmask)
    if parsed is None:
        return None
    sources, unresolved, index = parsed
    source_ports, index = _ports(rest, index)
    destination = _address(rest, index, groups, netmask)
    destinations: tuple[AddressMatch, ...] = (AddressMatch(0, 0, 0, "any"),)
    if destination is not None:
        destinations, _, index = destination
        if not destinations:
            destinations = ()
    port_start = index
    destination_ports, index = _ports(rest, index)
    ports = tuple(lowered[port_start:index])
    others = [t for t in lowered[index:] if t not in _NOT_QUALIFIERS and not t.isdigit()]
    qualified = source_ports or destination_ports or bool(others) or protocol.startswith("object") or not destinations
    if protocol in ("ipv4", "ipv6"):
        protocol = "ip"
    return AclEntry(nodes, action, protocol, sources, destinations or (), qualified, log, sequence, unresolved, ports)


def _numbered_kind(name: str) -> bool | None:
    if not name.isdigit():
        return None
    number = int(name)
    return number < 100 or 1300 <= number <= 1999


def read(tree: ConfigTree, table: AclTable) -> None:
    """Add every Cisco-syntax ACL of ``tree`` to ``table`` (entries are read when an ACL is first used)."""
    groups = _groups(tree)
    netmask = tree.platform == "cisco_asa"
    for word in ("ip", "ipv4", "ipv6"):
        for node in tree.top(word):
            match = _NAMED.match(node.text)
            if match is not None:
                table.defer(partial(_named, node, match, netmask, groups), [match.group("name")], [node])
    numbered: dict[str, list[tuple[Node, str, bool | None]]] = {}
    for node in tree.top("access-list"):
        match = _NUMBERED.match(node.text)
        if match is None:
            continue
        name, body = match.group("name"), match.group("body")
        standard = _numbered_kind(name)
        if netmask or standard is None:
            asa = _ASA_KIND.match(body)
            if asa is not None:
                kind = (asa.group("kind") or "").lower()
                if kind in ("webtype", "ethertype"):
                    continue
                standard = True if kind == "standard" else (False if kind == "extended" else standard)
                body = asa.group("rest")
        numbered.setdefault(name, []).append((node, body, standard))
    for name, lines in numbered.items():
        table.defer(partial(_numbered, name, lines, netmask, groups), [name], [node for node, _, _ in lines])


def _named(node: Node, match: re.Match[str], netmask: bool, groups: _Groups) -> Acl:
    kind = (match.group("kind") or "").lower()
    standard = True if kind == "standard" else (False if kind == "extended" else None)
    family = "ipv6" if match.group("fam").lower() == "ipv6" else "ipv4"
    entries = tuple(
        e
        for child in node.children
        if (e := parse_entry((child,), child.text, standard=standard, netmask=netmask, groups=groups))
    )
    return Acl(match.group("name"), family, (node,), entries, lines=(node, *node.children))


def _numbered(name: str, lines: list[tuple[Node, str, bool | None]], netmask: bool, groups: _Groups) -> Acl:
    entries = tuple(
        e
        for node, body, standard in lines
        if (e := parse_entry((node,), body, standard=standard, netmask=netmask, groups=groups))
    )
    nodes = tuple(node for node, _, _ in lines)
    family = "ipv6" if any(s.version == 6 for e in entries for s in e.sources) else "ipv4"
    return Acl(name, family, nodes, entries, lines=nodes)
