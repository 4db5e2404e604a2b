"""Every control of the catalogue is shipped with its ID, and each platform has at least the required count."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from devaudit.engine.loader import load_baseline

SHARED = Path(__file__).resolve().parents[3] / "shared"
CATALOGUE = SHARED / "reference" / "controls-catalogue.md"
CORE = SHARED / "labels" / "core-controls.yaml"
SECTION_PLATFORM = {
    "4.1": "cisco_ios",
    "4.2": "cisco_nxos",
    "4.3": "cisco_xr",
    "4.4": "juniper_junos",
    "4.5": "huawei_vrp",
    "4.6": "zte_zxros",
    "4.7": "arista_eos",
    "4.8": "hp_comware",
}
MINIMUM = {
    "cisco_ios": 60,
    "cisco_nxos": 42,
    "cisco_xr": 37,
    "juniper_junos": 47,
    "huawei_vrp": 44,
    "zte_zxros": 32,
    "arista_eos": 36,
    "hp_comware": 25,
    "cisco_asa": 30,
    "nokia_sros": 30,
}

pytestmark = pytest.mark.corpus


def _catalogue_ids() -> dict[str, set[str]]:
    ids: dict[str, set[str]] = defaultdict(set)
    platform = None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### (4\.\d)\b", line)
        if heading:
            platform = SECTION_PLATFORM.get(heading.group(1))
        elif line.startswith("## 5"):
            platform = None
        elif platform and (row := re.match(r"^\| ([A-Z]+-[A-Z]+-\d{3}) \|", line)):
            ids[platform].add(row.group(1))
    return ids


def test_every_catalogue_and_core_id_is_shipped() -> None:
    shipped: dict[str, set[str]] = defaultdict(set)
    for compiled in load_baseline().rules:
        for platform in compiled.rule.platforms:
            shipped[platform].add(compiled.rule.id)
    wanted = _catalogue_ids()
    assert sum(len(v) for v in wanted.values()) >= 300, "the catalogue was not read"
    core = yaml.safe_load(CORE.read_text(encoding="utf-8"))
    for platform, controls in core.items():
        wanted[platform] |= {c["id"] for c in controls}
    missing = {p: sorted(ids - shipped[p]) for p, ids in wanted.items() if ids - shipped[p]}
    assert missing == {}
    assert {p: len(shipped[p]) for p in MINIMUM if len(shipped[p]) < MINIMUM[p]} == {}
