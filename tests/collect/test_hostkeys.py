"""Host-key checking: OpenSSH known_hosts (hashed entries too), trust on first use, changed keys."""

from __future__ import annotations

from pathlib import Path

import paramiko
import pytest

from devaudit.collectors.hostkeys import KnownHosts, fingerprint
from devaudit.errors import HostKeyError


@pytest.fixture(scope="module")
def keys() -> tuple[paramiko.PKey, paramiko.PKey]:
    return paramiko.ECDSAKey.generate(), paramiko.ECDSAKey.generate()


def test_unknown_key_is_refused_with_fingerprint_and_advice(tmp_path: Path, keys: tuple[paramiko.PKey, ...]) -> None:
    known = KnownHosts((tmp_path / "missing",), tmp_path / "own", trust_on_first_use=False)
    with pytest.raises(HostKeyError) as info:
        known.verify("pe1", "192.0.2.1", 2201, keys[0])
    message = str(info.value)
    assert message.startswith("pe1: unknown host key for [192.0.2.1]:2201")
    assert fingerprint(keys[0]) in message and "--trust-on-first-use" in message
    assert not (tmp_path / "own").exists()


def test_hashed_openssh_entry_is_honoured(tmp_path: Path, keys: tuple[paramiko.PKey, ...]) -> None:
    hashed = paramiko.HostKeys.hash_host("[192.0.2.1]:2201")
    (tmp_path / "known_hosts").write_text(f"{hashed} {keys[0].get_name()} {keys[0].get_base64()}\n")
    known = KnownHosts((tmp_path / "known_hosts",), tmp_path / "own")
    assert known.verify("pe1", "192.0.2.1", 2201, keys[0]) == fingerprint(keys[0])
    with pytest.raises(HostKeyError, match="has CHANGED"):
        known.verify("pe1", "192.0.2.1", 2201, keys[1])


def test_trust_on_first_use_records_then_pins(tmp_path: Path, keys: tuple[paramiko.PKey, ...]) -> None:
    own = tmp_path / "devaudit" / "known_hosts"
    known = KnownHosts((), own, trust_on_first_use=True)
    known.verify("r1", "192.0.2.9", 22, keys[0])
    assert own.read_text() == f"192.0.2.9 {keys[0].get_name()} {keys[0].get_base64()}\n"
    assert own.stat().st_mode & 0o077 == 0
    # A later run (new object, same file) accepts the recorded key and refuses a changed one, even with TOFU.
    again = KnownHosts((), own, trust_on_first_use=True)
    again.verify("r1", "192.0.2.9", 22, keys[0])
    with pytest.raises(HostKeyError, match="has CHANGED"):
        again.verify("r1", "192.0.2.9", 22, keys[1])
