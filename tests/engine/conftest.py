"""Fixtures of the engine tests: a private cache folder for the compiled-baseline and compiled-rules caches."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.engine import regex_cache

# A config that fails the common rules in several ways (cleartext passwords, HTTP, a default community).
INSECURE_IOS = b"""\
version 15.2
hostname EDGE1
enable password 7 0822455D0A16
username admin password 0 cisco123
ip http server
snmp-server community public RW
line con 0
 exec-timeout 0 0
line vty 0 4
 transport input telnet ssh
end
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``$XDG_CACHE_HOME`` in the test's folder, caching on, and no stored regex programs carried over."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("DEVAUDIT_NO_CACHE", raising=False)
    monkeypatch.setattr(regex_cache, "_loaded", {})
    return tmp_path / "cache" / "devaudit"
