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
from devaudit.tree import ConfigTree, Node

__all__ = ["CHECKS", "acl_blocks"]

_I = re.IGNORECASE

# --------------------------------------------------------------------------- ACLs

_ACL_HEAD = re.compile(
    r"^(?:ipv4-access-list|ipv6-access-list|ip access-list(?:\s+(?:standard|extended))?|acl\s+(?:number|name))"
    r"\s+(?P<name>\S+)\s*$",
    _I,
)
_PERMIT_ANY = re.compile(
    r"^rule\s+\d+\s+permit\s+(?:(?:ip|tcp|udp|\d+)\s+)?(?:any\b|0\.0\.0\.0\s+255\.255\.255\.255\b)", _I
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


_SSH_ACL = re.compile(r"^ssh server access-class\s+(?:ipv4\s+)?(?P<acl>\S+)", _I)


def ssh_access_class(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """'ssh server access-class ipv4 <acl>' names a defined ACL that does not permit every source."""
    refs = [(node, m.group("acl")) for node in ctx.tree.top("ssh") if (m := _SSH_ACL.match(node.text))]
    if not refs:
        return Outcome.failed((), "no 'ssh server access-class ipv4 <acl>': SSH accepts every source")
    acls = acl_blocks(ctx.tree)
    for node, name in refs:
        block = acls.get(name.lower())
        if block is None:
            if ctx.tree.elided:
                continue
            return Outcome.failed((node,), f"access-class ACL {name} is not defined (it filters nothing)")
        broad = [rule for rule in block.children if _PERMIT_ANY.match(rule.text)]
        if broad:
            return Outcome(False, tuple(broad), (f"ACL {name} permits any source",), (node,))
    return Outcome.passed([node for node, _ in refs])


# --------------------------------------------------------------------------- local users

_PASSWORD = re.compile(r"^password\s+(?P<rest>\S.*)$", _I)
_USERNAME_PW = re.compile(r"^username\s+(?P<user>\S+)\s+password\s+(?:(?P<type>\d+)\s+)?(?P<value>\S+)", _I)


def _children(nodes: Iterable[Node], word: str) -> list[Node]:
    size = len(word)
    return [n for n in nodes if n.text[:size].lower() == word and (len(n.text) == size or n.text[size] == " ")]


def user_passwords_encrypted(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every local user password is stored 'encrypted' (ZXROS) or as type 7/5 (ZXAN 'username')."""
    good: list[Node] = []
    bad: list[Node] = []
    for block in ctx.tree.top("system-user"):
        for user in _children(block.children, "user-name"):
            for line in _children(user.children, "password"):
                match = _PASSWORD.match(line.text)
                if match and match.group("rest").lower().startswith("encrypted "):
                    good.append(line)
                else:
                    bad.append(line)
    for line in ctx.tree.top("username"):
        match = _USERNAME_PW.match(line.text)
        if match is None:
            continue
        if match.group("type") in ("5", "7", "8", "9"):
            good.append(line)
        else:
            bad.append(line)
    if bad:
        return Outcome.failed(bad, f"{len(bad)} local password(s) stored in clear text")
    if not good:
        return Outcome.not_applicable("no local user password")
    return Outcome.passed(good)


# --------------------------------------------------------------------------- AAA templates

_AUTHEN_TYPE = re.compile(r"^aaa-authentication-type\s+(?P<type>\S+)", _I)
_AUTHEN_GROUP = re.compile(r"^authentication-(?:tacacs|radius)-group\s+\S+", _I)
_TEMPLATE_NO = re.compile(r"^\S+\s+(?P<n>\S+)\s*$")
_BIND_AAA = re.compile(r"^bind\s+aaa-authentication-template\s+(?P<n>\S+)", _I)
_REMOTE_WITH_LOCAL = frozenset({"tacacs-local", "radius-local"})


def aaa_authentication_template(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """A bound aaa-authentication-template uses TACACS+/RADIUS with local fallback and a server group."""
    templates: dict[str, Node] = {}
    for node in ctx.tree.top("aaa-authentication-template"):
        if match := _TEMPLATE_NO.match(node.text):
            templates[match.group("n").lower()] = node
    bound: dict[str, Node] = {}
    for block in ctx.tree.top("system-user"):
        for template in _children(block.children, "authentication-template"):
            for line in template.children:
                if match := _BIND_AAA.match(line.text):
                    bound.setdefault(match.group("n").lower(), line)
    good: list[Node] = []
    offending: list[Node] = []
    notes: list[str] = []
    for number, node in templates.items():
        types = [(child, m.group("type").lower()) for child in node.children if (m := _AUTHEN_TYPE.match(child.text))]
        grouped = any(_AUTHEN_GROUP.match(child.text) for child in node.children)
        remote = any(kind in _REMOTE_WITH_LOCAL for _, kind in types) and grouped
        if remote and number in bound:
            good.extend((node, bound[number]))
        elif remote:
            notes.append(
                f"aaa-authentication-template {number} uses remote AAA but no authentication-template binds it"
            )
        elif number in bound:
            offending.extend(child for child, kind in types if kind not in _REMOTE_WITH_LOCAL)
            notes.append(
                f"bound aaa-authentication-template {number} does not use tacacs-local/radius-local with a group"
            )
    if good:
        return Outcome.passed(good)
    if not templates:
        notes.append("no aaa-authentication-template: logins use local users only")
    return Outcome(False, tuple(offending), tuple(notes), tuple(bound.values()))


# --------------------------------------------------------------------------- routing protocols

_NEIGHBOR = re.compile(r"^neighbor\s+(?P<peer>\S+)\s+(?P<rest>.+)$", _I)


def bgp_neighbor_passwords(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every BGP neighbor has 'password' itself or through its peer-group."""
    peers: dict[str, Node] = {}
    groups_of: dict[str, str] = {}
    with_password: set[str] = set()
    for router in ctx.tree.top("router"):
        if not router.text.lower().startswith("router bgp"):
            continue
        for node in router.walk():
            match = _NEIGHBOR.match(node.text)
            if match is None:
                continue
            peer = match.group("peer").lower()
            words = match.group("rest").lower().split()
            if words[0] == "remote-as":
                peers.setdefault(peer, node)
            elif words[0] == "peer-group" and len(words) > 1:
                groups_of[peer] = words[1]
                peers.setdefault(peer, node)
            elif words[0] == "password":
                with_password.add(peer)
    group_names = set(groups_of.values())
    members = {peer: node for peer, node in peers.items() if peer not in group_names}
    if not members:
        return Outcome.not_applicable("no BGP neighbor configured")
    missing = [
        node
        for peer, node in members.items()
        if peer not in with_password and groups_of.get(peer, "") not in with_password
    ]
    if missing:
        return Outcome(False, (), (f"{len(missing)} BGP neighbor(s) without a password",), tuple(missing))
    return Outcome.passed(list(members.values()))


_PASSIVE = re.compile(r"^passive-interface\s+(?P<name>\S+)(?:\s+(?P<off>disable))?\s*$", _I)
_AREA_MD5 = re.compile(r"^authentication\s+message-digest\b", _I)
_MD5_KEY = re.compile(r"^message-digest-key\s+\d+\s+md5\s+\S", _I)


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


# --------------------------------------------------------------------------- interfaces

_PHYSICAL = re.compile(r"^interface\s+(?P<name>(?:x{0,2}v?gei|[cf]ei|gei|ge|xge)[-_]\d+(?:/\d+)+)\s*$", _I)
_IN_USE = re.compile(
    r"^(?:description|ip\s|ipv6\s|switchport|service-port|smartgroup|vrf|encapsulation|mpls|bind|channel-group|"
    r"lacp|vlan|qinq|name\s|pimsm|isis|ospf)",
    _I,
)


def unused_interfaces_shutdown(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Physical ports that are up ('no shutdown') carry some configuration; unused ones stay shut down.

    ZXROS prints 'no shutdown' only for ports that are up (the default is shutdown); one port may appear
    in several sections (if-intf, MSAN), so its blocks are merged before deciding.
    """
    blocks: dict[str, list[Node]] = {}
    subinterfaces: set[str] = set()
    for node in ctx.tree.top("interface"):
        words = node.text.split()
        if len(words) > 1 and "." in words[1]:
            subinterfaces.add(words[1].split(".")[0].lower())
        if match := _PHYSICAL.match(node.text):
            blocks.setdefault(match.group("name").lower(), []).append(node)
    if not blocks:
        return Outcome.not_applicable("no physical interface")
    bad: list[Node] = []
    for name, nodes in blocks.items():
        children = [c for node in nodes for c in node.children]
        up = [c for c in children if c.text.lower() == "no shutdown"]
        used = name in subinterfaces or any(_IN_USE.match(c.text) for c in children)
        if up and not used:
            bad.extend(up)
    if bad:
        return Outcome.failed(bad, f"{len(bad)} unused port(s) administratively up")
    return Outcome.passed()


CHECKS: Mapping[str, PythonCheck] = {
    "ssh_access_class": ssh_access_class,
    "user_passwords_encrypted": user_passwords_encrypted,
    "aaa_authentication_template": aaa_authentication_template,
    "bgp_neighbor_passwords": bgp_neighbor_passwords,
    "ospf_authentication": ospf_authentication,
    "unused_interfaces_shutdown": unused_interfaces_shutdown,
}
