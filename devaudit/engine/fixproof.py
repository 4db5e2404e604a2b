"""Prove a device's whole fix script on a copy of its own configuration.

The script (as the device would print it, site placeholders given documentation values) is applied to
the parsed config (``apply_remediation``: the FAILs' offending lines removed, the lines merged the way
the device merges them) and the result is audited again. The proof holds when every fixed rule PASSes,
no lockout guard that passed before FAILs, and every way in that worked before still works: SSH on each
vty range from the management network and from each source the vty ACL admitted by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from devaudit.engine.conditions import Scope
from devaudit.engine.evaluate import evaluate_rule
from devaudit.engine.fixscript import Part, compose, fix_order
from devaudit.engine.loader import Baseline
from devaudit.engine.mgmtpaths import closed_paths, management_paths
from devaudit.engine.outcome import CheckContext
from devaudit.engine.remediate import apply_remediation, proof_lines, unproven_reason
from devaudit.facts import facts_from_config
from devaudit.ingest import split_lines
from devaudit.models import Finding, Status
from devaudit.parsers import parse
from devaudit.tree import ConfigTree, Node

__all__ = ["Proof", "prove_fix_script"]


@dataclass(frozen=True)
class Proof:
    """What applying a device's whole fix script did to its configuration.

    ``fixed``/``not_fixed``: the proven rules that pass (or not) afterwards; ``broken_guards``: lockout
    guards that passed before and fail after; ``closed_paths``: ways in over SSH that no longer work;
    ``unproven``: rules left out of the proof, with why; ``applied``: the script's lines as applied;
    ``result``: the configuration afterwards.
    """

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
    judged = {Status.PASS, Status.NOT_APPLICABLE}
    if after_ctx.tree.elided:
        judged.add(Status.ERROR)  # a PASS resting on a missing line of an elided source is reported as ERROR
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
