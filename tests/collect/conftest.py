"""Collector tests run real SSH sessions in threads: an exception escaping a thread fails the test."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """An exception escaping a simulator or collector thread fails the test that was running (never filtered)."""
    here = Path(__file__).parent
    strict = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(strict)
