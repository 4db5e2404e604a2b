"""Evaluate compiled rules on one parsed configuration: verdicts with evidence, never exceptions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from devaudit.engine.conditions import Scope
from devaudit.engine.loader import CompiledRule
from devaudit.engine.outcome import CheckContext, Outcome
from devaudit.models import Evidence, Finding, Status
from devaudit.redact import redact_line, redact_message
from devaudit.tree import Node

__all__ = ["MAX_EVIDENCE", "evaluate_rule", "evaluate_rules", "to_evidence"]

MAX_EVIDENCE = 25


def to_evidence(
    nodes: Iterable[Node], *, limit: int = MAX_EVIDENCE, redact: bool = True
) -> tuple[Evidence, ...]:
    """Unique nodes as evidence lines in file order, secrets masked, at most ``limit``."""
    seen: set[int] = set()
    unique: list[Node] = []
    for node in nodes:
        if id(node) not in seen:
            seen.add(id(node))
            unique.append(node)
    unique.sort(key=lambda n: n.line)
    out = []
    for node in unique[:limit]:
        text = redact_line(node.text) if redact else node.text
        parent = node.parent
        path = ""
        if parent is not None:
            path = " > ".join(redact_line(p) if redact else p for p in parent.path)
        out.append(Evidence(node.line, text, path))
    return tuple(out)


def _finding(compiled: CompiledRule, status: Status, outcome: Outcome | None, reason: str = "") -> Finding:
    rule = compiled.rule
    evidence = to_evidence((*outcome.evidence, *outcome.context)) if outcome is not None else ()
    notes = "; ".join(outcome.notes) if outcome is not None and outcome.notes else ""
    expected = rule.expected or compiled.check.describe()
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        status=status,
        severity=rule.severity,
        category=rule.category,
        evidence=evidence,
        expected=expected,
        reason=redact_message(reason or notes),
        remediation=tuple(rule.remediation),
        references=rule.references.as_tuple(),
        lockout=rule.lockout or "",
    )


def evaluate_rule(compiled: CompiledRule, ctx: CheckContext) -> Finding:
    """The verdict of one rule; a failing Python check becomes ERROR with its message."""
    rule = compiled.rule
    if rule.roles and ctx.role and ctx.role not in rule.roles:
        return _finding(compiled, Status.NOT_APPLICABLE, None, f"applies to roles {', '.join(rule.roles)}")
    missing = [cmd for cmd in rule.needs if cmd not in ctx.outputs]
    if missing:
        return _finding(compiled, Status.NOT_APPLICABLE, None, "needs " + ", ".join(missing))
    root = Scope(ctx, None)
    try:
        if compiled.when is not None:
            gate = compiled.when.evaluate(ctx, root)
            if not gate.ok:
                reason = "; ".join(gate.notes) or f"not applicable: {compiled.when.describe()}"
                return _finding(compiled, Status.NOT_APPLICABLE, None, reason)
        outcome = compiled.check.evaluate(ctx, root)
    except Exception as exc:  # a broken Python check must not stop the audit
        message = redact_message(f"could not evaluate: {type(exc).__name__}: {exc}")
        return _finding(compiled, Status.ERROR, None, message)
    if outcome.ok is None:
        return _finding(compiled, Status.NOT_APPLICABLE, outcome)
    if ctx.tree.elided and outcome.ok and not outcome.evidence and not outcome.context:
        # A PASS that rests only on a line being absent, in a file whose source removed parts of the
        # configuration, could be a silent PASS: say it could not be decided. (A FAIL stays a FAIL.)
        reason = "the source elided parts of the configuration, so a missing line proves nothing"
        notes = "; ".join(outcome.notes)
        return _finding(compiled, Status.ERROR, outcome, f"{reason} ({notes})" if notes else reason)
    return _finding(compiled, Status.PASS if outcome.ok else Status.FAIL, outcome)


def evaluate_rules(rules: Sequence[CompiledRule], ctx: CheckContext) -> tuple[Finding, ...]:
    """Every rule's verdict, in rule order."""
    return tuple(evaluate_rule(rule, ctx) for rule in rules)
