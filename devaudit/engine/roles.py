"""Interface roles (external, internal, management) inferred from the configuration, each with its evidence."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from devaudit.engine.outcome import CheckContext
from devaudit.engine.regex_cache import compile_pattern
from devaudit.tree import ConfigTree, Node

__all__ = [
    "DESCRIPTION_WORDS",
    "INTERFACE_ROLES",
    "InterfaceRole",
    "InterfaceRoles",
    "description_pattern",
    "infer_interface_roles",
    "interface_key",
    "roles_for",
]

INTERFACE_ROLES = ("external", "internal", "management", "unknown")
DESCRIPTION_WORDS = ("internet", "wan", "isp", "transit", "peering", "upstream", "external", "outside")

_I = re.IGNORECASE
# Names that mean "the untrusted side" in NAT, firewall zones, nameifs and ACL names.
_OUTSIDE = re.compile(
    r"(?:^|[-_.\s])(?:outside|untrust(?:ed)?|internet|wan|isp|external|upstream|transit)(?:$|[-_.\s\d])", _I
)
_INSIDE = re.compile(r"(?:^|[-_.\s])(?:inside|trust(?:ed)?|lan|internal|private)(?:$|[-_.\s\d])", _I)
_MGMT_NAME = re.compile(
    r"^(?:mgmt|management|mgmteth|fxp|em0$|me0$|vme|re\d:mgmt|ma\d|m-gigabitethernet|m-ethernet|meth\d)", _I
)
# Words that make a description say "management port": weaker than what the interface's own settings say,
# stronger than a route through it (an out-of-band port often carries the management default route).
_MGMT_DESCRIPTION = re.compile(r"(?<![\w])(?:mgmt|management|oob|out-of-band|oam)(?![\w])", _I)
_MGMT_VRF = re.compile(r"^(?:mgmt|management|mgmt-intf|oob|oam)\b", _I)
# Private and reserved AS numbers (RFC 6996, RFC 7300): an eBGP peer there is a fabric or customer, not the internet.
_PRIVATE_AS = ((64512, 65535), (4200000000, 4294967295))


@dataclass(frozen=True, slots=True)
class InterfaceRole:
    """One interface's role, why it was given, and where it is configured."""

    name: str
    role: str
    reasons: tuple[str, ...] = ()
    node: Node | None = None
    active: bool = True
    declared: bool = False

    def explain(self) -> str:
        """'GigabitEthernet0/0 treated as external: eBGP neighbour ... (line 45)'."""
        how = "declared" if self.declared else "treated as"
        why = "; ".join(self.reasons)
        return f"{self.name} {how} {self.role}" + (f": {why}" if why else "")


@dataclass(frozen=True)
class InterfaceRoles:
    """The roles of every interface of one device, by interface key (see ``interface_key``)."""

    items: tuple[InterfaceRole, ...] = ()
    _by_key: dict[str, InterfaceRole] = field(default_factory=dict, compare=False, repr=False)
    _by_node: dict[int, InterfaceRole] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for item in self.items:
            self._by_key.setdefault(interface_key(item.name), item)
            if item.node is not None:
                self._by_node[id(item.node)] = item

    def get(self, name: str) -> InterfaceRole | None:
        """The role of the interface called ``name`` (any abbreviation IOS accepts, any case)."""
        return self._by_key.get(interface_key(name))

    def of_node(self, node: Node) -> InterfaceRole | None:
        """The role of the interface configured by ``node``."""
        return self._by_node.get(id(node))

    def external(self, *, active: bool = True) -> list[InterfaceRole]:
        """External interfaces in file order (only those not shut down, unless ``active`` is False)."""
        return [i for i in self.items if i.role == "external" and (i.active or not active)]


_KEY = re.compile(r"([a-z][a-z-]*?)(\d.*)$")
# Interface keys already worked out: a device names each interface in many statements, a fleet repeats names.
_KEYS: dict[str, str] = {}
_KEYS_LIMIT = 65_536


def interface_key(name: str) -> str:
    """A name that IOS-style abbreviations share: 'Gi0/0' and 'GigabitEthernet0/0' give 'gi0/0'."""
    found = _KEYS.get(name)
    if found is not None:
        return found
    text = name.strip().lower()
    match = _KEY.match(text)
    key = text if match is None else match.group(1)[:2] + match.group(2)
    if len(_KEYS) >= _KEYS_LIMIT:
        _KEYS.clear()
    _KEYS[name] = key
    return key


def description_pattern(words: Iterable[str] = DESCRIPTION_WORDS) -> re.Pattern[str] | None:
    """A whole-word pattern of the words that mark a description as an external link."""
    chosen = [str(w) for w in words if str(w).strip()]
    if not chosen:
        return None
    # Through the compiled-baseline cache: a rule's words are compiled once, when its platform is first read.
    return compile_pattern(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in chosen) + r")(?![\w])", _I)


# --------------------------------------------------------------------------- gathering


class _Iface:
    """What the configuration says of one interface (a plain class: a device has thousands of them)."""

    __slots__ = (
        "active",
        "aliases",
        "descriptions",
        "external",
        "internal",
        "management",
        "name",
        "networks",
        "node",
        "plain",
        "routed",
    )

    def __init__(self, name: str, node: Node | None) -> None:
        self.name = name
        self.node = node
        # What it says, each kept as a tuple (the empty tuple is shared: most interfaces say little).
        # Addresses as written (address, mask or None): read as networks only if a route or peer is looked up.
        self.networks: tuple[tuple[str, str | None], ...] = ()
        self.active = True
        self.external: tuple[str, ...] = ()
        self.routed: tuple[str, ...] = ()  # eBGP peers and default routes: yields to NAT inside, zones
        # Every description (its text, and how a reason quotes it): weak evidence when a pattern matches the text.
        self.descriptions: tuple[tuple[str, str], ...] = ()
        self.internal: tuple[str, ...] = ()
        self.management: tuple[str, ...] = ()
        self.aliases: tuple[str, ...] = ()  # ASA nameif
        # The role judged without description evidence, kept for every description pattern (see _judged).
        self.plain: InterfaceRole | None = None


# A network as (IP version, prefix length, network address as a number).
_Network = tuple[int, int, int]
_ALL_ONES = {4: (1 << 32) - 1, 6: (1 << 128) - 1}
_V4_PREFIX = {((1 << 32) - 1) ^ ((1 << (32 - n)) - 1): n for n in range(33)}  # netmask -> prefix length


def _v4(text: str) -> int | None:
    """A dotted-quad IPv4 address as a number; None when it is not plainly one (``ipaddress`` decides then)."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    value = 0
    for part in parts:
        if not (part.isascii() and part.isdigit()) or len(part) > 3 or (part[0] == "0" and len(part) > 1):
            return None
        number = int(part)
        if number > 255:
            return None
        value = (value << 8) | number
    return value


def _v4_prefix(mask: str) -> int | None:
    """The prefix length of a length, netmask or hostmask written for IPv4; None when ``ipaddress`` decides."""
    if mask.isascii() and mask.isdigit():
        return int(mask) if len(mask) <= 2 and int(mask) <= 32 else None
    value = _v4(mask)
    if value is None:
        return None
    found = _V4_PREFIX.get(value)
    return found if found is not None else _V4_PREFIX.get(value ^ _ALL_ONES[4])


def _net(address: str, mask: str | None = None) -> _Network | None:
    """The connected network of an interface address ('10.0.0.1 255.255.255.0', '10.0.0.1/24', IPv6)."""
    if mask is None or "/" in address:
        address, slash, mask = address.partition("/")
        if not slash:
            mask = None
    host = _v4(address)
    length = _v4_prefix(mask) if host is not None and mask is not None else (32 if host is not None else None)
    if host is not None and length is not None:  # the common case, read without building address objects
        return 4, length, host & (_ALL_ONES[4] ^ ((1 << (32 - length)) - 1))
    try:
        net = ipaddress.ip_interface(address if mask is None else f"{address}/{mask}").network
    except ValueError:
        return None
    return net.version, net.prefixlen, int(net.network_address)


def _private_as(asn: str) -> bool:
    try:
        high, _, low = asn.partition(".")
        number = int(high) * 65536 + int(low) if low else int(high)
    except ValueError:
        return False
    return any(low <= number <= high for low, high in _PRIVATE_AS)


def _at(node: Node) -> str:
    return f"line {node.line}"


_ADDR = re.compile(r"^(?:ip|ipv4|ipv6)\s+address\s+(\S+)(?:\s+(\d+\.\d+\.\d+\.\d+|\d{1,2})\b)?", _I)
_ASA_ACCESS_GROUP = re.compile(r"^access-group\s+(\S+)\s+in\s+interface\s+(\S+)", _I)
_VRP_ZONE = re.compile(r"^(?:firewall\s+zone|security-zone\s+name)\s+(?:name\s+)?(\S+)", _I)
_ACL_IN = re.compile(r"^(?:ip|ipv4|ipv6)\s+(?:access-group|traffic-filter)\s+(\S+)\s+(?:in|ingress)\b", _I)
_ZONE_MEMBER = re.compile(r"^zone-member\s+security\s+(\S+)", _I)
_VRF = re.compile(r"^(?:vrf\s+forwarding|ip\s+vrf\s+forwarding|vrf\s+member|vrf)\s+(\S+)", _I)
# The first words of the interface statements read below: a statement starting otherwise says nothing of a role.
_READ_WORDS = frozenset(
    {"shutdown", "disable", "ip", "ipv4", "ipv6", "nat", "nameif", "security-level", "management-only"}
    | {"zone-member", "vrf", "description"}
)
_READ_KEYS: dict[str, bool] = {}


def _may_tell(key: str) -> bool:
    """Whether a statement whose ``Node.key`` is ``key`` can be one that ``_block_interfaces`` reads (decided
    once per distinct key; a key with other whitespace or non-ASCII letters is always read)."""
    found = _READ_KEYS.get(key)
    if found is None:
        words = key.split(None, 1)
        found = not key.isascii() or not words or words[0] in _READ_WORDS
        if len(_READ_KEYS) >= _KEYS_LIMIT:
            _READ_KEYS.clear()
        _READ_KEYS[key] = found
    return found


def _block_interfaces(tree: ConfigTree) -> dict[str, _Iface]:
    """IOS-style ``interface`` blocks (IOS, IOS-XE, XR, NX-OS, ASA, EOS, VRP) with their own evidence."""
    out: dict[str, _Iface] = {}
    for node in tree.top("interface"):
        words = node.text.split()
        if len(words) < 2:
            continue
        iface = _Iface(words[1], node)
        level: tuple[str, Node] | None = None
        if _MGMT_NAME.match(iface.name) or iface.name.lower() == "mgmt0":
            iface.management += (f"a management port by name ({_at(node)})",)
        for child in node.children:
            if not _may_tell(child.key):
                continue
            text = child.text
            low = text.lower()
            if low.startswith("description "):  # no other statement below starts so: the most common one first
                iface.descriptions += ((text[12:], f"description '{text[12:].strip()}' ({_at(child)})"),)
            elif low in ("shutdown", "disable") or low.startswith("shutdown "):
                iface.active = False
            elif (match := _ADDR.match(text)) is not None:
                iface.networks += ((match.group(1), match.group(2)),)
            elif low.startswith("ip nat outside"):
                iface.external += (f"'ip nat outside' ({_at(child)})",)
            elif low.startswith("ip nat inside"):
                iface.internal += (f"'ip nat inside' ({_at(child)})",)
            elif low.startswith("nat outbound"):
                iface.external += (f"'{text}' translates traffic leaving it ({_at(child)})",)
            elif low.startswith("nameif "):
                nameif = text.split()[1]
                iface.aliases += (nameif,)
                if nameif.lower() == "management" or nameif.lower().startswith("mgmt"):
                    iface.management += (f"nameif {nameif} ({_at(child)})",)
                elif _OUTSIDE.search(nameif):
                    iface.external += (f"nameif {nameif} ({_at(child)})",)
                elif _INSIDE.search(nameif):
                    iface.internal += (f"nameif {nameif} ({_at(child)})",)
            elif low.startswith("security-level "):
                level = (low.split()[1], child)
            elif low == "management-only":
                iface.management += (f"'management-only' ({_at(child)})",)
            elif (match := _ZONE_MEMBER.match(text)) is not None:
                zone = match.group(1)
                if _OUTSIDE.search(zone):
                    iface.external += (f"member of firewall zone {zone} ({_at(child)})",)
                elif _INSIDE.search(zone):
                    iface.internal += (f"member of firewall zone {zone} ({_at(child)})",)
            elif (match := _ACL_IN.match(text)) is not None:
                if _OUTSIDE.search(match.group(1)):
                    iface.external += (f"inbound ACL {match.group(1)} ({_at(child)})",)
            elif (match := _VRF.match(text)) is not None and _MGMT_VRF.match(match.group(1)):
                iface.management += (f"in the management VRF {match.group(1)} ({_at(child)})",)
        if iface.aliases and not iface.management:  # ASA: a security level counts only on a named interface
            if level is not None and level[0] == "0":
                iface.external += (f"security-level 0, the least trusted ({_at(level[1])})",)
            elif level is not None and level[0] == "100":
                iface.internal += (f"security-level 100 ({_at(level[1])})",)
            elif level is None and iface.aliases[0].lower() != "inside" and tree.platform == "cisco_asa":
                iface.external += (f"nameif {iface.aliases[0]} without a security level: 0 by default ({_at(node)})",)
        out.setdefault(interface_key(iface.name), iface)
    _global_interface_evidence(tree, out)
    return out


def _global_interface_evidence(tree: ConfigTree, ifaces: dict[str, _Iface]) -> None:
    """Evidence written outside the interface: ASA 'access-group NAME in interface NAMEIF', VRP/Comware
    'firewall zone untrust' with 'add interface X'."""
    for node in tree.top("access-group"):
        match = _ASA_ACCESS_GROUP.match(node.text)
        if match is not None and _OUTSIDE.search(match.group(1)):
            owner = _named(ifaces, match.group(2))
            if owner is not None:
                owner.external += (f"inbound ACL {match.group(1)} ({_at(node)})",)
    for zone_node in [*tree.top("firewall"), *tree.top("security-zone")]:
        match = _VRP_ZONE.match(zone_node.text)
        if match is None:
            continue
        zone = match.group(1)
        for child in zone_node.children:
            words = child.text.split()
            if len(words) < 3 or [w.lower() for w in words[:2]] != ["add", "interface"]:
                continue
            owner = _named(ifaces, words[2])
            if owner is None:
                continue
            if _OUTSIDE.search(zone):
                owner.external += (f"in firewall zone {zone} ({_at(child)})",)
            elif _INSIDE.search(zone):
                owner.internal += (f"in firewall zone {zone} ({_at(child)})",)


def _junos_interfaces(tree: ConfigTree) -> dict[str, _Iface]:
    """Junos logical interfaces (``ge-0/0/0.0``) from flat ``interfaces`` statements and security zones."""
    out: dict[str, _Iface] = {}
    ifd_desc: dict[str, list[tuple[str, str]]] = {}
    ifd_down: set[str] = set()

    def unit(name: str) -> _Iface:
        key = name.lower()
        if key not in out:
            out[key] = _Iface(name, None)
        return out[key]

    for node in tree.top("interfaces"):
        words = node.text.split()
        if len(words) < 3:
            continue
        ifd = words[1]
        if words[2].lower() == "description":
            text = " ".join(words[3:])
            said = text.strip('"')
            ifd_desc.setdefault(ifd.lower(), []).append((text, f"description '{said}' ({_at(node)})"))
        elif words[2].lower() == "disable":
            ifd_down.add(ifd.lower())
        if words[2].lower() != "unit" or len(words) < 4:
            continue
        iface = unit(f"{ifd}.{words[3]}")
        if iface.node is None:
            iface.node = node
        rest = [w.lower() for w in words[4:]]
        if rest[:1] == ["disable"]:
            iface.active = False
        elif rest[:1] == ["description"]:
            text = " ".join(words[5:])
            iface.descriptions += ((text, f"description '{text.strip(chr(34))}' ({_at(node)})"),)
        elif rest[:3] in (["family", "inet", "address"], ["family", "inet6", "address"]) and len(words) > 7:
            iface.networks += ((words[7], None),)
        elif rest[:4] == ["family", "inet", "filter", "input"] and len(words) > 8 and _OUTSIDE.search(words[8]):
            iface.external += (f"input filter {words[8]} ({_at(node)})",)
    for key, iface in out.items():
        ifd = key.split(".", 1)[0]
        if _MGMT_NAME.match(ifd):
            where = f" ({_at(iface.node)})" if iface.node is not None else ""
            iface.management += (f"a management port by name{where}",)
        iface.descriptions += tuple(ifd_desc.get(ifd, ()))
        if ifd in ifd_down:
            iface.active = False
    for node in tree.top_two("security zones"):
        words = node.text.split()
        if len(words) < 6 or words[4].lower() != "interfaces":
            continue
        kind, zone, name = words[2].lower(), words[3], words[5]
        iface = unit(name if "." in name else f"{name}.0")
        if kind == "functional-zone" and zone.lower() == "management":
            iface.management += (f"in the management functional zone ({_at(node)})",)
        elif kind == "security-zone" and _OUTSIDE.search(zone):
            iface.external += (f"in security zone {zone} ({_at(node)})",)
        elif kind == "security-zone" and _INSIDE.search(zone):
            iface.internal += (f"in security zone {zone} ({_at(node)})",)
    return out


# --------------------------------------------------------------------------- routing evidence


_BGP_WORDS = frozenset(("neighbor", "peer", "neighbor-group", "template"))
_FIRST_WORDS: dict[str, str] = {}


def _first_word(key: str) -> str:
    """The lower-cased first word of a statement whose ``Node.key`` is ``key`` (a key runs to the first space,
    so it holds a tab or other blank when the statement does)."""
    found = _FIRST_WORDS.get(key)
    if found is None:
        words = key.split(None, 1)
        found = words[0] if words else ""
        if len(_FIRST_WORDS) >= _KEYS_LIMIT:
            _FIRST_WORDS.clear()
        _FIRST_WORDS[key] = found
    return found


def _ebgp_ios(tree: ConfigTree) -> list[tuple[str, str, Node]]:
    """(neighbour address, remote AS, line) of eBGP sessions in IOS, NX-OS, XR, EOS and VRP syntax."""
    out: list[tuple[str, str, Node]] = []
    for router in [*tree.top_two("router bgp"), *tree.top("bgp")]:
        words = router.text.split()
        local = words[2] if words[0].lower() == "router" and len(words) > 2 else (words[1] if len(words) > 1 else "")
        groups: dict[str, tuple[str, Node]] = {}
        members: list[tuple[str, str, Node]] = []
        direct: list[tuple[str, str, Node]] = []
        templates: dict[str, tuple[str, Node]] = {}
        uses: list[tuple[str, str, Node]] = []
        for node in router.walk():
            if node.key and _first_word(node.key) not in _BGP_WORDS:  # a statement of no session or template
                continue
            w = node.text.split()
            low = [x.lower() for x in w]
            if low[:1] == ["neighbor"] and len(w) >= 4 and low[2] == "remote-as":
                groups[w[1].lower()] = (w[3], node)
            elif low[:1] == ["neighbor"] and len(w) >= 4 and low[2] in ("peer-group", "peer") and len(w) >= 4:
                members.append((w[1], w[-1].lower(), node))
            elif low[:1] == ["peer"] and len(w) >= 4 and low[2] == "as-number":
                groups[w[1].lower()] = (w[3], node)
            elif low[:1] == ["peer"] and len(w) >= 4 and low[2] == "group":
                members.append((w[1], w[3].lower(), node))
            elif low[:1] in (["neighbor"], ["neighbor-group"], ["template"]) and node.children:
                label = w[-1]
                remote = next((c for c in node.children if c.text.lower().startswith("remote-as ")), None)
                use = next(
                    (c for c in node.children if c.text.lower().startswith(("use neighbor-group ", "inherit peer "))),
                    None,
                )
                if remote is not None and low[0] != "neighbor":
                    templates[label.lower()] = (remote.text.split()[1], remote)
                elif remote is not None:
                    direct.append((label, remote.text.split()[1], remote))
                elif use is not None and low[0] == "neighbor":
                    uses.append((label, use.text.split()[-1].lower(), node))
        found: list[tuple[str, str, Node]] = []
        found.extend((address, asn, line) for address, (asn, line) in groups.items())
        for address, group, node in members:
            if group in groups:
                found.append((address, groups[group][0], node))
        found.extend(direct)
        for address, template, node in uses:
            if template in templates:
                found.append((address, templates[template][0], node))
        out.extend(
            (a, r, n) for a, r, n in found if r.lower() == "external" or (r != local and r.lower() != "internal")
        )
    return out


def _ebgp_junos(tree: ConfigTree) -> list[tuple[str, str, Node]]:
    local = ""
    for node in tree.top_two("routing-options autonomous-system"):
        local = node.text.split()[2]
    groups: dict[str, dict[str, str]] = {}
    neighbours: list[tuple[str, str, Node, str]] = []
    for node in tree.walk():
        words = node.text.split()
        low = [w.lower() for w in words]
        if "bgp" not in low or "group" not in low:
            continue
        at = low.index("group")
        if at + 2 >= len(words) or low[at - 1] != "bgp":
            continue
        group = low[at + 1]
        rest, raw = low[at + 2 :], words[at + 2 :]
        info = groups.setdefault(group, {})
        if rest[:1] == ["type"] and len(rest) > 1:
            info["type"] = rest[1]
        elif rest[:1] == ["peer-as"] and len(rest) > 1:
            info["peer-as"] = rest[1]
        elif rest[:1] == ["neighbor"] and len(raw) > 1:
            peer = rest[3] if rest[2:3] == ["peer-as"] and len(rest) > 3 else ""
            neighbours.append((raw[1], peer, node, group))
    out: list[tuple[str, str, Node]] = []
    seen: set[str] = set()
    for address, peer, node, group in neighbours:
        info = groups.get(group, {})
        remote = peer or info.get("peer-as", "")
        if address in seen:
            continue
        if info.get("type") == "external" or (remote and local and remote != local):
            seen.add(address)
            out.append((address, remote or "external", node))
    return out


_DEFAULT_IOS = re.compile(
    r"^(?:ip|ipv6)\s+route\s+(?:vrf\s+(\S+)\s+)?(?:0\.0\.0\.0\s+0\.0\.0\.0|0\.0\.0\.0/0|::/0)\s+(.+)$", _I
)
_DEFAULT_ASA = re.compile(r"^(?:route|ipv6\s+route)\s+(\S+)\s+(?:0(?:\.0\.0\.0)?\s+0(?:\.0\.0\.0)?|::/0)\s+(\S+)", _I)
_DEFAULT_VRP = re.compile(r"^ip\s+route-static\s+(?:vpn-instance\s+(\S+)\s+)?0\.0\.0\.0\s+(?:0\.0\.0\.0|0)\s+(.+)$", _I)
# A switch's default route through a VLAN interface is its own gateway, not an edge link.
_VLAN_INTERFACE = re.compile(r"^(?:vlan|irb|vlanif|bvi|bdi)[\d.]", _I)
_ADDRESS_WORD = re.compile(r"^(?=.*[.:])[\d.:a-f]+$", _I)
_DEFAULT_XR = re.compile(r"^(?:0\.0\.0\.0/0|::/0)\s+(.+)$", _I)
_DEFAULT_JUNOS = re.compile(
    r"^routing-options\s+(?:rib\s+inet6\.0\s+)?static\s+route\s+(?:0\.0\.0\.0/0|::/0)\s+next-hop\s+(\S+)", _I
)


_ROUTE_KEYS = frozenset(("ip", "ipv6", "route", "routing-options"))


def _default_routes(tree: ConfigTree) -> list[tuple[list[str], Node]]:
    """(next hop or interface words, line) of every default route outside a management VRF."""
    out: list[tuple[list[str], Node]] = []
    stack = tree.roots[::-1]  # every node in file order, as tree.walk() gives them, without generators
    while stack:
        node = stack.pop()
        if node.children:
            stack.extend(reversed(node.children))
        key = node.key
        if key not in _ROUTE_KEYS and key[:1] not in "0:":  # no route statement starts otherwise
            continue
        text = node.text
        if key in ("ip", "ipv6"):
            match = _DEFAULT_IOS.match(text) or _DEFAULT_VRP.match(text)
            if match is None:
                continue
            vrf = match.group(1)
            parent = node.parent
            if parent is not None and parent.text.lower().startswith("vrf context "):
                vrf = parent.text.split()[2]
            if vrf and _MGMT_VRF.match(vrf):
                continue
            out.append((match.group(2).split(), node))
        elif key == "route" and (match := _DEFAULT_ASA.match(text)) is not None:
            out.append(([match.group(1), match.group(2)], node))
        elif key == "routing-options" and (match := _DEFAULT_JUNOS.match(text)) is not None:
            out.append(([match.group(1)], node))
        elif text[:1] in "0:" and (match := _DEFAULT_XR.match(text)) is not None:
            path = " ".join(node.path).lower()
            if "router static" in path and not re.search(r"\bvrf\s+(?:mgmt|management|oob)", path):
                out.append((match.group(1).split(), node))
    return out


# --------------------------------------------------------------------------- deciding


class _Subnets:
    """Connected subnets by prefix length: finding the interface that holds an address costs one lookup
    per distinct prefix length, not one per interface. The addresses are read on the first lookup (a
    device without eBGP peers or a default route never needs them)."""

    def __init__(self, ifaces: Mapping[str, _Iface]) -> None:
        self.ifaces = ifaces
        self.by_length: dict[tuple[int, int], dict[int, _Iface]] = {}
        self.lengths: list[tuple[int, int]] | None = None

    def _read(self) -> list[tuple[int, int]]:
        for iface in self.ifaces.values():
            for address, mask in iface.networks:
                net = _net(address, mask)
                if net is not None and net[1] < (32 if net[0] == 4 else 128):
                    self.by_length.setdefault((net[0], net[1]), {}).setdefault(net[2], iface)
        self.lengths = sorted(self.by_length, key=lambda k: -k[1])
        return self.lengths

    def owner(self, address: str) -> _Iface | None:
        """The interface whose connected subnet holds ``address`` (the most specific one)."""
        lengths = self.lengths if self.lengths is not None else self._read()
        if not lengths:
            return None
        text = address.partition("%")[0]
        number = _v4(text)
        version = 4
        if number is None:
            try:
                ip = ipaddress.ip_address(text)
            except ValueError:
                return None
            version, number = ip.version, int(ip)
        bits, ones = (32 if version == 4 else 128), _ALL_ONES[version]
        for ip_version, length in lengths:
            if ip_version == version:
                found = self.by_length[(version, length)].get(number & (ones ^ ((1 << (bits - length)) - 1)))
                if found is not None:
                    return found
        return None


def _named(ifaces: Mapping[str, _Iface], name: str) -> _Iface | None:
    found = ifaces.get(interface_key(name)) or ifaces.get(name.lower())
    if found is not None:
        return found
    return next((i for i in ifaces.values() if name.lower() in (a.lower() for a in i.aliases)), None)


def _decide(iface: _Iface, weak: list[str]) -> tuple[str, tuple[str, ...]]:
    if iface.external:
        return "external", (*iface.external, *iface.routed, *weak)
    if iface.management:
        return "management", iface.management
    if iface.internal:
        return "internal", iface.internal
    said = [f"{how}: a management port" for text, how in iface.descriptions if _MGMT_DESCRIPTION.search(text)]
    if said:
        return "management", tuple(said)
    if iface.routed:
        return "external", (*iface.routed, *weak)
    if weak:
        return "external", tuple(weak)
    return "unknown", ()


def _evidence(tree: ConfigTree) -> dict[str, _Iface]:
    """Every interface with what the configuration says of it, descriptions not yet judged (they depend on
    the words a rule gives): read once per device, whatever patterns the rules use."""
    junos = tree.platform == "juniper_junos"
    ifaces = _junos_interfaces(tree) if junos else _block_interfaces(tree)
    subnets = _Subnets(ifaces)
    for address, remote, node in _ebgp_junos(tree) if junos else _ebgp_ios(tree):
        owner = subnets.owner(address)
        if owner is None:
            continue
        if remote.isdigit() and _private_as(remote):
            continue
        asn = f"AS {remote}" if remote.lower() != "external" else "external"
        owner.routed += (f"eBGP neighbour {address} ({asn}) is on its subnet ({_at(node)})",)
    for words, node in _default_routes(tree):
        for word in words:
            target = subnets.owner(word) if _ADDRESS_WORD.match(word) else None
            how = f"the default route's next hop {word} is on its subnet"
            if target is None and not word.isdigit():
                target = _named(ifaces, word)
                how = "the default route leaves through it"
            if target is not None and not target.management and not _VLAN_INTERFACE.match(target.name):
                target.routed += (f"{how} ({_at(node)})",)
                break
    return ifaces


def _judged(
    ifaces: Mapping[str, _Iface],
    junos: bool,
    description: re.Pattern[str] | None,
    declared: Mapping[str, str] | None,
) -> InterfaceRoles:
    wanted = {interface_key(k): v.lower() for k, v in declared.items()} if declared else {}
    items: list[InterfaceRole] = []
    for iface in ifaces.values():
        if wanted:
            given = wanted.get(interface_key(iface.name))
            if given is None and junos:  # a physical interface declared for all its units
                given = wanted.get(interface_key(iface.name.split(".", 1)[0]))
            if given in INTERFACE_ROLES:
                role = InterfaceRole(iface.name, given, ("set in the inventory",), iface.node, iface.active, True)
                items.append(role)
                continue
        weak = (
            [said for text, said in iface.descriptions if description.search(text)]
            if iface.descriptions and description is not None
            else []
        )
        if weak:
            role_name, reasons = _decide(iface, weak)
            items.append(InterfaceRole(iface.name, role_name, reasons, iface.node, iface.active))
            continue
        if iface.plain is None:  # the same whatever the description pattern: judged once per device
            role_name, reasons = _decide(iface, weak)
            iface.plain = InterfaceRole(iface.name, role_name, reasons, iface.node, iface.active)
        items.append(iface.plain)
    return InterfaceRoles(tuple(items))


def infer_interface_roles(
    tree: ConfigTree,
    *,
    description: re.Pattern[str] | None = None,
    declared: Mapping[str, str] | None = None,
) -> InterfaceRoles:
    """Each interface's role from the configuration; ``declared`` (name -> role, from the inventory) wins.

    External: an eBGP neighbour (public AS, or any AS on Junos 'type external') on its connected subnet, the
    default route's next hop or outgoing interface, NAT outside, an ASA outside nameif or security-level 0,
    an outside/untrust firewall zone, an inbound ACL or filter named for the outside; a description matching
    ``description`` is weak evidence, used only when nothing says internal or management. What the
    interface itself says (NAT inside, a trusted zone or nameif, a management VRF) outweighs what routing
    suggests.
    """
    return _judged(_evidence(tree), tree.platform == "juniper_junos", description, declared)


def roles_for(ctx: CheckContext, description: re.Pattern[str] | None = None) -> InterfaceRoles:
    """The interface roles of the device in ``ctx``: the configuration read once, then judged once per
    description pattern."""
    pattern = description if description is not None else _DEFAULT_DESCRIPTION
    key = pattern.pattern if pattern is not None else ""
    found = ctx.roles.get(key)
    if isinstance(found, InterfaceRoles):
        return found
    evidence = ctx.roles.get(_EVIDENCE)
    if not isinstance(evidence, dict):
        evidence = ctx.roles[_EVIDENCE] = _evidence(ctx.tree)
    roles = _judged(evidence, ctx.tree.platform == "juniper_junos", pattern, ctx.interfaces)
    ctx.roles[key] = roles
    return roles


# Where roles_for keeps a device's interface evidence (a key no pattern text can take: patterns are never empty).
_EVIDENCE = "\0evidence"


_DEFAULT_DESCRIPTION = description_pattern()
