"""Compare devaudit verdicts on ../shared/corpus with the hand-made labels (run directly for a report)."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from devaudit.engine.loader import Baseline, load_baseline
from devaudit.models import DeviceResult
from devaudit.runner import AuditOptions, audit_bytes

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus"
LABELS = SHARED / "labels" / "dev-labels.yaml"


@dataclass(frozen=True)
class Pair:
    """One labelled (file, control) pair and devaudit's verdict on it."""

    file: str
    platform: str
    rule_id: str
    expected: str
    actual: str
    reason: str


def load_labels() -> dict[str, dict[str, object]]:
    with LABELS.open(encoding="utf-8") as handle:
        data: dict[str, dict[str, object]] = yaml.safe_load(handle)
    return data


def audit_corpus_file(rel: str, baseline: Baseline) -> DeviceResult:
    path = CORPUS / rel
    return audit_bytes(path.read_bytes(), rel, baseline, AuditOptions())


def compare(baseline: Baseline | None = None) -> list[Pair]:
    """Every scored pair (AMBIGUOUS and skipped files excluded)."""
    baseline = baseline or load_baseline()
    pairs: list[Pair] = []
    for rel, entry in load_labels().items():
        if entry.get("skipped") or not (CORPUS / rel).exists():
            continue
        result = audit_corpus_file(rel, baseline)
        verdicts = {f.rule_id: f for f in result.findings}
        controls = entry.get("controls") or {}
        assert isinstance(controls, dict)
        for rule_id, label in controls.items():
            expected = label["status"]
            if expected == "AMBIGUOUS":
                continue
            finding = verdicts.get(rule_id)
            actual = finding.status.value if finding else "MISSING"
            reason = finding.reason if finding else result.error
            pairs.append(Pair(rel, str(entry.get("platform")), rule_id, expected, actual, reason))
    return pairs


def main() -> int:
    pairs = compare()
    agree = sum(1 for p in pairs if p.expected == p.actual)
    by_platform: Counter[str] = Counter()
    by_platform_ok: Counter[str] = Counter()
    for pair in pairs:
        by_platform[pair.platform] += 1
        by_platform_ok[pair.platform] += pair.expected == pair.actual
    filt = sys.argv[1] if len(sys.argv) > 1 else ""
    for pair in pairs:
        if pair.expected != pair.actual and filt in pair.file + pair.rule_id:
            print(f"{pair.file}  {pair.rule_id}: label {pair.expected}, devaudit {pair.actual}  ({pair.reason})")
    for platform in sorted(by_platform):
        total = by_platform[platform]
        print(f"{platform:14} {by_platform_ok[platform]}/{total} = {by_platform_ok[platform] / total:.1%}")
    print(f"overall {agree}/{len(pairs)} = {agree / len(pairs):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
