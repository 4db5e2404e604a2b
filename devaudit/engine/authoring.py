"""Tools for rule authors: lint a baseline and run every rule's examples."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from devaudit.engine.conditions import Scope
from devaudit.engine.evaluate import NOTHING_TO_CHECK, evaluate_rule, found_text
from devaudit.engine.loader import Baseline, CompiledRule
from devaudit.engine.messages import internals
from devaudit.engine.outcome import CheckContext
from devaudit.engine.regex_cache import compile_pattern
from devaudit.engine.remediate import apply_remediation, proof_lines
from devaudit.engine.rules import Example
from devaudit.ingest import split_lines
from devaudit.models import DeviceFacts, Finding, Status
from devaudit.parsers import parse
from devaudit.redact import MASK

__all__ = [
    "check_remediation",
    "controls_table",
    "evaluate_example",
    "iter_examples",
    "lint_baseline",
    "lint_messages",
    "run_examples",
]

_PLACEHOLDER = compile_pattern(r"<[a-z][\w -]*>", re.IGNORECASE)


def lint_baseline(baseline: Baseline) -> list[str]:
    """Problems that make a rule unfit to ship (empty list when all is well)."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for compiled in baseline.rules:
        rule = compiled.rule
        where = f"{compiled.source}:{compiled.line}: {rule.id}"
        if rule.id in seen:
            problems.append(f"{where}: duplicate id (also in {seen[rule.id]})")
        seen[rule.id] = compiled.source
        if not rule.examples.pass_:
            problems.append(f"{where}: no pass example")
        if not rule.examples.fail:
            problems.append(f"{where}: no fail example")
        if not rule.references.as_tuple():
            problems.append(f"{where}: no references")
        if rule.examples.fail and not rule.remediation:
            problems.append(f"{where}: can FAIL but has no remediation")
        if not rule.rationale:
            problems.append(f"{where}: no rationale")
        if not rule.expected:
            problems.append(f"{where}: no 'expected' text (what a compliant device has)")
        if rule.examples.fail and not rule.found:
            problems.append(f"{where}: can FAIL but has no 'found' text")
        problems.extend(f"{where}: {problem}" for problem in lint_messages(baseline, compiled))
    return problems


def _untold_parts(spec: Any, where: str = "check") -> list[str]:
    """Parts of an ``all`` whose siblings carry a ``found`` sentence but that have none themselves.

    Such a part failing alone would fall back to the rule's ``found``; failing beside a told part, it
    would go unmentioned.
    """
    if not isinstance(spec, Mapping):
        return []
    out: list[str] = []
    for op in ("all", "any"):
        items = spec.get(op)
        if not isinstance(items, list):
            continue
        told = [isinstance(item, Mapping) and "found" in item for item in items]
        if op == "all" and any(told):
            out.extend(f"{where}.all.{i} has no 'found' while its siblings do" for i, t in enumerate(told) if not t)
        for i, item in enumerate(items):
            out.extend(_untold_parts(item, f"{where}.{op}.{i}"))
    for op in ("each", "resolve", "not"):
        inner = spec.get(op)
        if isinstance(inner, Mapping):
            out.extend(_untold_parts(inner.get("check") if op != "not" else inner, f"{where}.{op}"))
    return out


def lint_messages(baseline: Baseline, compiled: CompiledRule) -> list[str]:
    """Engine internals in a rule's written texts and in what they render to for each example."""
    problems: list[str] = list(_untold_parts(compiled.rule.check))
    messages = compiled.messages
    for name, text in (("expected", messages.expected), ("found", messages.found)):
        if MASK in text:
            problems.append(f"{name} text holds the redaction marker {MASK}")
    bad = internals(messages.expected)
    if bad:
        problems.append(f"expected text shows engine internals {', '.join(bad)}: {messages.expected!r}")
    seen: set[str] = set()
    for platform in compiled.rule.platforms:
        for kind, index, example, _ in iter_examples(compiled):
            ctx = _context(baseline, example, platform)
            finding = evaluate_rule(compiled, ctx)
            label = f"{kind} example #{index + 1} [{platform}]"
            if finding.status is Status.FAIL:
                _, unfilled = found_text(compiled, compiled.check.evaluate(ctx, Scope(ctx, None)), ctx)
                problems.extend(f"{label}: 'found' placeholder {{{field}}} has no value" for field in unfilled)
            if finding.status is Status.NOT_APPLICABLE and finding.reason == NOTHING_TO_CHECK:
                problems.append(f"{label}: NOT_APPLICABLE without a 'not_applicable' text saying why")
            bad = internals(finding.reason)
            problem = f"reason text shows engine internals {', '.join(bad)}: {finding.reason!r}"
            if bad and problem not in seen:
                seen.add(problem)
                problems.append(f"{label}: {problem}")
    return problems


def iter_examples(compiled: CompiledRule) -> Iterator[tuple[str, int, Example, Status]]:
    """(kind, index, example, expected status) for every example of a rule."""
    examples = compiled.rule.examples
    for kind, items, status in (
        ("pass", examples.pass_, Status.PASS),
        ("fail", examples.fail, Status.FAIL),
        ("not_applicable", examples.not_applicable, Status.NOT_APPLICABLE),
    ):
        for index, example in enumerate(items):
            yield kind, index, example, Status(example.status) if example.status else status


def _context(baseline: Baseline, example: Example, platform: str, text: str | None = None) -> CheckContext:
    lines, _ = split_lines(example.config if text is None else text)
    tree = parse(lines, platform)
    facts = DeviceFacts(os_version=example.os_version or "")
    return CheckContext(
        tree=tree,
        facts=facts,
        role=example.role or "",
        tags=frozenset(example.tags),
        outputs=example.outputs,
        variables=baseline.variables,
        defaults=baseline.defaults_for(platform, facts.os_version),
    )


def evaluate_example(baseline: Baseline, compiled: CompiledRule, example: Example, platform: str) -> Finding:
    """Evaluate one rule on one example config as ``platform``."""
    return evaluate_rule(compiled, _context(baseline, example, platform))


def check_remediation(baseline: Baseline, compiled: CompiledRule, example: Example, platform: str) -> str | None:
    """Apply the rule's fix to a fail example and re-audit; a message when the fix does not work."""
    rule = compiled.rule
    if not (rule.remediation_result or rule.remediation):
        return "no remediation"
    ctx = _context(baseline, example, platform)
    lines = proof_lines(rule, ctx.tree)
    placeholders = sorted({m.group() for line in lines for m in _PLACEHOLDER.finditer(line)})
    if placeholders:
        return f"remediation has placeholders {', '.join(placeholders)}: give remediation_result"
    if rule.needs:
        return None  # the verdict reads show-command output, which a config change cannot be replayed into
    guards = [r for r in baseline.for_platform(platform) if r.rule.guard and r.rule.id != rule.id]
    guards_before = {g.rule.id: evaluate_rule(g, ctx).status for g in guards}
    outcome = compiled.check.evaluate(ctx, Scope(ctx, None))
    if outcome.ok is not False:
        return "the fail example does not fail the check"
    fixed = apply_remediation(ctx.tree, outcome.evidence, lines)
    after = _context(baseline, example, platform, fixed)
    finding = evaluate_rule(compiled, after)
    if finding.status is not Status.PASS:
        return f"after the fix the rule is {finding.status.value} ({finding.reason}); fixed config:\n{fixed}"
    for guard in guards:
        if guards_before[guard.rule.id] is Status.PASS and evaluate_rule(guard, after).status is Status.FAIL:
            return f"the fix makes lockout guard {guard.rule.id} FAIL"
    return None


def run_examples(baseline: Baseline) -> tuple[list[str], int]:
    """Run all examples; return (failure messages, number of example evaluations)."""
    failures: list[str] = []
    total = 0
    for compiled in baseline.rules:
        for platform in compiled.rule.platforms:
            for kind, index, example, expected in iter_examples(compiled):
                total += 1
                finding = evaluate_example(baseline, compiled, example, platform)
                rule_id = compiled.rule.id
                where = f"{compiled.source}:{compiled.line}: {rule_id} [{platform}] {kind} example #{index + 1}"
                if finding.status is not expected:
                    failures.append(
                        f"{where}: expected {expected.value}, got {finding.status.value}"
                        + (f" ({finding.reason})" if finding.reason else "")
                    )
                elif expected is Status.FAIL:
                    total += 1
                    problem = check_remediation(baseline, compiled, example, platform)
                    if problem:
                        failures.append(f"{where}: remediation: {problem}")
    return failures, total


def controls_table(baseline: Baseline) -> str:
    """Markdown tables of the controls per platform: by severity, and by standard (profile)."""
    from collections import Counter

    from devaudit.engine.rules import PROFILES
    from devaudit.models import Severity
    from devaudit.platforms import PLATFORMS

    severities = [s.value for s in Severity]
    lines = [
        "| platform | controls | " + " | ".join(severities) + " | " + " | ".join(PROFILES) + " |",
        "|---|---:|" + "---:|" * (len(severities) + len(PROFILES)),
    ]
    totals: Counter[str] = Counter()
    for name, platform in PLATFORMS.items():
        rules = [r.rule for r in baseline.for_platform(name)]
        if not rules:
            continue
        counts = Counter(r.severity.value for r in rules)
        profiles: Counter[str] = Counter(str(p) for r in rules for p in r.profiles)
        totals.update({"controls": len(rules), **counts, **{f"p:{k}": v for k, v in profiles.items()}})
        cells = [
            str(len(rules)),
            *(str(counts.get(s, 0)) for s in severities),
            *(str(profiles.get(p, 0)) for p in PROFILES),
        ]
        lines.append(f"| {platform.label} (`{name}`) | " + " | ".join(cells) + " |")
    cells = [str(totals["controls"]), *(str(totals[s]) for s in severities), *(str(totals[f"p:{p}"]) for p in PROFILES)]
    lines.append("| **all** | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
