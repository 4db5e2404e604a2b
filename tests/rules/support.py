"""What the per-platform rule tests share: the platform's own pack, corpus audits, trees and rules."""

from __future__ import annotations

from functools import cache

from devaudit.engine.loader import Baseline, CompiledRule, builtin_baselines_dir, load_baseline
from devaudit.ingest import split_lines
from devaudit.models import DeviceResult
from devaudit.parsers import parse
from devaudit.runner import AuditOptions, audit_bytes
from devaudit.tree import ConfigTree
from tests.conftest import CORPUS, corpus_file

__all__ = ["CORPUS_ROOT", "PlatformPack"]

CORPUS_ROOT = CORPUS


class PlatformPack:
    """One platform's shipped pack with the shared variables (other platforms' packs stay out)."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.corpus = CORPUS_ROOT / platform

    @cache  # noqa: B019 - one instance per test module, alive for the whole run
    def baseline(self) -> Baseline:
        root = builtin_baselines_dir()
        return load_baseline([root / "common.yaml", root / self.platform])

    @cache  # noqa: B019
    def audit(self, name: str) -> DeviceResult:
        """Audit a corpus file of this platform (see tests/conftest.py when ../shared is absent)."""
        path = corpus_file(f"{self.platform}/{name}")
        result = audit_bytes(path.read_bytes(), str(path), self.baseline(), AuditOptions())
        assert result.platform == self.platform, result.platform_reason
        return result

    def tree(self, text: str) -> ConfigTree:
        lines, _ = split_lines(text)
        return parse(lines, self.platform)

    def rule(self, rule_id: str) -> CompiledRule:
        return next(r for r in self.baseline().for_platform(self.platform) if r.rule.id == rule_id)
