"""The shared corpus and labels (``../shared``): one ``corpus`` marker, one wording when they are absent.

Tests that read ``../shared`` carry ``@pytest.mark.corpus`` (or call ``require_shared()``). Without the folder
they skip with one message; when the ``CI`` environment variable is set they fail the run instead, so a CI
job without the corpus cannot silently drop the label-agreement and real-config tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

__all__ = ["CORPUS", "LABELS", "REFERENCE", "SHARED", "corpus_file", "require_shared"]

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
LABELS = SHARED / "labels"
REFERENCE = SHARED / "reference"
ABSENT = f"../shared (the real-config corpus and labels) is absent: {SHARED}"


def shared_present() -> bool:
    """True when the corpus, labels and reference folders are all there."""
    return CORPUS.is_dir() and LABELS.is_dir() and REFERENCE.is_dir()


def require_shared() -> None:
    """Skip the calling test when ../shared is absent; under CI, fail it."""
    if shared_present():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{ABSENT} (CI is set: the corpus is required)", pytrace=False)
    pytest.skip(ABSENT)


def corpus_file(rel: str) -> Path:
    """A corpus file by its path under ``../shared/corpus`` (``platform/name``); a missing file is a failure."""
    require_shared()
    return CORPUS / rel


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "corpus: needs ../shared (corpus, labels, reference); see tests/conftest.py")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("corpus") is not None:
        require_shared()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    needing = sum(1 for item in items if item.get_closest_marker("corpus") is not None)
    if needing and os.environ.get("CI") and not shared_present():
        raise pytest.UsageError(f"{ABSENT}; CI is set and {needing} collected tests need it")
