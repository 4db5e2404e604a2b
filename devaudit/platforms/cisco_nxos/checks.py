"""Python checks for Cisco NX-OS rules: what the rule language cannot express on NX-OS configs.

Referenced from YAML as ``nxos.<name>``. Each check indexes the tree once per call (first-word indices,
one pass over a block list) and never rescans the whole configuration per block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck, capped
from devaudit.engine.regex_cache import compile_pattern
from devaudit.platforms.cisco_ios.checks import (
    acl_entries,
)
from devaudit.tree import Node

__all__ = ["CHECKS"]

_I = re.IGNORECASE


def _is_shutdown(block: Node) -> bool:
    return any(child.text.lower() == "shutdown" for child in block.children)


# --------------------------------------------------------------------------- management plane

_ACCESS_CLASS = compile_pattern(r"^access-class\s+(\S+)\s+in\b", _I)


_PERMIT = compile_pattern(r"^(?:\d+\s+)?permit\b", _I)
_LOGIN_GROUP = compile_pattern(r"^aaa authentication login (?:default|console) group\s", _I)
_LOCAL_USER = compile_pattern(r"^username\s+\S+\s+password\s", _I)


def management_reachable(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """SSH (or Telnet) stays enabled, the VTY ACL admits someone, and AAA logins keep a local account."""
    tree = ctx.tree
    bad: list[Node] = []
    notes: list[str] = []
    ssh_off = [n for n in tree.top("no") if n.text.lower().split() == ["no", "feature", "ssh"]]
    telnet_on = any(n.text.lower().split() == ["feature", "telnet"] for n in tree.top("feature"))
    if ssh_off and not telnet_on:
        bad.extend(ssh_off)
        notes.append("SSH is disabled and Telnet is off: no remote CLI access")
    for vty in tree.top("line"):
        if vty.text.lower().split()[:2] != ["line", "vty"]:
            continue
        for node in vty.children:
            match = _ACCESS_CLASS.match(node.text)
            entries = acl_entries(tree, match.group(1)) if match else None
            if match and entries is not None and not any(_PERMIT.match(e.text) for e in entries):
                bad.append(node)
                notes.append(f"line {node.line}: ACL {match.group(1)} permits nothing: every VTY login is refused")
    groups = [n for n in tree.top("aaa") if _LOGIN_GROUP.match(n.text)]
    if groups and not any(_LOCAL_USER.match(n.text) for n in tree.top("username")):
        notes.append("AAA logins fall back to local users, but no local account with a password exists")
    if notes:
        return Outcome(False, tuple(bad), tuple(notes), tuple(groups))
    return Outcome.passed()


# --------------------------------------------------------------------------- SNMP


# --------------------------------------------------------------------------- logging and time


_JOB = compile_pattern(r"^scheduler job name\s+(\S+)", _I)
_SCHEDULE = compile_pattern(r"^scheduler schedule name\s+\S+", _I)
_SCHEDULE_JOB = compile_pattern(r"^job name\s+(\S+)", _I)
_SCHEDULE_TIME = compile_pattern(r"^time\s+\S+", _I)
_SECURE_COPY = compile_pattern(
    r"^(?:action\s+\S+\s+cli\s+(?:command\s+)?\"?)?copy running-config\s+(?:scp|sftp)://", _I
)
_CLEAR_COPY = compile_pattern(r"^(?:action\s+\S+\s+cli\s+(?:command\s+)?\"?)?copy running-config\s+(?:tftp|ftp)://", _I)
_APPLET = compile_pattern(r"^event manager applet\s+\S+", _I)


def backup_scheduled(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """A scheduled job (or EEM applet) copies the running config off the box over SCP/SFTP, never TFTP/FTP."""
    roots = ctx.tree.roots
    jobs: dict[str, list[Node]] = {}
    job_heads: dict[str, Node] = {}
    index = 0
    while index < len(roots):
        node = roots[index]
        match = _JOB.match(node.text)
        index += 1
        if match is None:
            continue
        name = match.group(1).lower()
        body = list(node.children)
        # NX-OS prints the job's commands unindented and closes the job with 'end-job'.
        while index < len(roots) and not _JOB.match(roots[index].text):
            nxt = roots[index]
            index += 1
            if nxt.text.lower() == "end-job":
                break
            body.append(nxt)
        jobs[name] = [c for c in body if c.text.lower() != "end-job"]
        job_heads[name] = node
    scheduled: set[str] = set()
    for node in ctx.tree.top("scheduler"):
        if _SCHEDULE.match(node.text):
            names = {m.group(1).lower() for c in node.children if (m := _SCHEDULE_JOB.match(c.text))}
            if any(_SCHEDULE_TIME.match(c.text) for c in node.children):
                scheduled |= names
    cleartext = [c for body in jobs.values() for c in body if _CLEAR_COPY.match(c.text)]
    applet_copies: list[Node] = []
    for node in ctx.tree.top("event"):
        if _APPLET.match(node.text):
            cleartext.extend(c for c in node.children if _CLEAR_COPY.match(c.text))
            applet_copies.extend(c for c in node.children if _SECURE_COPY.match(c.text))
    if cleartext:
        return Outcome.failed(cleartext, "configuration copied off the box over cleartext TFTP/FTP")
    secure = [c for name, body in jobs.items() if name in scheduled for c in body if _SECURE_COPY.match(c.text)]
    if secure or applet_copies:
        return Outcome.passed([*secure, *applet_copies])
    unscheduled = [job_heads[name] for name in jobs if name not in scheduled]
    note = "no scheduled job or EEM applet copies the running config over SCP/SFTP"
    return Outcome(False, (), (note,), tuple(unscheduled))


# --------------------------------------------------------------------------- control plane

_IF_OSPF = compile_pattern(r"^ip router ospf\s+(\S+)\s+area\s+(\S+)", _I)
_OSPF_ROUTER = compile_pattern(r"^router ospf\s+(\S+)", _I)
_AREA_MD = compile_pattern(r"^area\s+(\S+)\s+authentication\s+message-digest\b", _I)
_IF_MD_MODE = compile_pattern(r"^ip ospf authentication\s+message-digest\b", _I)
_IF_KEYCHAIN = compile_pattern(r"^ip ospf authentication\s+key-chain\s+\S+", _I)
_IF_MD_KEY = compile_pattern(r"^ip ospf message-digest-key\s+\d+\s+md5\s+", _I)
_IF_CLEAR = compile_pattern(r"^ip ospf (?:authentication(?:\s+null)?\s*$|authentication-key\b)", _I)


def _area_key(area: str) -> str:
    """'0' and '0.0.0.0' name the same OSPF area."""
    if area.isdigit():
        value = int(area)
        return ".".join(str((value >> shift) & 255) for shift in (24, 16, 8, 0))
    return area.lower()


def ospf_authenticated(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every OSPF interface is passive or uses MD5/key-chain authentication; adjacency changes are logged."""
    tree = ctx.tree
    routers: dict[str, Node] = {}
    md_areas: dict[str, set[str]] = {}
    passive_default: set[str] = set()
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    for node in tree.top("router"):
        match = _OSPF_ROUTER.match(node.text)
        if match is None:
            continue
        tag = match.group(1).lower()
        routers[tag] = node
        md_areas[tag] = {_area_key(m.group(1)) for c in node.children if (m := _AREA_MD.match(c.text))}
        if any(c.text.lower() == "passive-interface default" for c in node.children):
            passive_default.add(tag)
        if not any(c.text.lower().startswith("log-adjacency-changes") for c in node.children):
            context.append(node)
            notes.append(f"line {node.line}: no log-adjacency-changes")
    checked: list[Node] = []
    for node in tree.top("interface"):
        ospf = [(c, m) for c in node.children if (m := _IF_OSPF.match(c.text))]
        if not ospf or _is_shutdown(node):
            continue
        line, match = ospf[0]
        checked.append(line)
        texts = [c.text.lower() for c in node.children]
        tag, area = match.group(1).lower(), _area_key(match.group(2))
        passive = "ip ospf passive-interface" in texts or (
            tag in passive_default and "no ip ospf passive-interface" not in texts
        )
        cleartext = [c for c in node.children if _IF_CLEAR.match(c.text)]
        md_mode = any(_IF_MD_MODE.match(c.text) for c in node.children) or area in md_areas.get(tag, set())
        keyed = any(_IF_KEYCHAIN.match(c.text) or _IF_MD_KEY.match(c.text) for c in node.children)
        if cleartext:
            bad.extend(cleartext)
            notes.append(f"{node.text}: cleartext OSPF authentication")
        elif not passive and not (md_mode and keyed):
            context.append(node)
            notes.append(f"{node.text}: OSPF interface neither passive nor MD5/key-chain authenticated")
    if not routers and not checked:
        return Outcome.not_applicable("OSPF is not configured")
    if notes:
        return Outcome(False, tuple(bad), tuple(notes), tuple(context))
    return Outcome.passed(checked)


_BGP_ROUTER = compile_pattern(r"^router bgp\s+(\S+)", _I)
_NEIGHBOR = compile_pattern(r"^neighbor\s+(\S+)(?:\s+remote-as\s+(\S+))?", _I)
_TEMPLATE = compile_pattern(r"^template peer\s+(\S+)", _I)
_REMOTE_AS = compile_pattern(r"^remote-as\s+(\S+)", _I)
_INHERIT = compile_pattern(r"^inherit peer\s+(\S+)", _I)
_PASSWORD = compile_pattern(r"^password\s+(?:\d\s+)?\S+", _I)
_INBOUND = compile_pattern(r"^(?:prefix-list|route-map|filter-list)\s+\S+\s+in\b", _I)
_MAX_PREFIX = compile_pattern(r"^maximum-prefix\s+\d+", _I)


def _bgp_peer_blocks(router: Node) -> tuple[list[Node], dict[str, Node]]:
    """Neighbor blocks (including those under 'vrf') and peer templates of one 'router bgp'."""
    neighbors: list[Node] = []
    templates: dict[str, Node] = {}
    for child in router.children:
        low = child.text.lower()
        if low.startswith("neighbor "):
            neighbors.append(child)
        elif low.startswith("vrf "):
            neighbors.extend(c for c in child.children if c.text.lower().startswith("neighbor "))
        elif (m := _TEMPLATE.match(child.text)) is not None:
            templates[m.group(1).lower()] = child
    return neighbors, templates


def bgp_neighbors_hardened(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every active BGP neighbor: password, neighbor logging, maximum-prefix per AF; eBGP: inbound filter."""
    bad_context: list[Node] = []
    notes: list[str] = []
    checked: list[Node] = []
    routers = [(n, m.group(1)) for n in ctx.tree.top("router") if (m := _BGP_ROUTER.match(n.text))]
    if not routers:
        return Outcome.not_applicable("BGP is not configured")
    for router, local_as in routers:
        router_logs = any(c.text.lower() == "log-neighbor-changes" for c in router.children)
        neighbors, templates = _bgp_peer_blocks(router)
        for neighbor in neighbors:
            if _is_shutdown(neighbor):
                continue
            match = _NEIGHBOR.match(neighbor.text)
            if match is None:
                continue
            checked.append(neighbor)
            chain = [neighbor]
            for child in neighbor.children:
                inherit = _INHERIT.match(child.text)
                if inherit and inherit.group(1).lower() in templates:
                    chain.append(templates[inherit.group(1).lower()])
            children = [c for block in chain for c in block.children]
            remote_as = match.group(2) or next((m.group(1) for c in children if (m := _REMOTE_AS.match(c.text))), "")
            ebgp = bool(remote_as) and remote_as != local_as and remote_as.lower() != "route-map"
            problems: list[str] = []
            if not any(_PASSWORD.match(c.text) for c in children):
                problems.append("no password")
            if not router_logs and not any(c.text.lower() == "log-neighbor-changes" for c in children):
                problems.append("no log-neighbor-changes")
            families = [c for c in children if c.text.lower().startswith("address-family ")]
            for family in families:
                if not any(_MAX_PREFIX.match(c.text) for c in family.children):
                    problems.append(f"{family.text}: no maximum-prefix")
                if ebgp and not any(_INBOUND.match(c.text) for c in family.children):
                    problems.append(f"{family.text}: eBGP without an inbound prefix-list/route-map")
            if problems:
                bad_context.append(neighbor)
                notes.append(f"line {neighbor.line} {neighbor.text}: {', '.join(problems)}")
    if notes:
        return Outcome(False, (), tuple(notes), tuple(bad_context))
    if not checked:
        return Outcome.not_applicable("no active BGP neighbor")
    return Outcome.passed(checked)


_HSRP_GROUP = compile_pattern(r"^hsrp\s+\d+", _I)
_HSRP_MD5 = compile_pattern(r"^authentication\s+md5\s+(?:key-chain|key-string)\s+\S+", _I)
_HSRP_AUTH = compile_pattern(r"^authentication\b", _I)
_IF_EIGRP = compile_pattern(r"^ip router eigrp\s+(\S+)", _I)
_EIGRP_ROUTER = compile_pattern(r"^router eigrp\s+(\S+)", _I)


def fhrp_eigrp_authenticated(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """HSRP groups use version 2 with MD5 authentication; EIGRP interfaces use MD5 key-chain authentication."""
    tree = ctx.tree
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    checked: list[Node] = []
    eigrp_router_auth: set[str] = set()
    for node in tree.top("router"):
        match = _EIGRP_ROUTER.match(node.text)
        if match is None:
            continue
        body = " ".join(c.text.lower() for c in node.walk())
        if "authentication mode md5" in body and "authentication key-chain" in body:
            eigrp_router_auth.add(match.group(1).lower())
    # HSRP groups and EIGRP interface lines come from the shared first-word index.
    for group in tree.anywhere("hsrp"):
        interface = group.parent
        if interface is None or not _HSRP_GROUP.match(group.text) or _is_shutdown(interface):
            continue
        checked.append(group)
        auth = [c for c in group.children if _HSRP_AUTH.match(c.text)]
        weak = [c for c in auth if not _HSRP_MD5.match(c.text)]
        if weak:
            bad.extend(weak)
            notes.append(f"{interface.text} {group.text}: cleartext HSRP authentication")
        elif not auth:
            context.append(group)
            notes.append(f"{interface.text} {group.text}: no HSRP authentication")
        elif not any(c.text.lower() == "hsrp version 2" for c in interface.children):
            context.append(interface)
            notes.append(f"{interface.text}: MD5 HSRP authentication needs 'hsrp version 2'")
    for line in tree.anywhere("ip"):
        match = _IF_EIGRP.match(line.text)
        interface = line.parent
        if match is None or interface is None or _is_shutdown(interface):
            continue
        tag = match.group(1).lower()
        checked.append(interface)
        texts = [c.text.lower() for c in interface.children]
        passive = f"ip passive-interface eigrp {tag}" in texts
        mode = any(t.startswith(f"ip authentication mode eigrp {tag} md5") for t in texts)
        chain = any(t.startswith(f"ip authentication key-chain eigrp {tag} ") for t in texts)
        if not passive and not (mode and chain) and tag not in eigrp_router_auth:
            context.append(interface)
            notes.append(f"{interface.text}: EIGRP {tag} without MD5 key-chain authentication")
    if not checked:
        return Outcome.not_applicable("no HSRP group or EIGRP interface")
    if notes:
        return Outcome(False, tuple(bad), capped(notes), tuple(context))
    return Outcome.passed(checked)


# --------------------------------------------------------------------------- interfaces (one pass each)


CHECKS: Mapping[str, PythonCheck] = {
    "management_reachable": management_reachable,
    "backup_scheduled": backup_scheduled,
    "ospf_authenticated": ospf_authenticated,
    "bgp_neighbors_hardened": bgp_neighbors_hardened,
    "fhrp_eigrp_authenticated": fhrp_eigrp_authenticated,
}
