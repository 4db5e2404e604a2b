"""Tools for rule authors: lint a baseline and run every rule's examples."""

from __future__ import annotations

from collections.abc import Iterator

from devaudit.engine.evaluate import evaluate_rule
from devaudit.engine.loader import Baseline, CompiledRule
from devaudit.engine.outcome import CheckContext
from devaudit.engine.rules import Example
from devaudit.ingest import split_lines
from devaudit.models import DeviceFacts, Finding, Status
from devaudit.parsers import parse

__all__ = ["evaluate_example", "iter_examples", "lint_baseline", "run_examples"]


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


def evaluate_example(baseline: Baseline, compiled: CompiledRule, example: Example, platform: str) -> Finding:
    """Evaluate one rule on one example config as ``platform``."""
    lines, _ = split_lines(example.config)
    tree = parse(lines, platform)
    facts = DeviceFacts(os_version=example.os_version or "")
    ctx = CheckContext(
        tree=tree,
        facts=facts,
        role=example.role or "",
        tags=frozenset(example.tags),
        outputs=example.outputs,
        variables=baseline.variables,
        defaults=baseline.defaults_for(platform, facts.os_version),
    )
    return evaluate_rule(compiled, ctx)


def run_examples(baseline: Baseline) -> tuple[list[str], int]:
    """Run all examples; return (failure messages, number of example evaluations)."""
    failures: list[str] = []
    total = 0
    for compiled in baseline.rules:
        for platform in compiled.rule.platforms:
            for kind, index, example, expected in iter_examples(compiled):
                total += 1
                finding = evaluate_example(baseline, compiled, example, platform)
                if finding.status is not expected:
                    failures.append(
                        f"{compiled.source}:{compiled.line}: {compiled.rule.id} [{platform}] {kind} example "
                        f"#{index + 1}: expected {expected.value}, got {finding.status.value}"
                        + (f" ({finding.reason})" if finding.reason else "")
                    )
    return failures, total
