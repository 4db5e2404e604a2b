"""Python checks for Cisco IOS XR rules: key-chain lifetimes, IGP and BGP authentication, AAA server groups,
privileged users and the management lockout guard.

Referenced from YAML as ``xr.<name>``. XR sessions take their line settings from 'line default' unless a
'vty-pool ... line-template X' points them at a template; ``vty_line_configs`` resolves that once per call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.engine.regex_cache import compile_pattern
from devaudit.platforms.cisco_ios.checks import (
    acl_entries,
)
from devaudit.tree import ConfigTree, Node

__all__ = ["CHECKS", "vty_line_configs"]

_I = re.IGNORECASE


def _first(node: Node, word: str) -> bool:
    text = node.text
    size = len(word)
    return text[:size].lower() == word and text[size : size + 1] in ("", " ")


def _children(node: Node, word: str) -> list[Node]:
    """Children of ``node`` whose first word is ``word`` (lower case)."""
    return [c for c in node.children if _first(c, word)]


# --------------------------------------------------------------------------- line configurations

_POOL = compile_pattern(r"^vty-pool\s+(\S+)\s+\d+\s+\d+(?:\s+line-template\s+(\S+))?", _I)


def _line_blocks(tree: ConfigTree) -> tuple[Node | None, dict[str, Node]]:
    """'line console' and the line configurations by name ('default' = 'line default')."""
    console: Node | None = None
    configs: dict[str, Node] = {}
    for node in tree.top("line"):
        words = node.text.split()
        kind = words[1].lower() if len(words) > 1 else ""
        if kind == "console":
            console = node
        elif kind == "default" and len(words) == 2:
            configs["default"] = node
        elif kind == "template" and len(words) >= 3:
            configs.setdefault(words[2].lower(), node)
    return console, configs


def vty_line_configs(tree: ConfigTree) -> list[tuple[str, Node | None]]:
    """(name, block) of every line configuration a VTY pool uses; block is None when not configured.

    The default pool (VTYs 0-4 unless 'vty-pool default' says otherwise) and every pool without a
    'line-template' use 'line default'. The EEM pool is internal and not a remote login path.
    """
    _, configs = _line_blocks(tree)
    names: list[str] = []
    has_default_pool = False
    for node in tree.top("vty-pool"):
        match = _POOL.match(node.text)
        if match is None:
            continue
        pool = match.group(1).lower()
        if pool == "eem":
            continue
        has_default_pool = has_default_pool or pool == "default"
        template = (match.group(2) or "default").lower()
        if template not in names:
            names.append(template)
    if not has_default_pool and "default" not in names:
        names.insert(0, "default")
    return [(name, configs.get(name)) for name in names]


_TRANSPORT = compile_pattern(r"^transport input\s+(.+?)\s*$", _I)


_ACCESS_CLASS = compile_pattern(r"^access-class\s+(?:ingress\s+)?(\S+)", _I)
_SSH_SERVER_ACL = compile_pattern(r"\bipv4\s+access-list\s+(\S+)", _I)


_PERMIT = compile_pattern(r"^(?:\d+\s+)?permit\b", _I)
_LOGIN_LIST = compile_pattern(r"^aaa authentication login\s+\S+\s.*\blocal\s*$", _I)
_TELNET_SERVER = compile_pattern(r"^telnet\s+(?:vrf\s+\S+\s+)?ipv[46]\s+server\b", _I)


def management_reachable(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """An SSH (or Telnet) server runs, a VTY pool accepts it, its ACLs admit someone, local fallback has a user."""
    tree = ctx.tree
    bad: list[Node] = []
    notes: list[str] = []
    ssh = [n for n in tree.top("ssh") if n.text.lower().split()[:2] == ["ssh", "server"]]
    telnet = [n for n in tree.top("telnet") if _TELNET_SERVER.match(n.text)]
    if not ssh and not telnet:
        notes.append("no SSH server ('ssh server v2' / 'ssh server vrf <vrf>') and no Telnet server")
    configs = vty_line_configs(tree)
    closed = []
    for _, block in configs:
        transports = [c for c in block.children if _TRANSPORT.match(c.text)] if block is not None else []
        if transports and all(c.text.lower().split()[2:] == ["none"] for c in transports):
            closed.extend(transports)
    if configs and len(closed) >= len(configs):
        bad.extend(closed)
        notes.append("every VTY line configuration has 'transport input none'")
    refs = [c for _, block in configs if block is not None for c in block.children if _ACCESS_CLASS.match(c.text)]
    refs.extend(n for n in ssh if _SSH_SERVER_ACL.search(n.text))
    for ref in refs:
        match = _ACCESS_CLASS.match(ref.text) or _SSH_SERVER_ACL.search(ref.text)
        entries = acl_entries(tree, match.group(1)) if match else None
        if match and entries is not None and not any(_PERMIT.match(e.text) for e in entries):
            bad.append(ref)
            notes.append(f"line {ref.line}: ACL {match.group(1)} permits nothing: every login is refused")
    local_lists = [n for n in tree.top("aaa") if _LOGIN_LIST.match(n.text)]
    users = [n for n in tree.top("username") if any(_first(c, "secret") or _first(c, "password") for c in n.children)]
    users.extend(n for n in tree.top("username") if re.match(r"^username\s+\S+\s+(?:secret|password)\s", n.text, _I))
    if local_lists and not users:
        notes.append("login lists fall back to local users, but no local user has a secret")
    if notes:
        return Outcome(False, tuple(bad), tuple(notes), tuple(local_lists))
    return Outcome.passed([*ssh, *telnet])


# --------------------------------------------------------------------------- AAA method lists


_SERVER_HOST = compile_pattern(r"^(tacacs|radius)-server host\s+(\S+)", _I)
_AAA_GROUP = compile_pattern(r"^aaa group server\s+(tacacs\+|radius)\s+(\S+)", _I)
_GROUP_SERVER = compile_pattern(r"^server(-private)?\s+(\S+)", _I)


def aaa_server_group(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """A TACACS+/RADIUS server group with at least ``min`` servers that are defined."""
    minimum = int(args.get("min", 2))
    tree = ctx.tree
    hosts: dict[str, set[str]] = {"tacacs": set(), "radius": set()}
    for word in ("tacacs-server", "radius-server"):
        for node in tree.top(word):
            match = _SERVER_HOST.match(node.text)
            if match is not None:
                hosts[match.group(1).lower()].add(match.group(2).lower())
    groups: list[Node] = []
    for node in tree.top("aaa"):
        match = _AAA_GROUP.match(node.text)
        if match is None:
            continue
        groups.append(node)
        protocol = "tacacs" if match.group(1).lower().startswith("tacacs") else "radius"
        servers = {
            m.group(2).lower()
            for c in node.children
            if (m := _GROUP_SERVER.match(c.text)) and (m.group(1) or m.group(2).lower() in hosts[protocol])
        }
        if len(servers) >= minimum:
            return Outcome.passed([node])
    defined = len(hosts["tacacs"]) + len(hosts["radius"])
    note = f"no TACACS+/RADIUS server group with {minimum} defined servers ({defined} server host(s) defined)"
    return Outcome(False, (), (note,), tuple(groups))


# --------------------------------------------------------------------------- accounts

_PRIVILEGED = compile_pattern(r"^group\s+(\S+)", _I)


def privileged_users(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """At most ``max`` local users in the built-in all-powerful groups (root-lr, root-system, cisco-support)."""
    limit = int(args.get("max", 1))
    groups = {str(g).lower() for g in args.get("groups", ["root-lr", "root-system", "cisco-support"])}
    users: list[tuple[Node, list[Node]]] = []
    for node in ctx.tree.top("username"):
        lines = [c for c in node.children if (m := _PRIVILEGED.match(c.text)) and m.group(1).lower() in groups]
        if lines:
            users.append((node, lines))
    if len(users) <= limit:
        return Outcome.passed([user for user, _ in users])
    notes = (f"{len(users)} local users in {', '.join(sorted(groups))}; at most {limit} (emergency account)",)
    return Outcome(False, tuple(line for _, lines in users for line in lines), notes, tuple(u for u, _ in users))


# --------------------------------------------------------------------------- SNMP and NTP


# --------------------------------------------------------------------------- control plane

_KEY_CHAIN = compile_pattern(r"^key chain\s+\S+", _I)
_KEY = compile_pattern(r"^key\s+\d+\s*$", _I)
_ALGORITHM = compile_pattern(r"\bcryptographic-algorithm\s+(\S+)", _I)
_LIFETIME = compile_pattern(
    r"^(?P<kind>send|accept)-lifetime\s+(?P<start>\d{1,2}:\d{2}:\d{2}\s+\S+\s+\d{1,2}\s+\d{4})\s+"
    r"(?:duration\s+(?P<dur>\d+)|(?P<inf>infinite)|(?P<end>\d{1,2}:\d{2}:\d{2}\s+\S+\s+\d{1,2}\s+\d{4}))",
    _I,
)


def _when(text: str) -> datetime | None:
    for fmt in ("%H:%M:%S %B %d %Y", "%H:%M:%S %b %d %Y"):
        try:
            return datetime.strptime(" ".join(text.split()), fmt)
        except ValueError:
            continue
    return None


def key_chain_strength(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every routing key-chain key has a non-MD5 cryptographic algorithm and bounded send/accept lifetimes."""
    max_seconds = int(args.get("max_days", 180)) * 86400
    weak_algorithms = {str(a).lower() for a in args.get("weak", ["md5", "hmac-md5"])}
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    keys: list[Node] = []
    for chain in ctx.tree.top("key"):
        if not _KEY_CHAIN.match(chain.text):
            continue
        for key in chain.children:
            if not _KEY.match(key.text):
                continue  # 'macsec' keys are MACsec CAKs, not routing-protocol keys
            keys.append(key)
            where = f"{chain.text} {key.text}"
            algorithms = [(c, m.group(1).lower()) for c in key.children if (m := _ALGORITHM.search(c.text))]
            if not algorithms:
                context.append(key)
                notes.append(f"{where}: no cryptographic-algorithm")
            for line, algorithm in algorithms:
                if algorithm in weak_algorithms:
                    bad.append(line)
                    notes.append(f"line {line.line}: {algorithm} is a weak algorithm (use HMAC-SHA-256)")
            for kind in ("send", "accept"):
                lines = [
                    (c, m) for c in key.children if (m := _LIFETIME.match(c.text)) and m.group("kind").lower() == kind
                ]
                if not lines:
                    context.append(key)
                    notes.append(f"{where}: no {kind}-lifetime (the key never expires)")
                    continue
                for line, match in lines:
                    seconds: float | None = None
                    if match.group("dur"):
                        seconds = int(match.group("dur"))
                    elif match.group("end"):
                        start, end = _when(match.group("start")), _when(match.group("end"))
                        seconds = (end - start).total_seconds() if start and end else None
                    if match.group("inf") or seconds is None or seconds > max_seconds:
                        bad.append(line)
                        notes.append(f"line {line.line}: {kind}-lifetime longer than {max_seconds // 86400} days")
    if not keys:
        return Outcome.not_applicable("no routing-protocol key chain keys")
    if notes:
        return Outcome(False, tuple(bad), tuple(notes), tuple(context))
    return Outcome.passed(keys)


def _ospf_auth_state(block: Node, inherited: tuple[str, bool, Node | None]) -> tuple[str, bool, Node | None]:
    """(mode, has a message-digest key, line that set the mode) after ``block`` overrides ``inherited``."""
    mode, keyed, source = inherited
    for child in block.children:
        low = child.text.lower()
        if low == "authentication" or low.startswith("authentication "):
            text = low[len("authentication") :].strip()
            source = child
            if "keychain" in text:
                mode, keyed = "keychain", True
            elif text.startswith("message-digest"):
                mode = "message-digest"
            elif text.startswith("null"):
                mode = "null"
            else:
                mode = "cleartext"
        elif low.startswith("message-digest-key "):
            keyed = True
    return mode, keyed, source


def _passive(block: Node, inherited: bool) -> bool:
    for child in block.children:
        low = child.text.lower()
        if low in ("passive", "passive enable"):
            inherited = True
        elif low == "passive disable":
            inherited = False
    return inherited


def igp_authenticated(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """OSPF interfaces are passive or MD5/keychain-authenticated; IS-IS has LSP and hello passwords."""
    tree = ctx.tree
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    checked: list[Node] = []
    for router in tree.top("router"):
        words = router.text.lower().split()
        if words[1:2] == ["ospf"]:
            top = _ospf_auth_state(router, ("", False, None))
            top_passive = _passive(router, False)
            for area in _children(router, "area"):
                area_state = _ospf_auth_state(area, top)
                area_passive = _passive(area, top_passive)
                for interface in _children(area, "interface"):
                    checked.append(interface)
                    mode, keyed, source = _ospf_auth_state(interface, area_state)
                    if _passive(interface, area_passive) or interface.text.lower().startswith("interface loopback"):
                        continue
                    if mode == "keychain" or (mode == "message-digest" and keyed):
                        continue
                    if mode in ("null", "cleartext") and source is not None:
                        bad.append(source)
                    context.append(interface)
                    state = {"null": "authentication null", "cleartext": "plain-text authentication"}.get(
                        mode, "message-digest without a key" if mode else "no authentication"
                    )
                    notes.append(f"{router.text} {area.text} {interface.text}: {state}")
        elif words[1:2] == ["isis"]:
            checked.append(router)
            lsp = _children(router, "lsp-password")
            if not lsp:
                context.append(router)
                notes.append(f"{router.text}: no lsp-password")
            bad.extend(c for c in lsp if " text " in f" {c.text.lower()} ")
            for interface in _children(router, "interface"):
                if _passive(interface, False):
                    continue
                hello = _children(interface, "hello-password")
                if not hello:
                    context.append(interface)
                    notes.append(f"{router.text} {interface.text}: no hello-password")
                weak = [c for c in hello if " text " in f" {c.text.lower()} "]
                bad.extend(weak)
                notes.extend(f"line {c.line}: cleartext IS-IS password" for c in weak)
            notes.extend(f"line {c.line}: cleartext IS-IS password" for c in lsp if c in bad)
    if not checked:
        return Outcome.not_applicable("neither OSPF nor IS-IS is configured")
    if notes:
        return Outcome(False, tuple(bad), tuple(notes), tuple(context))
    return Outcome.passed(checked)


_BGP_ROUTER = compile_pattern(r"^router bgp\s+(\S+)", _I)
_USE = compile_pattern(r"^use\s+(neighbor-group|session-group|af-group)\s+(\S+)", _I)


def _bgp_groups(router: Node) -> dict[tuple[str, str], Node]:
    groups: dict[tuple[str, str], Node] = {}
    for child in router.children:
        words = child.text.split()
        if len(words) >= 2 and words[0].lower() in ("neighbor-group", "session-group", "af-group"):
            groups[(words[0].lower(), words[1].lower())] = child
    return groups


def _with_inherited(block: Node, groups: dict[tuple[str, str], Node], depth: int = 0) -> list[Node]:
    """``block`` followed by the groups it uses ('use neighbor-group|session-group|af-group'), recursively."""
    out = [block]
    if depth > 4:
        return out
    for child in block.children:
        match = _USE.match(child.text)
        if match is not None:
            target = groups.get((match.group(1).lower(), match.group(2).lower()))
            if target is not None:
                out.extend(_with_inherited(target, groups, depth + 1))
    return out


def bgp_neighbors_hardened(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every eBGP neighbor: password or keychain, ttl-security, and per AF an inbound policy and maximum-prefix."""
    context: list[Node] = []
    notes: list[str] = []
    checked: list[Node] = []
    routers = [(n, m.group(1)) for n in ctx.tree.top("router") if (m := _BGP_ROUTER.match(n.text))]
    if not routers:
        return Outcome.not_applicable("BGP is not configured")
    for router, local_as in routers:
        groups = _bgp_groups(router)
        neighbors = _children(router, "neighbor")
        for vrf in _children(router, "vrf"):
            neighbors.extend(_children(vrf, "neighbor"))
        for neighbor in neighbors:
            blocks = _with_inherited(neighbor, groups)
            lines = [c for block in blocks for c in block.children]
            if any(c.text.lower() == "shutdown" for c in neighbor.children):
                continue
            remote = next((c.text.split()[1] for c in lines if _first(c, "remote-as") and len(c.text.split()) > 1), "")
            if not remote or remote == local_as:
                continue
            checked.append(neighbor)
            problems: list[str] = []
            if not any(_first(c, "password") or _first(c, "keychain") for c in lines):
                problems.append("no password or keychain")
            if not any(_first(c, "ttl-security") for c in lines):
                problems.append("no ttl-security")
            families = [c for c in lines if _first(c, "address-family")]
            for family in families:
                family_lines = [c for block in _with_inherited(family, groups) for c in block.children]
                if not any(_first(c, "maximum-prefix") for c in family_lines):
                    problems.append(f"{family.text}: no maximum-prefix")
                if not any(re.match(r"^route-policy\s+\S+\s+in\b", c.text, _I) for c in family_lines):
                    problems.append(f"{family.text}: no inbound route-policy")
            if problems:
                context.append(neighbor)
                notes.append(f"line {neighbor.line} {neighbor.text} (AS {remote}): {', '.join(problems)}")
    if notes:
        return Outcome(False, (), tuple(notes), tuple(context))
    if not checked:
        return Outcome.not_applicable("no active eBGP neighbor")
    return Outcome.passed(checked)


# --------------------------------------------------------------------------- interfaces (one pass each)


CHECKS: Mapping[str, PythonCheck] = {
    "management_reachable": management_reachable,
    "aaa_server_group": aaa_server_group,
    "privileged_users": privileged_users,
    "key_chain_strength": key_chain_strength,
    "igp_authenticated": igp_authenticated,
    "bgp_neighbors_hardened": bgp_neighbors_hardened,
}
