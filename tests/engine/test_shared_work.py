"""Work shared between rules never changes a verdict.

A ``where`` filter is decided by ``holds`` (it stops at its first deciding part), and rules that select the same
blocks with the same filter share one selection per device. Both are checked against the full evaluation on
every real configuration of the corpus and every simulator configuration, with every shipped rule.
"""

from __future__ import annotations

import csv
import pickle
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from devaudit.detect import detect_platform
from devaudit.engine.conditions import AllOf, AnyOf, Condition, Each, Not, Said, Scope
from devaudit.engine.evaluate import evaluate_rule
from devaudit.engine.loader import Baseline, CompiledRule, load_baseline
from devaudit.engine.outcome import CheckContext
from devaudit.facts import facts_from_config
from devaudit.ingest import read_dump
from devaudit.models import DeviceFacts
from devaudit.parsers import parse
from tests.conftest import CORPUS, require_shared
from tests.engine.support import compiled, tree

ROOT = Path(__file__).resolve().parents[2]


def _configs() -> list[str]:
    """Corpus configurations (by MANIFEST) and simulator configurations, as ids."""
    out = [
        f"mocks/{path.relative_to(ROOT / 'mocks' / 'configs')}"
        for path in sorted((ROOT / "mocks" / "configs").glob("*/*.cfg"))
    ]
    manifest = CORPUS / "MANIFEST.tsv"
    if manifest.is_file():
        with manifest.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t")
            out += [f"corpus/{row['file']}" for row in rows if row["kind"] in ("config", "config-fragment")]
    return out


CONFIGS = _configs()


@cache
def _baseline() -> Baseline:
    return load_baseline()


def _context(config: str) -> tuple[CheckContext, list[CompiledRule]]:
    if config.startswith("corpus/"):
        require_shared()
        path = CORPUS / config.removeprefix("corpus/")
    else:
        path = ROOT / "mocks" / "configs" / config.removeprefix("mocks/")
    dump = read_dump(path.read_bytes(), str(path))
    platform = detect_platform(dump.lines).platform
    assert platform is not None, config
    parsed = parse(dump.lines, platform)
    facts = facts_from_config(parsed, dump.lines)
    baseline = _baseline()
    ctx = CheckContext(parsed, facts, defaults=baseline.defaults_for(platform, facts.os_version))
    return ctx, list(baseline.for_platform(platform))


def _parts(condition: Condition) -> Iterator[Condition]:
    """``condition`` and every condition inside it."""
    yield condition
    inner: list[Condition] = []
    if isinstance(condition, AllOf | AnyOf):
        inner = list(condition.items)
    elif isinstance(condition, Not | Said):
        inner = [condition.item]
    elif isinstance(condition, Each):
        inner = [condition.check, *([condition.where] if condition.where is not None else [])]
    for part in inner:
        yield from _parts(part)


@pytest.mark.parametrize("config", CONFIGS)
def test_holds_gives_the_verdict_evaluate_gives(config: str) -> None:
    ctx, rules = _context(config)
    root = Scope(ctx, None)
    compared = 0
    for rule in rules:
        for top in (rule.check, *([rule.when] if rule.when is not None else [])):
            try:
                expected = top.evaluate(ctx, root).ok
            except Exception:  # a Python check that raises is an ERROR verdict, tested elsewhere
                continue
            assert top.holds(ctx, root) == expected, (rule.rule.id, "top level")
            compared += 1
            for part in _parts(top):
                if not isinstance(part, Each) or part.where is None:
                    continue
                # Every block the path finds, kept or not by the filter: the filter's two answers agree.
                blocks = root.candidates(part.path[0], part.depth)
                for pattern in part.path[1:]:
                    blocks = [n for b in blocks for n in Scope(ctx, b).candidates(pattern, "scope")]
                for block in blocks:
                    scope = Scope(ctx, block)
                    assert part.where.holds(ctx, scope) == part.where.evaluate(ctx, scope).ok, (
                        rule.rule.id,
                        block.text,
                    )
                    compared += 1
    assert compared >= len(rules)


@pytest.mark.parametrize("config", CONFIGS)
def test_shared_selections_give_the_findings_of_a_fresh_device(config: str) -> None:
    ctx, rules = _context(config)
    together = [evaluate_rule(rule, ctx) for rule in rules]
    alone = []
    for rule in rules:
        fresh, _ = _context(config)
        alone.append(evaluate_rule(rule, fresh))
    assert together == alone


IOS = """\
hostname R1
interface GigabitEthernet0/0
 ip address 192.0.2.1 255.255.255.0
 no ip redirects
interface GigabitEthernet0/1
 ip address 198.51.100.1 255.255.255.0
interface GigabitEthernet0/2
 shutdown
 ip address 203.0.113.1 255.255.255.0
interface Loopback0
 ip address 10.0.0.1 255.255.255.255
"""
WHERE = """
        all:
          - absent: '^shutdown\\s*$'
          - present: '^ip address\\s'
"""


_REDIRECTS = f"each:\n  block: '^interface\\s'\n  where:{WHERE}  check: {{present: '^no ip redirects'}}"


def test_rules_that_select_the_same_blocks_share_one_selection() -> None:
    redirects = compiled(_REDIRECTS)
    proxy = compiled(f"each:\n  block: '^interface\\s'\n  where:{WHERE}  check: {{present: '^no ip proxy-arp'}}")
    ctx = CheckContext(tree("cisco_ios", IOS), DeviceFacts())
    root = Scope(ctx, None)
    first = redirects.evaluate(ctx, root)
    second = proxy.evaluate(ctx, root)
    assert isinstance(redirects, Each) and isinstance(proxy, Each)
    assert [b.text for b in redirects.blocks(ctx, root)] == [
        "interface GigabitEthernet0/0",
        "interface GigabitEthernet0/1",
        "interface Loopback0",
    ]
    assert redirects.blocks(ctx, root) is proxy.blocks(ctx, root)  # one walk, shared
    assert len(ctx.selections) == 1
    assert first.ok is False and [n.line for n in first.context] == [5, 10]
    assert second.ok is False and [n.line for n in second.context] == [2, 5, 10]


def test_a_filter_that_reads_the_rule_role_is_not_shared() -> None:
    by_role = compiled(
        "each:\n  block: '^interface\\s'\n  where: {role: [perimeter]}\n  check: {present: '^no ip redirects'}"
    )
    assert isinstance(by_role, Each) and by_role.selection is None
    ctx = CheckContext(tree("cisco_ios", IOS), DeviceFacts(), role="perimeter")
    assert by_role.evaluate(ctx, Scope(ctx, None)).ok is False
    assert ctx.selections == {}


def test_a_selection_read_back_from_a_pickle_takes_this_process_number() -> None:
    # Another process numbers selections in another order: its number must not be trusted here.
    script = (
        "import pickle, sys\n"
        "from tests.engine.support import compiled\n"
        "compiled(\"each: {block: '^line vty', check: {present: '^transport input ssh'}}\")\n"
        f"sys.stdout.buffer.write(pickle.dumps(compiled({_REDIRECTS!r})))\n"
    )
    data = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, check=True).stdout
    restored = pickle.loads(data)
    here = compiled(_REDIRECTS)
    other = compiled("each: {block: '^line vty', check: {present: '^transport input ssh'}}")
    assert isinstance(restored, Each) and isinstance(here, Each) and isinstance(other, Each)
    assert restored.selection == here.selection != other.selection
    ctx = CheckContext(tree("cisco_ios", IOS), DeviceFacts())
    assert [n.line for n in restored.evaluate(ctx, Scope(ctx, None)).context] == [5, 10]
