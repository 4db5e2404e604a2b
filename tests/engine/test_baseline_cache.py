"""The compiled-baseline cache: same verdicts as the YAML packs, per-platform loading, refusal of bad files."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from devaudit.engine import baseline_cache
from devaudit.engine.loader import builtin_baselines_dir, load_baseline
from devaudit.runner import AuditOptions, audit_bytes
from tests.engine.conftest import INSECURE_IOS


def _verdicts(baseline: object) -> list[tuple[str, str, str]]:
    result = audit_bytes(INSECURE_IOS, "edge1.cfg", baseline, AuditOptions())  # type: ignore[arg-type]
    return [(f.rule_id, f.status.value, f.expected) for f in result.findings]


def test_cached_baseline_gives_the_same_verdicts_and_compiles_only_what_is_asked(cache_home: Path) -> None:
    fresh = load_baseline(cache=True)
    files = sorted(p.name for p in cache_home.iterdir())
    assert len(files) == 1 + len({p for r in fresh.rules for p in r.rule.platforms})
    assert all(os.stat(cache_home / name).st_mode & 0o777 == 0o600 for name in files)
    assert os.stat(cache_home).st_mode & 0o777 == 0o700
    cached = load_baseline(cache=True)
    assert cached._per_platform == {}  # nothing compiled before a platform is asked for
    assert _verdicts(cached) == _verdicts(fresh)
    assert set(cached._per_platform) == {"cisco_ios"}
    fails = {rule_id for rule_id, status, _ in _verdicts(cached) if status == "FAIL"}
    assert {"IOS-MGMT-005", "IOS-SNMP-001"} <= fails
    assert [c.rule.id for c in cached.rules] == [c.rule.id for c in fresh.rules]
    assert cached.defaults_for("cisco_ios", "15.2") == fresh.defaults_for("cisco_ios", "15.2")
    rule = cached.for_platform("cisco_ios")[0].rule
    assert rule.references.as_tuple() == fresh.for_platform("cisco_ios")[0].rule.references.as_tuple()
    assert rule.examples == fresh.for_platform("cisco_ios")[0].rule.examples  # validated on first use


def test_changed_pack_file_is_read_again(cache_home: Path, tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    shutil.copytree(builtin_baselines_dir(), packs)
    first = load_baseline([packs], cache=True)
    title = first.for_platform("cisco_ios")[0].rule.title
    pack = next(p for p in sorted((packs / "cisco_ios").glob("*.yaml")) if f"title: {title}" in p.read_text())
    pack.write_text(pack.read_text().replace(f"title: {title}", "title: Renamed control", 1))
    again = load_baseline([packs], cache=True)
    assert again.for_platform("cisco_ios")[0].rule.title == "Renamed control"
    (packs / "zz-site.yaml").write_text("vars: {min_ntp_servers: 7}\n")  # composed last: it wins
    assert load_baseline([packs], cache=True).variables["min_ntp_servers"] == 7
    (packs / "zz-site.yaml").unlink()
    assert load_baseline([packs], cache=True).variables["min_ntp_servers"] == 2
    (packs / "advisories" / "feed.yaml").write_text("not: [a, pack\n")  # not a rule pack: not read, not a key
    assert load_baseline([packs], cache=True).variables["min_ntp_servers"] == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "group-writable", "pack-edited"])
def test_damaged_or_foreign_cache_is_ignored_and_rewritten(cache_home: Path, damage: str) -> None:
    expected = _verdicts(load_baseline(cache=True))
    index = next(p for p in cache_home.iterdir() if p.name.count(".") == 1)
    pack = next(p for p in cache_home.iterdir() if p.name.endswith(".cisco_ios.json"))
    if damage == "garbage":
        index.write_bytes(b"\x80not json")
    elif damage == "truncated":
        index.write_bytes(index.read_bytes()[:100])
    elif damage == "group-writable":
        os.chmod(index, 0o620)
    else:
        pack.write_bytes(pack.read_bytes().replace(b'"severity":"high"', b'"severity":"info"', 1))
    key = index.name.split("-", 1)[1].split(".")[0]
    if damage != "pack-edited":
        assert baseline_cache.read_index(key) is None
    else:
        loaded = baseline_cache.read_index(key)
        assert loaded is not None and baseline_cache.read_pack(loaded, "cisco_ios") is None
        index.write_bytes(b"{}")  # what a reader does next: the entry is rebuilt
    assert _verdicts(load_baseline(cache=True)) == expected
    assert os.stat(index).st_mode & 0o777 == 0o600
    assert baseline_cache.read_index(key) is not None


def test_entry_for_other_paths_or_variables_under_the_same_name_is_not_used(cache_home: Path) -> None:
    expected = _verdicts(load_baseline(cache=True))
    index = next(p for p in cache_home.iterdir() if p.name.count(".") == 1)
    data = json.loads(index.read_bytes())
    identity = data["identity"]
    key = index.name.split("-", 1)[1].split(".")[0]
    assert baseline_cache.cache_key(identity) == key
    assert baseline_cache.read_index(key, identity) is not None
    other = identity.replace('"min_ntp_servers"', '"x"') if "min_ntp_servers" in identity else identity + " "
    index.write_text(json.dumps({**data, "identity": other}), encoding="utf-8")
    assert baseline_cache.read_index(key, identity) is None
    assert _verdicts(load_baseline(cache=True)) == expected
    assert baseline_cache.read_index(key, identity) is not None  # rewritten for this identity


def test_switched_off_cache_writes_nothing(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEVAUDIT_NO_CACHE", "1")
    baseline = load_baseline(cache=True)
    assert baseline.for_platform("cisco_ios")
    assert not cache_home.exists()


def test_variables_are_part_of_the_key(cache_home: Path) -> None:
    load_baseline(cache=True)
    three = load_baseline(cache=True, variables={"min_ntp_servers": 3})
    assert three.variables["min_ntp_servers"] == 3
    assert load_baseline(cache=True).variables["min_ntp_servers"] == 2


def test_pack_folder_listing_is_every_yaml_file_but_advisories_in_path_order(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    (root / "ios" / "advisories").mkdir(parents=True)
    (root / "ios" / "advisories" / "feed.yaml").write_text("")
    for name in ("ios/b.yml", "ios-x.yaml", ".site.yaml", "z.yaml", "advisories.yaml", "x.YAML", "notes.txt"):
        (root / name).write_text("")
    (root / "dir.yaml").mkdir()
    (root / "link.yaml").symlink_to(root / "z.yaml")
    (root / "broken.yaml").symlink_to(root / "missing.yaml")
    (root / "linked").symlink_to(root / "ios")  # a linked folder is not entered
    names = [p.relative_to(root).as_posix() for p in baseline_cache.yaml_files(root)]
    assert names == [".site.yaml", "advisories.yaml", "ios/b.yml", "ios-x.yaml", "link.yaml", "z.yaml"]


def test_rule_ids_and_profiles_of_a_cached_baseline_need_no_compiling(cache_home: Path) -> None:
    fresh = load_baseline(cache=True)
    cached = load_baseline(cache=True)
    profiles = cached.rule_profiles()
    assert cached._per_platform == {}  # a --rule or --profile check compiles no platform
    assert profiles == fresh.rule_profiles()
    assert list(profiles) == [c.rule.id for c in fresh.rules]
    assert profiles["IOS-MGMT-005"] == tuple(next(c for c in fresh.rules if c.rule.id == "IOS-MGMT-005").rule.profiles)


def test_entries_unused_for_a_month_and_stale_temporary_files_are_removed(cache_home: Path) -> None:
    load_baseline(cache=True)
    current = sorted(p.name for p in cache_home.iterdir())
    month_ago = 31 * 24 * 3600
    old = ["baseline-0123abcd.json", "baseline-0123abcd.cisco_ios.json", ".baseline-x.json.1a2b.tmp"]
    recent = ["baseline-4567ef.json", ".baseline-y.json.3c4d.tmp"]
    foreign = ["notes.txt", "baseline-keep.txt"]
    for name in (*old, *recent, *foreign):
        (cache_home / name).write_text("{}", encoding="utf-8")
    for name in (*old, *foreign, *current):
        stamp = (cache_home / name).stat().st_mtime - month_ago
        os.utime(cache_home / name, (stamp, stamp))
    os.utime(cache_home / recent[1], (os.stat(cache_home / recent[1]).st_mtime - 2 * 24 * 3600,) * 2)
    key = next(n for n in current if n.count(".") == 1).split("-", 1)[1].split(".")[0]
    removed = baseline_cache.prune(cache_home, keep=key)
    assert sorted(removed) == sorted([*old, recent[1]])
    assert sorted(p.name for p in cache_home.iterdir()) == sorted([*current, recent[0], *foreign])
