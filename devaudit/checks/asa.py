"""Python checks for Cisco ASA rules: management access lines, idle timeouts, AAA, untrusted interfaces.

Referenced from YAML as ``asa.<name>``. ASA management access is a set of top-level lines
(``ssh|http|telnet <address> <mask> <nameif>``); every check builds its lookups once per call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.engine.roles import roles_for
from devaudit.tree import ConfigTree, Node

__all__ = ["CHECKS", "access_lines", "untrusted_interfaces"]

_I = re.IGNORECASE
# ``<service> <address> <mask> <nameif>`` (the address may be a 'names' alias) or ``<service> <ipv6>/<len> <nameif>``.
_ACCESS = re.compile(
    r"^(ssh|http|telnet)\s+(\S+\s+\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:.]*:[0-9a-f:.]*/\d{1,3}|any[46]?)\s+(\S+)\s*$", _I
)
_TIMEOUT = re.compile(r"^(ssh|telnet|console) timeout\s+(\d+)\b", _I)
_AAA_AUTH = re.compile(r"^aaa authentication\s+(\S+)\s+console\s+(.+?)\s*$", _I)
_AAA_GROUP = re.compile(r"^aaa-server\s+(\S+)\s+protocol\s+(\S+)", _I)
_AAA_HOST = re.compile(r"^aaa-server\s+(\S+)\s+(?:\(\S+\)\s+)?host\s+\S+", _I)
_NAMEIF = re.compile(r"^nameif\s+(\S+)\s*$", _I)
_LEVEL = re.compile(r"^security-level\s+(\d+)\s*$", _I)
_FIRST_WORD = re.compile(r"\^?([\w-]+)")
_REMOTE_PROTOCOLS = frozenset({"tacacs+", "radius"})
_DEFAULT_TIMEOUTS = {"ssh": 5, "telnet": 5, "console": 0}  # minutes; console 0 = never


def access_lines(tree: ConfigTree, service: str) -> list[Node]:
    """The ``<service> <address> <mask> <nameif>`` management access lines of one service."""
    return [node for node in tree.top(service) if _ACCESS.match(node.text)]


def untrusted_interfaces(tree: ConfigTree, max_level: int = 0) -> dict[str, Node]:
    """``nameif`` -> interface block for named interfaces whose security level is at most ``max_level``.

    An interface without a ``security-level`` line has the ASA default: 100 for ``inside``, 0 otherwise.
    """
    out: dict[str, Node] = {}
    for block in tree.top("interface"):
        name = ""
        level: int | None = None
        for child in block.children:
            if (match := _NAMEIF.match(child.text)) is not None:
                name = match.group(1)
            elif (match := _LEVEL.match(child.text)) is not None:
                level = int(match.group(1))
        if not name:
            continue
        if level is None:
            level = 100 if name.lower() == "inside" else 0
        if level <= max_level:
            out[name] = block
    return out


def idle_timeouts(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """SSH, console and (with Telnet access lines) Telnet idle timeouts between 1 and ``max_minutes``."""
    limit = int(args.get("max_minutes", 10))
    tree = ctx.tree
    seen: dict[str, tuple[Node, int]] = {}
    for word in ("ssh", "telnet", "console"):
        for line in tree.top(word):
            match = _TIMEOUT.match(line.text)
            if match is not None:
                seen[match.group(1).lower()] = (line, int(match.group(2)))
    checked = ["ssh", "console"] + (["telnet"] if access_lines(tree, "telnet") else [])
    bad: list[Node] = []
    good: list[Node] = []
    notes: list[str] = []
    for service in checked:
        node, minutes = seen.get(service, (None, _DEFAULT_TIMEOUTS[service]))
        if 0 < minutes <= limit:
            if node is not None:
                good.append(node)
            continue
        if node is not None:
            bad.append(node)
        shown = "never" if minutes == 0 else f"{minutes} min"
        source = "" if node is not None else " (default, not printed)"
        notes.append(f"{service} timeout {shown}{source}; expected 1..{limit} min")
    if notes:
        return Outcome(False, tuple(bad), tuple(notes))
    return Outcome.passed(good)


def _aaa_groups(tree: ConfigTree) -> tuple[dict[str, str], dict[str, list[Node]]]:
    protocols: dict[str, str] = {}
    hosts: dict[str, list[Node]] = {}
    for node in tree.top("aaa-server"):
        if (match := _AAA_GROUP.match(node.text)) is not None:
            protocols[match.group(1).lower()] = match.group(2).lower()
        elif (match := _AAA_HOST.match(node.text)) is not None:
            hosts.setdefault(match.group(1).lower(), []).append(node)
    return protocols, hosts


def _auth_lists(tree: ConfigTree) -> dict[str, Node]:
    lists: dict[str, Node] = {}
    for node in tree.top("aaa"):
        match = _AAA_AUTH.match(node.text)
        if match is not None:
            lists[match.group(1).lower()] = node
    return lists


def _service_enabled(tree: ConfigTree, service: str) -> bool:
    if service == "http":
        served = any(n.text.lower().startswith("http server enable") for n in tree.top("http"))
        return served and bool(access_lines(tree, "http"))
    if service in ("ssh", "telnet"):
        return bool(access_lines(tree, service))
    return True


def aaa_remote_login(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """``aaa authentication <service> console <group> [LOCAL]`` with a TACACS+/RADIUS group, per service.

    ``require`` lists services that always need it, ``if_enabled`` services that need it only when
    their management access is enabled; ``local_fallback: true`` also demands ``LOCAL`` at the end.
    """
    tree = ctx.tree
    protocols, _ = _aaa_groups(tree)
    lists = _auth_lists(tree)
    fallback = bool(args.get("local_fallback", False))
    services = [str(s).lower() for s in args.get("require", ["ssh"])]
    services += [str(s).lower() for s in args.get("if_enabled", []) if _service_enabled(tree, str(s).lower())]
    if not services:
        return Outcome.not_applicable("none of the management services is enabled")
    bad: list[Node] = []
    good: list[Node] = []
    notes: list[str] = []
    for service in services:
        node = lists.get(service)
        if node is None:
            notes.append(f"no 'aaa authentication {service} console <group>' (local passwords only)")
            continue
        match = _AAA_AUTH.match(node.text)
        methods = match.group(2).split() if match is not None else []
        group = methods[0] if methods else ""
        if group.upper() == "LOCAL" or protocols.get(group.lower()) not in _REMOTE_PROTOCOLS:
            bad.append(node)
            notes.append(f"line {node.line}: {group} is not a TACACS+/RADIUS aaa-server group")
        elif fallback and methods[-1].upper() != "LOCAL":
            bad.append(node)
            notes.append(f"line {node.line}: no LOCAL fallback after {group}")
        else:
            good.append(node)
    if notes:
        return Outcome(False, tuple(bad), tuple(notes))
    return Outcome.passed(good)


def aaa_server_redundancy(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """The server group used for SSH logins has at least ``min_servers`` hosts."""
    minimum = int(args.get("min_servers", 2))
    tree = ctx.tree
    protocols, hosts = _aaa_groups(tree)
    node = _auth_lists(tree).get("ssh")
    if node is None:
        return Outcome.not_applicable("no 'aaa authentication ssh console' (see ASA-AAA-001)")
    match = _AAA_AUTH.match(node.text)
    group = match.group(2).split()[0] if match is not None else ""
    if protocols.get(group.lower()) not in _REMOTE_PROTOCOLS:
        return Outcome.not_applicable(f"SSH logins do not use a TACACS+/RADIUS group ({group})")
    servers = hosts.get(group.lower(), [])
    if len(servers) < minimum:
        note = f"group {group} has {len(servers)} server(s); expected at least {minimum}"
        return Outcome(False, (), (note,), (node, *servers))
    return Outcome.passed([node, *servers])


def untrusted_interface_lines(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Per untrusted interface (security level <= ``max_level``, or inferred external): ``require`` and
    ``forbid`` top-level lines.

    Patterns are regular expressions in which ``{nameif}`` stands for the interface's escaped nameif,
    e.g. ``^ip verify reverse-path interface {nameif}$``.
    """
    tree = ctx.tree
    max_level = int(args.get("max_level", 0))
    untrusted = untrusted_interfaces(tree, max_level)
    # Interfaces that face the outside by other evidence (an outside nameif at a higher level, the default
    # route, an inbound ACL named for the outside; see devaudit.engine.roles) are untrusted too.
    roles = roles_for(ctx)
    for name, block in list(untrusted.items()):
        declared = roles.of_node(block)
        if declared is not None and declared.declared and declared.role != "external":
            del untrusted[name]  # the inventory says this interface does not face the outside
    for item in roles.external():
        node = item.node
        if node is None:
            continue
        nameif = next((m.group(1) for c in node.children if (m := _NAMEIF.match(c.text)) is not None), None)
        if nameif is not None:
            untrusted.setdefault(nameif, node)
    if not untrusted:
        return Outcome.not_applicable(f"no named interface at security level <= {max_level} (none untrusted)")
    require = [str(p) for p in args.get("require", [])]
    forbid = [str(p) for p in args.get("forbid", [])]
    words = {match.group(1).lower() for p in (*require, *forbid) if (match := _FIRST_WORD.match(p))}
    pool = [node for word in sorted(words) for node in tree.top(word)]
    bad: list[Node] = []
    good: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    for name, block in untrusted.items():
        escaped = re.escape(name)
        for template in require:
            regex = re.compile(template.replace("{nameif}", escaped), _I)
            found = [n for n in pool if regex.search(n.text)]
            if found:
                good.extend(found)
            else:
                context.append(block)
                notes.append(f"interface {name}")
        for template in forbid:
            regex = re.compile(template.replace("{nameif}", escaped), _I)
            found = [n for n in pool if regex.search(n.text)]
            if found:
                bad.extend(found)
                notes.append(f"interface {name}: {found[0].text!r} is not allowed on an untrusted interface")
    if notes:
        return Outcome(False, tuple(bad), tuple(dict.fromkeys(notes)), tuple(context))
    return Outcome.passed(good)


CHECKS: Mapping[str, PythonCheck] = {
    "idle_timeouts": idle_timeouts,
    "aaa_remote_login": aaa_remote_login,
    "aaa_server_redundancy": aaa_server_redundancy,
    "untrusted_interface_lines": untrusted_interface_lines,
}
