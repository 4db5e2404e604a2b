"""Ways in over SSH: per vty range, the sources its transport and ACL admit, so a fix can be shown to keep them.

A path is (vty range, source address): the management test host (inside the documentation network the
proofs use for ``mgmt_network``) and every source a permit entry of the range's ACL names by address.
Each platform's syntax is one ``Dialect`` (its descriptor's ``management`` part): the vty block, the ACL
binding and the allowed protocols; the ACLs are read by the shared ACL model (``devaudit.domain.acl``).
Platforms without one have no paths (their lockout guards still run).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass

from devaudit.domain.acl import AclTable, acl_table
from devaudit.domain.addresses import AddressMatch
from devaudit.engine.regex_cache import compile_pattern
from devaudit.engine.remediate import SITE_VALUES
from devaudit.platforms import Platform, PlatformTable
from devaudit.tree import ConfigTree, Node

__all__ = [
    "CISCO_TRANSPORT",
    "DIALECTS",
    "MGMT_TEST_HOST",
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


def _network(match: AddressMatch) -> ipaddress.IPv4Network | None:
    """A source as an IPv4 network; None for a discontiguous wildcard (not a network this check can follow)."""
    length = bin(match.care).count("1")
    if match.care != (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF:
        return None
    return ipaddress.IPv4Network((match.value, length))


@dataclass(frozen=True)
class Dialect:
    """How one platform writes vty lines, how they name their ACL and the protocols they accept (the ACLs
    themselves are read by the shared ACL model, ``devaudit.domain.acl``)."""

    vty: re.Pattern[str]
    acl_ref: re.Pattern[str]
    transport: re.Pattern[str]
    ssh_acl: re.Pattern[str] | None = None  # a top-level ACL of the SSH server, checked as well


# Pieces the platforms' dialects share (each platform's Dialect is in its folder's management.py).
CISCO_TRANSPORT = compile_pattern(r"^transport input\s+(.*)$", _I)
RULE_TRANSPORT = compile_pattern(r"^protocol inbound\s+(.*)$", _I)
SSH_SERVER_ACL = compile_pattern(r"^ssh server acl\s+(?:(?:basic|advanced)\s+)?(\S+)", _I)


def _dialect(platform: Platform) -> Dialect | None:
    return platform.management.get() if platform.management is not None else None


# Each platform's Dialect, from its descriptor (its folder's management.py).
DIALECTS: Mapping[str, Dialect] = PlatformTable(_dialect)


def _entries(table: AclTable, name: str) -> list[Entry] | None:
    """The IPv4 entries of ACL ``name`` in the order the device reads them (None when it is not defined),
    one per source address."""
    acls = [acl for acl in table.get(name) if acl.family == "ipv4"]
    if not acls:
        return None
    entries: list[Entry] = []
    for acl in acls:
        for entry in acl.entries:
            ssh = entry.protocol in ("ip", "tcp", "6") and entry.admits_port(22)
            for source in entry.sources:
                if source.is_any:
                    entries.append((entry.action, None, ssh, entry.sequence))
                elif source.version == 4 and (net := _network(source)) is not None:
                    entries.append((entry.action, net, ssh, entry.sequence))
    return entries


def _admits(table: AclTable, acl: str | None, host: ipaddress.IPv4Address) -> bool:
    if acl is None:
        return True
    entries = _entries(table, acl)
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


def _admitted(table: AclTable, acls: list[str | None], host: ipaddress.IPv4Address) -> bool:
    return all(_admits(table, acl, host) for acl in acls)


def management_paths(tree: ConfigTree) -> dict[str, tuple[str, ...]]:
    """Per vty range, the sources SSH is admitted from: the management test host and every source the
    range's ACLs permit by address (empty for platforms without a dialect)."""
    dialect = DIALECTS.get(tree.platform)
    if dialect is None:
        return {}
    table = acl_table(tree)
    paths: dict[str, tuple[str, ...]] = {}
    for key, node in _blocks(tree, dialect).items():
        ssh, acl = _state(node, dialect)
        if not ssh:
            continue
        acls = _acls(tree, dialect, acl)
        candidates = [ipaddress.IPv4Address(MGMT_TEST_HOST)]
        for name in acls:
            for action, net, admits_ssh, _ in (_entries(table, name) or []) if name else []:
                if action == "permit" and net is not None and admits_ssh:
                    candidates.append(net.network_address)
        hosts = dict.fromkeys(candidates)
        paths[key] = tuple(str(host) for host in hosts if _admitted(table, acls, host))
    return paths


def closed_paths(before: dict[str, tuple[str, ...]], tree: ConfigTree) -> list[str]:
    """The paths of ``before`` (``management_paths`` of the original) that ``tree`` no longer admits."""
    dialect = DIALECTS.get(tree.platform)
    if dialect is None:
        return []
    closed: list[str] = []
    table = acl_table(tree)
    blocks = _blocks(tree, dialect)
    for key, hosts in before.items():
        node = blocks.get(key)
        ssh, acl = _state(node, dialect) if node is not None else (False, None)
        acls = _acls(tree, dialect, acl)
        for host in hosts:
            if not ssh or not _admitted(table, acls, ipaddress.IPv4Address(host)):
                closed.append(f"{key}: SSH from {host}")
    return closed
