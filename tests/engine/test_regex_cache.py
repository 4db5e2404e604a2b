"""Rule patterns read back compiled from the baseline cache: the same programs ``re`` makes, or none at all."""

from __future__ import annotations

import json
import os
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

from devaudit.engine import baseline_cache, regex_cache
from devaudit.engine.loader import load_baseline
from devaudit.runner import AuditOptions, audit_bytes

CONFIG = (
    b"hostname R1\nip http server\nsnmp-server community Xq7s3cretC RO\nline vty 0 4\n transport input telnet\nend\n"
)


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


# --------------------------------------------------------------------------- the program's pattern store

MODULE_PATTERNS = [
    (r"^hostname\s+(?P<name>\S+)", int(re.IGNORECASE)),
    (r"\d+|[A-Za-z]+", 0),
    (r"^[ \t]*#.*?coding[:=][ \t]*([-\w.]+)", int(re.ASCII)),  # as the standard library's tokenize
]


@pytest.fixture
def store_home(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(regex_cache, "_active", [])
    return cache_home / regex_cache.STORE_NAME


def _run(patterns: list[tuple[str, int]]) -> tuple[list[re.Pattern[str]], list[str]]:
    """One program run: the patterns ``compile_pattern`` gives, and the texts ``re`` had to compile."""
    regex_cache._loaded.clear()
    re.purge()  # a fresh process: nothing compiled yet
    compiled: list[str] = []
    original = re.compile

    def counting(source: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(source)
        return original(source, flags)

    regex_cache.use_store()
    regex_cache.re.compile = counting  # type: ignore[assignment]
    try:
        out = [regex_cache.compile_pattern(source, flags) for source, flags in patterns]
    finally:
        regex_cache.re.compile = original
    regex_cache.save_store()
    return out, compiled


def test_store_serves_module_patterns_from_the_second_run(store_home: Path) -> None:
    first, compiled = _run(MODULE_PATTERNS)
    assert compiled == [source for source, _ in MODULE_PATTERNS]
    assert os.stat(store_home).st_mode & 0o777 == 0o600
    assert os.stat(store_home.parent).st_mode & 0o777 == 0o700
    written = store_home.read_bytes()
    second, compiled = _run(MODULE_PATTERNS)
    assert compiled == []
    assert second == first  # same text, flags and program
    match = second[0].match("HOSTNAME edge-1")
    assert match is not None and match.group("name") == "edge-1"
    assert store_home.read_bytes() == written  # nothing new: not rewritten
    _, compiled = _run([*MODULE_PATTERNS, ("^end$", 0)])
    assert compiled == ["^end$"]
    _, compiled = _run([("^end$", 0), *MODULE_PATTERNS])
    assert compiled == []


def test_rule_patterns_are_left_to_the_baseline_cache(store_home: Path) -> None:
    re.purge()
    regex_cache.use_store()
    with regex_cache.recording():
        regex_cache.compile_pattern("^rule pattern$")
    assert regex_cache.save_store() is False
    assert not store_home.exists()


@pytest.mark.parametrize(
    "damage", ["garbage", "body-edited", "code-swapped", "group-writable", "foreign-engine", "names-a-function"]
)
def test_damaged_or_foreign_store_compiles_as_usual_and_is_rewritten(store_home: Path, damage: str) -> None:
    _run(MODULE_PATTERNS)
    head, _, body = store_home.read_bytes().partition(b"\n")
    if damage == "garbage":
        store_home.write_bytes(b"\x00not json")
    elif damage == "body-edited":
        store_home.write_bytes(head + b"\n" + body.replace(b"hostname", b"hostnamf"))
    elif damage == "code-swapped":  # each record valid, with the other's program: the checksum holds it
        records = regex_cache.plain_loads(body)
        records[0][3], records[1][3] = records[1][3], records[0][3]
        store_home.write_bytes(head + b"\n" + pickle.dumps(records))
    elif damage == "group-writable":
        store_home.chmod(0o664)
    elif damage == "names-a-function":  # intact and for this interpreter, but not plain values
        body = pickle.dumps([[*record[:3], os.getcwd] for record in regex_cache.plain_loads(body)])
        header = json.loads(head)
        header["check"] = baseline_cache.content_check(body)
        store_home.write_bytes(json.dumps(header).encode() + b"\n" + body)
    else:
        header = json.loads(head)
        header["engine"] = ["cpython", 0, 0, 4]
        store_home.write_bytes(json.dumps(header).encode() + b"\n" + body)
    patterns, compiled = _run(MODULE_PATTERNS)
    assert compiled == [source for source, _ in MODULE_PATTERNS]
    assert patterns == [re.compile(source, flags) for source, flags in MODULE_PATTERNS]
    assert os.stat(store_home).st_mode & 0o777 == 0o600
    _, compiled = _run(MODULE_PATTERNS)
    assert compiled == []


def test_code_the_engine_refuses_is_compiled_from_the_text(store_home: Path) -> None:
    _run(MODULE_PATTERNS)
    head, _, body = store_home.read_bytes().partition(b"\n")
    records = regex_cache.plain_loads(body)
    records[0][3] = bytes([1, 0, 0, 0, 2, 0, 0, 0, 231, 3, 0, 0])  # not a program
    body = pickle.dumps(records)
    header = json.loads(head)
    header["check"] = baseline_cache.content_check(body)  # an intact file: the engine's own check decides
    store_home.write_bytes(json.dumps(header).encode() + b"\n" + body)
    patterns, compiled = _run(MODULE_PATTERNS)
    assert patterns == [re.compile(source, flags) for source, flags in MODULE_PATTERNS]
    assert compiled == [MODULE_PATTERNS[0][0]]
    _, compiled = _run(MODULE_PATTERNS)
    assert compiled == []  # stored afresh


def test_store_off_without_a_cache_folder(store_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEVAUDIT_NO_CACHE", "1")
    _, compiled = _run(MODULE_PATTERNS)
    assert compiled == [source for source, _ in MODULE_PATTERNS]
    assert not store_home.parent.exists()


def test_store_keeps_at_most_its_limit(store_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_cache, "_STORE_LIMIT", 3)
    _run([("^a$", 0), ("^b$", 0)])
    _run([("^c$", 0), ("^d$", 0)])  # 4 > 3: this run's patterns only
    _, compiled = _run([("^a$", 0), ("^c$", 0), ("^d$", 0)])
    assert compiled == ["^a$"]


def test_patterns_any_module_compiles_through_re_are_stored_and_served_from_res_table(
    store_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = r"^(?:interface|int)\s+(?P<name>\S+)$"
    _run([])
    re.purge()
    regex_cache.use_store()
    first = re.compile(source, re.IGNORECASE)  # as a module of the standard library or a check would
    assert re.search(r"\bvty\b", "line vty 0 4") is not None
    assert regex_cache.save_store() is True
    generated: list[str] = []
    original = re._compiler.compile

    def counting(pattern: Any, flags: int = 0) -> Any:
        generated.append(str(pattern))
        return original(pattern, flags)

    re.purge()
    regex_cache._loaded.clear()
    monkeypatch.setattr(re._compiler, "compile", counting)
    regex_cache.use_store()
    again = re.compile(source, re.IGNORECASE)
    assert re.search(r"\bvty\b", "line vty 0 4") is not None
    assert generated == [regex_cache._PROBE]  # neither was parsed again: only the check of re's table
    assert again == first
    match = again.match("Interface GigabitEthernet0/1")
    assert match is not None and match.group("name") == "GigabitEthernet0/1"
    assert regex_cache.save_store() is False  # nothing new: not rewritten


def test_patterns_compiled_after_start_up_are_not_stored(store_home: Path) -> None:
    re.purge()
    regex_cache.use_store()
    re.compile(r"^ip access-list extended\s+(\S+)")  # a module's own pattern, compiled on import
    regex_cache.settle_store()  # the first platform's rules are in: auditing starts
    re.compile(r"^ip access-group MGMT-IN\b")  # built from what one device's configuration names
    regex_cache.settle_store()  # (only the first call counts)
    re.compile(r"^ip access-group EDGE-IN\b")
    assert regex_cache.save_store() is True
    stored = [record[0] for record in regex_cache.plain_loads(store_home.read_bytes().partition(b"\n")[2])]
    assert r"^ip access-list extended\s+(\S+)" in stored
    assert not [source for source in stored if "MGMT-IN" in source or "EDGE-IN" in source]
