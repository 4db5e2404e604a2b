"""Masking keeps what rules read: a redacted config (as archived) gets the same verdicts as the original."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.engine.loader import Baseline, load_baseline
from devaudit.redaction import redact_text
from devaudit.runner import AuditOptions, audit_bytes

CONFIGS = sorted((Path(__file__).resolve().parents[2] / "mocks" / "configs").glob("*/*.cfg"))
# Rules that compare a community's name with the vendor's default names: masked, the name cannot match.
NAME_RULES = {("juniper_junos", "insecure.cfg"): {"JUN-SNMP-001"}}


@pytest.fixture(scope="module")
def baseline() -> Baseline:
    return load_baseline()


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_redacted_config_gets_the_same_verdicts(path: Path, baseline: Baseline) -> None:
    original = audit_bytes(path.read_bytes(), str(path), baseline, AuditOptions())
    masked_text = redact_text(path.read_text(encoding="utf-8"), original.platform)
    assert masked_text != path.read_text(encoding="utf-8")
    masked = audit_bytes(masked_text.encode(), str(path), baseline, AuditOptions(platform=original.platform))
    before = {f.rule_id: f.status for f in original.findings}
    after = {f.rule_id: f.status for f in masked.findings}
    changed = {rule for rule in before if before[rule] != after.get(rule)}
    assert changed == NAME_RULES.get((path.parent.name, path.name), set())
