"""Python checks for HPE/H3C Comware rules (referenced from YAML as ``comware.<name>``).

Comware 7 prints ``line vty``, ``line class vty`` and ``local-user X class manage`` blocks; Comware 5 prints
``user-interface vty`` and ``local-user X``. Both are read here. Release defaults and key sizes reuse the
Huawei helpers (same ``undo``/``#``/``return`` family).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.engine.regex_cache import compile_pattern
from devaudit.platforms.huawei_vrp.checks import default_state, rsa_key_sizes
from devaudit.tree import ConfigTree, Node

__all__ = ["CHECKS"]

_I = re.IGNORECASE

# --------------------------------------------------------------------------- VTY lines

_VTY = compile_pattern(r"^(?:line|user-interface)\s+vty\s+\d+", _I)
_VTY_CLASS = compile_pattern(r"^(?:line|user-interface)\s+class\s+vty\s*$", _I)
_AUTH = compile_pattern(r"^authentication-mode\s+(\S+)", _I)
_PROTO = compile_pattern(r"^protocol\s+inbound\s+(\S+)", _I)
_IDLE = compile_pattern(r"^idle-timeout\s+(\d+)(?:\s+(\d+))?", _I)


def _vty_blocks(tree: ConfigTree) -> list[Node]:
    return [n for w in ("line", "user-interface") for n in tree.top(w) if _VTY.match(n.text)]


def _setting(block: Node | None, pattern: re.Pattern[str]) -> tuple[Node | None, str]:
    if block is None:
        return None, ""
    for child in reversed(block.children):
        match = pattern.match(child.text)
        if match:
            return child, " ".join(g for g in match.groups() if g is not None).lower()
    return None, ""


def cmw_vty_lines(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every VTY line: scheme authentication, SSH only, idle timeout between 1 s and 10 min."""
    tree = ctx.tree
    max_seconds = int(args.get("max_idle_minutes", 10)) * 60
    auth_default = str(default_state(ctx, "vty_authentication_mode")[0] or "password")
    proto_default = str(default_state(ctx, "vty_protocol_inbound")[0] or "all")
    idle_default = default_state(ctx, "vty_idle_timeout_minutes")[0]
    idle_default_s = int(idle_default) * 60 if isinstance(idle_default, str) and idle_default.isdigit() else 600
    klass = next((n for w in ("line", "user-interface") for n in tree.top(w) if _VTY_CLASS.match(n.text)), None)
    blocks: list[Node | None] = list(_vty_blocks(tree)) or [None]
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    for block in blocks:
        label = block.text if block is not None else "VTY lines (no line vty block: defaults apply)"
        auth_node, auth = _setting(block, _AUTH)
        proto_node, proto = _setting(block, _PROTO)
        idle_node, idle = _setting(block, _IDLE)
        own = (auth and auth != auth_default) or (proto and proto != proto_default)
        if not own:
            # Nothing non-default in the line view: the class view's non-default settings apply.
            class_auth_node, class_auth = _setting(klass, _AUTH)
            class_proto_node, class_proto = _setting(klass, _PROTO)
            if not auth and class_auth:
                auth_node, auth = class_auth_node, class_auth
            if not proto and class_proto:
                proto_node, proto = class_proto_node, class_proto
        if not idle:
            idle_node, idle = _setting(klass, _IDLE)
        auth = auth or auth_default
        proto = proto or proto_default
        problems: list[str] = []
        offending: list[Node] = []
        if auth != "scheme":
            problems.append(f"authentication-mode '{auth}'" + ("" if auth_node else " (default)"))
            offending.extend([auth_node] if auth_node is not None else [])
        if proto != "ssh":
            problems.append(f"protocol inbound '{proto}'" + ("" if proto_node else " (default: Telnet and SSH)"))
            offending.extend([proto_node] if proto_node is not None else [])
        if idle:
            parts = idle.split()
            seconds = int(parts[0]) * 60 + (int(parts[1]) if len(parts) > 1 else 0)
        else:
            seconds = idle_default_s
        if seconds == 0 or seconds > max_seconds:
            problems.append("idle-timeout disabled" if seconds == 0 else f"idle-timeout {seconds // 60} min")
            offending.extend([idle_node] if idle_node is not None else [])
        if problems:
            bad.extend(offending)
            context.extend([block] if block is not None else [])
            notes.append(f"{label}: {', '.join(problems)}")
        else:
            good.extend(n for n in (block, auth_node, proto_node, idle_node) if n is not None)
    if notes:
        return Outcome(False, tuple(dict.fromkeys(bad)), tuple(notes), tuple(context))
    return Outcome.passed(good)


# --------------------------------------------------------------------------- local users

_LOCAL_USER = compile_pattern(r"^local-user\s+(\S+)(?:\s+class\s+(\S+))?\s*$", _I)


def _manage_users(tree: ConfigTree) -> list[tuple[Node, str]]:
    """Device-management local users (Comware 7 'class manage', or Comware 5 users without class)."""
    out = []
    for node in tree.top("local-user"):
        match = _LOCAL_USER.match(node.text)
        if match and (match.group(2) or "manage").lower() == "manage":
            out.append((node, match.group(1)))
    return out


_ROLE = compile_pattern(r"^authorization-attribute\s+(?:user-role\s+(\S+)|level\s+(\d+))", _I)


def cmw_admin_roles(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """At most the allowed number of local users hold network-admin (or level-15 / level 3) rights."""
    allowed = int(args.get("max_admins", 1))
    admin_roles = {str(r).lower() for r in args.get("admin_roles", ["network-admin", "level-15"])}
    users = _manage_users(ctx.tree)
    if not users:
        return Outcome.not_applicable("no management local user")
    admins: list[tuple[str, list[Node]]] = []
    for user, name in users:
        lines = []
        for child in user.children:
            match = _ROLE.match(child.text)
            if match is None:
                continue
            role, level = match.group(1), match.group(2)
            if (role and role.lower() in admin_roles) or (level is not None and int(level) >= 3):
                lines.append(child)
        if lines:
            admins.append((name, lines))
    if len(admins) > allowed:
        return Outcome(
            False,
            tuple(n for _, lines in admins for n in lines),
            (
                f"{len(admins)} local users hold administrator roles ({', '.join(n for n, _ in admins)}); "
                f"at most {allowed} (the last-resort account) should",
            ),
        )
    return Outcome.passed([n for _, lines in admins for n in lines] or [u for u, _ in users])


# --------------------------------------------------------------------------- AAA

_SCHEME = compile_pattern(r"^(radius|hwtacacs)\s+scheme\s+(\S+)", _I)
_DOMAIN = compile_pattern(r"^domain\s+(\S+)\s*$", _I)
_DEFAULT_DOMAIN = compile_pattern(r"^domain\s+default\s+enable\s+(\S+)", _I)
_LOGIN = compile_pattern(r"^authentication\s+login\s+(.+?)\s*$", _I)
_DEFAULT = compile_pattern(r"^authentication\s+default\s+(.+?)\s*$", _I)
_SCHEME5 = compile_pattern(r"^scheme\s+(.+?)\s*$", _I)
_PRIMARY = compile_pattern(r"^primary\s+authentication\s+\S+", _I)
_SECONDARY = compile_pattern(r"^secondary\s+authentication\s+\S+", _I)
_KEY = compile_pattern(r"^key\s+authentication\s+(?:cipher|simple)\s+\S+|\bkey\s+(?:cipher|simple)\s+\S+", _I)


def _methods(text: str) -> list[tuple[str, str]]:
    """('hwtacacs'|'radius'|'local'|..., scheme name) in order from a domain method list."""
    words = text.split()
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        word = words[i].lower()
        if word.endswith("-scheme") and i + 1 < len(words):
            out.append((word[: -len("-scheme")], words[i + 1]))
            i += 2
            continue
        out.append((word, ""))
        i += 1
    return out


def cmw_login_aaa(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """The admin login domain authenticates with a RADIUS/HWTACACS scheme (two servers, key) then local."""
    tree = ctx.tree
    schemes: dict[tuple[str, str], Node] = {}
    for word in ("radius", "hwtacacs"):
        for node in tree.top(word):
            match = _SCHEME.match(node.text)
            if match:
                schemes[(match.group(1).lower(), match.group(2).lower())] = node
    domains = {m.group(1).lower(): n for n in tree.top("domain") if (m := _DOMAIN.match(n.text))}
    chosen = next((m.group(1) for n in tree.top("domain") if (m := _DEFAULT_DOMAIN.match(n.text))), "system")
    domain = domains.get(chosen.lower())
    label = f"domain {chosen}"
    line: Node | None = None
    if domain is not None:
        for pattern in (_LOGIN, _DEFAULT, _SCHEME5):
            line = next((c for c in domain.children if pattern.match(c.text)), None)
            if line is not None:
                break
    if line is None:
        where = (domain,) if domain is not None else ()
        return Outcome(False, (), (f"{label}: logins use local authentication only",), where)
    match = _LOGIN.match(line.text) or _DEFAULT.match(line.text) or _SCHEME5.match(line.text)
    methods = _methods(match.group(1)) if match else []
    context = tuple(n for n in (domain, line) if n is not None)
    if not methods or methods[0][0] not in ("radius", "hwtacacs"):
        return Outcome(
            False, (line,), (f"{label}: '{line.text}' does not start with a RADIUS/HWTACACS scheme",), context
        )
    if "local" not in [m for m, _ in methods[1:]]:
        return Outcome(False, (line,), (f"{label}: '{line.text}' has no local fallback",), context)
    kind, name = methods[0]
    scheme = schemes.get((kind, name.lower()))
    if scheme is None:
        if tree.elided:
            return Outcome.passed(context)
        return Outcome(False, (line,), (f"{label}: {kind} scheme {name} is not defined",), context)
    missing = [
        what
        for what, pattern in (("primary", _PRIMARY), ("secondary", _SECONDARY))
        if not any(pattern.match(c.text) for c in scheme.children)
    ]
    if not any(_KEY.search(c.text) for c in scheme.children):
        missing.append("key")
    if missing:
        return Outcome(
            False,
            (),
            (f"{kind} scheme {name}: no {', no '.join(missing)} authentication server/key",),
            (scheme, *context),
        )
    return Outcome.passed([scheme, *context])


CHECKS: Mapping[str, PythonCheck] = {
    "rsa_key_sizes": rsa_key_sizes,
    "cmw_vty_lines": cmw_vty_lines,
    "cmw_admin_roles": cmw_admin_roles,
    "cmw_login_aaa": cmw_login_aaa,
}
