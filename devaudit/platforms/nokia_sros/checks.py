"""Python checks for Nokia SR OS rules (referenced from YAML as ``sros.<name>``).

The SR OS parser turns classic CLI, MD-CLI braces and flat MD-CLI into the same flat tree: one node per
leaf, its text the path below ``configure`` (``system security telnet-server`` in classic,
``system security telnet-server true`` in MD-CLI). The checks here read that tree through its first-word
indices once per call and build small dictionaries, so they stay linear in the size of the configuration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.engine.regex_cache import compile_pattern
from devaudit.tree import Node

__all__ = ["CHECKS"]

_I = re.IGNORECASE
_NAME = r'(?:"[^"]*"|\S+)'


def _unquote(word: str) -> str:
    return word.strip('"').lower()


def _matching(nodes: Iterable[Node], pattern: re.Pattern[str]) -> list[tuple[Node, re.Match[str]]]:
    return [(node, match) for node in nodes if (match := pattern.match(node.text))]


def _security(ctx: CheckContext) -> list[Node]:
    """Every ``system security ...`` leaf (classic and MD-CLI alike)."""
    return ctx.tree.top_two("system security")


# --------------------------------------------------------------------------- management plane


_MAF = compile_pattern(r"^system security management-access-filter ip-filter\s+(?P<rest>.+?)\s*$", _I)
_ENTRY = compile_pattern(r"^entry\s+(?P<id>\d+)(?:\s+(?P<field>.+))?$", _I)
_PERMIT = frozenset({"permit", "accept"})
_DENY = frozenset({"deny", "drop", "reject", "deny-host-unreachable"})
_MATCH_FIELDS = frozenset(
    {
        "src-ip",
        "dst-ip",
        "protocol",
        "next-header",
        "dst-port",
        "src-port",
        "l4-src-port",
        "router",
        "router-instance",
        "flow-label",
        "fragment",
        "icmp",
    }
)
_ANY_PREFIX = compile_pattern(r"^(?:0\.0\.0\.0/0|::/0|0\.0\.0\.0)$")
# MD-CLI vocabulary: admin-state, accept/drop/reject actions, 'match' containers.
_MAF_MD_CLI = compile_pattern(
    r"^(?:admin-state\s|default-action\s+(?:accept|drop|reject)\b|entry\s+\d+\s+(?:match\s|action\s+(?:accept|drop|reject)\b))"
)
# Ports a management-access-filter entry must not open to every source.
_MGMT_PORTS = frozenset({21, 22, 23, 69, 80, 161, 443, 830, 6030, 57400})


@dataclass
class _MafEntry:
    """One management-access-filter entry, gathered from its leaf lines."""

    number: int
    nodes: list[Node] = field(default_factory=list)
    action: str = ""
    fields: dict[str, str] = field(default_factory=dict)


def _maf_entries(lines: Sequence[tuple[Node, re.Match[str]]]) -> dict[int, _MafEntry]:
    entries: dict[int, _MafEntry] = {}
    for node, match in lines:
        entry = _ENTRY.match(match.group("rest"))
        if entry is None:
            continue
        number = int(entry.group("id"))
        item = entries.setdefault(number, _MafEntry(number))
        item.nodes.append(node)
        words = (entry.group("field") or "").split()
        if words[:1] == ["match"]:
            words = words[1:]
        if not words:
            continue
        key = words[0].lower()
        value = " ".join(words[1:])
        if key == "action":
            item.action = value.split()[0].lower() if value else ""
        elif key in _MATCH_FIELDS:
            item.fields[key] = (item.fields.get(key, "") + " " + value).strip()
    return entries


def _first_port(text: str) -> int | None:
    for word in text.split():
        if word.isdigit():
            return int(word)
    return None


def _opens_management_to_any(entry: _MafEntry) -> bool:
    """A permit entry without a source restriction that reaches management services."""
    if entry.action not in _PERMIT:
        return False
    source = entry.fields.get("src-ip", "").split()
    if source and not any(_ANY_PREFIX.match(word.strip('"')) for word in source):
        return False  # restricted to a prefix or a prefix list
    protocol = entry.fields.get("protocol", entry.fields.get("next-header", "")).split()
    if protocol and protocol[0].lower() not in ("tcp", "udp", "*", "ip", "any"):
        return False  # e.g. icmp, ospf-igp, pim, vrrp: not a management service
    port = _first_port(entry.fields.get("dst-port", ""))
    return port is None or port in _MGMT_PORTS


def management_access_filter(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """An enabled IPv4 management-access-filter that denies by default and admits only known sources."""
    lines = _matching(_security(ctx), _MAF)
    if not lines:
        return Outcome.failed((), "no 'system security management-access-filter ip-filter' (no MAF by default)")
    state: dict[str, list[Node]] = {"disabled": [], "enabled": [], "default": []}
    default_action = ""
    md_cli = False
    for node, match in lines:
        rest = match.group("rest").lower()
        # The last admin statement wins: display-config prints 'shutdown' first and 'no shutdown' last.
        if rest in ("shutdown", "admin-state disable"):
            state["disabled"], state["enabled"] = [node], []
        elif rest in ("no shutdown", "admin-state enable"):
            state["disabled"], state["enabled"] = [], [node]
        elif rest.startswith("default-action "):
            state["default"].append(node)
            default_action = rest.split()[1] if len(rest.split()) > 1 else ""
        if _MAF_MD_CLI.match(rest):
            md_cli = True
    if state["disabled"]:
        return Outcome.failed(state["disabled"], "the management-access-filter ip-filter is shut down")
    if md_cli and not state["enabled"]:
        return Outcome.failed(
            (), "MD-CLI management-access-filter without 'admin-state enable' (MD-CLI default: disable)"
        )
    entries = _maf_entries(lines)
    ordered = [entries[number] for number in sorted(entries)]
    deny_all_last = bool(ordered) and ordered[-1].action in _DENY and not ordered[-1].fields
    if default_action not in _DENY and not deny_all_last:
        what = f"default-action {default_action}" if default_action else "no default-action"
        return Outcome.failed(state["default"], f"{what} and no final deny-all entry: unmatched sources get in")
    open_entries = [entry for entry in ordered if _opens_management_to_any(entry)]
    if open_entries:
        nodes = [node for entry in open_entries for node in entry.nodes]
        numbers = ", ".join(str(entry.number) for entry in open_entries)
        return Outcome.failed(nodes, f"entry {numbers} permits management traffic from any source (no src-ip)")
    return Outcome.passed([*state["enabled"], *state["default"]])


_SSH_SERVER_OFF = compile_pattern(r"^system security ssh (?:server-shutdown|server-admin-state\s+disable)\s*$", _I)
_TELNET_ON = compile_pattern(r"^system security telnet6?-server(?:\s+true)?\s*$", _I)


def management_reachable(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Remote CLI stays possible: an SSH (or Telnet) server runs and an enabled deny-by-default MAF admits something."""
    nodes = _security(ctx)
    ssh_off = [node for node in nodes if _SSH_SERVER_OFF.match(node.text)]
    telnet_on = any(_TELNET_ON.match(node.text) for node in nodes)
    bad: list[Node] = []
    notes: list[str] = []
    if ssh_off and not telnet_on:
        bad.extend(ssh_off)
        notes.append("the SSH server is shut down and Telnet is off: no remote CLI access")
    lines = _matching(nodes, _MAF)
    if lines:
        rests = {match.group("rest").lower(): node for node, match in lines}
        admin = [
            rest for rest in rests if rest in ("shutdown", "no shutdown", "admin-state disable", "admin-state enable")
        ]
        enabled = not admin or admin[-1] in ("no shutdown", "admin-state enable")  # the last one wins
        if any(_MAF_MD_CLI.match(rest) for rest in rests) and not admin:
            enabled = False  # MD-CLI filter left at its default 'disable'
        default_deny = [
            node for rest, node in rests.items() if rest.startswith("default-action ") and rest.split()[-1] in _DENY
        ]
        admits = any(entry.action in _PERMIT for entry in _maf_entries(lines).values())
        if enabled and default_deny and not admits:
            bad.extend(default_deny)
            notes.append("the management-access-filter denies by default and admits nothing: management is cut off")
    if bad:
        return Outcome(False, tuple(bad), tuple(notes))
    return Outcome.passed()


# --------------------------------------------------------------------------- routing protocols

_ROUTER_CTX = r'(?P<ctx>router(?:\s+"?Base"?)?|service vprn\s+"?[^"\s]+"?(?:\s+customer\s+\S+)?(?:\s+create)?)'
_BGP = compile_pattern(r"^" + _ROUTER_CTX + r"\s+bgp(?:\s+(?P<rest>.*))?$", _I)
_BGP_GROUP = compile_pattern(r"^group\s+(?P<group>" + _NAME + r")(?:\s+(?P<rest>.*))?$", _I)
_BGP_NEIGHBOR = compile_pattern(r"^neighbor\s+(?P<peer>" + _NAME + r")(?:\s+(?P<rest>.*))?$", _I)
_BGP_AUTH = compile_pattern(r"^(?:authentication-key|auth-keychain)\s+\S", _I)
_BGP_GROUP_REF = compile_pattern(r"^group\s+(?P<group>" + _NAME + r")\s*$", _I)


@dataclass
class _BgpInstance:
    """Where BGP authentication is set within one routing context."""

    auth: bool = False
    group_auth: set[str] = field(default_factory=set)
    neighbors: dict[str, Node] = field(default_factory=dict)
    neighbor_group: dict[str, str] = field(default_factory=dict)
    neighbor_auth: set[str] = field(default_factory=set)


def _ctx_key(text: str) -> str:
    """One key per routing context: classic 'router', 'router Base' and MD-CLI 'router "Base"' agree."""
    words = text.replace('"', "").lower().split()
    if words == ["router"]:
        return "router base"
    return " ".join(word for word in words if word != "create")


def bgp_authentication(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every BGP neighbor is authenticated (authentication-key or auth-keychain at bgp, group or neighbor)."""
    instances: dict[str, _BgpInstance] = {}
    for word in ("router", "service"):
        for node in ctx.tree.top(word):
            match = _BGP.match(node.text)
            if match is None:
                continue
            inst = instances.setdefault(_ctx_key(match.group("ctx")), _BgpInstance())
            rest = match.group("rest") or ""
            if _BGP_AUTH.match(rest):
                inst.auth = True
                continue
            group = None
            if gmatch := _BGP_GROUP.match(rest):
                group = _unquote(gmatch.group("group"))
                rest = gmatch.group("rest") or ""
                if _BGP_AUTH.match(rest):
                    inst.group_auth.add(group)
                    continue
            if nmatch := _BGP_NEIGHBOR.match(rest):
                peer = _unquote(nmatch.group("peer"))
                inst.neighbors.setdefault(peer, node)
                sub = nmatch.group("rest") or ""
                if group is not None:
                    inst.neighbor_group[peer] = group
                if gref := _BGP_GROUP_REF.match(sub):
                    inst.neighbor_group[peer] = _unquote(gref.group("group"))
                if _BGP_AUTH.match(sub):
                    inst.neighbor_auth.add(peer)
    if not any(inst.neighbors for inst in instances.values()):
        return Outcome.not_applicable("no BGP neighbor configured")
    bad: list[Node] = []
    peers: list[str] = []
    good: list[Node] = []
    for inst in instances.values():
        for peer, node in inst.neighbors.items():
            group = inst.neighbor_group.get(peer, "")
            if inst.auth or peer in inst.neighbor_auth or group in inst.group_auth:
                good.append(node)
            else:
                bad.append(node)
                peers.append(peer)
    if bad:
        # Nothing to negate: the neighbors are right, their authentication is missing (context, not evidence).
        note = "BGP neighbor(s) without authentication: " + ", ".join(peers[:10])
        return Outcome(False, (), (note,), tuple(bad))
    return Outcome.passed(good)


_OSPF_IF = compile_pattern(
    r"^" + _ROUTER_CTX + r"\s+ospf(?:\s+\d+(?:\s+\d+\.\d+\.\d+\.\d+)?)?\s+area\s+(?P<area>\S+)\s+interface\s+"
    r"(?P<ifname>" + _NAME + r")"
    r"(?:\s+(?P<rest>.*))?$",
    _I,
)
_OSPF_AUTH = compile_pattern(r"^(?:authentication-type\s+message-digest|authentication-keychain\s+\S)", _I)
_OSPF_PASSWORD = compile_pattern(r"^authentication-type\s+password\b", _I)
_OSPF_PASSIVE = compile_pattern(r"^(?:passive(?:\s+true)?|interface-type\s+loopback)\s*$", _I)


def ospf_authentication(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every OSPF interface that forms adjacencies uses message-digest (or keychain) authentication."""
    interfaces: dict[tuple[str, str, str], list[Node]] = {}
    authenticated: set[tuple[str, str, str]] = set()
    passive: set[tuple[str, str, str]] = set()
    clear_text: list[Node] = []
    for word in ("router", "service"):
        for node in ctx.tree.top(word):
            match = _OSPF_IF.match(node.text)
            if match is None:
                continue
            key = (_ctx_key(match.group("ctx")), match.group("area"), _unquote(match.group("ifname")))
            interfaces.setdefault(key, []).append(node)
            rest = match.group("rest") or ""
            if _OSPF_AUTH.match(rest):
                authenticated.add(key)
            elif _OSPF_PASSWORD.match(rest):
                clear_text.append(node)
            elif _OSPF_PASSIVE.match(rest):
                passive.add(key)
    if not interfaces:
        return Outcome.not_applicable("no OSPF interface configured")
    notes = ["simple-password authentication sends the key in clear text"] if clear_text else []
    missing = [
        nodes[0]
        for key, nodes in interfaces.items()
        if key not in authenticated and key not in passive and key[2] != "system"
    ]
    if missing:
        notes.append(f"{len(missing)} OSPF interface(s) without message-digest authentication")
    if clear_text or missing:
        return Outcome(False, tuple(clear_text), tuple(notes), tuple(missing))
    checked = [nodes[0] for key, nodes in interfaces.items() if key in authenticated]
    if not checked:
        return Outcome.not_applicable("only passive or system OSPF interfaces")
    return Outcome.passed(checked)


# --------------------------------------------------------------------------- hardening: routing, ports


_LOCAL_AS = compile_pattern(r"^" + _ROUTER_CTX + r"\s+autonomous-system\s+(?P<asn>\d+)\s*$", _I)
_PEER_AS = compile_pattern(r"^peer-as\s+(?P<asn>\d+)\s*$", _I)
_PREFIX_LIMIT = compile_pattern(r"^prefix-limit\s+\S", _I)
_TTL_SECURITY = compile_pattern(r"^ttl-security\b(?!\s+false)", _I)


@dataclass
class _EbgpView:
    """BGP neighbors of one routing context with the per-neighbor/group settings the eBGP rules read."""

    local_as: str = ""
    neighbors: dict[str, Node] = field(default_factory=dict)
    neighbor_group: dict[str, str] = field(default_factory=dict)
    peer_as: dict[str, str] = field(default_factory=dict)  # "g:<group>" / "n:<peer>" -> AS
    settings: dict[str, set[str]] = field(default_factory=dict)  # "g:<group>" / "n:<peer>" / "" -> names


def _ebgp_view(ctx: CheckContext) -> dict[str, _EbgpView]:
    views: dict[str, _EbgpView] = {}
    for word in ("router", "service"):
        for node in ctx.tree.top(word):
            if match := _LOCAL_AS.match(node.text):
                views.setdefault(_ctx_key(match.group("ctx")), _EbgpView()).local_as = match.group("asn")
                continue
            match = _BGP.match(node.text)
            if match is None:
                continue
            view = views.setdefault(_ctx_key(match.group("ctx")), _EbgpView())
            rest = match.group("rest") or ""
            scope_key = ""
            if gmatch := _BGP_GROUP.match(rest):
                group = _unquote(gmatch.group("group"))
                scope_key = "g:" + group
                rest = gmatch.group("rest") or ""
            else:
                group = None
            if nmatch := _BGP_NEIGHBOR.match(rest):
                peer = _unquote(nmatch.group("peer"))
                view.neighbors.setdefault(peer, node)
                scope_key = "n:" + peer
                rest = nmatch.group("rest") or ""
                if group is not None:
                    view.neighbor_group[peer] = group
                if gref := _BGP_GROUP_REF.match(rest):
                    view.neighbor_group[peer] = _unquote(gref.group("group"))
            if pmatch := _PEER_AS.match(rest):
                view.peer_as[scope_key] = pmatch.group("asn")
            elif _PREFIX_LIMIT.match(rest):
                view.settings.setdefault(scope_key, set()).add("prefix-limit")
            elif _TTL_SECURITY.match(rest):
                view.settings.setdefault(scope_key, set()).add("ttl-security")
    return views


def ebgp_neighbor_setting(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every external BGP neighbor has ``setting`` (prefix-limit, ttl-security) at bgp, group or neighbor level.

    A neighbor is external when its peer-as (neighbor or group) differs from the routing context's
    autonomous-system, or when either is unknown. Neighbors and their group are joined across lines.
    """
    setting = str(args["setting"])
    bad: list[Node] = []
    peers: list[str] = []
    good: list[Node] = []
    for view in _ebgp_view(ctx).values():
        for peer, node in view.neighbors.items():
            group = view.neighbor_group.get(peer, "")
            asn = view.peer_as.get("n:" + peer) or view.peer_as.get("g:" + group, "")
            if asn and asn == view.local_as:
                continue  # internal BGP
            scopes = ("", "g:" + group, "n:" + peer)
            if any(setting in view.settings.get(key, set()) for key in scopes):
                good.append(node)
            else:
                bad.append(node)
                peers.append(peer)
    if not bad and not good:
        return Outcome.not_applicable("no external BGP neighbor configured")
    if bad:
        return Outcome(
            False, (), (f"external BGP neighbor(s) without {setting}: " + ", ".join(peers[:10]),), tuple(bad)
        )
    return Outcome.passed(good)


_SERVICE_IF = compile_pattern(
    r"^service\s+(?P<kind>ies|vprn)\s+(?P<svc>" + _NAME + r")(?:\s+customer\s+\S+)?(?:\s+create)?"
    r"\s+interface\s+(?P<ifname>" + _NAME + r")(?:\s+create)?\s+(?P<rest>.+)$",
    _I,
)
_URPF = compile_pattern(r"^(?:ipv[46]\s+)?urpf-check\b(?!\s+false)", _I)


def service_urpf(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every IES/VPRN interface with a SAP (customer-facing) checks unicast reverse-path (urpf-check).

    The SAP and the urpf-check are separate statements of the interface in every syntax, so the
    interface is joined across lines.
    """
    facing: dict[tuple[str, str, str], Node] = {}
    checked: set[tuple[str, str, str]] = set()
    for node, match in _matching(ctx.tree.top("service"), _SERVICE_IF):
        key = (match.group("kind").lower(), _unquote(match.group("svc")), _unquote(match.group("ifname")))
        rest = match.group("rest")
        if rest.lower().startswith("sap "):
            facing.setdefault(key, node)
        elif _URPF.match(rest):
            checked.add(key)
    if not facing:
        return Outcome.not_applicable("no IES or VPRN interface with a SAP")
    missing = [node for key, node in facing.items() if key not in checked]
    if missing:
        names = ", ".join(
            [f"{kind} {svc} interface {name}" for kind, svc, name in facing if (kind, svc, name) not in checked][:10]
        )
        return Outcome(False, (), (f"customer-facing interface(s) without urpf-check: {names}",), tuple(missing))
    return Outcome.passed(list(facing.values()))


_PORT = compile_pattern(r"^port\s+(?P<port>\d+/(?:x\d+/)?\d+/\S+?)(?:\s+(?P<rest>.*))?$", _I)
_PORT_ON = compile_pattern(r"^(?:no shutdown|admin-state\s+enable)\s*$", _I)
_PORT_OFF = compile_pattern(r"^(?:shutdown|admin-state\s+disable)\s*$", _I)
_PORT_REF = compile_pattern(r"(?<![\w/-])(?P<port>\d+/(?:x\d+/)?\d+/(?:c\d+/)?\d+)(?=[:\s\"\]]|$)")
_CONNECTOR = compile_pattern(r"^\d+/(?:x\d+/)?\d+/c\d+$", _I)


def unused_ports(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Physical ports that are enabled but used by no interface, SAP, LAG or other object are shut down.

    A port is used when another statement names it (router interface 'port', 'sap <port>:<vlan>', LAG
    member 'port'); a breakout connector is used when one of its connector ports is. Classic CLI ports
    are shut down by default and MD-CLI ports default to admin-state disable, so only an explicit enable
    counts. Joining a port to its users across the whole configuration needs Python.
    """
    state: dict[str, Node] = {}
    enabled: dict[str, Node] = {}
    for node in ctx.tree.top("port"):
        match = _PORT.match(node.text)
        if match is None:
            continue
        port = match.group("port").lower()
        state.setdefault(port, node)
        rest = match.group("rest") or ""
        if _PORT_ON.match(rest):
            enabled[port] = node
        elif _PORT_OFF.match(rest):
            enabled.pop(port, None)
    if not state:
        return Outcome.not_applicable("no physical port is configured")
    used: set[str] = set()
    for node in ctx.tree.walk():
        if node.text.lower().startswith("port "):
            continue
        used.update(match.group("port").lower() for match in _PORT_REF.finditer(node.text))
    for port in list(enabled):
        if _CONNECTOR.match(port) and any(other.startswith(port + "/") and other in used for other in state):
            used.add(port)
    unused = [node for port, node in enabled.items() if port not in used]
    if unused:
        names = sorted(port for port in enabled if port not in used)
        return Outcome(False, tuple(unused), ("enabled port(s) that nothing uses: " + ", ".join(names[:10]),))
    return Outcome.passed(list(enabled.values()))


CHECKS: Mapping[str, PythonCheck] = {
    "management_access_filter": management_access_filter,
    "management_reachable": management_reachable,
    "bgp_authentication": bgp_authentication,
    "ospf_authentication": ospf_authentication,
    "ebgp_neighbor_setting": ebgp_neighbor_setting,
    "unused_ports": unused_ports,
    "service_urpf": service_urpf,
}
