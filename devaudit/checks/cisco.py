"""Python checks for Cisco-syntax rules (IOS, NX-OS, XR, ASA, EOS): ACL contents, AAA method lists.

Referenced from YAML as ``cisco.<name>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.tree import ConfigTree, Node

__all__ = ["CHECKS", "acl_entries", "acl_permits_any"]

_I = re.IGNORECASE
_NAMED_ACL = re.compile(r"^(?:ip|ipv4|ipv6) access-list\s+(?:(?:standard|extended|resequence)\s+)?(\S+)", _I)
_NUMBERED = re.compile(r"^access-list\s+(\S+)\s+(.*)$", _I)
_PERMIT_ANY = re.compile(
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
        if word == "view" or word == "ipv6":
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


_LOGIN_LIST = re.compile(r"^aaa authentication login\s+(\S+)\s+(.+)$", _I)
_ENABLE_LIST = re.compile(r"^aaa authentication enable\s+default\s+(.+)$", _I)
_LOGIN_AUTH = re.compile(r"^login authentication\s+(\S+)", _I)


def _group_then_local(methods: str) -> bool:
    words = methods.lower().split()
    return len(words) >= 3 and words[0] == "group" and words[-1] == "local"


def ios_aaa_login_group_local(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """aaa new-model; the vty login list starts with a server group and ends with local; group enable list."""
    tree = ctx.tree
    new_model = [n for n in tree.top("aaa") if n.text.lower() == "aaa new-model"]
    if not new_model:
        return Outcome.failed((), "no 'aaa new-model' (IOS default: line passwords only)")
    lists: dict[str, Node] = {}
    for node in tree.top("aaa"):
        match = _LOGIN_LIST.match(node.text)
        if match:
            lists[match.group(1).lower()] = node
    vtys = [n for n in tree.top("line") if n.text.lower().startswith("line vty")]
    used: set[str] = set()
    for vty in vtys:
        names = [m.group(1).lower() for c in vty.children if (m := _LOGIN_AUTH.match(c.text))]
        used.add(names[0] if names else "default")
    bad: list[Node] = []
    notes: list[str] = []
    for name in sorted(used or {"default"}):
        listed = lists.get(name)
        if listed is None:
            notes.append(f"vty login list {name!r} is not defined")
            continue
        match = _LOGIN_LIST.match(listed.text)
        if match is None or not _group_then_local(match.group(2)):
            bad.append(listed)
            notes.append(f"login list {name!r} must start with a server group and end with local")
    enable = [n for n in tree.top("aaa") if (m := _ENABLE_LIST.match(n.text))]
    enable_ok = [n for n in enable if n.text.lower().split()[4:5] == ["group"]]
    if not enable_ok:
        bad.extend(enable)
        notes.append("no 'aaa authentication enable default group <grp> enable'")
    if notes:
        return Outcome(False, tuple(bad), tuple(notes))
    return Outcome.passed([*new_model, *(lists[n] for n in used if n in lists), *enable_ok])


CHECKS: Mapping[str, PythonCheck] = {
    "access_class_restricted": access_class_restricted,
    "snmp_communities_acl": snmp_communities_acl,
    "ios_aaa_login_group_local": ios_aaa_login_group_local,
}
