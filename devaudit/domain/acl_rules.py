"""``rule``-style ACLs: Huawei VRP and H3C Comware ``acl number|basic|advanced|name``, ZTE ``ipv4-access-list``.

VRP and Comware rules name their fields (``rule 5 permit tcp source 10.0.0.0 0.0.0.255 destination-port eq
22 logging``); a rule without ``source`` admits every source. ZTE ZXROS rules read like Cisco entries after
the rule number (``rule 10 permit ip 10.0.10.0 0.0.0.255 any``), ZXAN ``acl number`` blocks like VRP.
"""

from __future__ import annotations

import re
from functools import partial

from devaudit.domain.acl import Acl, AclEntry, AclTable
from devaudit.domain.acl_cisco import parse_entry
from devaudit.domain.addresses import ANY, AddressMatch, any_of, parse_network, with_mask
from devaudit.engine.regex_cache import compile_pattern
from devaudit.tree import ConfigTree, Node

__all__ = ["parse_rule", "read"]

_I = re.IGNORECASE
_HEAD = compile_pattern(
    r"^acl\s+(?P<v6>ipv6\s+)?(?:(?P<kind>number|basic|advanced|mac|user|l2|ethernet)\s+)?"
    r"(?:(?P<num>\d+)(?:\s+name\s+(?P<name2>\S+))?|name\s+(?P<name>\S+)(?:\s+(?:basic|advanced|(?P<num2>\d+)))?)",
    _I,
)
_ZTE_HEAD = compile_pattern(r"^(?P<fam>ipv4|ipv6)-(?:access-list|acl)\s+(?:name\s+)?(?P<name>\S+)\s*$", _I)
_RULE = compile_pattern(r"^rule\s+(?:(?P<seq>\d+)\s+)?(?P<action>permit|deny)\b(?P<rest>.*)$", _I)
_QUALIFIERS = frozenset(
    {
        "source-port",
        "destination-port",
        "icmp-type",
        "tcp-flag",
        "fragment",
        "fragment-type",
        "dscp",
        "precedence",
        "tos",
        "ttl",
        "established",
        "time-range",
        "vpn-instance",
        "packet-length",
    }
)
_PROTOCOLS = frozenset(
    {"ip", "ipv6", "tcp", "udp", "icmp", "icmpv6", "gre", "ospf", "igmp", "ipinip", "sctp", "pim", "vrrp"}
)


def _field(words: list[str], index: int) -> tuple[AddressMatch | None, int]:
    """The address after ``source``/``destination`` at ``index`` and the index after it."""
    if index >= len(words):
        return None, index
    token = words[index]
    if token == "any":
        return ANY, index + 1
    if "/" in token:
        return parse_network(token), index + 1
    if index + 1 < len(words) and (words[index + 1] == "0" or re.fullmatch(r"[\d.:a-f]+", words[index + 1])):
        nxt = words[index + 1]
        if nxt not in _QUALIFIERS and (nxt.isdigit() or "." in nxt or ":" in nxt):
            return with_mask(token, nxt, netmask=False), index + 2
    return parse_network(token), index + 1


def _named_fields(words: list[str]) -> bool:
    """Whether a rule names its fields (VRP/Comware) rather than placing them (ZXROS, Cisco-style)."""
    if not words or "source" in words or "destination" in words:
        return True
    first = 1 if words[0] in _PROTOCOLS or words[0].isdigit() else 0
    rest = words[first:]
    return not rest or rest[0] in _QUALIFIERS or rest[0] in ("logging", "counting", "log")


def parse_rule(node: Node, family: str) -> AclEntry | None:
    """One ``rule`` line of a VRP/Comware/ZTE ACL; None for comments, descriptions and unreadable rules."""
    match = _RULE.match(node.text)
    if match is None:
        return None
    words = match.group("rest").lower().split()
    if not _named_fields(words):
        return parse_entry((node,), node.text, standard=None, netmask=False)  # ZXROS: Cisco-style fields
    protocol = words[0] if words and (words[0] in _PROTOCOLS or words[0].isdigit()) else "ip"
    everyone = any_of(6 if family == "ipv6" else 4, "any") if family in ("ipv4", "ipv6") else ANY
    source: AddressMatch | None = everyone
    destination: AddressMatch | None = everyone
    if "source" in words:
        source, _ = _field(words, words.index("source") + 1)
    if "destination" in words:
        destination, _ = _field(words, words.index("destination") + 1)
    if source is not None and source.is_any:
        source = everyone
    if destination is not None and destination.is_any:
        destination = everyone
    qualified = any(w in _QUALIFIERS for w in words)
    log = "logging" in words or "log" in words
    seq = int(match.group("seq")) if match.group("seq") else None
    ports: tuple[str, ...] = ()
    if "destination-port" in words:
        after = words[words.index("destination-port") + 1 :]
        count = 3 if after[:1] == ["range"] else 2
        ports = tuple(after[:count])
    return AclEntry(
        (node,),
        match.group("action").lower(),
        "ip" if protocol in ("ip", "ipv6") else protocol,
        (source,) if source is not None else (),
        (destination,) if destination is not None else (),
        qualified,
        log,
        seq,
        "" if source is not None else "an unreadable source",
        ports,
    )


def read(tree: ConfigTree, table: AclTable) -> None:
    """Add every ``rule``-style ACL of ``tree`` to ``table`` (rules ordered by number, as the device does)."""
    for node in tree.top("acl"):
        match = _HEAD.match(node.text)
        if match is None or (match.group("kind") or "").lower() in ("mac", "l2", "ethernet", "user"):
            continue
        family = "ipv6" if match.group("v6") else "ipv4"
        names = [match.group(k) for k in ("num", "name", "name2", "num2") if match.group(k)]
        _add(table, node, family, names)
    for word in ("ipv4-access-list", "ipv6-access-list", "ipv4-acl", "ipv6-acl"):
        for node in tree.top(word):
            match = _ZTE_HEAD.match(node.text)
            if match is not None:
                _add(table, node, match.group("fam").lower(), [match.group("name")])


def _add(table: AclTable, node: Node, family: str, names: list[str]) -> None:
    table.defer(partial(_build, node, family, names[0]), names, [node])


def _build(node: Node, family: str, name: str) -> Acl:
    entries = [e for child in node.children if (e := parse_rule(child, family)) is not None]
    if all(e.sequence is not None for e in entries):
        entries.sort(key=lambda e: e.sequence or 0)
    return Acl(name, family, (node,), tuple(entries), lines=(node, *node.children))
