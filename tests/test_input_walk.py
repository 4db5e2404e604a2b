"""The inputs of an audit are walked as they are audited: nothing about a fleet is listed before it starts."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from devaudit.engine.loader import load_baseline
from devaudit.models import DeviceResult
from devaudit.runner import AuditOptions, BaselineSpec, audit_prepared
from devaudit.sources import InputRef
from devaudit.walk import InputWalk

CONFIG = "hostname R{n}\nline vty 0 4\n transport input ssh\nend\n"


def _folder(root: Path, name: str, count: int) -> Path:
    folder = root / name
    folder.mkdir()
    for n in range(count):
        (folder / f"r{n}.cfg").write_text(CONFIG.format(n=n), encoding="utf-8")
    return folder


def test_the_walk_gives_stdin_first_then_files_in_order_and_tells_problems_as_met(tmp_path: Path) -> None:
    site = _folder(tmp_path, "site", 2)
    (site / "notes.md").write_text("# runbook\n", encoding="utf-8")
    (site / "r9-link.cfg").symlink_to(site / "r0.cfg")  # the same file again, through a link
    missing = tmp_path / "missing"
    told: list[str] = []
    walk = InputWalk([str(site), str(missing), "-"], note=told.append)
    inputs = iter(walk)
    assert next(inputs) == InputRef(None, "<stdin>")
    assert next(inputs) == InputRef(site / "r0.cfg", str(site / "r0.cfg"))
    skipped = [f"{site / 'notes.md'}: skipped, not a configuration (documentation, by its name)"]
    assert walk.skipped == told == skipped  # met before r0.cfg; the later argument is not looked at yet
    assert walk.problems == []
    assert [ref.label for ref in inputs] == [str(site / "r1.cfg")]  # r9-link.cfg is r0.cfg again
    assert walk.problems == [f"{missing}: no such file or directory"]
    assert told == [*skipped, *walk.problems]


def _where(device: DeviceResult) -> tuple[str, int]:
    return device.source, os.getpid()


def test_results_come_before_the_inputs_are_all_read(tmp_path: Path) -> None:
    """One process and two workers alike take inputs as they go: a first result with most still unread."""
    folder = _folder(tmp_path, "fleet", 6)
    files = sorted(folder.iterdir())
    baseline = load_baseline()
    for jobs, most in ((1, 1), (2, 2 * 3 * 8)):  # two workers: a first look of 48, then tasks of 8
        taken = 0

        def inputs() -> Iterator[InputRef]:
            nonlocal taken
            for n in range(120):
                taken += 1
                yield InputRef(files[n % 6], str(files[n % 6]))

        results = audit_prepared(inputs(), baseline, AuditOptions(), _where, jobs=jobs, spec=BaselineSpec())
        first = next(results)
        assert taken <= most
        rest = list(results)
        assert taken == 120
        assert [source for source, _ in (first, *rest)] == [str(files[n % 6]) for n in range(120)]
        assert (os.getpid() in {pid for _, pid in rest}) is (jobs == 1)


def test_stdin_among_files_keeps_its_place_and_is_read_by_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, "fleet", 60)
    files = [InputRef(p, str(p)) for p in sorted(folder.iterdir(), key=lambda p: int(p.stem[1:]))]
    refs = [*files[:10], InputRef(None, "<stdin>"), *files[10:]]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CONFIG.format(n="S").encode())))
    results = list(audit_prepared(iter(refs), load_baseline(), AuditOptions(), _where, jobs=2, spec=BaselineSpec()))
    assert [source for source, _ in results] == [ref.label for ref in refs]
    here = os.getpid()
    assert [source for source, pid in results if pid == here] == ["<stdin>"]
