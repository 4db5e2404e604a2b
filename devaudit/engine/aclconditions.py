"""The ``acl`` condition: ACL semantics (any source, only these networks, logged final deny, shadowing).

It judges the ACLs in scope: the one a ``resolve`` found, the ACL whose header an ``each`` block is, the
ACL ``name`` names, or (at the top level) every ACL of the device. The ACLs are read once per device by
the shared domain layer (``devaudit.domain.acl``), whatever the platform's syntax.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from devaudit.domain.acl import Acl, AclTable, acl_table
from devaudit.engine.conditions import _VAR, Condition, ConditionError, Loc, Scope, _resolve_value
from devaudit.engine.outcome import CheckContext, Outcome
from devaudit.tree import Node

__all__ = ["ACL_PROPERTIES", "AclCondition", "compile_acl", "device_acls"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
ACL_PROPERTIES = (
    "exists",
    "empty",
    "permits_any_source",
    "permits_only",
    "ends_with_deny_log",
    "denies_logged",
    "shadowed_entries",
    "denies_sources",
)


def device_acls(ctx: CheckContext) -> AclTable:
    """The device's ACL table, read once per device evaluation."""
    table = ctx.domain.get("acl")
    if not isinstance(table, AclTable):
        table = acl_table(ctx.tree)
        ctx.domain["acl"] = table
    return table


@dataclass(frozen=True)
class _Verdict:
    ok: bool
    evidence: tuple[Node, ...] = ()
    note: str = ""


def _lines(nodes: Sequence[Node]) -> str:
    numbers = sorted({n.line for n in nodes})
    shown = ", ".join(str(n) for n in numbers[:5])
    more = f" and {len(numbers) - 5} more" if len(numbers) > 5 else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


class AclCondition(Condition):
    """Every ACL in scope has each property asked for (``exists`` asks whether there is one at all)."""

    def __init__(
        self,
        name: str | None,
        wanted: Mapping[str, Any],
        networks: tuple[Network, ...],
        denied: tuple[Network, ...] = (),
        denied_logged: bool = False,
    ) -> None:
        self.name, self.wanted, self.networks = name, dict(wanted), networks
        self.denied, self.denied_logged = denied, denied_logged

    def _acls(self, ctx: CheckContext, scope: Scope) -> list[Acl] | None:
        if self.name is not None:
            return device_acls(ctx).get(self.name)
        if scope.acls is not None:
            return list(scope.acls)
        table = device_acls(ctx)
        if scope.block is not None:
            found = table.of_node(scope.block)
            return [found] if found is not None else None
        if scope.items is not None:
            return None
        return table.all()

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        acls = self._acls(ctx, scope)
        if acls is None:
            return Outcome(None)
        exists = self.wanted.get("exists")
        if exists is not None and bool(acls) != exists:
            if exists:
                label = f"ACL {self.name}" if self.name else "an ACL"
                return Outcome(False, (), (f"{label} is not defined",))
            return Outcome(False, tuple(n for acl in acls for n in acl.heads))
        if not acls:
            return Outcome(None) if exists is None else Outcome(True)
        bad: list[Node] = []
        context: list[Node] = []
        notes: list[str] = []
        good: list[Node] = []
        memo = ctx.domain.setdefault(f"acl verdicts {id(self)}", {})
        assert isinstance(memo, dict)
        for acl in acls:
            failed = False
            for key, value in self.wanted.items():
                if key == "exists":
                    continue
                verdict = memo.get((id(acl), key))
                if verdict is None:
                    verdict = memo[(id(acl), key)] = self._judge(acl, key, value)
                if not verdict.ok:
                    failed = True
                    bad.extend(n for n in verdict.evidence if n not in bad)
                    if verdict.note:
                        notes.append(f"ACL {acl.name} {verdict.note}")
            if failed:
                context.extend(acl.heads[:1])
            else:
                good.extend(acl.heads[:1])
        if notes or context:
            return Outcome(False, tuple(bad), tuple(notes), tuple(n for n in context if n not in bad))
        return Outcome(True, tuple(good))

    def _judge(self, acl: Acl, key: str, value: Any) -> _Verdict:
        if key == "empty":
            has = bool(acl.entries)
            return _Verdict(
                has != value, acl.heads[:1], "has no entries (it filters nothing)" if value is False else ""
            )
        if key == "permits_any_source":
            broad = [n for e in acl.permits_any_source() for n in e.nodes]
            if acl.default == "permit":
                broad.extend(acl.default_nodes or acl.heads[:1])
            if value:
                return _Verdict(bool(broad), tuple(broad))
            note = "permits any source"
            if broad and acl.default == "permit" and not acl.permits_any_source():
                note = "accepts what no entry matches (its default action), so it admits any source"
            return _Verdict(not broad, tuple(broad), f"{note} ({_lines(broad)})" if broad else "")
        if key == "permits_only":
            outside = acl.permits_outside(self.networks)
            nodes = [n for e in outside for n in e.nodes]
            parts = []
            unreadable = sorted({e.unresolved for e in outside if e.unresolved})
            if outside:
                allowed = ", ".join(str(n) for n in self.networks)
                parts.append(f"permits sources outside {allowed} ({_lines(nodes)})")
            if unreadable:
                parts.append(f"names {', '.join(unreadable)}, which cannot be read as addresses")
            if acl.default == "permit":
                nodes.extend(acl.default_nodes or acl.heads[:1])
                parts.append("accepts what no entry matches (its default action)")
            return _Verdict(not parts, tuple(nodes), "; ".join(parts))
        if key == "ends_with_deny_log":
            holds = acl.ends_with_logged_deny() and acl.default != "permit"
            last = acl.entries[-1].nodes if acl.entries else acl.heads[:1]
            evidence = last if acl.entries and acl.entries[-1].action == "deny" else ()
            return _Verdict(holds == value, evidence, "does not end with an explicit deny of every source that logs")
        if key == "denies_logged":
            quiet = [n for e in acl.unlogged_denies() for n in e.nodes]
            return _Verdict((not quiet) == value, tuple(quiet), f"has denies that do not log ({_lines(quiet)})")
        if key == "denies_sources":
            return self._denies(acl)
        # shadowed_entries: none
        pairs = acl.shadowed()
        later = [n for _, e in pairs for n in e.nodes]
        if not pairs:
            return _Verdict(True)
        first, _ = pairs[0]
        note = (
            f"has entries that can never match ({_lines(later)}): "
            f"an earlier entry ({_lines(first.nodes)}) matches first"
        )
        return _Verdict(False, tuple(later), note)

    def _denies(self, acl: Acl) -> _Verdict:
        problems: list[str] = []
        evidence: list[Node] = []
        for network in self.denied:
            verdict, entry = acl.first_match(network)
            if verdict == "permitted" and entry is not None:
                problems.append(f"{network} is permitted ({_lines(entry.nodes)})")
                evidence.extend(entry.nodes)
            elif verdict == "default":
                how = "accepted by its default action" if acl.default == "permit" else "not denied explicitly"
                problems.append(f"{network} is {how}")
            elif self.denied_logged and entry is not None and not entry.log:
                problems.append(f"{network} is denied without logging ({_lines(entry.nodes)})")
                evidence.extend(entry.nodes)
        return _Verdict(not problems, tuple(evidence), "lets listed sources through: " + "; ".join(problems))


def _networks(value: Any, loc: Loc, variables: Mapping[str, Any]) -> tuple[Network, ...]:
    value = _resolve_value(value, variables, loc)
    items = value if isinstance(value, list | tuple) else [value]
    out: list[Network] = []
    for index, item in enumerate(items):
        item = _resolve_value(item, variables, (*loc, index))
        for text in item if isinstance(item, list | tuple) else [item]:
            try:
                out.append(ipaddress.ip_network(str(text).strip(), strict=False))
            except ValueError:
                raise ConditionError(
                    (*loc, index), f"{text!r} is not a network (write 10.0.0.0/8 or 2001:db8::/32)"
                ) from None
    if not out:
        raise ConditionError(loc, "at least one network is needed")
    return tuple(out)


def _plain(text: str, variables: Mapping[str, Any], loc: Loc) -> str:
    """``text`` with each ``${variable}`` replaced by its value as written (not as a pattern)."""

    def repl(match: re.Match[str]) -> str:
        if match.group(1) not in variables:
            raise ConditionError(loc, f"unknown variable ${{{match.group(1)}}}")
        return str(variables[match.group(1)])

    return _VAR.sub(repl, text)


def compile_acl(arg: Mapping[str, Any], here: Loc, variables: Mapping[str, Any]) -> AclCondition:
    """Compile ``acl: {name?, exists?, empty?, permits_any_source?, permits_only?, ends_with_deny_log?,
    denies_logged?, shadowed_entries?}`` (the mapping was validated by the check models)."""
    name = arg.get("name")
    if name is not None:
        name = _plain(str(name), variables, (*here, "name"))
    wanted = {k: v for k, v in arg.items() if k in ACL_PROPERTIES}
    if not wanted:
        raise ConditionError(here, f"acl needs at least one of {', '.join(ACL_PROPERTIES)}")
    networks: tuple[Network, ...] = ()
    if "permits_only" in wanted:
        networks = _networks(wanted["permits_only"], (*here, "permits_only"), variables)
    denied: tuple[Network, ...] = ()
    logged = False
    if "denies_sources" in wanted:
        spec = wanted["denies_sources"]
        where: Loc = (*here, "denies_sources")
        if isinstance(spec, Mapping):
            logged = bool(spec.get("logged", False))
            spec, where = spec["networks"], (*where, "networks")
        denied = _networks(spec, where, variables)
    return AclCondition(name, wanted, networks, denied, logged)
