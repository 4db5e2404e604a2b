"""Shared helpers for the fix-script tests: the corpus, the simulators' configs, auditing one file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from devaudit.engine.loader import Baseline, load_baseline
from devaudit.models import DeviceResult
from devaudit.runner import AuditOptions, audit_bytes

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
MOCK_CONFIGS = ROOT / "mocks" / "configs"
ACL_111 = "cisco_ios/ccp-sample03-ios12.2.cfg"  # vty lines (and console) use extended ACL 111
HOSTNAME_FOO = ("cisco_ios/ccp-sample01.cfg", "cisco_ios/ccp-sample02-ios12.0.cfg", ACL_111)


@cache
def shipped(**variables: str) -> Baseline:
    return load_baseline(variables=variables or None)


def corpus_file(rel: str) -> Path:
    path = CORPUS / rel
    if not path.is_file():
        pytest.skip("../shared/corpus is absent")
    return path


def audit_file(path: Path, baseline: Baseline | None = None, name: str | None = None) -> DeviceResult:
    return audit_bytes(path.read_bytes(), str(path), baseline or shipped(), AuditOptions(), name=name)
