"""Ways in over SSH: per vty range, the sources its transport and ACL admit, so a fix can be shown to keep them.

A path is (vty range, source address): the management test host (inside the documentation network the
proofs use for ``mgmt_network``) and every source a permit entry of the range's ACL names by address.
Each platform's syntax is one ``Dialect`` (its descriptor's ``management`` part): the vty block, the ACL
binding, the allowed protocols, the ACL definition and how one entry reads. Platforms without one have no
paths (their lockout guards still run).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from devaudit.engine.remediate import SITE_VALUES
from devaudit.platforms import Platform, PlatformTable
from devaudit.tree import ConfigTree, Node

__all__ = [
    "CISCO_TRANSPORT",
    "DIALECTS",
    "MGMT_TEST_HOST",
    "RULE_ACL",
    "RULE_TRANSPORT",
    "SSH_SERVER_ACL",
    "Dialect",
    "closed_paths",
    "management_paths",
]

_I = re.IGNORECASE
MGMT_TEST_HOST = str(next(ipaddress.ip_network(SITE_VALUES["mgmt_network"].test_value).hosts()) + 9)

# (action, source network or None for any, whether it concerns SSH, rule number or None)
Entry = tuple[str, ipaddress.IPv4Network | None, bool, int | None]


def _address(token: str) -> ipaddress.IPv4Network | None:
    try:
        return ipaddress.IPv4Network(token, strict=False)
    except ValueError:
        return None


def _wildcarded(address: str, wildcard: str) -> ipaddress.IPv4Network | None:
    mask = _address("0.0.0.0" if wildcard == "0" else wildcard)
    if mask is None or _address(address) is None:
        return None
    netmask = ipaddress.IPv4Address(int(mask.network_address) ^ 0xFFFFFFFF)
    try:
        return ipaddress.IPv4Network(f"{address}/{netmask}", strict=False)
    except ValueError:
        return None  # a discontiguous wildcard: not a network this check can follow


def _cisco_source(tokens: list[str]) -> tuple[ipaddress.IPv4Network | None, list[str]] | None:
    if not tokens:
        return None
    head = tokens[0].lower()
    if head in ("any", "any4"):
        return None, tokens[1:]
    if head == "host" and len(tokens) > 1 and (net := _address(tokens[1])) is not None:
        return net, tokens[2:]
    if "/" in head:
        net = _address(head)
        return (net, tokens[1:]) if net is not None else None
    if len(tokens) > 1 and _address(tokens[1]) is not None and (net := _wildcarded(head, tokens[1])) is not None:
        return net, tokens[2:]
    net = _address(head)
    return (net, tokens[1:]) if net is not None else None


def _port_admits_ssh(words: list[str]) -> bool:
    for index, word in enumerate(words):
        value = words[index + 1] if index + 1 < len(words) else ""
        if word == "eq":
            return value in ("22", "ssh")
        if word == "neq":
            return value not in ("22", "ssh")
        if word == "range" and index + 2 < len(words) and value.isdigit() and words[index + 2].isdigit():
            return int(value) <= 22 <= int(words[index + 2])
        if word in ("lt", "gt") and value.isdigit():
            return int(value) > 22 if word == "lt" else int(value) < 22
    return True


def cisco_entry(body: str) -> Entry | None:
    """One IOS / NX-OS / XR IPv4 ACL entry (standard or extended, with or without a sequence number)."""
    words = body.split()
    number = int(words[0]) if words and words[0].isdigit() else None
    words = words[1:] if number is not None else words
    if not words or words[0].lower() not in ("permit", "deny") or len(words) < 2:
        return None
    action, rest = words[0].lower(), words[1:]
    first = rest[0].lower()
    if first in ("any", "host") or _address(first) is not None:
        parsed = _cisco_source(rest)
        return (action, parsed[0], True, number) if parsed else None
    if first not in ("ip", "ipv4", "tcp"):
        return (action, None, False, number)  # another protocol: not SSH
    parsed = _cisco_source(rest[1:])
    if parsed is None:
        return None
    net, after = parsed
    destination = _cisco_source(after)
    ports = [w.lower() for w in (destination[1] if destination else after)]
    return action, net, first != "tcp" or _port_admits_ssh(ports), number


_PROTOCOLS = frozenset({"ip", "tcp", "udp", "icmp", "gre", "ospf", "igmp", "ipinip", "sctp"})


def rule_entry(body: str) -> Entry | None:
    """One VRP / Comware ACL rule: ``rule [N] permit|deny [protocol] [source A W|any] [destination-port ...]``."""
    words = [w.lower() for w in body.split()]
    if words[:1] != ["rule"]:
        return None
    words = words[1:]
    number = int(words[0]) if words and words[0].isdigit() else None
    words = words[1:] if number is not None else words
    if not words or words[0] not in ("permit", "deny"):
        return None
    action, rest = words[0], words[1:]
    protocol = rest[0] if rest and (rest[0] in _PROTOCOLS or rest[0].isdigit()) else ""
    net: ipaddress.IPv4Network | None = None
    if "source" in rest:
        index = rest.index("source")
        address = rest[index + 1] if index + 1 < len(rest) else "any"
        if address != "any":
            wildcard = rest[index + 2] if index + 2 < len(rest) else "0"
            net = _wildcarded(address, wildcard)
            if net is None:
                return None
    ssh = protocol in ("", "ip", "tcp", "6") and (
        "destination-port" not in rest or _port_admits_ssh(rest[rest.index("destination-port") + 1 :])
    )
    return action, net, ssh, number


@dataclass(frozen=True)
class Dialect:
    """How one platform writes vty lines, their ACL and the protocols they accept."""

    vty: re.Pattern[str]
    acl_ref: re.Pattern[str]
    transport: re.Pattern[str]
    acl_block: re.Pattern[str]
    entry: Callable[[str], Entry | None]
    numbered_line: re.Pattern[str] | None = None
    by_number: bool = False
    ssh_acl: re.Pattern[str] | None = None  # a top-level ACL of the SSH server, checked as well


# Pieces the platforms' dialects share (each platform's Dialect is in its folder's management.py).
CISCO_TRANSPORT = re.compile(r"^transport input\s+(.*)$", _I)
RULE_TRANSPORT = re.compile(r"^protocol inbound\s+(.*)$", _I)
SSH_SERVER_ACL = re.compile(r"^ssh server acl\s+(?:(?:basic|advanced)\s+)?(\S+)", _I)
RULE_ACL = re.compile(r"^acl\s+(?:number\s+|basic\s+|advanced\s+)?(\d+)\b|^acl\s+name\s+(\S+)", _I)


def _entries(tree: ConfigTree, dialect: Dialect, name: str) -> list[Entry] | None:
    bodies: list[str] | None = None
    for node in tree.roots:
        match = dialect.acl_block.match(node.text)
        if match and next(g for g in match.groups() if g is not None).lower() == name.lower():
            bodies = (bodies or []) + [c.text for c in node.children]
        numbered = dialect.numbered_line.match(node.text) if dialect.numbered_line else None
        if numbered and numbered.group(1) == name:
            bodies = (bodies or []) + [numbered.group(2)]
    if bodies is None:
        return None
    entries = [e for body in bodies if (e := dialect.entry(body)) is not None]
    if dialect.by_number:
        entries.sort(key=lambda e: e[3] if e[3] is not None else 1 << 30)
    return entries


def _admits(tree: ConfigTree, dialect: Dialect, acl: str | None, host: ipaddress.IPv4Address) -> bool:
    if acl is None:
        return True
    entries = _entries(tree, dialect, acl)
    if entries is None:
        return True  # an ACL that is not defined filters nothing
    for action, net, ssh, _ in entries:
        if ssh and (net is None or host in net):
            return action == "permit"
    return False


def _blocks(tree: ConfigTree, dialect: Dialect) -> dict[str, Node]:
    return {" ".join(n.text.split()).lower(): n for n in tree.roots if dialect.vty.match(n.text)}


def _state(node: Node, dialect: Dialect) -> tuple[bool, str | None]:
    ssh, acl = True, None
    for child in node.children:
        if (match := dialect.transport.match(child.text)) is not None:
            words = match.group(1).lower().split()
            ssh = "ssh" in words or "all" in words
        elif (match := dialect.acl_ref.match(child.text)) is not None:
            acl = match.group(1)
    return ssh, acl


def _acls(tree: ConfigTree, dialect: Dialect, acl: str | None) -> list[str | None]:
    """The vty ACL and every SSH-server ACL: a source gets in only when all of them admit it."""
    found: list[str | None] = [acl]
    if dialect.ssh_acl is not None:
        found.extend(m.group(1) for n in tree.roots if (m := dialect.ssh_acl.match(n.text)))
    return found


def _admitted(tree: ConfigTree, dialect: Dialect, acls: list[str | None], host: ipaddress.IPv4Address) -> bool:
    return all(_admits(tree, dialect, acl, host) for acl in acls)


def _dialect(platform: Platform) -> Dialect | None:
    return platform.management.get() if platform.management is not None else None


# Each platform's Dialect, from its descriptor (its folder's management.py).
DIALECTS: Mapping[str, Dialect] = PlatformTable(_dialect)


def management_paths(tree: ConfigTree) -> dict[str, tuple[str, ...]]:
    """Per vty range, the sources SSH is admitted from: the management test host and every source the
    range's ACLs permit by address (empty for platforms without a dialect)."""
    dialect = DIALECTS.get(tree.platform)
    if dialect is None:
        return {}
    paths: dict[str, tuple[str, ...]] = {}
    for key, node in _blocks(tree, dialect).items():
        ssh, acl = _state(node, dialect)
        if not ssh:
            continue
        acls = _acls(tree, dialect, acl)
        candidates = [ipaddress.IPv4Address(MGMT_TEST_HOST)]
        for name in acls:
            for action, net, admits_ssh, _ in (_entries(tree, dialect, name) or []) if name else []:
                if action == "permit" and net is not None and admits_ssh:
                    candidates.append(net.network_address)
        hosts = dict.fromkeys(candidates)
        paths[key] = tuple(str(host) for host in hosts if _admitted(tree, dialect, acls, host))
    return paths


def closed_paths(before: dict[str, tuple[str, ...]], tree: ConfigTree) -> list[str]:
    """The paths of ``before`` (``management_paths`` of the original) that ``tree`` no longer admits."""
    dialect = DIALECTS.get(tree.platform)
    if dialect is None:
        return []
    closed: list[str] = []
    blocks = _blocks(tree, dialect)
    for key, hosts in before.items():
        node = blocks.get(key)
        ssh, acl = _state(node, dialect) if node is not None else (False, None)
        acls = _acls(tree, dialect, acl)
        for host in hosts:
            if not ssh or not _admitted(tree, dialect, acls, ipaddress.IPv4Address(host)):
                closed.append(f"{key}: SSH from {host}")
    return closed
