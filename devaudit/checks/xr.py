"""Python checks for Cisco IOS XR rules: VTY pools and line templates, AAA method lists, ACL-bound services.

Referenced from YAML as ``xr.<name>``. XR sessions take their line settings from 'line default' unless a
'vty-pool ... line-template X' points them at a template; the checks here resolve that once per call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from devaudit.checks.cisco import (
    acl_entries,
    acl_permits_any,
    acls_end_with_logged_deny,
    ntp_servers_by_key,
)
from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck, capped
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

_POOL = re.compile(r"^vty-pool\s+(\S+)\s+\d+\s+\d+(?:\s+line-template\s+(\S+))?", _I)


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


def _label(name: str) -> str:
    return "line default" if name == "default" else f"line template {name}"


_TRANSPORT = re.compile(r"^transport input\s+(.+?)\s*$", _I)


def vty_transport_ssh(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every line configuration a VTY pool uses has 'transport <direction>' limited to ``allowed``."""
    direction = str(args.get("direction", "input")).lower()
    allowed = {str(a).lower() for a in args.get("allowed", ["ssh", "none"])}
    pattern = re.compile(rf"^transport {direction}\s+(.+?)\s*$", _I)
    bad: list[Node] = []
    context: list[Node] = []
    good: list[Node] = []
    notes: list[str] = []
    for name, block in vty_line_configs(ctx.tree):
        if block is None:
            notes.append(f"{_label(name)} is not configured: the XR default 'transport {direction} all' applies")
            continue
        lines = [c for c in block.children if pattern.match(c.text)]
        if not lines:
            context.append(block)
            notes.append(f"{block.text}: no 'transport {direction}' (XR default: all protocols)")
            continue
        for line in lines:
            match = pattern.match(line.text)
            if match is not None and match.group(1).lower() in allowed:
                good.append(line)
            else:
                bad.append(line)
                notes.append(f"line {line.line}: {block.text} allows more than {' or '.join(sorted(allowed))}")
    if notes:
        return Outcome(False, tuple(bad), tuple(notes), tuple(context))
    return Outcome.passed(good)


_ACCESS_CLASS = re.compile(r"^access-class\s+(?:ingress\s+)?(\S+)", _I)
_SSH_SERVER_ACL = re.compile(r"\bipv4\s+access-list\s+(\S+)", _I)


def _acl_problem(tree: ConfigTree, name: str, ref: Node) -> tuple[list[Node], str] | None:
    """(offending lines, note) when ACL ``name`` is undefined or permits any source; None when fine."""
    entries = acl_entries(tree, name)
    if entries is None:
        if tree.elided:
            return None
        return [ref], f"line {ref.line}: ACL {name} is not defined"
    broad = acl_permits_any(entries)
    if broad:
        return broad, f"line {ref.line}: ACL {name} permits any source"
    return None


def vty_or_ssh_acl(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """VTY lines carry 'access-class ingress', or every SSH server line an IPv4 ACL; no ACL permits any."""
    tree = ctx.tree
    bad: list[Node] = []
    notes: list[str] = []
    context: list[Node] = []
    # Path 1: every line configuration used by a VTY pool has an ingress access-class.
    vty_ok = True
    vty_refs: list[Node] = []
    for name, block in vty_line_configs(tree):
        refs = [c for c in block.children if _ACCESS_CLASS.match(c.text)] if block is not None else []
        if not refs:
            vty_ok = False
            if block is not None:
                context.append(block)
            notes.append(f"{_label(name)}: no 'access-class ingress'")
            continue
        for ref in refs:
            match = _ACCESS_CLASS.match(ref.text)
            problem = _acl_problem(tree, match.group(1), ref) if match else None
            if problem is not None:
                vty_ok = False
                bad.extend(problem[0])
                notes.append(problem[1])
            else:
                vty_refs.append(ref)
    # Path 2: every 'ssh server' / 'ssh server vrf X' line binds an IPv4 ACL (or a global one exists).
    servers: list[Node] = []
    global_acl: list[Node] = []
    for node in tree.top("ssh"):
        words = node.text.lower().split()
        if words[:2] != ["ssh", "server"]:
            continue
        if len(words) == 2 or words[2] == "vrf":
            servers.append(node)
        elif words[2] == "ipv4" and _SSH_SERVER_ACL.search(node.text):
            global_acl.append(node)
    ssh_ok = bool(servers or global_acl)
    ssh_refs: list[Node] = []
    for node in [*servers, *global_acl]:
        match = _SSH_SERVER_ACL.search(node.text)
        if match is None:
            if not global_acl:
                ssh_ok = False
                context.append(node)
                notes.append(f"line {node.line}: SSH server without 'ipv4 access-list'")
            continue
        problem = _acl_problem(tree, match.group(1), node)
        if problem is not None:
            ssh_ok = False
            bad.extend(problem[0])
            notes.append(problem[1])
        else:
            ssh_refs.append(node)
    if not servers and not global_acl:
        notes.append("no 'ssh server vrf <vrf> ipv4 access-list <acl>'")
    broad = [n for n in bad if not _ACCESS_CLASS.match(n.text) and not _first(n, "ssh")]
    if (vty_ok or ssh_ok) and not broad:
        return Outcome.passed([*(vty_refs if vty_ok else ()), *(ssh_refs if ssh_ok else ())])
    return Outcome(False, tuple(bad), tuple(notes), tuple(context))


_PERMIT = re.compile(r"^(?:\d+\s+)?permit\b", _I)
_LOGIN_LIST = re.compile(r"^aaa authentication login\s+\S+\s.*\blocal\s*$", _I)
_TELNET_SERVER = re.compile(r"^telnet\s+(?:vrf\s+\S+\s+)?ipv[46]\s+server\b", _I)


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


def mgmt_acl_denies_logged(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """ACLs bound to the VTY line configurations or SSH servers end with an explicit 'deny ... log'."""
    tree = ctx.tree
    names: list[str] = []
    for _, block in vty_line_configs(tree):
        for child in block.children if block is not None else []:
            match = _ACCESS_CLASS.match(child.text)
            if match is not None:
                names.append(match.group(1))
    for node in tree.top("ssh"):
        if node.text.lower().startswith("ssh server"):
            match = _SSH_SERVER_ACL.search(node.text)
            if match is not None:
                names.append(match.group(1))
    return acls_end_with_logged_deny(tree, [n.lower() for n in names], "no VTY or SSH ACL defined")


_EXEC_TIMEOUT = re.compile(r"^exec-timeout\s+(\d+)(?:\s+(\d+))?", _I)


def line_exec_timeout(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """'line console' and the VTY line configurations time out idle sessions within ``max_minutes``."""
    limit = int(args.get("max_minutes", 10)) * 60
    console, _ = _line_blocks(ctx.tree)
    blocks = [b for b in (console, *(block for _, block in vty_line_configs(ctx.tree))) if b is not None]
    bad: list[Node] = []
    good: list[Node] = []
    notes: list[str] = []
    for block in blocks:
        for line in block.children:
            match = _EXEC_TIMEOUT.match(line.text)
            if match is None:
                continue
            seconds = int(match.group(1)) * 60 + int(match.group(2) or 0)
            if seconds == 0:
                bad.append(line)
                notes.append(f"line {line.line}: {block.text}: exec-timeout 0 0 never disconnects idle sessions")
            elif seconds > limit:
                bad.append(line)
                notes.append(f"line {line.line}: {block.text}: {seconds // 60} min is above {limit // 60}")
            else:
                good.append(line)
    if bad:
        return Outcome(False, tuple(bad), tuple(notes))
    return Outcome.passed(good, "blocks without exec-timeout use the XR default of 10 minutes")


_SSH_TIMEOUT = re.compile(r"^ssh timeout\s+(\d+)", _I)


def ssh_server_hardened(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """'ssh server v2', session and rate limits, 'ssh timeout' of at most ``max_timeout`` s, a 'ssh server vrf'."""
    limit = int(args.get("max_timeout", 60))
    lines = ctx.tree.top("ssh")
    servers = [n for n in lines if n.text.lower().split()[:2] == ["ssh", "server"]]
    words = {tuple(n.text.lower().split()[:3]): n for n in servers}
    notes: list[str] = []
    bad: list[Node] = []
    good: list[Node] = []
    for key, missing in (
        (("ssh", "server", "v2"), "no 'ssh server v2': SSH version 1 is accepted too"),
        (("ssh", "server", "session-limit"), "no 'ssh server session-limit <n>'"),
        (("ssh", "server", "rate-limit"), "no 'ssh server rate-limit <n>'"),
        (("ssh", "server", "vrf"), "no 'ssh server vrf <vrf>' scoping the server"),
    ):
        if key in words:
            good.append(words[key])
        else:
            notes.append(missing)
    timeouts = [(n, int(m.group(1))) for n in lines if (m := _SSH_TIMEOUT.match(n.text))]
    if not timeouts:
        notes.append(f"no 'ssh timeout <= {limit}' (unauthenticated connections are kept longer)")
    for node, seconds in timeouts:
        if seconds > limit:
            bad.append(node)
            notes.append(f"line {node.line}: ssh timeout {seconds} s is above {limit}")
        else:
            good.append(node)
    if notes:
        context = [n for n in servers if n not in bad]
        return Outcome(False, tuple(bad), tuple(notes), tuple(context))
    return Outcome.passed(good)


# --------------------------------------------------------------------------- AAA method lists

_LINE_REF = {
    "authentication login": re.compile(r"^login authentication\s+(\S+)", _I),
    "authorization exec": re.compile(r"^authorization exec\s+(\S+)", _I),
    "authorization commands": re.compile(r"^authorization commands\s+(\S+)", _I),
    "accounting exec": re.compile(r"^accounting exec\s+(\S+)", _I),
    "accounting commands": re.compile(r"^accounting commands\s+(\S+)", _I),
}


def _method_lists(tree: ConfigTree, kind: str) -> dict[str, tuple[Node, list[str]]]:
    """AAA method lists of ``kind`` ('authentication login', 'accounting exec'...) by name."""
    pattern = re.compile(rf"^aaa {kind}\s+(\S+)\s+(.+)$", _I)
    lists: dict[str, tuple[Node, list[str]]] = {}
    for node in tree.top("aaa"):
        match = pattern.match(node.text)
        if match is not None:
            lists[match.group(1).lower()] = (node, match.group(2).lower().split())
    return lists


def _methods_ok(kind: str, methods: list[str], require_local: bool) -> bool:
    if kind.startswith("accounting"):
        return methods[:1] in (["start-stop"], ["stop-only"]) and "group" in methods[1:2]
    if methods[:1] != ["group"] or len(methods) < 2:
        return False
    return not require_local or methods[-1] == "local"


def line_method_lists(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """The AAA list each line uses (its own or 'default') starts with a server group (and ends in local)."""
    kind = str(args.get("kind", "authentication login")).lower()
    require_local = bool(args.get("local", kind == "authentication login"))
    targets = [str(t).lower() for t in args.get("lines", ["console", "vty"])]
    tree = ctx.tree
    ref_pattern = _LINE_REF[kind]
    lists = _method_lists(tree, kind)
    console, _ = _line_blocks(tree)
    blocks: list[tuple[str, Node | None]] = []
    if "console" in targets:
        blocks.append(("line console", console))
    if "vty" in targets:
        blocks.extend((_label(name), block) for name, block in vty_line_configs(tree))
    bad: list[Node] = []
    context: list[Node] = []
    good: list[Node] = []
    notes: list[str] = []
    for label, block in blocks:
        refs = [c for c in block.children if ref_pattern.match(c.text)] if block is not None else []
        ref = refs[0] if refs else None
        match = ref_pattern.match(ref.text) if ref is not None else None
        name = match.group(1).lower() if match is not None else "default"
        listed = lists.get(name)
        if listed is None:
            notes.append(f"{label} uses the {kind} list {name!r}, which is not defined (local/none)")
            if ref is not None:
                bad.append(ref)
            elif block is not None:
                context.append(block)
            continue
        node, methods = listed
        if _methods_ok(kind, methods, require_local):
            good.append(node)
            continue
        bad.append(node)
        if ref is not None:
            bad.append(ref)
        fallback = " and end with local" if require_local else ""
        notes.append(f"{label}: {kind} list {name!r} must start with a server group{fallback}")
    if notes:
        return Outcome(False, tuple(bad), tuple(notes), tuple(context))
    return Outcome.passed(good)


_SERVER_HOST = re.compile(r"^(tacacs|radius)-server host\s+(\S+)", _I)
_AAA_GROUP = re.compile(r"^aaa group server\s+(tacacs\+|radius)\s+(\S+)", _I)
_GROUP_SERVER = re.compile(r"^server(-private)?\s+(\S+)", _I)


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

_PRIVILEGED = re.compile(r"^group\s+(\S+)", _I)


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

_COMMUNITY = re.compile(r"^snmp-server community\s+(?:(?:clear|encrypted)\s+)?(\S+)(.*)$", _I)
_COMMUNITY_KEYWORDS = {"ro", "rw", "sdrowner", "systemowner"}


def _community_acl(rest: str) -> str | None:
    """The IPv4 ACL of an XR community line: 'IPv4 <acl>' or the trailing unlabeled ACL name."""
    words = rest.split()
    acl: str | None = None
    i = 0
    while i < len(words):
        word = words[i].lower()
        if word in ("view", "ipv6") and i + 1 < len(words):
            i += 2
            continue
        if word == "ipv4" and i + 1 < len(words):
            acl = words[i + 1]
            i += 2
            continue
        if word not in _COMMUNITY_KEYWORDS:
            acl = acl or words[i]
        i += 1
    return acl


def snmp_community_acl(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every SNMP community carries an IPv4 ACL ('IPv4 <acl>' or trailing name) that is defined."""
    tree = ctx.tree
    communities = [(n, m) for n in tree.top("snmp-server") if (m := _COMMUNITY.match(n.text))]
    if not communities:
        return Outcome.not_applicable("no snmp-server community lines")
    bad: list[Node] = []
    notes: list[str] = []
    for node, match in communities:
        acl = _community_acl(match.group(2))
        if acl is None:
            bad.append(node)
            notes.append(f"line {node.line}: community without an IPv4 ACL: accepted from any source")
        elif acl_entries(tree, acl) is None and not tree.elided:
            bad.append(node)
            notes.append(f"line {node.line}: ACL {acl} is not defined")
    if bad:
        return Outcome(False, tuple(bad), tuple(notes))
    return Outcome.passed([node for node, _ in communities])


_NTP_SERVER = re.compile(r"^server\s+(?:vrf\s+\S+\s+)?(\S+)(.*)$", _I)
_NTP_AUTH_KEY = re.compile(r"^authentication-key\s+(\d+)\s+\S+", _I)
_NTP_TRUSTED = re.compile(r"^trusted-key\s+(\d+)", _I)


def ntp_authenticated(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """In 'ntp': authenticate, a defined trusted key, ``min`` servers using it, and a source interface."""
    minimum = int(args.get("min", 2))
    blocks = [n for n in ctx.tree.top("ntp") if n.text.lower() == "ntp"]
    if not blocks:
        return Outcome.failed((), "no 'ntp' block: the clock is not synchronised from a server")
    children = [c for block in blocks for c in block.children]
    authenticate = [c for c in children if c.text.lower() == "authenticate"]
    source = [c for c in children if _first(c, "source")]
    good, weak = ntp_servers_by_key(children, _NTP_SERVER, _NTP_AUTH_KEY, _NTP_TRUSTED)
    notes: list[str] = []
    if not authenticate:
        notes.append("no 'authenticate' in the ntp block (NTP authentication is off by default)")
    if len(good) < minimum:
        notes.append(f"{len(good)} server(s) with a trusted, defined authentication key; need {minimum}")
    if not source:
        notes.append("no 'source <interface>' in the ntp block")
    notes.extend(f"line {n.line}: server without a trusted, defined 'key N'" for n in weak)
    if authenticate and source and len(good) >= minimum:
        return Outcome.passed([*authenticate, *good.values(), *source])
    return Outcome(False, tuple(weak), tuple(notes), tuple(blocks))


# --------------------------------------------------------------------------- control plane

_KEY_CHAIN = re.compile(r"^key chain\s+\S+", _I)
_KEY = re.compile(r"^key\s+\d+\s*$", _I)
_ALGORITHM = re.compile(r"\bcryptographic-algorithm\s+(\S+)", _I)
_LIFETIME = re.compile(
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


_BGP_ROUTER = re.compile(r"^router bgp\s+(\S+)", _I)
_USE = re.compile(r"^use\s+(neighbor-group|session-group|af-group)\s+(\S+)", _I)


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


_PHYSICAL = re.compile(r"^interface\s+[a-z]*(?:gige|ethernet)\d+(?:/\d+)+\s*$", _I)
_USED = (
    "description ",
    "ipv4 address ",
    "ipv6 address ",
    "ipv6 enable",
    "bundle id ",
    "encapsulation ",
    "l2transport",
    "vrf ",
    "service-policy ",
)


def unused_interfaces_shutdown(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Physical Ethernet interfaces with no purpose configured are shut down (XR prints 'shutdown')."""
    checked: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    for node in ctx.tree.top("interface"):
        if not _PHYSICAL.match(node.text):
            continue
        lows = [c.text.lower() for c in node.children]
        if any(low.startswith(_USED) for low in lows):
            continue
        checked.append(node)
        if "shutdown" not in lows:
            context.append(node)
            notes.append(f"line {node.line} {node.text}: unused but not shut down")
    if not checked:
        return Outcome.not_applicable("no unused physical interface")
    if notes:
        return Outcome(False, (), capped(notes), tuple(context))
    return Outcome.passed(checked)


CHECKS: Mapping[str, PythonCheck] = {
    "vty_transport_ssh": vty_transport_ssh,
    "management_reachable": management_reachable,
    "ssh_server_hardened": ssh_server_hardened,
    "vty_or_ssh_acl": vty_or_ssh_acl,
    "mgmt_acl_denies_logged": mgmt_acl_denies_logged,
    "line_exec_timeout": line_exec_timeout,
    "line_method_lists": line_method_lists,
    "aaa_server_group": aaa_server_group,
    "privileged_users": privileged_users,
    "snmp_community_acl": snmp_community_acl,
    "ntp_authenticated": ntp_authenticated,
    "key_chain_strength": key_chain_strength,
    "igp_authenticated": igp_authenticated,
    "bgp_neighbors_hardened": bgp_neighbors_hardened,
    "unused_interfaces_shutdown": unused_interfaces_shutdown,
}
