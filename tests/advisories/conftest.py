"""Feed files written from the advisory facts in mocks/advisories, and a store made from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.advisories.store import import_feeds
from mocks.feeds import write_feeds


@pytest.fixture(scope="session")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("feeds")
    write_feeds(folder)
    return folder


@pytest.fixture(scope="session")
def store(feeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "advisories.sqlite"
    summary = import_feeds([feeds], path)
    assert summary.errors == []
    return path
