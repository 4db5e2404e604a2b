"""Fixtures of the engine tests: a private cache folder for the compiled-baseline and compiled-rules caches."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.engine import regex_cache
from tests import samples

# The shared insecure IOS config, as the bytes the engine reads.
INSECURE_IOS = samples.INSECURE_IOS.encode()


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``$XDG_CACHE_HOME`` in the test's folder, caching on, and no stored regex programs carried over."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("DEVAUDIT_NO_CACHE", raising=False)
    monkeypatch.setattr(regex_cache, "_loaded", {})
    return tmp_path / "cache" / "devaudit"
