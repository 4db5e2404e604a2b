"""Verdicts on the real corpus agree with the hand-made labels; every disagreement is a known dispute."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.label_agreement import compare

pytestmark = pytest.mark.corpus

DISPUTES = Path(__file__).resolve().parent / "rules" / "disputes"
MIN_AGREEMENT = 0.97


def _disputes() -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for file in sorted(DISPUTES.glob("*.yaml")):
        for entry in yaml.safe_load(file.read_text(encoding="utf-8")) or []:
            assert {"file", "rule_id", "label", "devaudit", "line", "text", "reason"} <= set(entry), file
            out.add((entry["file"], entry["rule_id"]))
    return out


def test_agreement_with_labels() -> None:
    pairs = compare()
    assert pairs, "no labelled pairs were scored"
    agree = sum(1 for p in pairs if p.expected == p.actual)
    assert agree / len(pairs) >= MIN_AGREEMENT, f"{agree}/{len(pairs)}"


def test_every_disagreement_is_a_recorded_dispute() -> None:
    disputes = _disputes()
    unexplained = [
        f"{p.file} {p.rule_id}: label {p.expected}, devaudit {p.actual}"
        for p in compare()
        if p.expected != p.actual and (p.file, p.rule_id) not in disputes
    ]
    assert unexplained == []
