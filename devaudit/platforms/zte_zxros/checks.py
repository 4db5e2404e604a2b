"""Python checks for ZTE ZXROS/ZXROSNG and ZXAN rules (referenced from YAML as ``zte.<name>``).

The ZXROS tree is indented: ``!<section>`` markers and ``$`` block ends are not nodes, 80-column wraps
are re-joined by the parser, and ``system-user`` holds templates and users as 2-space-indented blocks.
Each check reads the tree through its first-word index once per call and builds small dictionaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.engine.regex_cache import compile_pattern
from devaudit.tree import ConfigTree, Node

__all__ = ["CHECKS", "acl_blocks"]

_I = re.IGNORECASE

# --------------------------------------------------------------------------- ACLs

_ACL_HEAD = compile_pattern(
    r"^(?:ipv4-access-list|ipv6-access-list|ip access-list(?:\s+(?:standard|extended))?|acl\s+(?:number|name))"
    r"\s+(?P<name>\S+)\s*$",
    _I,
)


def acl_blocks(tree: ConfigTree) -> dict[str, Node]:
    """ACL blocks by lower-case name (ZXROS ``ipv4-access-list``, ZXAN ``acl number``/``ip access-list``)."""
    out: dict[str, Node] = {}
    for word in ("ipv4-access-list", "ipv6-access-list", "ip", "acl"):
        for node in tree.top(word):
            match = _ACL_HEAD.match(node.text)
            if match:
                out.setdefault(match.group("name").lower(), node)
    return out


# --------------------------------------------------------------------------- helpers


def _children(nodes: Iterable[Node], word: str) -> list[Node]:
    size = len(word)
    return [n for n in nodes if n.text[:size].lower() == word and (len(n.text) == size or n.text[size] == " ")]


# --------------------------------------------------------------------------- routing protocols

_NEIGHBOR = compile_pattern(r"^neighbor\s+(?P<peer>\S+)\s+(?P<rest>.+)$", _I)


_PASSIVE = compile_pattern(r"^passive-interface\s+(?P<name>\S+)(?:\s+(?P<off>disable))?\s*$", _I)
_AREA_MD5 = compile_pattern(r"^authentication\s+message-digest\b", _I)
_MD5_KEY = compile_pattern(r"^message-digest-key\s+\d+\s+md5\s+\S", _I)


def ospf_authentication(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every non-passive OSPF interface has message-digest authentication and a key."""
    good: list[Node] = []
    missing: list[Node] = []
    for router in ctx.tree.top("router"):
        if not router.text.lower().startswith("router ospf"):
            continue
        passive_default = False
        passive: set[str] = set()
        active: set[str] = set()
        for child in router.children:
            if match := _PASSIVE.match(child.text):
                name = match.group("name").lower()
                if name == "default":
                    passive_default = True
                elif match.group("off"):
                    active.add(name)
                else:
                    passive.add(name)
        for area in _children(router.children, "area"):
            area_md5 = any(_AREA_MD5.match(c.text) for c in area.children)
            for iface in _children(area.children, "interface"):
                name = iface.text.split()[1].lower() if len(iface.text.split()) > 1 else ""
                if name.startswith("loopback") or name in passive or (passive_default and name not in active):
                    continue
                md5 = area_md5 or any(_AREA_MD5.match(c.text) for c in iface.children)
                keyed = any(_MD5_KEY.match(c.text) for c in iface.children)
                (good if md5 and keyed else missing).append(iface)
    if missing:
        return Outcome(
            False, (), (f"{len(missing)} OSPF interface(s) without message-digest authentication",), tuple(missing)
        )
    if not good:
        return Outcome.not_applicable("no non-passive OSPF interface")
    return Outcome.passed(good)


# --------------------------------------------------------------------------- hardening checks the rule language
# cannot express: an external neighbor is known only by comparing two captured AS numbers, and a statement that
# names a missing ACL is context here (the fix defines the ACL), where resolve reports it as the offending line.

_ROUTER_BGP = compile_pattern(r"^router bgp\s+(?P<asn>\S+)", _I)


def ebgp_neighbor_option(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every external BGP neighbor has the option (args: 'option' pattern, 'what' words) itself or via its group.

    Python because an eBGP peer is known only by comparing its remote-as with the local AS, and the option
    may be set on the peer-group it joins.
    """
    option = re.compile(str(args["option"]), _I)
    what = str(args["what"])
    peers: dict[str, Node] = {}
    remote_as: dict[str, str] = {}
    groups_of: dict[str, str] = {}
    with_option: set[str] = set()
    local_as = ""
    for router in ctx.tree.top("router"):
        head = _ROUTER_BGP.match(router.text)
        if head is None:
            continue
        local_as = head.group("asn").lower()
        for node in router.walk():
            match = _NEIGHBOR.match(node.text)
            if match is None:
                continue
            peer = match.group("peer").lower()
            rest = match.group("rest")
            words = rest.lower().split()
            if words[0] == "remote-as" and len(words) > 1:
                remote_as[peer] = words[1]
                peers.setdefault(peer, node)
            elif words[0] == "peer-group" and len(words) > 1:
                groups_of[peer] = words[1]
                peers.setdefault(peer, node)
            elif option.match(rest):
                with_option.add(peer)
    external = {
        peer: node
        for peer, node in peers.items()
        if peer not in set(groups_of.values())
        and remote_as.get(peer, remote_as.get(groups_of.get(peer, ""), local_as)) != local_as
    }
    if not external:
        return Outcome.not_applicable("no external BGP neighbor")
    missing = [
        node
        for peer, node in external.items()
        if peer not in with_option and groups_of.get(peer, "") not in with_option
    ]
    if missing:
        return Outcome(False, (), (f"{len(missing)} external BGP neighbor(s) without {what}",), tuple(missing))
    return Outcome.passed(list(external.values()))


_ACL_REFS: Mapping[str, tuple[re.Pattern[str], ...]] = {
    "management": (
        compile_pattern(r"^snmp-server community\s.*\bipv4-access-list\s+(?P<acl>\S+)", _I),
        compile_pattern(r"^ntp access-group\s+(?:\S+\s+)*?ipv4-access-list\s+(?P<acl>\S+)", _I),
        compile_pattern(r"^line telnet access-class\s+(?:ipv4\s+)?(?P<acl>\S+)", _I),
        compile_pattern(r"^ssh server access-class\s+ipv6\s+(?P<acl>\S+)", _I),
        compile_pattern(r"^snmp-server access-list\s+(?:ipv4\s+)?(?P<acl>\S+)", _I),
    ),
}
_REF_WORDS: Mapping[str, tuple[str, ...]] = {
    "management": ("snmp-server", "ntp", "line", "ssh"),
}


def referenced_acls_defined(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every ACL that a statement of the given kind names is defined (args: kind = management).

    Python because the reference and the ACL block are different statements (an undefined ACL filters
    nothing on ZXROS).
    """
    kind = str(args["kind"])
    patterns = _ACL_REFS[kind]
    refs: list[tuple[Node, str]] = []
    seen: set[int] = set()
    for word in _REF_WORDS[kind]:
        for node in ctx.tree.anywhere(word):
            if id(node) in seen:
                continue
            seen.add(id(node))
            for pattern in patterns:
                if match := pattern.match(node.text):
                    refs.append((node, match.group("acl")))
                    break
    if not refs:
        return Outcome.not_applicable("no statement names an ACL")
    if ctx.tree.elided:
        return Outcome.passed([node for node, _ in refs])
    acls = acl_blocks(ctx.tree)
    missing = [(node, name) for node, name in refs if name.lower() not in acls]
    if missing:
        names = ", ".join(sorted({name for _, name in missing}))
        nodes = tuple(node for node, _ in missing)
        return Outcome(False, (), (f"ACL(s) {names} named but not defined",), nodes)
    return Outcome.passed([node for node, _ in refs])


# --------------------------------------------------------------------------- OLT (ZXA10 C300/C320/C600/C620)

_VLAN_IF = compile_pattern(r"^interface\s+vlan[-_ ]?(?P<vid>\d+)\s*$", _I)
_SERVICE_VLANS = (
    # the network-side VLAN: 'user-vlan' is the subscriber's own tag, translated by the OLT
    compile_pattern(r"^service-port\s+\d+\s.*?(?<![-\w])vlan\s+(?P<vid>\d+)", _I),
    compile_pattern(r"^service\s+\S+\s+gemport\s+\d+\s.*?\bvlan\s+(?P<vid>\d+)", _I),
    compile_pattern(r"^vlan port\s+\S+\s+mode\s+\S+\s+vlan\s+(?P<vid>\d+)", _I),
)


def olt_management_vlan_separate(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """The OLT's in-band management VLAN (an 'interface vlanN' with an address) carries no subscriber service.

    Python because the management VLAN and the service VLANs are in different blocks (VLAN interfaces,
    service-ports on ONU/vport interfaces, pon-onu-mng and onu-profile blocks) and must be compared as sets.
    """
    mgmt: dict[str, Node] = {}
    for node in ctx.tree.top("interface"):
        match = _VLAN_IF.match(node.text)
        if match and any(child.text.lower().startswith("ip address ") for child in node.children):
            mgmt[str(int(match.group("vid")))] = node
    if not mgmt:
        return Outcome.not_applicable("no in-band management VLAN interface")
    services: list[tuple[Node, str]] = []
    for word in ("service-port", "service", "vlan"):
        for node in ctx.tree.anywhere(word):
            if node.parent is None:
                continue
            for pattern in _SERVICE_VLANS:
                if match := pattern.match(node.text):
                    services.append((node, str(int(match.group("vid")))))
                    break
    bad = [node for node, vid in services if vid in mgmt]
    if bad:
        vlans = ", ".join(sorted({vid for _, vid in services if vid in mgmt}, key=int))
        return Outcome(
            False,
            tuple(bad),
            (f"subscriber services use management VLAN {vlans}",),
            tuple(mgmt[v] for v in sorted({vid for _, vid in services if vid in mgmt}, key=int)),
        )
    return Outcome.passed(list(mgmt.values()))


CHECKS: Mapping[str, PythonCheck] = {
    "ospf_authentication": ospf_authentication,
    "ebgp_neighbor_option": ebgp_neighbor_option,
    "referenced_acls_defined": referenced_acls_defined,
    "olt_management_vlan_separate": olt_management_vlan_separate,
}
