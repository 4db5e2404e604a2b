"""The benchmark's real fleets: every copy of a corpus config is distinct and audits as the original does."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import build_fleet, corpus_configs, distinct_copy
from devaudit.engine.loader import Baseline, load_baseline
from devaudit.runner import AuditOptions, audit_bytes

pytestmark = pytest.mark.corpus
_BASELINE: list[Baseline] = []


def _verdicts(data: bytes, source: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    if not _BASELINE:
        _BASELINE.append(load_baseline())
    device = audit_bytes(data, source, _BASELINE[0], AuditOptions())
    return device.platform, device.status.value, tuple((f.rule_id, f.status.value) for f in device.findings)


def test_every_copy_of_every_corpus_config_is_distinct_and_audits_the_same() -> None:
    files = corpus_configs()
    assert len({f.platform for f in files}) >= 9
    for item in files:
        original = item.path.read_bytes()
        first, second = distinct_copy(original, item.platform, 1), distinct_copy(original, item.platform, 2)
        assert len({original, first, second}) == 3, item.path.name
        # Only a name, a comment or a description changed: one line at most was added.
        assert first.count(b"\n") - original.count(b"\n") in (0, 1), item.path.name
        assert b"c000001" in first and b"c000001" not in second
        assert _verdicts(first, item.path.name) == _verdicts(original, item.path.name), item.path.name


def test_the_device_name_carries_the_copy_number_in_the_platform_syntax() -> None:
    ios = b"version 15.2\n!\nhostname EDGE1\n!\ninterface Gi0/1\n description uplink\nend\n"
    assert distinct_copy(ios, "cisco_ios", 42) == (
        b"version 15.2\n! copy c000042\nhostname EDGE1-c000042\n!\ninterface Gi0/1\n description uplink\nend\n"
    )
    junos = b"system {\n    host-name core1;\n}\n"
    assert distinct_copy(junos, "juniper_junos", 3) == b"system {\n    host-name core1-c000003;\n}\n"
    nameless = b"system {\n    services ssh;\n}\n"
    assert distinct_copy(nameless, "juniper_junos", 3) == b"# copy c000003\n" + nameless
    vrp = b"#\nsysname AGG1\n#\n"
    assert distinct_copy(vrp, "huawei_vrp", 5) == b"# copy c000005\nsysname AGG1-c000005\n#\n"
    sros = b'configure {\n    system {\n        name "r1"\n    }\n}\n'
    assert distinct_copy(sros, "nokia_sros", 7) == (
        b'configure {\n    system {\n        name "r1-c000007"\n    }\n}\n'
    )


def test_a_fleet_has_no_two_files_alike(tmp_path: Path) -> None:
    files = corpus_configs()
    lines = build_fleet(tmp_path / "fleet", files, 3 * len(files))
    contents = [p.read_bytes() for p in sorted((tmp_path / "fleet").iterdir())]
    assert len(contents) == len(set(contents)) == 3 * len(files)
    assert lines == sum(c.count(b"\n") for c in contents)
