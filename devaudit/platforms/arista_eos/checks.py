"""Python checks for Arista EOS rules: BGP and IGP protection.

Referenced from YAML as ``eos.<name>``. Each check walks the blocks it needs once and builds its
lookups (peer groups, passive interfaces) before judging anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.engine.regex_cache import compile_pattern
from devaudit.tree import ConfigTree, Node

__all__ = ["CHECKS", "interface_blocks"]

_I = re.IGNORECASE
_ROUTER_BGP = compile_pattern(r"^router bgp\s+(\S+)", _I)
_NEIGHBOR = compile_pattern(r"^neighbor\s+(\S+)\s+(.+?)\s*$", _I)
_PASSIVE = compile_pattern(r"^(no\s+)?passive-interface\s+(\S+)\s*$", _I)
_OSPF_AREA_AUTH = compile_pattern(r"^area\s+\S+\s+authentication(?:\s+message-digest)?\b", _I)
_DIGEST_KEY = compile_pattern(r"^ip ospf message-digest-key\s+\d+\s+(\S+)", _I)
_STRONG_DIGESTS = frozenset({"sha1", "sha256", "sha384", "sha512"})


def interface_blocks(tree: ConfigTree, prefix: str = "") -> list[Node]:
    """Top-level ``interface`` blocks whose name starts with ``prefix`` (case-insensitive)."""
    want = f"interface {prefix}".lower()
    return [node for node in tree.top("interface") if node.text.lower().startswith(want)]


def _child_texts(block: Node) -> list[str]:
    return [child.text.lower() for child in block.children]


@dataclass
class _Peer:
    """The BGP settings of one neighbor or peer group, as printed under 'router bgp'."""

    name: str
    lines: list[Node] = field(default_factory=list)
    group: str = ""
    remote_as: str = ""
    password: bool = False
    ttl: bool = False
    multihop: bool = False
    maximum_routes: Node | None = None


def _bgp_peers(block: Node) -> list[dict[str, _Peer]]:
    """Peers of the global BGP instance and of each 'vrf' sub-block (peer groups are global)."""
    scopes: list[dict[str, _Peer]] = [{}]
    for child in block.children:
        target = scopes[0]
        nodes = [child]
        if child.text.lower().startswith("vrf ") and child.children:
            scopes.append({})
            target = scopes[-1]
            nodes = list(child.children)
        for node in nodes:
            match = _NEIGHBOR.match(node.text)
            if match is None:
                continue
            peer = target.setdefault(match.group(1).lower(), _Peer(match.group(1)))
            peer.lines.append(node)
            words = match.group(2).lower().split()
            if words[:2] == ["peer", "group"] and len(words) == 3:  # 'neighbor <ip> peer group <name>'
                peer.group = words[2]
            elif words[0] == "peer-group" and len(words) == 2:  # older 'neighbor <ip> peer-group <name>'
                peer.group = words[1]
            elif words[0] == "remote-as" and len(words) > 1:
                peer.remote_as = words[1]
            elif words[0] == "password":
                peer.password = True
            elif words[:2] == ["ttl", "maximum-hops"]:
                peer.ttl = True
            elif words[0] == "ebgp-multihop":
                peer.multihop = True
            elif words[0] == "maximum-routes":
                peer.maximum_routes = node
    return scopes


def _setting(peer: _Peer, group: _Peer | None, attr: str) -> Any:
    """A neighbor's own setting, else its peer group's."""
    return getattr(peer, attr) or (getattr(group, attr) if group is not None else None)


def bgp_ebgp_protection(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every eBGP neighbor (directly or through its peer group) has a password, GTSM and a route limit.

    GTSM ('ttl maximum-hops') is required for single-hop peers only; 'maximum-routes 0' removes the
    default limit of 12000 and fails.
    """
    blocks = [n for n in ctx.tree.top("router") if _ROUTER_BGP.match(n.text)]
    if not blocks:
        return Outcome.not_applicable("BGP is not configured")
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    checked: list[Node] = []
    for block in blocks:
        match = _ROUTER_BGP.match(block.text)
        local_as = match.group(1).lower() if match is not None else ""
        scopes = _bgp_peers(block)
        groups = scopes[0]
        for peers in scopes:
            for peer in peers.values():
                group = groups.get(peer.group) if peer.group else None
                remote_as = _setting(peer, group, "remote_as")
                if not remote_as or remote_as == local_as:
                    continue  # a peer-group template or an iBGP session
                checked.extend(peer.lines)
                problems = []
                if not _setting(peer, group, "password"):
                    problems.append("no password")
                if not _setting(peer, group, "ttl") and not _setting(peer, group, "multihop"):
                    problems.append("no ttl maximum-hops")
                limit = _setting(peer, group, "maximum_routes")
                if limit is not None and limit.text.split()[-1] == "0":
                    bad.append(limit)
                    problems.append("maximum-routes 0 removes the route limit")
                if problems:
                    context.append(peer.lines[0])
                    notes.append(f"eBGP neighbor {peer.name} (AS {remote_as}): {', '.join(problems)}")
    if not checked:
        return Outcome.not_applicable("no eBGP neighbor")
    if notes:
        return Outcome(False, tuple(dict.fromkeys(bad)), tuple(notes), tuple(context))
    return Outcome.passed(checked)


def _passive(block: Node) -> tuple[bool, set[str], set[str]]:
    default = False
    passive: set[str] = set()
    active: set[str] = set()
    for child in block.children:
        low = child.text.lower()
        if low == "passive-interface default":
            default = True
        elif (match := _PASSIVE.match(child.text)) is not None:
            (active if match.group(1) else passive).add(match.group(2).lower())
    return default, passive, active


def routing_protocol_auth(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every non-passive OSPF interface authenticates with a SHA digest; IS-IS interfaces with SHA.

    OSPF: 'ip ospf authentication message-digest' (or area authentication under 'router ospf') plus an
    'ip ospf message-digest-key <n> sha1|sha256|sha384|sha512'. IS-IS: 'isis authentication mode sha'
    on the interface or 'authentication mode sha' under 'router isis'.
    """
    tree = ctx.tree
    routers = tree.top("router")
    ospf = [n for n in routers if n.text.lower().startswith("router ospf ")]
    isis = [n for n in routers if n.text.lower().startswith("router isis ")]
    if not ospf and not isis:
        return Outcome.not_applicable("neither OSPF nor IS-IS is configured")
    passive_default = False
    passive: set[str] = set()
    active: set[str] = set()
    area_auth = False
    for block in ospf:
        default, names, actives = _passive(block)
        passive_default = passive_default or default
        passive |= names
        active |= actives
        area_auth = area_auth or any(_OSPF_AREA_AUTH.match(c.text) for c in block.children)
    isis_sha = any(c.text.lower().startswith("authentication mode sha") for block in isis for c in block.walk())
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    for block in interface_blocks(tree):
        name = block.text.split(None, 1)[1].lower() if " " in block.text else ""
        texts = _child_texts(block)
        runs_ospf = bool(ospf) and any(t.startswith(("ip ospf area", "ip ospf network")) for t in texts)
        is_passive = name in passive or (passive_default and name not in active)
        if runs_ospf and not is_passive and not name.startswith("loopback"):
            keys = [c for c in block.children if _DIGEST_KEY.match(c.text)]
            weak = [c for c in keys if (m := _DIGEST_KEY.match(c.text)) and m.group(1).lower() not in _STRONG_DIGESTS]
            enabled = area_auth or "ip ospf authentication message-digest" in texts
            if weak:
                bad.extend(weak)
                notes.append(f"{block.text}: OSPF digest key is not SHA")
            elif not enabled or not keys:
                context.append(block)
                notes.append(f"{block.text}: OSPF adjacency without SHA message-digest authentication")
            else:
                good.append(block)
        runs_isis = bool(isis) and any(t.startswith("isis enable") for t in texts)
        passive_isis = "isis passive" in texts
        if runs_isis and not passive_isis and not name.startswith("loopback"):
            modes = [c for c in block.children if c.text.lower().startswith("isis authentication mode")]
            if any("sha" not in c.text.lower() for c in modes):
                bad.extend(c for c in modes if "sha" not in c.text.lower())
                notes.append(f"{block.text}: IS-IS authentication is not SHA")
            elif not modes and not isis_sha:
                context.append(block)
                notes.append(f"{block.text}: IS-IS adjacency without SHA authentication")
            else:
                good.append(block)
    if notes:
        return Outcome(False, tuple(bad), tuple(notes), tuple(context))
    if not good:
        return Outcome.not_applicable("no interface forms an OSPF or IS-IS adjacency")
    return Outcome.passed(good)


CHECKS: Mapping[str, PythonCheck] = {
    "bgp_ebgp_protection": bgp_ebgp_protection,
    "routing_protocol_auth": routing_protocol_auth,
}
