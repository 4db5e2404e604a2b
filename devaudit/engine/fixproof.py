"""Prove a device's whole fix script on a copy of its own configuration.

The script (as the device would print it, site placeholders given documentation values) is applied to
the parsed config (``apply_remediation``: the FAILs' offending lines removed, the lines merged the way
the device merges them) and the result is audited again. The proof holds when every fixed rule PASSes,
no lockout guard that passed before FAILs, and every way in that worked before still works: SSH on each
vty range from the management network and from each source the vty ACL admitted by name.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass

from devaudit.engine.conditions import Scope
from devaudit.engine.evaluate import evaluate_rule
from devaudit.engine.fixscript import Part, compose, fix_order
from devaudit.engine.loader import Baseline
from devaudit.engine.outcome import CheckContext
from devaudit.engine.remediate import SITE_VALUES, apply_remediation, proof_lines, unproven_reason
from devaudit.facts import facts_from_config
from devaudit.ingest import split_lines
from devaudit.models import Finding, Status
from devaudit.parsers import parse
from devaudit.tree import ConfigTree, Node

__all__ = ["MGMT_TEST_HOST", "Proof", "closed_paths", "management_paths", "prove_fix_script"]

_I = re.IGNORECASE
MGMT_TEST_HOST = str(next(ipaddress.ip_network(SITE_VALUES["mgmt_network"].test_value).hosts()) + 9)
_VTY = re.compile(r"^line vty\b", _I)
_ACCESS_CLASS = re.compile(r"^access-class\s+(\S+)\s+in\b", _I)
_TRANSPORT = re.compile(r"^transport input\s+(.*)$", _I)
_NAMED = re.compile(r"^(?:ip|ipv4) access-list\s+(?:(?:standard|extended)\s+)?(\S+)\s*$", _I)
_NUMBERED = re.compile(r"^access-list\s+(\S+)\s+(.*)$", _I)
_VTY_PLATFORMS = frozenset({"cisco_ios", "cisco_nxos"})


@dataclass(frozen=True)
class Proof:
    """What applying a device's whole fix script did to its configuration."""

    fixed: tuple[str, ...]
    not_fixed: tuple[str, ...]
    broken_guards: tuple[str, ...]
    closed_paths: tuple[str, ...]
    unproven: tuple[tuple[str, str], ...]
    applied: tuple[str, ...]
    result: str

    @property
    def ok(self) -> bool:
        """Every proven fix works and nothing that worked before was closed."""
        return not (self.not_fixed or self.broken_guards or self.closed_paths)


def _context(baseline: Baseline, tree: ConfigTree, lines: Sequence[tuple[int, str]]) -> CheckContext:
    facts = facts_from_config(tree, list(lines))
    return CheckContext(
        tree=tree,
        facts=facts,
        role="",
        tags=frozenset(),
        outputs={},
        variables=baseline.variables,
        defaults=baseline.defaults_for(tree.platform, facts.os_version),
    )


def _audit(baseline: Baseline, text: str, platform: str) -> tuple[CheckContext, dict[str, Finding]]:
    lines, _ = split_lines(text)
    tree = parse(lines, platform)
    ctx = _context(baseline, tree, lines)
    return ctx, {r.rule.id: evaluate_rule(r, ctx) for r in baseline.for_platform(platform)}


# --------------------------------------------------------------------------- management paths


def _address(token: str) -> ipaddress.IPv4Network | None:
    try:
        return ipaddress.IPv4Network(token, strict=False)
    except ValueError:
        return None


def _source(tokens: list[str]) -> tuple[ipaddress.IPv4Network | None, list[str]] | None:
    """The source network of an ACL entry and the tokens after it (None network = any)."""
    if not tokens:
        return None
    head = tokens[0].lower()
    if head in ("any", "any4"):
        return None, tokens[1:]
    if head == "host" and len(tokens) > 1 and (net := _address(tokens[1])) is not None:
        return net, tokens[2:]
    if "/" in head:
        net = _address(head)
        return (net, tokens[1:]) if net is not None else None
    if len(tokens) > 1 and (wildcard := _address(tokens[1])) is not None and _address(head) is not None:
        mask = ipaddress.IPv4Address(int(wildcard.network_address) ^ 0xFFFFFFFF)
        try:
            return ipaddress.IPv4Network(f"{head}/{mask}", strict=False), tokens[2:]
        except ValueError:
            return None
    net = _address(head)
    return (net, tokens[1:]) if net is not None else None


def _ssh_port_matches(tokens: list[str]) -> bool:
    """Whether the destination part of an extended entry admits TCP port 22."""
    words = [t.lower() for t in tokens]
    for index, word in enumerate(words):
        value = words[index + 1] if index + 1 < len(words) else ""
        if word == "eq":
            return value in ("22", "ssh")
        if word == "neq":
            return value not in ("22", "ssh")
        if word == "range" and index + 2 < len(words) and value.isdigit() and words[index + 2].isdigit():
            return int(value) <= 22 <= int(words[index + 2])
        if word in ("lt", "gt") and value.isdigit():
            return int(value) > 22 if word == "lt" else int(value) < 22
    return True


def _entry(body: str) -> tuple[str, ipaddress.IPv4Network | None, bool] | None:
    """(action, source, admits ssh) of one IPv4 ACL entry; None when it cannot be read."""
    words = re.sub(r"^\d+\s+", "", body).split()
    if not words or words[0].lower() not in ("permit", "deny"):
        return None
    rest = words[1:]
    if not rest:
        return None
    first = rest[0].lower()
    if first in ("any", "host") or _address(first) is not None:
        parsed = _source(rest)
        return (words[0].lower(), parsed[0], True) if parsed else None
    if first not in ("ip", "ipv4", "tcp"):
        return (words[0].lower(), ipaddress.IPv4Network("0.0.0.0/32"), False)  # another protocol
    parsed = _source(rest[1:])
    if parsed is None:
        return None
    net, after = parsed
    destination = _source(after)
    ports = destination[1] if destination else after
    return words[0].lower(), net, first != "tcp" or _ssh_port_matches(ports)


def _acl_bodies(tree: ConfigTree, name: str) -> list[str] | None:
    bodies: list[str] | None = None
    for node in tree.roots:
        match = _NAMED.match(node.text)
        if match and match.group(1).lower() == name.lower():
            bodies = (bodies or []) + [c.text for c in node.children]
        match = _NUMBERED.match(node.text)
        if match and match.group(1) == name:
            bodies = (bodies or []) + [match.group(2)]
    return bodies


def _admits(tree: ConfigTree, acl: str | None, host: ipaddress.IPv4Address) -> bool:
    if acl is None:
        return True
    bodies = _acl_bodies(tree, acl)
    if bodies is None:
        return True  # an access-class naming an ACL that does not exist filters nothing
    for body in bodies:
        entry = _entry(body)
        if entry is None:
            continue
        action, net, ssh = entry
        if ssh and (net is None or host in net):
            return action == "permit"
    return False


def _vty_blocks(tree: ConfigTree) -> dict[str, Node]:
    return {" ".join(n.text.split()).lower(): n for n in tree.roots if _VTY.match(n.text)}


def _vty_state(node: Node) -> tuple[bool, str | None]:
    ssh, acl = True, None
    for child in node.children:
        if (match := _TRANSPORT.match(child.text)) is not None:
            words = match.group(1).lower().split()
            ssh = "ssh" in words or "all" in words
        elif (match := _ACCESS_CLASS.match(child.text)) is not None:
            acl = match.group(1)
    return ssh, acl


def management_paths(tree: ConfigTree) -> dict[str, tuple[str, ...]]:
    """Per vty range, the sources SSH is admitted from: the management test host and every source
    the range's ACL permits by address (empty for platforms without vty access-classes)."""
    if tree.platform not in _VTY_PLATFORMS:
        return {}
    paths: dict[str, tuple[str, ...]] = {}
    for key, node in _vty_blocks(tree).items():
        ssh, acl = _vty_state(node)
        if not ssh:
            continue
        candidates = [ipaddress.IPv4Address(MGMT_TEST_HOST)]
        for body in _acl_bodies(tree, acl) or [] if acl else []:
            entry = _entry(body)
            if entry is not None and entry[0] == "permit" and entry[1] is not None and entry[2]:
                candidates.append(entry[1].network_address)
        paths[key] = tuple(str(host) for host in dict.fromkeys(candidates) if _admits(tree, acl, host))
    return paths


def closed_paths(before: dict[str, tuple[str, ...]], tree: ConfigTree) -> list[str]:
    """The paths of ``before`` (``management_paths`` of the original) that ``tree`` no longer admits."""
    closed: list[str] = []
    blocks = _vty_blocks(tree)
    for key, hosts in before.items():
        node = blocks.get(key)
        ssh, acl = _vty_state(node) if node is not None else (False, None)
        for host in hosts:
            if not ssh or not _admits(tree, acl, ipaddress.IPv4Address(host)):
                closed.append(f"{key}: SSH from {host}")
    return closed


# --------------------------------------------------------------------------- the proof


def prove_fix_script(baseline: Baseline, text: str, platform: str) -> Proof:
    """Apply the whole fix script of the config ``text`` to it and audit the result."""
    ctx, before = _audit(baseline, text, platform)
    rules = {r.rule.id: r for r in baseline.for_platform(platform)}
    failing = sorted(
        (rules[i] for i, f in before.items() if f.status is Status.FAIL and rules[i].rule.remediation),
        key=lambda r: fix_order(r.rule.lockout or "", r.rule.severity, r.rule.id),
    )
    parts: list[Part] = []
    unproven: list[tuple[str, str]] = []
    offending: list[Node] = []
    for compiled in failing:
        reason = unproven_reason(compiled.rule, ctx.tree)
        if reason:
            unproven.append((compiled.rule.id, reason))
            continue
        parts.append(Part(compiled.rule.id, proof_lines(compiled.rule, ctx.tree)))
        offending.extend(compiled.check.evaluate(ctx, Scope(ctx, None)).evidence)
    paths = management_paths(ctx.tree)
    applied = tuple(compose(parts, platform).lines())
    result = apply_remediation(ctx.tree, offending, applied)
    after_ctx, after = _audit(baseline, result, platform)
    judged = (Status.PASS, Status.NOT_APPLICABLE, Status.ERROR if after_ctx.tree.elided else Status.PASS)
    fixed = tuple(p.rule_id for p in parts if after[p.rule_id].status in judged)
    not_fixed = tuple(
        f"{p.rule_id}: {after[p.rule_id].status.value} ({after[p.rule_id].reason})"
        for p in parts
        if after[p.rule_id].status not in judged
    )
    guards = tuple(
        rule_id
        for rule_id, compiled in rules.items()
        if compiled.rule.guard and before[rule_id].status is not Status.FAIL and after[rule_id].status is Status.FAIL
    )
    return Proof(fixed, not_fixed, guards, tuple(closed_paths(paths, after_ctx.tree)), tuple(unproven), applied, result)
