"""Every rule of every shipped pack proves itself: its examples give the verdicts they claim."""

from __future__ import annotations

from functools import cache

import pytest

from devaudit.engine.authoring import evaluate_example, iter_examples, lint_baseline
from devaudit.engine.loader import Baseline, CompiledRule, load_baseline
from devaudit.models import Status
from devaudit.platforms import get_platform, platform_names


@cache
def shipped() -> Baseline:
    return load_baseline()


def _cases() -> list[tuple[str, CompiledRule, str, str, int]]:
    cases = []
    for compiled in shipped().rules:
        for platform in compiled.rule.platforms:
            for kind, index, _, _ in iter_examples(compiled):
                cases.append((f"{compiled.rule.id}-{platform}-{kind}{index + 1}", compiled, platform, kind, index))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("compiled", "platform", "kind", "index"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_example_verdict(compiled: CompiledRule, platform: str, kind: str, index: int) -> None:
    for example_kind, example_index, example, expected in iter_examples(compiled):
        if (example_kind, example_index) == (kind, index):
            finding = evaluate_example(shipped(), compiled, example, platform)
            assert finding.status is expected, f"{compiled.rule.id} {kind} #{index + 1}: {finding.reason}"
            if expected is Status.FAIL:
                assert finding.evidence or finding.reason, "a FAIL must carry evidence or a reason"
            return
    pytest.fail("example not found")


def test_every_rule_has_pass_and_fail_examples() -> None:
    missing = [r.rule.id for r in shipped().rules if not r.rule.examples.pass_ or not r.rule.examples.fail]
    assert missing == []


def test_shipped_packs_lint_clean() -> None:
    assert lint_baseline(shipped()) == []


def test_rule_ids_unique_and_platform_prefixed() -> None:
    prefixes = {name: get_platform(name).rule_prefix + "-" for name in platform_names()}
    assert "-" not in prefixes.values()  # every platform names its rule prefix
    ids = [r.rule.id for r in shipped().rules]
    assert len(ids) == len(set(ids))
    for compiled in shipped().rules:
        assert all(compiled.rule.id.startswith(prefixes[p]) for p in compiled.rule.platforms), compiled.rule.id
