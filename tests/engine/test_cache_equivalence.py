"""A baseline read from the cache audits exactly as one loaded from the YAML packs, and fails the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from devaudit.cli import main
from devaudit.engine.loader import Baseline, builtin_baselines_dir, load_baseline
from devaudit.models import DeviceResult
from devaudit.runner import AuditOptions, audit_bytes
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[2]
SIMULATOR_CONFIGS = ROOT / "mocks" / "configs"

SITE = """\
extends: [builtin]
vars:
  ntp_server: 192.0.2.10
  ntp_server_2: 192.0.2.11
  syslog_server: 192.0.2.20
  min_ntp_servers: 3
  max_idle_minutes: 5
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("DEVAUDIT_NO_CACHE", raising=False)
    return tmp_path / "cache" / "devaudit"


def _configs() -> list[Path]:
    found = sorted(p for p in SIMULATOR_CONFIGS.rglob("*") if p.is_file() and p.suffix != ".md")
    if CORPUS.is_dir():
        found += sorted(
            p for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS and not p.name.startswith(".")
        )
    return found


def _cold_and_cached(
    monkeypatch: pytest.MonkeyPatch, cache_home: Path, paths: list[Path] | None
) -> tuple[Baseline, Baseline]:
    monkeypatch.setenv("DEVAUDIT_NO_CACHE", "1")
    cold = load_baseline(paths, cache=True)
    assert not cache_home.exists()  # switched off: nothing written
    monkeypatch.delenv("DEVAUDIT_NO_CACHE")
    load_baseline(paths, cache=True)  # writes the entry
    cached = load_baseline(paths, cache=True)
    assert cached._pack_loader is not None  # really read from the cache
    return cold, cached


def _audit(path: Path, baseline: Baseline) -> DeviceResult:
    return audit_bytes(path.read_bytes(), str(path), baseline, AuditOptions())


@pytest.mark.parametrize("site", [False, True], ids=["shipped", "site-values"])
def test_cached_audit_equals_uncached_over_corpus_and_simulator_configs(
    site: bool, tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = None
    if site:
        site_file = tmp_path / "site.yaml"
        site_file.write_text(SITE, encoding="utf-8")
        paths = [site_file]
    cold, cached = _cold_and_cached(monkeypatch, cache_home, paths)
    assert cached.variables == cold.variables
    configs = _configs()
    assert len(configs) >= 10
    platforms: set[str] = set()
    compared = 0
    for path in configs:
        expected, got = _audit(path, cold), _audit(path, cached)
        assert got == expected, path  # findings, messages, remediation, evidence, errors: every field
        platforms.add(expected.platform)
        compared += len(expected.findings)
    assert compared > 1000
    assert len(platforms - {""}) >= 10
    for platform in sorted(platforms - {""}):
        for warm, fresh in zip(cached.for_platform(platform), cold.for_platform(platform), strict=True):
            assert warm.messages == fresh.messages, warm.rule.id
            assert warm.rule.remediation == fresh.rule.remediation, warm.rule.id
            assert warm.rule.remediation_result == fresh.rule.remediation_result, warm.rule.id
    if site:
        filled = [c.rule.remediation for c in cached.rules if any("192.0.2.10" in line for line in c.rule.remediation)]
        assert filled  # the site's NTP server reached the fix lines through the cache


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stderr


def _both_ways(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> list[tuple[int, str]]:
    """The same command without the cache, then twice with it (the second run finds any entry written)."""
    monkeypatch.setenv("DEVAUDIT_NO_CACHE", "1")
    outcomes = [_run(args)]
    monkeypatch.delenv("DEVAUDIT_NO_CACHE")
    outcomes += [_run(args), _run(args)]
    return outcomes


def test_bad_site_baseline_and_variable_fail_the_same_through_the_cache(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = next(p for p in _configs() if p.parent.name == "cisco_ios")
    site = tmp_path / "site.yaml"
    site.write_text(SITE, encoding="utf-8")
    good = _both_ways(monkeypatch, ["audit", "-b", str(site), str(config)])
    assert {code for code, _ in good} <= {0, 1}
    assert cache_home.is_dir()  # the good site baseline is cached now

    # The cached site file turns bad: an unknown variable, then a value of the wrong kind.
    site.write_text(SITE + "  ntp_servr: 192.0.2.12\n", encoding="utf-8")
    unknown = _both_ways(monkeypatch, ["audit", "-b", str(site), str(config)])
    assert unknown[0][0] == 4
    assert "unknown variable ntp_servr" in unknown[0][1] and "did you mean ntp_server" in unknown[0][1]
    assert unknown[1] == unknown[0] and unknown[2] == unknown[0]

    site.write_text(SITE.replace("min_ntp_servers: 3", "min_ntp_servers: [a, b]"), encoding="utf-8")
    wrong_kind = _both_ways(monkeypatch, ["audit", "-b", str(site), str(config)])
    assert wrong_kind[0][0] == 4 and "variable min_ntp_servers must be a whole number" in wrong_kind[0][1]
    assert wrong_kind[1] == wrong_kind[0] and wrong_kind[2] == wrong_kind[0]

    # --var on the shipped packs, whose entry is cached by the first good run below.
    _both_ways(monkeypatch, ["audit", str(config)])
    bad_var = _both_ways(monkeypatch, ["audit", "--var", "ntp_servr=192.0.2.1", str(config)])
    assert bad_var[0][0] == 2 and "--var ntp_servr: unknown variable" in bad_var[0][1]
    assert bad_var[1] == bad_var[0] and bad_var[2] == bad_var[0]
    bad_kind = _both_ways(monkeypatch, ["audit", "--var", "min_ntp_servers=many", str(config)])
    assert bad_kind[0][0] == 2 and "min_ntp_servers" in bad_kind[0][1]
    assert bad_kind[1] == bad_kind[0] and bad_kind[2] == bad_kind[0]
    assert builtin_baselines_dir().is_dir()
