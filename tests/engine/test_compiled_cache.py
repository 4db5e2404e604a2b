"""Compiled rules kept pickled in the cache: the same verdicts, no compiling, and refusal of anything amiss."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from devaudit.engine import baseline_cache, compiled_cache, loader
from devaudit.engine.loader import CompiledRule, load_baseline
from devaudit.runner import AuditOptions, audit_bytes
from tests.engine.conftest import INSECURE_IOS


def _verdicts(baseline: loader.Baseline) -> list[tuple[str, str, str, tuple[int, ...]]]:
    result = audit_bytes(INSECURE_IOS, "edge1.cfg", baseline, AuditOptions())
    return [(f.rule_id, f.status.value, f.expected, tuple(e.line for e in f.evidence)) for f in result.findings]


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the conditions compiled from here on."""
    calls: list[str] = []
    original = loader.compile_condition

    def counting(spec: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(str(spec)[:40])
        return original(spec, *args, **kwargs)

    monkeypatch.setattr(loader, "compile_condition", counting)
    return calls


def _pickle_file(cache_home: Path, platform: str = "cisco_ios") -> Path:
    return next(cache_home.glob(f"baseline-*.{platform}.pickle"))


def test_second_read_of_a_platform_unpickles_its_rules(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = load_baseline(cache=True)  # from the packs: writes the JSON files
    assert list(cache_home.glob("*.pickle")) == []
    expected = _verdicts(fresh)
    first = load_baseline(cache=True)
    calls = _compiles(monkeypatch)
    assert _verdicts(first) == expected  # compiled from the JSON file, then pickled
    from_json = len(calls)
    path = _pickle_file(cache_home)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert [p.name for p in cache_home.glob("*.pickle")] == [path.name]  # only the platform audited
    calls.clear()
    second = load_baseline(cache=True)
    assert _verdicts(second) == expected
    stored = compiled_cache.read_compiled(path, json.loads(path.read_bytes().partition(b"\n")[0])["pack"])
    assert stored is not None
    records = [item for item in stored["rules"] if not isinstance(item, CompiledRule)]
    assert len(records) < len(stored["rules"]) // 4  # rules holding closures are compiled when read
    assert from_json > 0 and len(calls) < from_json // 4
    rules = second.for_platform("cisco_ios")
    assert [c.rule.id for c in rules] == [c.rule.id for c in fresh.for_platform("cisco_ios")]
    assert rules[0].rule.examples == fresh.for_platform("cisco_ios")[0].rule.examples


def _prepare(cache_home: Path) -> Path:
    load_baseline(cache=True)
    _verdicts(load_baseline(cache=True))
    return _pickle_file(cache_home)


def _rewrite(path: Path, body: bytes, **header_changes: Any) -> None:
    head = json.loads(path.read_bytes().partition(b"\n")[0])
    head["check"] = baseline_cache.content_check(body)
    head.update(header_changes)
    path.write_bytes(json.dumps(head).encode() + b"\n" + body)


class _Planted:
    """Unpickled, it would run ``os.system``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize(
    "damage", ["garbage", "body-edited", "other-pack", "module-changed", "group-writable", "foreign-global"]
)
def test_damaged_or_foreign_pickle_is_not_used_and_is_rewritten(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    path = _prepare(cache_home)
    expected = _verdicts(load_baseline(cache=True))
    head, _, body = path.read_bytes().partition(b"\n")
    marker = tmp_path / "ran"
    if damage == "garbage":
        path.write_bytes(b"\x00garbage")
    elif damage == "body-edited":
        path.write_bytes(head + b"\n" + body.replace(b"IOS-", b"IOX-", 1))
    elif damage == "other-pack":
        _rewrite(path, body, pack="00000000-1")
    elif damage == "module-changed":
        modules = json.loads(head)["modules"]
        modules[0][2] += 1
        _rewrite(path, body, modules=modules)
    elif damage == "group-writable":
        path.chmod(0o664)
    else:
        _rewrite(path, pickle.dumps({"rules": [_Planted(marker)], "defaults": []}))
    damaged = path.read_bytes()
    calls = _compiles(monkeypatch)
    assert _verdicts(load_baseline(cache=True)) == expected
    assert not marker.exists()
    assert len(calls) > 40  # compiled from the JSON file
    assert os.stat(path).st_mode & 0o777 == 0o600
    if damage != "group-writable":
        assert path.read_bytes() != damaged
    calls.clear()
    assert _verdicts(load_baseline(cache=True)) == expected
    assert len(calls) < 10  # rewritten, and read


def test_default_baseline_names_the_packs_entry_point_group_as_devaudit_packs_does() -> None:
    from devaudit import packs

    assert loader.PACKS_ENTRY_POINT_GROUP == packs.ENTRY_POINT_GROUP
