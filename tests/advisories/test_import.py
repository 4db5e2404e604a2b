"""Importing CSAF 2.0 and NVD CVE 2.0 files: validation against the schema, what is kept, what is refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from devaudit.advisories.csaf import CsafError, parse_csaf, validate_csaf
from devaudit.advisories.model import AFFECTED, FIXED
from devaudit.advisories.store import import_feeds, load_family, store_status
from mocks.feeds import csaf_document, load_facts


def _entry(advisory_id: str) -> dict[str, object]:
    return next(e for e in load_facts() if e["id"] == advisory_id)


def test_every_generated_csaf_document_follows_the_official_schema() -> None:
    for entry in load_facts():
        if entry["format"] == "csaf":
            validate_csaf(csaf_document(entry))


def test_store_holds_every_advisory_by_family(store: Path) -> None:
    status = store_status(store)
    assert status is not None
    assert status.by_source == {"csaf": 22, "nvd": 11}
    assert status.by_family == {
        "arista:eos": 10,
        "cisco:asa": 4,
        "cisco:ios": 4,
        "cisco:ios_xe": 1,
        "cisco:ios_xr": 2,
        "cisco:nx-os": 2,
        "huawei:vrp": 1,
        "juniper:junos": 9,
    }
    assert status.age_days() is not None and status.age_days() < 1  # type: ignore[operator]
    assert oct(os.stat(store).st_mode & 0o777) == "0o600"


def test_csaf_product_tree_gives_versions_statuses_and_scores() -> None:
    advisory = parse_csaf(csaf_document(_entry("cisco-sa-iosxe-webui-privesc-j22SaA4z")))
    assert advisory.cves == ("CVE-2023-20198", "CVE-2023-20273")
    assert advisory.cvss == 10.0
    assert advisory.url.endswith("cisco-sa-iosxe-webui-privesc-j22SaA4z")
    fixed = sorted(s.version for s in advisory.statuses if s.status == FIXED)
    assert fixed == ["16.12.10a", "17.3.8a", "17.6.6a", "17.9.4a"]
    assert {s.family for s in advisory.statuses} == {"cisco:ios_xe"}
    assert "17.3.4a" in {s.version for s in advisory.statuses if s.status == AFFECTED}


def test_version_ranges_become_ranges() -> None:
    advisory = parse_csaf(csaf_document(_entry("JSA76390")))
    ranges = [s.range for s in advisory.statuses if s.range is not None]
    assert any(r.start == "21.4R1" and r.end == "21.4R3-S6" and not r.end_inclusive for r in ranges)


def test_a_broken_file_is_named_and_the_others_still_load(tmp_path: Path, feeds: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for file in list(feeds.iterdir())[:3]:
        (folder / file.name).write_bytes(file.read_bytes())
    (folder / "truncated.json").write_text('{"document": {"csaf_version": "2.0",')
    bad = csaf_document(_entry("JSA72300"))
    del bad["document"]["tracking"]
    (folder / "no-tracking.json").write_text(json.dumps(bad))
    (folder / "other.json").write_text('{"hello": "world"}')
    summary = import_feeds([folder], tmp_path / "s.sqlite")
    problems = {Path(f).name: m for f, m in summary.errors}
    assert problems == {
        "truncated.json": "not valid JSON at line 1, column 37: Expecting property name enclosed in double quotes",
        "no-tracking.json": "does not follow the CSAF 2.0 schema at document: 'tracking' is a required property",
        "other.json": "neither a CSAF 2.0 advisory nor an NVD CVE 2.0 feed file",
    }
    assert summary.files == 6
    assert summary.advisories >= 3


def test_schema_violation_names_the_place() -> None:
    doc = csaf_document(_entry("cisco-sa-20180328-smi2"))
    doc["vulnerabilities"][0]["scores"][0]["cvss_v3"]["baseScore"] = 11
    with pytest.raises(CsafError, match=r"at vulnerabilities/0/scores/0/cvss_v3"):
        validate_csaf(doc)


def test_a_newer_revision_replaces_an_older_one_never_the_reverse(tmp_path: Path) -> None:
    entry = dict(_entry("JSA72300"))
    old = csaf_document(entry)
    new = csaf_document({**entry, "title": "Revised title"})
    new["document"]["tracking"]["current_release_date"] = "2024-01-01T00:00:00Z"
    new["document"]["tracking"]["revision_history"].append(
        {"date": "2024-01-01T00:00:00Z", "number": "2.0.0", "summary": "Updated."}
    )
    new["document"]["tracking"]["version"] = "2.0.0"
    (tmp_path / "new.json").write_text(json.dumps(new))
    (tmp_path / "old.json").write_text(json.dumps(old))
    store = tmp_path / "s.sqlite"
    import_feeds([tmp_path / "new.json"], store)
    import_feeds([tmp_path / "old.json"], store)
    (advisory,) = load_family(store, "juniper:junos")
    assert advisory.title == "Revised title"
