"""One ACL model for every platform: entries with action, protocol, sources, destinations, ports and logging.

Cisco (IOS, NX-OS, XR, ASA, EOS) ACLs, VRP/Comware/ZTE ``rule`` ACLs, Junos firewall filters with their
prefix-lists, and SR OS ip/ipv6 filters, CPM filters and management-access filters are all read into ``Acl``
values (``acl_table``), so a question such as "does this ACL permit any source" is answered once.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from devaudit.domain.addresses import ANY, AddressMatch
from devaudit.tree import ConfigTree, Node

__all__ = ["Acl", "AclEntry", "AclTable", "acl_table"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


_SERVICES: dict[str, int] = {
    "ftp": 21,
    "ssh": 22,
    "telnet": 23,
    "smtp": 25,
    "domain": 53,
    "tftp": 69,
    "www": 80,
    "http": 80,
    "bgp": 179,
    "snmp": 161,
    "https": 443,
    "netconf": 830,
}


def _port_number(value: str, names: Mapping[str, int]) -> int | None:
    if value.isdigit():
        return int(value)
    return names.get(value.lower())


@dataclass(frozen=True, eq=False)
class AclEntry:
    """One permit or deny entry (a Junos term, an SR OS entry), in the order the device evaluates it.

    ``sources``/``destinations`` hold what the entry matches (``(ANY,)`` when it does not restrict them);
    an empty ``sources`` with ``unresolved`` set means the source names an object this model cannot read
    (an address group that is not defined, an ASA interface). ``qualified`` is true when the entry matches
    more than addresses and protocol (ports, flags, ICMP types, fragments...); ``ports`` is the destination
    port condition as written (operator first).
    """

    nodes: tuple[Node, ...]
    action: str
    protocol: str = "ip"
    sources: tuple[AddressMatch, ...] = (ANY,)
    destinations: tuple[AddressMatch, ...] = (ANY,)
    qualified: bool = False
    log: bool = False
    sequence: int | None = None
    unresolved: str = ""
    ports: tuple[str, ...] = ()

    def admits_port(self, port: int, names: Mapping[str, int] | None = None) -> bool:
        """Whether the destination-port condition (``ports``: an operator and its values, e.g. ``("eq",
        "22")``) lets ``port`` through; ``names`` maps service names (``ssh``) to numbers."""
        if not self.ports:
            return True
        op, values = self.ports[0], self.ports[1:]
        numbers = [n for v in values if (n := _port_number(v, names or _SERVICES)) is not None]
        if not numbers:
            return True  # a port this model cannot read: assume it may match
        if op == "eq":
            return port in numbers
        if op == "neq":
            return port not in numbers
        if op == "lt":
            return port < numbers[0]
        if op == "gt":
            return port > numbers[0]
        if op == "range" and len(numbers) >= 2:
            return numbers[0] <= port <= numbers[1]
        return True

    @property
    def node(self) -> Node:
        """The entry's first line."""
        return self.nodes[0]

    @property
    def any_source(self) -> bool:
        """The entry matches every source address (of its family)."""
        return any(s.is_any for s in self.sources)

    @property
    def catch_all(self) -> bool:
        """The entry matches every packet: any protocol, any source, any destination, nothing else."""
        return (
            self.protocol in ("ip", "ipv4", "ipv6", "any", "")
            and not self.qualified
            and self.any_source
            and any(d.is_any for d in self.destinations)
        )

    def sources_within(self, networks: Sequence[Network]) -> bool:
        """Every source this entry matches lies inside one of ``networks`` (False when unreadable)."""
        if not self.sources:
            return False
        return all(any(s.within(net) for net in networks) for s in self.sources)

    def covers(self, later: AclEntry) -> bool:
        """Every packet ``later`` matches is matched by this entry first (so ``later`` never takes effect)."""
        if self.qualified or not self.sources or not later.sources:
            return False
        if self.protocol not in ("ip", "ipv4", "ipv6", "any", "") and self.protocol != later.protocol:
            return False
        return all(any(a.covers(b) for a in self.sources) for b in later.sources) and all(
            any(a.covers(b) for a in self.destinations) for b in later.destinations
        )


@dataclass(frozen=True, eq=False)
class Acl:
    """An ACL or filter: its name, the lines that define it, its entries and what happens at its end.

    ``default`` is ``deny`` (the implicit deny) unless the configuration says otherwise (SR OS
    ``default-action accept``); ``default_nodes`` are the lines that say so.
    """

    name: str
    family: str
    heads: tuple[Node, ...]
    entries: tuple[AclEntry, ...]
    default: str = "deny"
    default_nodes: tuple[Node, ...] = ()
    lines: tuple[Node, ...] = ()

    @property
    def permits(self) -> tuple[AclEntry, ...]:
        """The permit entries."""
        return tuple(e for e in self.entries if e.action == "permit")

    def permits_any_source(self) -> list[AclEntry]:
        """Permit entries that admit every source address (whatever protocol or port they name)."""
        return [e for e in self.permits if e.any_source]

    def permits_outside(self, networks: Sequence[Network]) -> list[AclEntry]:
        """Permit entries with a source that is not inside ``networks`` (or that cannot be read)."""
        return [e for e in self.permits if not e.sources_within(networks)]

    def ends_with_logged_deny(self) -> bool:
        """The last entry denies every source and logs what it denies."""
        if not self.entries:
            return False
        last = self.entries[-1]
        return last.action == "deny" and last.any_source and last.log

    def first_match(self, network: Network) -> tuple[str, AclEntry | None]:
        """How the ACL treats sources in ``network``: ``permitted`` (an entry permits some of them before
        any entry denies them all), ``denied`` (an entry with no port or other condition denies them all
        first), or ``default`` (no entry decides: the ACL's default action does)."""
        for entry in self.entries:
            if not any(s.overlaps(network) for s in entry.sources):
                continue
            if entry.action == "permit":
                return "permitted", entry
            if (
                entry.protocol in ("ip", "ipv4", "ipv6", "any", "")
                and not entry.qualified
                and any(s.covers_network(network) for s in entry.sources)
            ):
                return "denied", entry
        return "default", None

    def unlogged_denies(self) -> list[AclEntry]:
        """Deny entries that do not log."""
        return [e for e in self.entries if e.action == "deny" and not e.log]

    def shadowed(self) -> list[tuple[AclEntry, AclEntry]]:
        """(earlier, later) pairs where the earlier entry matches every packet the later one matches."""
        pairs: list[tuple[AclEntry, AclEntry]] = []
        for index, later in enumerate(self.entries):
            for earlier in self.entries[:index]:
                if earlier.covers(later):
                    pairs.append((earlier, later))
                    break
        return pairs

    def all_nodes(self) -> tuple[Node, ...]:
        """Every line of the ACL: headers, entries and default action, in file order."""
        if self.lines:
            return self.lines
        seen: dict[int, Node] = {}
        for node in (*self.heads, *(n for e in self.entries for n in e.nodes), *self.default_nodes):
            seen.setdefault(id(node), node)
        return tuple(sorted(seen.values(), key=lambda n: n.line))


class _Slot:
    """One ACL of the table: built already, or built from its lines when first asked for."""

    __slots__ = ("acl", "build", "line")

    def __init__(self, acl: Acl | None, build: Callable[[], Acl] | None, line: int) -> None:
        self.acl, self.build, self.line = acl, build, line

    def get(self) -> Acl:
        if self.acl is None:
            assert self.build is not None
            self.acl, self.build = self.build(), None
        return self.acl


class AclTable:
    """Every ACL of one device by lower-case name (a name may be an IPv4 and an IPv6 ACL).

    Indented syntaxes register an ACL with ``defer``: its entries are read the first time the ACL is
    asked for, so a rule that follows one reference on a device with thousands of ACL lines reads one ACL.
    """

    def __init__(self) -> None:
        self._names: dict[str, list[_Slot]] = {}
        self._heads: dict[int, _Slot] = {}
        self._slots: list[_Slot] = []

    def _register(self, slot: _Slot, names: Iterable[str], heads: Iterable[Node]) -> None:
        self._slots.append(slot)
        for key in dict.fromkeys(n.strip('"').lower() for n in names):
            self._names.setdefault(key, []).append(slot)
        for head in heads:
            self._heads.setdefault(id(head), slot)

    def add(self, acl: Acl, *aliases: str, bare: bool = True) -> None:
        """Register ``acl`` under its name (unless not ``bare``) and any other name it is known by."""
        names = (acl.name, *aliases) if bare else aliases
        self._register(_Slot(acl, None, acl.heads[0].line if acl.heads else 0), names, acl.heads)

    def defer(self, build: Callable[[], Acl], names: Sequence[str], heads: Sequence[Node]) -> None:
        """Register an ACL known by ``names`` whose header lines are ``heads``; ``build`` reads it."""
        self._register(_Slot(None, build, heads[0].line if heads else 0), names, heads)

    def get(self, name: str) -> list[Acl]:
        """The ACLs called ``name`` (empty when none is defined)."""
        return [slot.get() for slot in self._names.get(name.strip('"').lower(), [])]

    def of_node(self, node: Node) -> Acl | None:
        """The ACL whose header line is ``node``."""
        slot = self._heads.get(id(node))
        return slot.get() if slot is not None else None

    def all(self) -> list[Acl]:
        """Every ACL once, in file order."""
        return [slot.get() for slot in sorted(self._slots, key=lambda s: s.line)]


_CISCO_SYNTAX = frozenset({"cisco_ios", "cisco_nxos", "cisco_xr", "cisco_asa", "arista_eos"})


def acl_table(tree: ConfigTree) -> AclTable:
    """Read every ACL of ``tree`` in its platform's syntax (only that syntax's reader is imported)."""
    table = AclTable()
    if tree.platform == "juniper_junos":
        from devaudit.domain import acl_junos

        acl_junos.read(tree, table)
    elif tree.platform == "nokia_sros":
        from devaudit.domain import acl_sros

        acl_sros.read(tree, table)
    else:
        from devaudit.domain import acl_cisco

        acl_cisco.read(tree, table)
        if tree.platform not in _CISCO_SYNTAX:  # VRP, Comware, ZTE (ZXAN also writes Cisco-style blocks)
            from devaudit.domain import acl_rules

            acl_rules.read(tree, table)
    return table


def merged(acls: Iterable[Acl]) -> list[AclEntry]:
    """The entries of several ACLs in order (an ACL written in two places is one list to the device)."""
    return [e for acl in acls for e in acl.entries]
