"""Rule patterns read back compiled from the baseline cache: the same programs ``re`` makes, or none at all."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from devaudit.engine import regex_cache
from devaudit.engine.loader import load_baseline
from devaudit.runner import AuditOptions, audit_bytes

CONFIG = (
    b"hostname R1\nip http server\nsnmp-server community Xq7s3cretC RO\nline vty 0 4\n transport input telnet\nend\n"
)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("DEVAUDIT_NO_CACHE", raising=False)
    monkeypatch.setattr(regex_cache, "_loaded", {})
    return tmp_path / "cache" / "devaudit"


def _pack(cache_home: Path, platform: str) -> dict[str, Any]:
    path = next(cache_home.glob(f"baseline-*.{platform}.json"))
    data: dict[str, Any] = json.loads(path.read_bytes())
    return data


def test_stored_programs_are_the_ones_re_compiles(cache_home: Path) -> None:
    load_baseline(cache=True)
    for platform in ("cisco_ios", "juniper_junos", "huawei_vrp"):
        pack = _pack(cache_home, platform)
        assert pack["regex_engine"] == regex_cache.engine_id()
        assert len(pack["patterns"]) > 20
        assert regex_cache.import_patterns(pack["regex_engine"], pack["patterns"]) == len(pack["patterns"])
    for (source, flags), pattern in regex_cache._loaded.items():
        assert pattern == re.compile(source, flags)  # same flags, text and program


def test_cached_platform_compiles_no_rule_pattern_and_gives_the_same_verdicts(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_baseline(cache=True)
    expected = [(f.rule_id, f.status.value) for f in audit_bytes(CONFIG, "r1.cfg", fresh, AuditOptions()).findings]
    monkeypatch.setattr(regex_cache, "_loaded", {})
    cached = load_baseline(cache=True)
    compiled: list[str] = []
    original = re.compile

    def counting(source: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(source)
        return original(source, flags)

    monkeypatch.setattr(regex_cache.re, "compile", counting)
    rules = cached.for_platform("cisco_ios")
    monkeypatch.setattr(regex_cache.re, "compile", original)
    assert len(rules) > 20
    assert compiled == []
    found = [(f.rule_id, f.status.value) for f in audit_bytes(CONFIG, "r1.cfg", cached, AuditOptions()).findings]
    assert found == expected
    assert ("IOS-MGMT-005", "FAIL") in found


def test_bad_or_foreign_programs_are_not_taken() -> None:
    good = regex_cache.export_patterns([(r"^snmp-server community (?P<name>\S+)", re.IGNORECASE)])
    assert len(good) == 1
    engine = regex_cache.engine_id()
    invalid = [[*good[0][:3], [1, 2, 3, 999], *good[0][4:]]]
    wrong_flags = [[good[0][0], good[0][1], 0, *good[0][3:]]]
    not_a_record = [["only", "two"], "text", None]
    assert regex_cache.import_patterns(["cpython", 0, 0, 0], good) == 0
    for records in (invalid, wrong_flags, not_a_record):
        assert regex_cache.import_patterns(engine, records) == 0
    assert regex_cache.import_patterns(engine, good) == 1
    pattern = regex_cache.compile_pattern(r"^snmp-server community (?P<name>\S+)", re.IGNORECASE)
    match = pattern.match("SNMP-server community Xq7s3cretC RO")
    assert match is not None and match.group("name") == "Xq7s3cretC"


def test_recording_names_every_pattern_compiled_in_the_block() -> None:
    with regex_cache.recording() as seen:
        regex_cache.compile_pattern("^a", re.IGNORECASE)
        regex_cache.compile_pattern("^b")
        regex_cache.compile_pattern("^a", re.IGNORECASE)
    regex_cache.compile_pattern("^c")
    assert list(seen) == [("^a", int(re.IGNORECASE)), ("^b", 0)]
