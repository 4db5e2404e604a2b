"""Python checks for IOS (and the EOS community and access-class checks): routing-protocol authentication,
AAA server groups, management source interfaces, edge anti-spoofing ACLs and VLAN hygiene.

Referenced from YAML as ``cisco.<name>``; each rule that uses one says why the rule language cannot express it.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Mapping, Sequence
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck, capped
from devaudit.engine.regex_cache import compile_pattern
from devaudit.engine.roles import description_pattern, roles_for
from devaudit.tree import ConfigTree, Node

__all__ = ["CHECKS", "access_class_restricted", "acl_entries", "acl_permits_any"]


_I = re.IGNORECASE
_NAMED_ACL = compile_pattern(r"^(?:ip|ipv4|ipv6) access-list\s+(?:(?:standard|extended|resequence)\s+)?(\S+)", _I)
_NUMBERED = compile_pattern(r"^access-list\s+(\S+)\s+(.*)$", _I)
_PERMIT_ANY = compile_pattern(
    r"^(?:\d+\s+)?permit\s+(?:any(?:4|6)?\b|(?:\S+\s+)?any(?:4|6)?\b|0\.0\.0\.0\s+255\.255\.255\.255\b|"
    r"(?:\S+\s+)?0\.0\.0\.0\s+255\.255\.255\.255\b|(?:\S+\s+)?0\.0\.0\.0/0\b|(?:\S+\s+)?::/0\b)",
    _I,
)


def acl_entries(tree: ConfigTree, name: str) -> list[Node] | None:
    """The entries of ACL ``name`` (named block children or numbered lines); None when undefined."""
    wanted = name.lower()
    entries: list[Node] | None = None
    for word in ("ip", "ipv4", "ipv6"):
        for node in tree.top(word):
            match = _NAMED_ACL.match(node.text)
            if match and match.group(1).lower() == wanted:
                entries = (entries or []) + list(node.children)
    for node in tree.top("access-list"):
        match = _NUMBERED.match(node.text)
        if match and match.group(1).lower() == wanted:
            entries = (entries or []) + [node]
    return entries


def _entry_body(node: Node) -> str:
    match = _NUMBERED.match(node.text)
    body = match.group(2) if match else node.text
    # Drop a leading sequence number and the "extended"-style NX-OS/XR prefixes.
    return re.sub(r"^(?:\d+\s+)", "", body)


def acl_permits_any(entries: Sequence[Node]) -> list[Node]:
    """Entries that permit traffic from any source (standard ``permit any``, extended ``permit ip any``)."""
    return [node for node in entries if _PERMIT_ANY.match(_entry_body(node))]


def access_class_restricted(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """An inbound access-class whose ACL is defined and does not permit any source."""
    pattern = re.compile(str(args.get("match", r"^access-class\s+(\S+)\s+in\b")), _I)
    refs = [(node, m.group(1)) for node in scope if (m := pattern.match(node.text))]
    if not refs:
        return Outcome.failed((), "no inbound access-class")
    for node, name in refs:
        entries = acl_entries(ctx.tree, name)
        if entries is None:
            if ctx.tree.elided:
                continue
            return Outcome.failed((node,), f"access-class {name} refers to an ACL that is not defined")
        broad = acl_permits_any(entries)
        if broad:
            return Outcome.failed((node, *broad), f"ACL {name} permits any source")
    return Outcome.passed([node for node, _ in refs])


def _community_acl(text: str) -> str | None:
    """The ACL at the end of an IOS ``snmp-server community`` line, if any."""
    words = text.split()
    rest = words[3:]  # after: snmp-server community <name>
    acl: str | None = None
    i = 0
    while i < len(rest):
        word = rest[i].lower()
        if word in {"view", "ipv6"}:
            i += 2
            continue
        if word in ("ro", "rw"):
            i += 1
            continue
        acl = rest[i]
        i += 1
    return acl


def snmp_communities_acl(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every SNMP community names an ACL that is defined."""
    communities = [n for n in ctx.tree.top("snmp-server") if n.text.lower().startswith("snmp-server community ")]
    if not communities:
        return Outcome.not_applicable("no snmp-server community lines")
    bad: list[Node] = []
    notes: list[str] = []
    for node in communities:
        acl = _community_acl(node.text)
        if acl is None:
            bad.append(node)
            notes.append(f"line {node.line}: community without an ACL")
        elif acl_entries(ctx.tree, acl) is None and not ctx.tree.elided:
            bad.append(node)
            notes.append(f"line {node.line}: ACL {acl} is not defined")
    if bad:
        return Outcome(False, tuple(bad), tuple(notes))
    return Outcome.passed(communities)


_LOGIN_LIST = compile_pattern(r"^aaa authentication login\s+(\S+)\s+(.+)$", _I)
_LOGIN_AUTH = compile_pattern(r"^login authentication\s+(\S+)", _I)


# --------------------------------------------------------------------------- IOS helpers
# Every check below builds its lookups once per call from the tree's first-word indices, so a rule
# stays linear in the size of the configuration however many blocks it inspects.

_IP_ADDR = compile_pattern(r"^ip address\s+(\d{1,3}(?:\.\d{1,3}){3})\s+(\d{1,3}(?:\.\d{1,3}){3})", _I)
_LOOPBACK = compile_pattern(r"^loopback\d", _I)
_ETHERNET = compile_pattern(r"^(?!app)[a-z-]*(?:ethernet|gige)\d+(?:/\d+)*$", _I)
_NOT_PHYSICAL = compile_pattern(
    r"^(?:loopback|vlan|tunnel|port-channel|null|virtual|dialer|bvi|nvi|multilink|async|group-async|"
    r"embedded|cellular|appgigabitethernet|bdi|lisp|ucse|wlan|vasi)",
    _I,
)


def _words(text: str) -> list[str]:
    return text.lower().split()


def _has_child(node: Node, text: str) -> bool:
    wanted = text.lower()
    return any(c.text.lower() == wanted for c in node.children)


_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_ADDRESS_CHARACTERS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")


def _ipv4(text: str) -> int | None:
    """A dotted-quad IPv4 address as an integer (None when it is not one), read as ``inet_aton`` reads it:
    each part decimal, octal (a leading 0) or hexadecimal (0x), at most 255."""
    if text.count(".") != 3:
        return None
    if not _ADDRESS_CHARACTERS.issuperset(text):  # spaces or other signs: the C library's own reading
        import socket

        try:
            return int.from_bytes(socket.inet_aton(text), "big")
        except (OSError, ValueError):
            return None
    value = 0
    for part in text.split("."):
        if part[:2] in ("0x", "0X"):
            digits, base = part[2:], 16
        elif part[:1] == "0":
            digits, base = part[1:] or "0", 8
        else:
            digits, base = part, 10
        if not digits or not _HEX_DIGITS.issuperset(digits):
            return None
        try:
            number = int(digits, base)
        except ValueError:  # a letter in a decimal part, an 8 in an octal one
            return None
        if number > 255:
            return None
        value = value << 8 | number
    return value


def _iface_name(node: Node) -> str:
    words = node.text.split(None, 2)
    return words[1] if len(words) > 1 else ""


_MAX_NOTES = 8


def _capped(notes: list[str]) -> tuple[str, ...]:
    return capped(notes, _MAX_NOTES)


def _iface_addresses(node: Node) -> list[int]:
    out: list[int] = []
    for child in node.children:
        match = _IP_ADDR.match(child.text)
        if match and (addr := _ipv4(match.group(1))) is not None:
            out.append(addr)
    return out


def _is_shutdown(node: Node) -> bool:
    return _has_child(node, "shutdown")


def _classful_wildcard(addr: int) -> int:
    first = addr >> 24
    if first < 128:
        return 0x00FFFFFF
    if first < 192:
        return 0x0000FFFF
    return 0x000000FF


def _interface_lines(tree: ConfigTree, commands: Sequence[str]) -> dict[str, dict[int, list[Node]]]:
    """Lines directly under a top-level interface that start with each command, by id(interface).

    Read from the tree's first-word index, so the cost is the number of lines that share a command's
    first word. Running configs print commands in lower case; a line in capitals (as typed) is compared
    lower-cased.
    """
    interfaces = {id(n) for n in tree.top("interface")}
    out: dict[str, dict[int, list[Node]]] = {c: {} for c in commands}
    by_word: dict[str, list[tuple[str, str, int]]] = {}
    for command in dict.fromkeys(commands):
        low = command.lower()
        by_word.setdefault(low.split(" ", 1)[0], []).append((command, low, len(low)))
    for word, group in by_word.items():
        for node in tree.anywhere(word):
            text = node.text
            for command, low, size in group:
                if (text.startswith(low) or (text[:1].isupper() and text[:size].lower() == low)) and (
                    len(text) == size or text[size] == " "
                ):
                    parent = node.parent
                    if parent is not None and id(parent) in interfaces:
                        out[command].setdefault(id(parent), []).append(node)
    return out


def _external_interfaces(ctx: CheckContext, keywords: Any) -> list[Node]:
    """Interfaces that are up and face the outside: inferred from eBGP, default routes, NAT, zones and ACL
    names, or described with one of ``keywords`` (see devaudit.engine.roles), unless the inventory says
    otherwise."""
    roles = roles_for(ctx, description_pattern(str(w) for w in (keywords or ())))
    return [item.node for item in roles.external() if item.node is not None]


# --------------------------------------------------------------------------- accounts and AAA

_AAA_GROUP = compile_pattern(r"^aaa group server\s+(tacacs\+|radius|ldap)\s+(\S+)", _I)
_GROUP_MEMBER = compile_pattern(r"^server(?:-private)?\s+\S+", _I)


def _vty_login_lists(tree: ConfigTree) -> set[str]:
    used: set[str] = set()
    for vty in tree.top("line"):
        if not vty.text.lower().startswith("line vty"):
            continue
        names = [m.group(1).lower() for c in vty.children if (m := _LOGIN_AUTH.match(c.text))]
        used.add(names[0] if names else "default")
    return used or {"default"}


def ios_aaa_servers(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """The server groups of the vty login list hold at least ``min`` AAA servers."""
    tree = ctx.tree
    minimum = int(args.get("min", 2))
    global_servers: dict[str, list[Node]] = {"tacacs+": [], "radius": []}
    for word, kind in (("tacacs", "tacacs+"), ("radius", "radius")):
        global_servers[kind].extend(n for n in tree.top(word) if _words(n.text)[1:2] == ["server"])
        global_servers[kind].extend(n for n in tree.top(f"{word}-server") if _words(n.text)[1:2] == ["host"])
    groups: dict[str, Node] = {}
    lists: dict[str, Node] = {}
    for node in tree.top("aaa"):
        if match := _AAA_GROUP.match(node.text):
            groups[match.group(2).lower()] = node
        elif match := _LOGIN_LIST.match(node.text):
            lists[match.group(1).lower()] = node
    bad: list[Node] = []
    notes: list[str] = []
    referenced: list[str] = []
    for name in sorted(_vty_login_lists(tree)):
        listed = lists.get(name)
        if listed is None:
            notes.append(f"login list {name!r} used by the vty lines is not defined")
            continue
        words = _words(listed.text)[4:]
        names = [words[i + 1] for i, w in enumerate(words[:-1]) if w == "group"]
        if not names:
            bad.append(listed)
            notes.append(f"login list {name!r} names no server group")
        referenced.extend(n for n in names if n not in referenced)
    members: list[Node] = []
    context: list[Node] = []
    for name in referenced:
        if name in global_servers:
            members.extend(global_servers[name])
        elif name in groups:
            context.append(groups[name])
            members.extend(c for c in groups[name].children if _GROUP_MEMBER.match(c.text))
        else:
            notes.append(f"server group {name!r} is not defined")
    if referenced and len(members) < minimum:
        if tree.elided and not members:
            return Outcome.not_applicable("no AAA server found in an elided configuration")
        notes.append(f"{len(members)} server(s) in the groups used for login; at least {minimum} needed")
    if notes:
        return Outcome(False, tuple(bad), _capped(notes), tuple(context))
    return Outcome.passed(members)


# --------------------------------------------------------------------------- management plane

_SOURCE_LINES: tuple[tuple[str, str], ...] = (
    ("tacacs", "ip tacacs source-interface"),
    ("radius", "ip radius source-interface"),
    ("ntp", "ntp source"),
    ("logging", "logging source-interface"),
    ("tftp", "ip tftp source-interface"),
)
_LOG_HOST = compile_pattern(r"^logging\s+(?:host\s+\S+|\d{1,3}(?:\.\d{1,3}){3}\b)", _I)


def ios_mgmt_source_loopback(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """AAA, NTP, syslog and TFTP in use are sourced from a loopback interface that exists."""
    tree = ctx.tree
    loopbacks = [n for n in tree.top("interface") if _LOOPBACK.match(_iface_name(n)) and _iface_addresses(n)]
    groups: dict[str, list[Node]] = {"tacacs": [], "radius": []}
    methods = ""
    for node in tree.top("aaa"):
        if match := _AAA_GROUP.match(node.text):
            kind = "tacacs" if match.group(1).lower() == "tacacs+" else match.group(1).lower()
            groups.setdefault(kind, []).append(node)
        else:
            methods += " " + node.text.lower()
    in_use = {
        "tacacs": bool(tree.top("tacacs") or tree.top("tacacs-server") or groups["tacacs"])
        or "group tacacs+" in methods,
        "radius": bool(tree.top("radius") or tree.top("radius-server") or groups["radius"])
        or "group radius" in methods,
        "ntp": any(_words(n.text)[1:2] in (["server"], ["peer"]) for n in tree.top("ntp")),
        "logging": any(_LOG_HOST.match(n.text) for n in tree.top("logging")),
        "tftp": True,
    }
    candidates = [*tree.top("ip"), *tree.top("ntp"), *tree.top("logging")]
    bad: list[Node] = []
    good: list[Node] = []
    notes: list[str] = []
    if not loopbacks:
        notes.append("no loopback interface with an IP address")
    for kind, statement in _SOURCE_LINES:
        pattern = re.compile(rf"^{statement}\s+(\S+)", _I)
        found = [(n, m.group(1)) for n in candidates if (m := pattern.match(n.text))]
        kind_groups = groups.get(kind, [])
        per_group = [(c, m.group(1)) for g in kind_groups for c in g.children if (m := pattern.match(c.text))]
        found.extend(per_group)
        for node, name in found:
            if _LOOPBACK.match(name):
                good.append(node)
            else:
                bad.append(node)
                notes.append(f"line {node.line}: {kind} is sourced from {name}, not a loopback")
        if not in_use[kind]:
            continue
        if not found:
            notes.append(f"{kind} is {'required' if kind == 'tftp' else 'in use'} but there is no '{statement}'")
        elif not any(n.parent is None for n, _ in found):
            grouped = {id(c.parent) for c, _ in per_group}
            if not all(id(g) in grouped for g in kind_groups):
                notes.append(f"{kind}: no global '{statement}' and not every server group sets one")
    if notes:
        return Outcome(False, tuple(bad), _capped(notes))
    return Outcome.passed([*loopbacks, *good])


def ios_banner_text(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """A 'banner <kind>' with some text (multi-line or one-line)."""
    kind = str(args.get("kind", "login")).lower()
    found = [n for n in ctx.tree.top("banner") if _words(n.text)[1:2] == [kind]]
    if not found:
        return Outcome.failed((), f"no 'banner {kind}'")
    for node in found:
        inline = node.text.split(None, 2)[2] if len(node.text.split(None, 2)) > 2 else ""
        inline = inline.replace("^C", " ").replace("^c", " ").strip(" ^#%$@*~/\"'\x03")
        if any(line.strip() for line in node.body) or inline:
            return Outcome.passed([node])
    return Outcome.failed(found, f"'banner {kind}' has no text")


# --------------------------------------------------------------------------- control plane

_NETWORK = compile_pattern(
    r"^network\s+(\d{1,3}(?:\.\d{1,3}){3})(?:\s+(\d{1,3}(?:\.\d{1,3}){3}))?(?:\s+area\s+(\S+))?", _I
)
_PASSIVE = compile_pattern(r"^(no\s+)?passive-interface\s+(\S+)", _I)


class _RoutingProcess:
    """Which interfaces a routing process runs on: network statements and passive-interface settings.

    (The helper classes here are plain classes: importing the module generates no dataclass code.)
    """

    __slots__ = ("active", "networks", "node", "passive", "passive_default")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.networks: list[tuple[int, int, str]] = []
        self.passive_default = False
        self.passive: set[str] = set()
        self.active: set[str] = set()

    def read(self, children: Sequence[Node]) -> None:
        for child in children:
            if match := _NETWORK.match(child.text):
                base = _ipv4(match.group(1))
                if base is None:
                    continue
                wildcard = _ipv4(match.group(2)) if match.group(2) else _classful_wildcard(base)
                care = ~(wildcard or 0) & 0xFFFFFFFF
                self.networks.append((base & care, care, (match.group(3) or "")))
            elif match := _PASSIVE.match(child.text):
                name = match.group(2).lower()
                if name == "default":
                    self.passive_default = match.group(1) is None
                elif match.group(1):
                    self.active.add(name)
                else:
                    self.passive.add(name)

    def area_of(self, addresses: Sequence[int]) -> str | None:
        """The area (or '' for EIGRP) of the first network statement covering one of ``addresses``."""
        for addr in addresses:
            for value, care, area in self.networks:
                if addr & care == value:
                    return area
        return None

    def is_passive(self, name: str) -> bool:
        key = name.lower()
        if self.passive_default:
            return key not in self.active
        return key in self.passive


def _running_interfaces(tree: ConfigTree, keep: str = "") -> list[tuple[str, Node, list[int], list[Node]]]:
    """(name, node, addresses, lines starting with ``keep``) of the interfaces that can form adjacencies.

    Interfaces that are shut down, loopbacks and Null are left out.
    """
    lines = _interface_lines(tree, ("ip address", "shutdown", *((keep,) if keep else ())))
    down = lines["shutdown"]
    out = []
    for node in tree.top("interface"):
        key = id(node)
        name = _iface_name(node)
        if key in down or not name or name.lower().startswith(("loopback", "null")):
            continue
        addresses: list[int] = []
        for line in lines["ip address"].get(key, ()):
            words = line.text.split()
            if len(words) > 2 and (addr := _ipv4(words[2])) is not None:
                addresses.append(addr)
        out.append((name, node, addresses, lines[keep].get(key, []) if keep else []))
    return out


_OSPF_AREA = compile_pattern(r"^ip ospf\s+(\d+)\s+area\s+(\S+)", _I)
_AREA_AUTH = compile_pattern(r"^area\s+(\S+)\s+authentication(?:\s+(message-digest|key-chain))?", _I)


def ios_ospf_auth(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every OSPF interface that is not passive authenticates (key chain, or MD5 key with MD5 mode)."""
    tree = ctx.tree
    processes: dict[str, _RoutingProcess] = {}
    area_auth: dict[str, dict[str, str]] = {}
    for node in tree.top("router"):
        match = re.match(r"^router ospf\s+(\d+)", node.text, _I)
        if match is None:
            continue
        proc = _RoutingProcess(node)
        proc.read(node.children)
        processes[match.group(1)] = proc
        auth = area_auth.setdefault(match.group(1), {})
        for child in node.children:
            if m := _AREA_AUTH.match(child.text):
                auth[m.group(1)] = (m.group(2) or "simple").lower()
    if not processes:
        return Outcome.not_applicable("no 'router ospf'")
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    checked: list[Node] = []
    for name, node, addresses, ospf in _running_interfaces(tree, "ip ospf"):
        texts = [c.text.lower() for c in ospf]
        pid = area = None
        for text in texts:
            if m := _OSPF_AREA.match(text):
                pid, area = m.group(1), m.group(2)
        if pid is None:
            for number, proc in processes.items():
                found = proc.area_of(addresses)
                if found is not None:
                    pid, area = number, found
                    break
        if pid is None or pid not in processes or processes[pid].is_passive(name):
            continue
        checked.append(node)
        mode = ""
        for text in texts:
            if text.startswith("ip ospf authentication") and not text.startswith("ip ospf authentication-key"):
                mode = text[len("ip ospf authentication") :].strip().split(" ")[0] or "simple"
        if not mode:
            mode = area_auth.get(pid, {}).get(area or "", "")
        has_md5_key = any(t.startswith("ip ospf message-digest-key") for t in texts)
        if mode == "key-chain" or (mode == "message-digest" and has_md5_key):
            continue
        context.append(node)
        bad.extend(
            c
            for c in ospf
            if c.text.lower() in ("ip ospf authentication", "ip ospf authentication null")
            or c.text.lower().startswith("ip ospf authentication-key")
        )
        why = {"": "no authentication", "simple": "clear-text authentication", "null": "authentication null"}
        notes.append(f"{node.text}: {why.get(mode, 'message-digest mode without a message-digest-key')}")
    if notes:
        return Outcome(False, tuple(bad), _capped(notes), tuple(context))
    return Outcome.passed(checked or [p.node for p in processes.values()])


def ios_eigrp_auth(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """EIGRP authenticates: classic per interface (MD5 + key chain), named mode per address family."""
    tree = ctx.tree
    chains = {m.group(1).lower() for n in tree.top("key") if (m := re.match(r"^key chain\s+(\S+)", n.text, _I))}
    classic: dict[str, _RoutingProcess] = {}
    named: list[Node] = []
    for node in tree.top("router"):
        match = re.match(r"^router eigrp\s+(\S+)", node.text, _I)
        if match is None:
            continue
        if match.group(1).isdigit():
            proc = _RoutingProcess(node)
            proc.read(node.children)
            classic[match.group(1)] = proc
        else:
            named.append(node)
    if not classic and not named:
        return Outcome.not_applicable("no 'router eigrp'")
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    if classic:
        for name, node, addresses, _ in _running_interfaces(tree):
            texts = [c.text.lower() for c in node.children]
            for asn, proc in classic.items():
                if proc.area_of(addresses) is None or proc.is_passive(name):
                    continue
                mode = any(re.match(rf"^ip authentication mode eigrp {asn} (?:md5|hmac-sha-256)\b", t) for t in texts)
                chain = next(
                    (t.split()[-1] for t in texts if t.startswith(f"ip authentication key-chain eigrp {asn} ")), ""
                )
                if mode and chain and chain in chains:
                    good.append(node)
                    continue
                context.append(node)
                bad.extend(
                    c
                    for c in node.children
                    if c.text.lower().startswith(f"ip authentication key-chain eigrp {asn} ")
                    and c.text.lower().split()[-1] not in chains
                )
                if not mode:
                    why = "no authentication"
                else:
                    why = f"key chain {chain!r} is not defined" if chain else "no key chain"
                notes.append(f"{node.text}: EIGRP {asn} {why}")
    for router in named:
        for family in router.children:
            if not family.text.lower().startswith("address-family"):
                continue
            defaults = [c for c in family.children if c.text.lower() == "af-interface default"]
            ok = False
            for af in defaults:
                texts = [c.text.lower() for c in af.children]
                sha = any(t.startswith("authentication mode hmac-sha-256 ") for t in texts)
                md5 = "authentication mode md5" in texts
                chain = next((t.split()[-1] for t in texts if t.startswith("authentication key-chain ")), "")
                ok = sha or (md5 and chain in chains)
            if ok:
                good.append(family)
            else:
                context.extend([router, family])
                notes.append(f"{router.text} {family.text}: 'af-interface default' has no authentication mode")
    if notes:
        return Outcome(False, tuple(bad), _capped(notes), tuple(context))
    return Outcome.passed(good or [*named, *(p.node for p in classic.values())])


class _BgpPeer:
    """What a neighbor (IP, peer-group or template) carries, as lines."""

    __slots__ = ("lines", "name", "parents")

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[str, list[Node]] = {}
        self.parents: list[str] = []

    def add(self, keyword: str, node: Node) -> None:
        self.lines.setdefault(keyword, []).append(node)


_NEIGHBOR = compile_pattern(r"^neighbor\s+(\S+)\s+(\S+)(?:\s+(.*))?$", _I)
_TEMPLATE = compile_pattern(r"^template peer-(?:session|policy)\s+(\S+)", _I)


def _bgp_peers(router: Node) -> tuple[str, dict[str, _BgpPeer], set[str]]:
    """(local AS, peers by lower-case name, peer-group names) of one 'router bgp' block."""
    local_as = router.text.split()[2] if len(router.text.split()) > 2 else ""
    peers: dict[str, _BgpPeer] = {}
    groups: set[str] = set()
    stack = list(reversed(router.children))
    while stack:
        node = stack.pop()
        if template := _TEMPLATE.match(node.text):
            peer = peers.setdefault("template:" + template.group(1).lower(), _BgpPeer(template.group(1)))
            for child in node.children:
                words = _words(child.text)
                if words[:1] == ["inherit"] and len(words) >= 3:
                    peer.parents.append("template:" + words[2])
                elif words:
                    peer.add(words[0], child)
            continue
        if node.children:
            stack.extend(reversed(node.children))
        match = _NEIGHBOR.match(node.text)
        if match is None:
            continue
        name, keyword, rest = match.group(1).lower(), match.group(2).lower(), (match.group(3) or "").strip()
        peer = peers.setdefault(name, _BgpPeer(match.group(1)))
        if keyword == "peer-group":
            if rest:
                peer.parents.append(rest.lower())
            else:
                groups.add(name)
        elif keyword == "inherit" and len(rest.split()) >= 2:
            peer.parents.append("template:" + rest.split()[1].lower())
        else:
            peer.add(keyword, node)
    return local_as, peers, groups


def _peer_lines(peers: Mapping[str, _BgpPeer], name: str, keyword: str, depth: int = 0) -> list[Node]:
    peer = peers.get(name)
    if peer is None or depth > 8:
        return []
    own = peer.lines.get(keyword, [])
    if own:
        return own
    for parent in peer.parents:
        inherited = _peer_lines(peers, parent, keyword, depth + 1)
        if inherited:
            return inherited
    return []


def _neighbor_value(node: Node) -> str:
    """The first word after 'neighbor <x> <keyword>' ('' when none)."""
    match = _NEIGHBOR.match(node.text)
    rest = (match.group(3) or "").split() if match else node.text.split()[1:]
    return rest[0] if rest else ""


def _bgp_neighbors(tree: ConfigTree) -> list[tuple[str, str, str, dict[str, _BgpPeer]]]:
    """(local AS, neighbor, remote AS, peers) for every real neighbor (not peer-groups or templates)."""
    out = []
    for router in tree.top("router"):
        if not router.text.lower().startswith("router bgp"):
            continue
        local_as, peers, groups = _bgp_peers(router)
        for name in peers:
            if name in groups or name.startswith("template:"):
                continue
            remote = _peer_lines(peers, name, "remote-as")
            if not remote:
                continue
            remote_as = _neighbor_value(remote[0])
            local = _peer_lines(peers, name, "local-as")
            mine = _neighbor_value(local[0]) if local else local_as
            out.append((mine, name, remote_as, peers))
    return out


def ios_bgp_neighbor_auth(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every BGP neighbor has a password (MD5) or TCP-AO, and eBGP keys are not shared between ASes."""
    neighbors = _bgp_neighbors(ctx.tree)
    if not neighbors:
        return Outcome.not_applicable("no BGP neighbors")
    notes: list[str] = []
    context: list[Node] = []
    good: list[Node] = []
    keys: dict[str, list[tuple[str, Node]]] = {}
    for local_as, name, remote_as, peers in neighbors:
        secret = _peer_lines(peers, name, "password") or _peer_lines(peers, name, "ao")
        if not secret:
            context.extend(_peer_lines(peers, name, "remote-as")[:1])
            notes.append(f"neighbor {peers[name].name} (AS {remote_as}) has no password or TCP-AO key chain")
            continue
        good.append(secret[0])
        if remote_as != local_as:
            keys.setdefault(secret[0].text.split()[-1], []).append((remote_as, secret[0]))
    bad: list[Node] = []
    for uses in keys.values():
        first_as = uses[0][0]
        reused = [node for remote_as, node in uses if remote_as != first_as and node not in bad]
        if reused:
            bad.extend(reused)
            ases = sorted({remote_as for remote_as, _ in uses})
            notes.append(f"the same eBGP key is used towards AS {', '.join(ases)}")
    if notes:
        return Outcome(False, tuple(bad), _capped(notes), tuple(context))
    return Outcome.passed(good)


def _filter_defined(tree: ConfigTree, node: Node) -> bool:
    words = node.text.split()
    if words[0].lower() == "neighbor":
        words = words[2:]
    kind, name = words[0].lower(), words[1] if len(words) > 1 else ""
    if kind == "prefix-list":
        lists = (n for n in tree.top("ip") if _words(n.text)[1:2] == ["prefix-list"])
        return any(_words(n.text)[2:3] == [name.lower()] for n in lists)
    if kind == "route-map":
        return any(_words(n.text)[1:2] == [name.lower()] for n in tree.top("route-map"))
    return True  # distribute-list / filter-list refer to ACLs or as-path lists


def ios_ebgp_hardening(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every eBGP neighbor has GTSM (ttl-security), a maximum-prefix limit and a defined inbound filter."""
    ebgp = [(name, peers) for local_as, name, remote_as, peers in _bgp_neighbors(ctx.tree) if remote_as != local_as]
    if not ebgp:
        return Outcome.not_applicable("no eBGP neighbors")
    notes: list[str] = []
    context: list[Node] = []
    good: list[Node] = []
    for name, peers in ebgp:
        missing = []
        if not _peer_lines(peers, name, "ttl-security"):
            missing.append("ttl-security hops")
        if not _peer_lines(peers, name, "maximum-prefix"):
            missing.append("maximum-prefix")
        filters = [
            n
            for keyword in ("prefix-list", "route-map", "distribute-list", "filter-list")
            for n in _peer_lines(peers, name, keyword)
            if n.text.lower().split()[-1] == "in" and _filter_defined(ctx.tree, n)
        ]
        if not filters:
            missing.append("defined inbound prefix-list or route-map")
        remote = _peer_lines(peers, name, "remote-as")[:1]
        if missing:
            context.extend(remote)
            notes.append(f"eBGP neighbor {peers[name].name}: no {', no '.join(missing)}")
        else:
            good.extend(remote)
    if notes:
        return Outcome(False, (), _capped(notes), tuple(context))
    return Outcome.passed(good)


# --------------------------------------------------------------------------- SNMP and NTP


_NTP_ASSOC = compile_pattern(r"^ntp (?:server|peer)\s+(?:vrf\s+\S+\s+)?(?:ip\s+|ipv6\s+)?\S+(.*)$", _I)
_NTP_KEY = compile_pattern(r"^ntp authentication-key\s+(\d+)\s+(\S+)", _I)
_NTP_TRUSTED = compile_pattern(r"^ntp trusted-key\s+(\d+)(?:\s*-\s*(\d+))?", _I)


def ios_ntp_authenticated(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """'ntp authenticate', defined and trusted keys, and a trusted 'key <n>' on every server and peer."""
    ntp = ctx.tree.top("ntp")
    assoc = [(n, m.group(1)) for n in ntp if (m := _NTP_ASSOC.match(n.text))]
    if not assoc:
        return Outcome.not_applicable("no 'ntp server' or 'ntp peer'")
    keys = {int(m.group(1)) for n in ntp if (m := _NTP_KEY.match(n.text))}
    trusted: set[int] = set()
    for node in ntp:
        if match := _NTP_TRUSTED.match(node.text):
            low = int(match.group(1))
            trusted.update(range(low, int(match.group(2) or low) + 1))
    bad: list[Node] = []
    notes: list[str] = []
    authenticate = [n for n in ntp if n.text.lower() == "ntp authenticate"]
    if not authenticate:
        notes.append("no 'ntp authenticate'")
    if not keys:
        notes.append("no 'ntp authentication-key'")
    for node, rest in assoc:
        key = re.search(r"\bkey\s+(\d+)", rest, _I)
        if key is None:
            bad.append(node)
            notes.append(f"line {node.line}: no 'key <n>'")
        elif int(key.group(1)) not in keys or int(key.group(1)) not in trusted:
            bad.append(node)
            notes.append(f"line {node.line}: key {key.group(1)} is not a defined trusted key")
    if notes:
        return Outcome(False, tuple(bad), _capped(notes))
    return Outcome.passed([*authenticate, *(n for n, _ in assoc)])


# --------------------------------------------------------------------------- data plane

_ACCESS_GROUP_IN = compile_pattern(r"^ip access-group\s+(\S+)\s+in\b", _I)
_ACL_ACTION = compile_pattern(r"^(permit|deny)\s+(.*)$", _I)


def _acl_source(tokens: list[str]) -> tuple[int, int, list[str]] | None:
    """(base, wildcard, rest) of an IPv4 ACL source; None for object-groups and the like."""
    if not tokens:
        return None
    head = tokens[0].lower()
    if head in ("any", "any4"):
        return 0, 0xFFFFFFFF, tokens[1:]
    if head == "host" and len(tokens) > 1 and (addr := _ipv4(tokens[1])) is not None:
        return addr, 0, tokens[2:]
    if "/" in head:
        try:
            net = ipaddress.IPv4Network(head, strict=False)
        except ValueError:
            return None
        return int(net.network_address), int(net.hostmask), tokens[1:]
    base = _ipv4(tokens[0])
    if base is None:
        return None
    if len(tokens) > 1 and (wildcard := _ipv4(tokens[1])) is not None:
        return base, wildcard, tokens[2:]
    return base, 0, tokens[1:]


def _parse_acl_entry(node: Node) -> tuple[str, str, tuple[int, int] | None, bool] | None:
    """(action, protocol or '' for standard ACLs, source, logged) of one IPv4 ACL entry."""
    match = _ACL_ACTION.match(_entry_body(node))
    if match is None:
        return None
    tokens = match.group(2).split()
    if not tokens:
        return None
    first = tokens[0].lower()
    standard = first in ("any", "host") or _ipv4(first) is not None
    protocol = "" if standard else first
    source = _acl_source(tokens if standard else tokens[1:])
    logged = any(t.lower() in ("log", "log-input") for t in tokens)
    return match.group(1).lower(), protocol, (source[0], source[1]) if source else None, logged


def _covers(entry: tuple[int, int], net: ipaddress.IPv4Network) -> bool:
    base, wildcard = entry
    care = ~wildcard & 0xFFFFFFFF
    net_care = int(net.netmask)
    return care & ~net_care == 0 and (int(net.network_address) ^ base) & care == 0


def _overlaps(entry: tuple[int, int], net: ipaddress.IPv4Network) -> bool:
    base, wildcard = entry
    care = ~wildcard & 0xFFFFFFFF
    return (int(net.network_address) ^ base) & care & int(net.netmask) == 0


def _spoof_problems(entries: Sequence[Node], bogons: Sequence[ipaddress.IPv4Network]) -> tuple[list[str], list[Node]]:
    """What lets each bogon source in, and the entries to blame (permits before its deny, unlogged denies)."""
    parsed = [(n, p) for n in entries if (p := _parse_acl_entry(n)) is not None]
    problems: list[str] = []
    offending: list[Node] = []
    for bogon in bogons:
        permits: list[Node] = []
        denied: Node | None = None
        logged = False
        for node, (action, protocol, source, is_logged) in parsed:
            if source is None or not _overlaps(source, bogon):
                continue
            if action == "permit":
                permits.append(node)
            elif protocol in ("", "ip") and _covers(source, bogon):
                denied, logged = node, is_logged
                break
        if permits:
            problems.append(f"{bogon} is permitted by line {permits[0].line}")
        elif denied is None:
            problems.append(f"{bogon} is not denied explicitly (the implicit deny is not logged)")
        elif not logged:
            problems.append(f"{bogon} is denied without log-input (line {denied.line})")
            offending.append(denied)
        offending.extend(n for n in permits if n not in offending)
    return problems, offending


def ios_edge_antispoof_acl(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every external interface filters inbound with an ACL that denies and logs the bogon sources."""
    bogons = [ipaddress.IPv4Network(str(b)) for b in args.get("bogons", ()) or ()]
    external = _external_interfaces(ctx, args.get("external_keywords", ()))
    if not external:
        return Outcome.not_applicable("no interface faces the outside (eBGP, default route, NAT, zone, ACL or name)")
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    for node in external:
        groups = [(c, m.group(1)) for c in node.children if (m := _ACCESS_GROUP_IN.match(c.text))]
        if not groups:
            context.append(node)
            notes.append(f"{node.text}: no inbound 'ip access-group'")
            continue
        child, name = groups[0]
        entries = acl_entries(ctx.tree, name)
        if entries is None:
            bad.append(child)
            context.append(node)
            notes.append(f"{node.text}: ACL {name} is not defined (an undefined ACL permits everything)")
            continue
        problems, offending = _spoof_problems(entries, bogons)
        if problems:
            bad.append(child)
            bad.extend(n for n in offending if n not in bad)
            context.append(node)
            notes.append(f"{node.text}: ACL {name}: " + "; ".join(problems))
        else:
            good.append(child)
    if notes:
        return Outcome(False, tuple(bad), _capped(notes), tuple(context))
    return Outcome.passed(good)


_IN_USE_COMMANDS = (
    "ip address",
    "ipv6 address",
    "ip unnumbered",
    "ipv6 enable",
    "switchport",
    "channel-group",
    "service instance",
    "xconnect",
    "encapsulation",
    "pvc",
    "bridge-group",
    "pppoe",
    "dialer pool-member",
    "mpls",
    "vrf forwarding",
    "ip vrf forwarding",
    "l2transport",
    "member",
    "standby",
    "vrrp",
    "tunnel",
    "pos",
    "framing",
)


def ios_unused_interfaces_shutdown(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Physical interfaces without address, switchport role, description or sub-interfaces are shut down."""
    interfaces = [(n, _iface_name(n)) for n in ctx.tree.top("interface")]
    parents = {name.split(".")[0].lower() for _, name in interfaces if "." in name}
    unused: list[Node] = []
    for node, name in interfaces:
        for child in node.children:
            low = child.text.lower()
            if (
                low == "shutdown"
                or low.startswith(_IN_USE_COMMANDS)
                or (low.startswith("description ") and low[12:].strip())
            ):
                break
        else:
            if name and "." not in name and name.lower() not in parents and not _NOT_PHYSICAL.match(name):
                unused.append(node)
    if unused:
        names = ", ".join(_iface_name(n) for n in unused[:20])
        more = f" and {len(unused) - 20} more" if len(unused) > 20 else ""
        return Outcome(False, (), (f"{names}{more}",), tuple(unused))
    return Outcome.passed()


# --------------------------------------------------------------------------- switching


class _Port:
    """A physical switch port and what its configuration makes of it."""

    __slots__ = ("access_vlan", "explicit_access", "mode", "node", "shutdown", "texts")

    def __init__(
        self, node: Node, mode: str, shutdown: bool, access_vlan: int, explicit_access: bool, texts: tuple[str, ...]
    ) -> None:
        self.node = node
        self.mode = mode  # access | trunk | dynamic | routed
        self.shutdown = shutdown
        self.access_vlan = access_vlan
        self.explicit_access = explicit_access
        self.texts = texts


# Lines only a routed (layer-3) port carries; Catalyst switch ports print none of them.
_ROUTED_PORT = ("ip address ", "no ip address", "vrf forwarding ", "ip vrf forwarding ")


# The L2 rules all read the switch ports and the perimeter rules all read the external interfaces: both
# are derived once per tree and kept for the few trees being audited (the tree is the key, by identity;
# trees are not changed after parsing, and a fix is re-audited on a freshly parsed tree).
@functools.lru_cache(maxsize=4)
def _switch_ports(tree: ConfigTree) -> tuple[_Port, ...]:
    """The physical Ethernet interfaces, each with its mode (access/trunk/dynamic/routed) and access VLAN."""
    ports = []
    for node in tree.top("interface"):
        if not _ETHERNET.match(_iface_name(node)):
            continue
        texts = [c.text.lower() for c in node.children]
        mode = "dynamic"
        vlan = 1
        routed = shutdown = False
        for text in texts:
            if text.startswith("switchport "):
                words = text.split()
                if words[1] == "mode" and len(words) > 2:
                    mode = words[2]
                elif words[1:3] == ["access", "vlan"] and len(words) > 3 and words[3].isdigit():
                    vlan = int(words[3])
            elif text == "shutdown":
                shutdown = True
            elif text == "no switchport" or text.startswith(_ROUTED_PORT):
                routed = True
        explicit_access = mode == "access"
        ports.append(_Port(node, "routed" if routed else mode, shutdown, vlan, explicit_access, tuple(texts)))
    return tuple(ports)


def _vlan_set(text: str) -> set[int]:
    out: set[int] = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if part == "all":
            return set(range(1, 4095))
        if part == "none":
            continue
        low, _, high = part.partition("-")
        if low.isdigit() and (not high or high.isdigit()):
            out.update(range(int(low), int(high or low) + 1))
    return out


def _global_vlans(tree: ConfigTree, prefix: str) -> set[int]:
    vlans: set[int] = set()
    wanted = prefix.lower() + " vlan "
    for node in tree.top("ip"):
        text = node.text.lower()
        if text.startswith(wanted):
            vlans |= _vlan_set(text[len(wanted) :].split()[0])
    return vlans


def ios_dhcp_snooping(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """DHCP snooping and DAI on every access VLAN, IP Source Guard on untrusted access ports, trusted uplink."""
    tree = ctx.tree
    ports = [p for p in _switch_ports(tree) if not p.shutdown and p.mode != "routed"]
    access = [p for p in ports if p.mode != "trunk"]
    if not access:
        return Outcome.not_applicable("no active access port")
    user_vlans = {p.access_vlan for p in access}
    notes: list[str] = []
    context: list[Node] = []
    if not any(n.text.lower() == "ip dhcp snooping" for n in tree.top("ip")):
        notes.append("no global 'ip dhcp snooping'")
    for prefix in ("ip dhcp snooping", "ip arp inspection"):
        missing = sorted(user_vlans - _global_vlans(tree, prefix))
        if missing:
            notes.append(f"'{prefix} vlan' does not cover access VLAN(s) {', '.join(map(str, missing))}")
    for port in access:
        if "ip dhcp snooping trust" not in port.texts and not any(t.startswith("ip verify source") for t in port.texts):
            context.append(port.node)
    if context:
        notes.append(f"{len(context)} access port(s) without 'ip verify source'")
    trunks = [p for p in ports if p.mode == "trunk"]
    if trunks and not any("ip dhcp snooping trust" in p.texts for p in trunks):
        notes.append("no uplink (trunk) is 'ip dhcp snooping trust'")
    if notes:
        return Outcome(False, (), _capped(notes), tuple(context))
    return Outcome.passed([p.node for p in access])


def _access_vlan_lines(port: _Port) -> list[Node]:
    return [c for c in port.node.children if c.text.lower().startswith("switchport access vlan ")]


def ios_vlan_hygiene(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """No access port in VLAN 1, trunks with a native VLAN other than 1 and VLAN 1 pruned, shut ports parked."""
    tree = ctx.tree
    ports = [p for p in _switch_ports(tree) if p.mode != "routed"]
    if not ports:
        return Outcome.not_applicable("no switch port")
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    active_vlans = {p.access_vlan for p in ports if not p.shutdown and p.mode != "trunk"}
    for port in ports:
        name = _iface_name(port.node)
        if port.mode == "trunk":
            native = [t for t in port.texts if t.startswith("switchport trunk native vlan ")]
            allowed_nodes = [
                c for c in port.node.children if c.text.lower().startswith("switchport trunk allowed vlan")
            ]
            allowed: set[int] = set(range(1, 4095)) if not allowed_nodes else set()
            for child in allowed_nodes:
                words = child.text.lower().split()[4:]
                if words[:1] == ["add"]:
                    allowed |= _vlan_set("".join(words[1:]))
                elif words[:1] == ["except"]:
                    allowed = set(range(1, 4095)) - _vlan_set("".join(words[1:]))
                elif words[:1] == ["remove"]:
                    allowed -= _vlan_set("".join(words[1:]))
                else:
                    allowed = _vlan_set("".join(words))
            problems = []
            if not native or native[-1].split()[-1] == "1":
                problems.append("native VLAN 1")
                bad.extend(c for c in port.node.children if c.text.lower() == "switchport trunk native vlan 1")
            if 1 in allowed:
                problems.append("VLAN 1 allowed")
                bad.extend(allowed_nodes)
            if problems:
                context.append(port.node)
                notes.append(f"trunk {name}: {', '.join(problems)}")
        elif port.shutdown:
            if port.access_vlan == 1 or port.access_vlan in active_vlans:
                context.append(port.node)
                bad.extend(_access_vlan_lines(port))
                notes.append(f"shut down port {name} is in VLAN {port.access_vlan}, not a dedicated unused VLAN")
        elif port.access_vlan == 1:
            context.append(port.node)
            bad.extend(_access_vlan_lines(port))
            notes.append(f"access port {name} is in VLAN 1")
    for node in tree.top("interface"):
        if _iface_name(node).lower() == "vlan1" and not _is_shutdown(node) and _iface_addresses(node):
            context.append(node)
            notes.append("management SVI on VLAN 1 (interface Vlan1 has an address and is up)")
    if notes:
        return Outcome(False, tuple(bad), _capped(notes), tuple(context))
    return Outcome.passed([p.node for p in ports])


# --------------------------------------------------------------------------- per-interface line checks
# One pass over the interfaces, whatever the number of conditions: selection and checks read each
# interface's lines once (YAML 'each' blocks cost a scope per condition per interface).


# --------------------------------------------------------------------------- shared by NX-OS and XR checks


CHECKS: Mapping[str, PythonCheck] = {
    "access_class_restricted": access_class_restricted,
    "snmp_communities_acl": snmp_communities_acl,
    "ios_aaa_servers": ios_aaa_servers,
    "ios_mgmt_source_loopback": ios_mgmt_source_loopback,
    "ios_banner_text": ios_banner_text,
    "ios_ospf_auth": ios_ospf_auth,
    "ios_eigrp_auth": ios_eigrp_auth,
    "ios_bgp_neighbor_auth": ios_bgp_neighbor_auth,
    "ios_ebgp_hardening": ios_ebgp_hardening,
    "ios_ntp_authenticated": ios_ntp_authenticated,
    "ios_edge_antispoof_acl": ios_edge_antispoof_acl,
    "ios_unused_interfaces_shutdown": ios_unused_interfaces_shutdown,
    "ios_dhcp_snooping": ios_dhcp_snooping,
    "ios_vlan_hygiene": ios_vlan_hygiene,
}
