"""Junos firewall filters and prefix-lists as ACLs.

A filter (``firewall family inet filter NAME``; ``firewall filter NAME`` is inet) is read term by term
from the flat tree: ``from source-address``/``address`` (``except`` entries narrow it),
``from source-prefix-list``/``prefix-list`` (expanded from ``policy-options prefix-list``), the other
``from`` conditions, and ``then accept|discard|reject`` (a term without one accepts; ``next term`` goes
on). A filter ends in an implicit discard. Prefix-lists and SNMP client-lists are ACLs of permits too,
known as ``prefix-list NAME`` / ``client-list NAME`` (and by their bare name when no filter has it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devaudit.domain.acl import Acl, AclEntry, AclTable
from devaudit.domain.addresses import ANY, AddressMatch, any_of, parse_network
from devaudit.tree import ConfigTree, Node

__all__ = ["read"]

_SOURCE = frozenset({"source-address", "address"})
_SOURCE_LIST = frozenset({"source-prefix-list", "prefix-list"})
_DESTINATION = frozenset({"destination-address"})
_DESTINATION_LIST = frozenset({"destination-prefix-list"})
_FAMILIES = {"inet": "ipv4", "inet6": "ipv6"}


def _unquote(word: str) -> str:
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] == '"' else word


@dataclass
class _Term:
    nodes: list[Node] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    source_lists: list[str] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    destination_lists: list[str] = field(default_factory=list)
    protocols: list[str] = field(default_factory=list)
    ports: list[str] = field(default_factory=list)
    qualified: bool = False
    actions: set[str] = field(default_factory=set)


@dataclass
class _Filter:
    family: str
    nodes: list[Node] = field(default_factory=list)
    terms: dict[str, _Term] = field(default_factory=dict)


_Lists = dict[str, tuple[list[Node], list[tuple[Node, AddressMatch]] | None]]


def _lists(tree: ConfigTree, top: str, kind: str) -> _Lists:
    """Prefix-lists (or SNMP client-lists) by lower-case name: their lines and prefixes (None when one is
    not a prefix, e.g. ``apply-path``); ``restrict`` lines of a client-list are not prefixes it admits."""
    out: _Lists = {}
    for node in tree.top(top):
        words = node.text.split()
        if len(words) < 4 or words[1].lower() != kind:
            continue
        key = _unquote(words[2]).lower()
        nodes, prefixes = out.setdefault(key, ([], []))
        nodes.append(node)
        if words[-1].lower() == "restrict":
            continue
        match = parse_network(_unquote(words[3]))
        if prefixes is not None:
            if match is None:
                out[key] = (nodes, None)
            else:
                prefixes.append((node, match))
    return out


def _filters(tree: ConfigTree) -> dict[tuple[str, str], tuple[str, _Filter]]:
    filters: dict[tuple[str, str], tuple[str, _Filter]] = {}
    for node in tree.top("firewall"):
        words = node.text.split()
        lowered = [w.lower() for w in words]
        if len(words) > 4 and lowered[1] == "family" and lowered[3] == "filter":
            family, name, rest = lowered[2], _unquote(words[4]), words[5:]
        elif len(words) > 2 and lowered[1] == "filter":
            family, name, rest = "inet", _unquote(words[2]), words[3:]
        else:
            continue
        _, item = filters.setdefault((family, name.lower()), (name, _Filter(_FAMILIES.get(family, family))))
        item.nodes.append(node)
        if len(rest) < 3 or rest[0].lower() != "term":
            continue
        term = item.terms.setdefault(_unquote(rest[1]), _Term())
        term.nodes.append(node)
        _leaf(term, [w.lower() for w in rest[2:]], rest[2:])
    return filters


def _leaf(term: _Term, lowered: list[str], words: list[str]) -> None:
    kind = lowered[0]
    if kind == "then" and len(lowered) > 1:
        term.actions.add(" ".join(lowered[1:3]) if lowered[1] == "next" else lowered[1])
        return
    if kind != "from" or len(lowered) < 2:
        return
    what = lowered[1]
    value = _unquote(words[2]) if len(words) > 2 else ""
    excepted = lowered[-1] == "except"
    if what in _SOURCE:
        if not excepted:
            term.sources.append(value)
    elif what in _SOURCE_LIST:
        if not excepted:
            term.source_lists.append(value)
    elif what in _DESTINATION:
        if not excepted:
            term.destinations.append(value)
    elif what in _DESTINATION_LIST:
        if not excepted:
            term.destination_lists.append(value)
    elif what == "protocol":
        term.protocols.append(value.lower())
    else:
        term.qualified = True
        if what in ("destination-port", "port") and value:
            term.ports.append(value.lower())


def _addresses(
    literal: list[str], lists: list[str], table: _Lists, every: AddressMatch
) -> tuple[tuple[AddressMatch, ...], str]:
    if not literal and not lists:
        return (every,), ""
    out = [m for text in literal if (m := parse_network(text)) is not None]
    for name in lists:
        found = table.get(name.lower())
        if found is None or found[1] is None:
            return (), f"prefix-list {name}"
        out.extend(m for _, m in found[1])
    return tuple(out), ""


def _entry(term: _Term, prefix_lists: _Lists, family: str) -> AclEntry | None:
    terminal = term.actions & {"accept", "discard", "reject"}
    if not terminal and "next term" in term.actions:
        return None
    action = "deny" if terminal & {"discard", "reject"} and "accept" not in terminal else "permit"
    every = any_of(4 if family == "ipv4" else 6, "any") if family in ("ipv4", "ipv6") else ANY
    sources, unresolved = _addresses(term.sources, term.source_lists, prefix_lists, every)
    destinations, _ = _addresses(term.destinations, term.destination_lists, prefix_lists, every)
    protocol = term.protocols[0] if len(term.protocols) == 1 else "ip"
    return AclEntry(
        tuple(term.nodes),
        action,
        protocol,
        sources,
        destinations,
        term.qualified or len(term.protocols) > 1,
        bool(term.actions & {"syslog", "log"}),
        None,
        unresolved,
        ("eq", *term.ports) if term.ports else (),
    )


def read(tree: ConfigTree, table: AclTable) -> None:
    """Add every firewall filter, prefix-list and SNMP client-list of ``tree`` to ``table``."""
    prefix_lists = _lists(tree, "policy-options", "prefix-list")
    filter_names: set[str] = set()
    for (_, key), (name, item) in _filters(tree).items():
        terms = tuple(e for term in item.terms.values() if (e := _entry(term, prefix_lists, item.family)) is not None)
        table.add(Acl(name, item.family, (item.nodes[0],), terms, lines=tuple(item.nodes)), f"filter {name}")
        filter_names.add(key)
    for kind, lists in (("prefix-list", prefix_lists), ("client-list", _lists(tree, "snmp", "client-list"))):
        for key, (nodes, prefixes) in lists.items():
            name = _unquote(nodes[0].text.split()[2])
            if prefixes is None:
                entries: tuple[AclEntry, ...] = (
                    AclEntry(tuple(nodes), "permit", sources=(), unresolved=f"{kind} {name}"),
                )
            else:
                entries = tuple(AclEntry((node,), "permit", sources=(m,)) for node, m in prefixes)
            family = "ipv6" if prefixes and all(m.version == 6 for _, m in prefixes) else "ipv4"
            acl = Acl(name, family, (nodes[0],), entries, lines=tuple(nodes))
            table.add(acl, f"{kind} {name}", bare=key not in filter_names)  # a bare name stays the filter's
