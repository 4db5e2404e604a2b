"""Evaluate compiled rules on one parsed configuration: verdicts with evidence, never exceptions."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from devaudit.engine.conditions import Scope
from devaudit.engine.loader import CompiledRule
from devaudit.engine.messages import masker, render_found
from devaudit.engine.outcome import CheckContext, Outcome, capped, rests_on_absence
from devaudit.engine.remediate import device_fix
from devaudit.engine.roles import roles_for
from devaudit.models import Evidence, Finding, Severity, Status
from devaudit.redact import redact_line, redact_message
from devaudit.tree import Node

__all__ = ["MAX_EVIDENCE", "NOTHING_TO_CHECK", "evaluate_rule", "evaluate_rules", "found_text", "to_evidence"]

MAX_EVIDENCE = 25


def _line(node: Node) -> int:
    return node.line


def to_evidence(nodes: Iterable[Node], *, limit: int = MAX_EVIDENCE, redact: bool = True) -> tuple[Evidence, ...]:
    """Unique nodes as evidence lines in file order, secrets masked, at most ``limit``."""
    given = nodes if isinstance(nodes, tuple | list) else tuple(nodes)
    if len(given) == 1:
        unique = list(given)
    else:
        unique = list({id(node): node for node in given}.values())  # the first of each node, in the order given
        unique.sort(key=_line)
    out = []
    paths: dict[int, str] = {}  # siblings share their block's path
    for node in unique[:limit]:
        text = redact_line(node.text) if redact else node.text
        parent = node.parent
        path = ""
        if parent is not None:
            path = paths.get(id(parent), "")
            if not path:
                path = paths[id(parent)] = " > ".join(redact_line(p) if redact else p for p in parent.path)
        out.append(Evidence(node.line, text, path))
    return tuple(out)


NOTHING_TO_CHECK = "nothing on this device for this rule to check"


class _RuleText(NamedTuple):
    """What every finding of one rule says whatever the device: taken from the rule once per run."""

    compiled: CompiledRule  # held so that the id() keying this entry is never reused
    rule_id: str
    title: str
    severity: Severity
    category: str
    expected: str
    remediation: tuple[str, ...]
    references: tuple[str, ...]
    lockout: str
    # Findings without evidence (most NOT_APPLICABLE ones) by status and reason: the same on every device.
    plain: dict[tuple[Status, str], Finding]


_PLAIN_LIMIT = 64  # reasons kept per rule (a reason quoting the device is seldom the same twice)
_RULE_TEXTS: dict[int, _RuleText] = {}


def _rule_text(compiled: CompiledRule) -> _RuleText:
    found = _RULE_TEXTS.get(id(compiled))
    if found is not None and found.compiled is compiled:
        return found
    rule = compiled.rule
    found = _RuleText(
        compiled,
        rule.id,
        rule.title,
        rule.severity,
        rule.category,
        compiled.messages.expected or rule.title,
        tuple(rule.remediation),
        rule.references.as_tuple(),
        rule.lockout or "",
        {},
    )
    if len(_RULE_TEXTS) > 20_000:  # baselines loaded again and again in one process: start afresh
        _RULE_TEXTS.clear()
    _RULE_TEXTS[id(compiled)] = found
    return found


def _finding(compiled: CompiledRule, status: Status, outcome: Outcome | None, reason: str = "") -> Finding:
    text = _rule_text(compiled)
    evidence: tuple[Evidence, ...] = ()
    if outcome is not None and outcome.evidence:
        evidence = to_evidence((*outcome.evidence, *outcome.context) if outcome.context else outcome.evidence)
    elif outcome is not None and outcome.context:
        evidence = to_evidence(outcome.context)
    else:  # a finding is frozen: one without evidence is shared by every device that gets it
        found = text.plain.get((status, reason))
        if found is None:
            found = _new_finding(text, status, evidence, reason)
            if len(text.plain) < _PLAIN_LIMIT:
                text.plain[(status, reason)] = found
        return found
    return _new_finding(text, status, evidence, reason)


def _new_finding(text: _RuleText, status: Status, evidence: tuple[Evidence, ...], reason: str) -> Finding:
    return Finding(
        text.rule_id,
        text.title,
        status,
        text.severity,
        text.category,
        evidence,
        text.expected,
        reason,
        text.remediation,
        text.references,
        text.lockout,
    )


def found_text(compiled: CompiledRule, outcome: Outcome, ctx: CheckContext) -> tuple[str, list[str]]:
    """What a FAIL found, in the rule's written words; and the placeholders left without a value."""
    template = compiled.messages.found or "the configuration does not meet this rule"
    return render_found(template, outcome, capped(outcome.notes), ctx)


def _notes(notes: tuple[str, ...], ctx: CheckContext) -> str:
    """What Python checks wrote, with this device's secret words masked."""
    mask = masker(ctx)
    return "; ".join(mask(note) for note in capped(notes))


def _not_applicable_text(compiled: CompiledRule, notes: tuple[str, ...], ctx: CheckContext) -> str:
    if compiled.messages.not_applicable:
        return compiled.messages.not_applicable
    return _notes(notes, ctx) if notes else NOTHING_TO_CHECK


def evaluate_rule(compiled: CompiledRule, ctx: CheckContext) -> Finding:
    """The verdict of one rule; a failing Python check becomes ERROR with its message."""
    rule = compiled.rule
    if rule.roles and ctx.role and ctx.role not in rule.roles:
        return _finding(compiled, Status.NOT_APPLICABLE, None, f"applies to roles {', '.join(rule.roles)}")
    if not ctx.role and "perimeter" in rule.roles and roles_for(ctx).external():
        # No role was given and an interface faces the outside: the device is an edge device for this rule.
        ctx = dataclasses.replace(ctx, role="perimeter")
    missing = [cmd for cmd in rule.needs if cmd not in ctx.outputs]
    if missing:
        return _finding(compiled, Status.NOT_APPLICABLE, None, "needs " + ", ".join(missing))
    root = Scope(ctx, None)
    try:
        if compiled.when is not None:
            gate = compiled.when.evaluate(ctx, root)
            if not gate.ok:
                return _finding(compiled, Status.NOT_APPLICABLE, None, _not_applicable_text(compiled, gate.notes, ctx))
        outcome = compiled.check.evaluate(ctx, root)
    except Exception as exc:  # a broken Python check must not stop the audit
        fault = redact_message(str(exc))
        message = f"the check could not be evaluated (a fault in devaudit, please report it): {fault}"
        return _finding(compiled, Status.ERROR, None, message)
    if outcome.ok is None:
        return _finding(compiled, Status.NOT_APPLICABLE, outcome, _not_applicable_text(compiled, outcome.notes, ctx))
    if ctx.tree.elided and rests_on_absence(outcome):
        # A verdict that rests only on a line being absent, in a file whose source removed parts of the
        # configuration, could be wrong either way: say it could not be decided.
        reason = "the source elided parts of the configuration, so a missing line proves nothing"
        return _finding(compiled, Status.ERROR, outcome, reason)
    if outcome.ok:
        # What a Python check says decided a PASS (a release default, a show command) is kept.
        return _finding(compiled, Status.PASS, outcome, _notes(outcome.notes, ctx) if outcome.notes else "")
    finding = _finding(compiled, Status.FAIL, outcome, found_text(compiled, outcome, ctx)[0])
    return device_fix(compiled.rule, finding, ctx.tree)


def evaluate_rules(rules: Sequence[CompiledRule], ctx: CheckContext) -> tuple[Finding, ...]:
    """Every rule's verdict, in rule order."""
    return tuple(evaluate_rule(rule, ctx) for rule in rules)
