"""Nokia SR OS filters as ACLs: ``filter ip-filter|ipv6-filter``, CPM filters, management-access filters.

Classic CLI and MD-CLI give the same flat leaves once ``create`` is dropped: ``filter ip-filter 10 entry 10
match protocol tcp src-ip 10.0.0.0/8`` or ``filter ip-filter "MGMT" entry 10 match src-ip address
10.0.0.0/8``, ``... entry 10 action accept``. Sources may name ``ip-prefix-list``s (``filter match-list``).
An entry without an action is not evaluated by the device and is left out. The default action is what
``default-action`` says; without it an ip-filter drops, and the CPM and management-access filters accept.
Filters are known by number and name; the CPM and management-access filters as ``cpm-filter ip-filter``,
``management-access-filter ipv6-filter`` and so on; prefix-lists as ``ip-prefix-list NAME`` (and by their
bare name when no filter has it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devaudit.domain.acl import Acl, AclEntry, AclTable
from devaudit.domain.addresses import AddressMatch, any_of, parse_network, with_mask
from devaudit.tree import ConfigTree, Node

__all__ = ["read"]

_PERMIT = frozenset({"accept", "forward", "permit"})
_DENY = frozenset({"drop", "deny", "reject", "deny-host-unreachable"})
_QUALIFIERS = frozenset(
    {
        "dst-port",
        "src-port",
        "port",
        "icmp",
        "icmp-code",
        "icmp-type",
        "tcp-syn",
        "tcp-ack",
        "tcp-flags",
        "fragment",
        "dscp",
        "ip-option",
        "option-present",
        "multiple-option",
        "flow-label",
        "router",
        "router-instance",
        "src-mac",
        "dst-mac",
        "extension-header",
        "hop-limit",
        "packet-length",
    }
)


def _unquote(word: str) -> str:
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] == '"' else word


@dataclass
class _Entry:
    nodes: list[Node] = field(default_factory=list)
    action: str = ""
    protocol: str = "ip"
    sources: list[str] = field(default_factory=list)
    source_lists: list[str] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    destination_lists: list[str] = field(default_factory=list)
    qualified: bool = False
    log: bool = False
    ports: tuple[str, ...] = ()


@dataclass
class _Filter:
    name: str
    family: str
    aliases: list[str] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    entries: dict[int, _Entry] = field(default_factory=dict)
    default: str = ""
    default_nodes: list[Node] = field(default_factory=list)
    builtin_default: str = "deny"


def _address(words: list[str], index: int) -> tuple[str, str, int]:
    """('address'|'list', value, next index) of a src-ip/dst-ip value at ``index``."""
    if index >= len(words):
        return "address", "", index
    head = words[index].lower()
    if head == "address" and index + 1 < len(words):
        return "address", words[index + 1], index + 2
    if head in ("ip-prefix-list", "ipv6-prefix-list", "prefix-list") and index + 1 < len(words):
        return "list", _unquote(words[index + 1]), index + 2
    if index + 1 < len(words) and "." in words[index + 1] and "/" not in words[index]:
        return "address", f"{words[index]} {words[index + 1]}", index + 2
    return "address", words[index], index + 1


def _leaf(entry: _Entry, words: list[str]) -> None:
    if words and words[0].lower() == "description":
        return
    index = 0
    while index < len(words):
        word = words[index].lower()
        if word in ("protocol", "next-header") and index + 1 < len(words):
            entry.protocol = words[index + 1].lower()
            index += 2
        elif word in ("src-ip", "dst-ip"):
            kind, value, index = _address(words, index + 1)
            if word == "src-ip":
                (entry.sources if kind == "address" else entry.source_lists).append(value)
            else:
                (entry.destinations if kind == "address" else entry.destination_lists).append(value)
        elif word == "action":
            if index + 1 < len(words):
                entry.action = words[index + 1].lower()
            index += 2
        elif word in _DENY | _PERMIT and index > 0 and words[index - 1].lower() == "action":
            index += 1
        elif word == "log":
            entry.log = True
            index += 2
        elif word in _QUALIFIERS:
            entry.qualified = True
            if word == "dst-port":
                entry.ports = _port_words(words[index + 1 : index + 4])
            index += 1
        else:
            index += 1


def _port_words(after: list[str]) -> tuple[str, ...]:
    """``eq 22``, ``range 20 25``, ``lt 1024`` or a bare ``22`` (classic: value and mask) as (operator, values)."""
    words = [w.lower() for w in after]
    if words[:1] == ["range"]:
        return tuple(words[:3])
    if words[:1] and words[0] in ("eq", "lt", "gt", "neq"):
        return tuple(words[:2])
    return ("eq", words[0]) if words and words[0].isdigit() else ()


def _matches(
    values: list[str], lists: list[str], prefix_lists: dict[str, list[AddressMatch] | None], every: AddressMatch
) -> tuple[tuple[AddressMatch, ...], str]:
    if not values and not lists:
        return (every,), ""
    out: list[AddressMatch] = []
    for value in values:
        parts = _unquote(value).split()
        match = with_mask(parts[0], parts[1], netmask=True) if len(parts) == 2 else parse_network(parts[0])
        if match is None:
            return (), f"source {value}"
        out.append(match)
    for name in lists:
        found = prefix_lists.get(name.lower())
        if found is None:
            return (), f"ip-prefix-list {name}"
        out.extend(found)
    return tuple(out), ""


def _strip(words: list[str]) -> list[str]:
    return [w for w in words if w.lower() != "create"]


def read(tree: ConfigTree, table: AclTable) -> None:
    """Add every SR OS filter and prefix-list of ``tree`` to ``table``."""
    filters: dict[str, _Filter] = {}
    lists: dict[str, tuple[str, list[Node], list[AddressMatch] | None]] = {}
    cpm_default: tuple[str, list[Node]] = ("", [])
    for node in tree.top("filter"):
        words = _strip(node.text.split())
        lowered = [w.lower() for w in words]
        if len(words) >= 5 and lowered[1] == "match-list" and lowered[2] in ("ip-prefix-list", "ipv6-prefix-list"):
            name = _unquote(words[3])
            _, nodes, prefixes = lists.setdefault(name.lower(), (name, [], []))
            nodes.append(node)
            if lowered[4] == "prefix" and len(words) > 5 and prefixes is not None:
                match = parse_network(_unquote(words[5]))
                if match is None:
                    lists[name.lower()] = (name, nodes, None)
                else:
                    prefixes.append(match)
            continue
        if len(words) < 4 or lowered[1] not in ("ip-filter", "ipv6-filter"):
            continue
        ident = _unquote(words[2])
        family = "ipv6" if lowered[1] == "ipv6-filter" else "ipv4"
        item = filters.setdefault(f"{family}:{ident.lower()}", _Filter(ident, family))
        rest = words[3:]
        if rest and rest[0].lower() in ("name", "filter-name") and len(rest) > 1:
            item.aliases.append(_unquote(rest[1]))
            rest = rest[2:]
        _filter_leaf(item, node, rest)
    for node in tree.top("system"):
        words = _strip(node.text.split())
        lowered = [w.lower() for w in words]
        if len(words) < 4 or lowered[1] != "security" or lowered[2] not in ("cpm-filter", "management-access-filter"):
            continue
        kind = lowered[2]
        if lowered[3] == "default-action" and kind == "cpm-filter" and len(words) > 4:
            cpm_default = (lowered[4], [*cpm_default[1], node])
            continue
        if lowered[3] not in ("ip-filter", "ipv6-filter"):
            continue
        name = f"{kind} {lowered[3]}"
        family = "ipv6" if lowered[3] == "ipv6-filter" else "ipv4"
        item = filters.setdefault(name, _Filter(name, family))
        item.builtin_default = "permit"
        _filter_leaf(item, node, words[4:])
    prefix_lists = {key: prefixes for key, (_, _, prefixes) in lists.items()}
    names = {f.name.lower() for f in filters.values()} | {a.lower() for f in filters.values() for a in f.aliases}
    for item in filters.values():
        if item.name.startswith("cpm-filter") and not item.default and cpm_default[0]:
            item.default, item.default_nodes = cpm_default[0], cpm_default[1]
        table.add(_acl(item, prefix_lists), *item.aliases)
    for key, (name, nodes, prefixes) in lists.items():
        if prefixes is None:
            entries: tuple[AclEntry, ...] = (
                AclEntry(tuple(nodes), "permit", sources=(), unresolved=f"ip-prefix-list {name}"),
            )
        else:
            entries = tuple(AclEntry((node,), "permit", sources=(m,)) for node, m in zip(nodes, prefixes, strict=False))
        acl = Acl(name, "ipv4", (nodes[0],), entries, lines=tuple(nodes))
        table.add(acl, f"ip-prefix-list {name}", bare=key not in names)


def _filter_leaf(item: _Filter, node: Node, rest: list[str]) -> None:
    item.nodes.append(node)
    if not rest:
        return
    head = rest[0].lower()
    if head == "default-action" and len(rest) > 1:
        item.default = rest[1].lower()
        item.default_nodes.append(node)
    elif head == "entry" and len(rest) > 1 and rest[1].isdigit():
        entry = item.entries.setdefault(int(rest[1]), _Entry())
        entry.nodes.append(node)
        _leaf(entry, rest[2:])


def _acl(item: _Filter, prefix_lists: dict[str, list[AddressMatch] | None]) -> Acl:
    every = any_of(6 if item.family == "ipv6" else 4, "any")
    entries: list[AclEntry] = []
    for number in sorted(item.entries):
        raw = item.entries[number]
        if raw.action not in _PERMIT | _DENY and not raw.action.startswith("forward"):
            continue
        sources, unresolved = _matches(raw.sources, raw.source_lists, prefix_lists, every)
        destinations, _ = _matches(raw.destinations, raw.destination_lists, prefix_lists, every)
        protocol = raw.protocol if raw.protocol not in ("*", "any", "ipv6") else "ip"
        entries.append(
            AclEntry(
                tuple(raw.nodes),
                "deny" if raw.action in _DENY else "permit",
                protocol,
                sources,
                destinations,
                raw.qualified,
                raw.log,
                number,
                unresolved,
                raw.ports,
            )
        )
    default = item.default or item.builtin_default
    return Acl(
        item.name,
        item.family,
        (item.nodes[0],),
        tuple(entries),
        "deny" if default in _DENY else "permit",
        tuple(item.default_nodes),
        tuple(item.nodes),
    )
