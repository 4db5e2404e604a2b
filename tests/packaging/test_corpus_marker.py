"""Without ../shared, corpus tests skip with one message; with CI set, the run fails before any test runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TESTS = '''
import pytest

from tests.conftest import corpus_file


@pytest.mark.corpus
def test_marked() -> None:
    raise AssertionError("never runs without ../shared")


def test_reads_a_corpus_file() -> None:
    corpus_file("cisco_ios/r1.cfg").read_text()


def test_needs_nothing() -> None:
    assert True
'''


def _run(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    # A project with no ../shared beside it: tmp/project/tests/conftest.py looks for tmp/shared.
    tests = tmp_path / "project" / "tests"
    tests.mkdir(parents=True)
    (tests / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(ROOT / "tests" / "conftest.py", tests / "conftest.py")
    (tests / "test_sample.py").write_text(TESTS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-rs", "-q", "tests"],
        cwd=tmp_path / "project",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_absent_shared_skips_with_one_message(tmp_path: Path) -> None:
    done = _run(tmp_path, None)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed, 2 skipped in" in done.stdout  # no warning either: the marker is registered
    absent = f"../shared (the real-config corpus and labels) is absent: {tmp_path / 'shared'}"
    assert "SKIPPED [2] tests/conftest.py:" in done.stdout
    assert done.stdout.count(absent) == 1


def test_absent_shared_under_ci_fails_the_run(tmp_path: Path) -> None:
    done = _run(tmp_path, "true")
    assert done.returncode == 4  # pytest's usage error: nothing ran
    assert f"../shared (the real-config corpus and labels) is absent: {tmp_path / 'shared'}" in done.stderr
    assert "CI is set and 1 collected tests need it" in done.stderr
