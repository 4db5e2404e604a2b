"""Host-key checking: OpenSSH known_hosts (hashed entries, patterns, @revoked, @cert-authority), trust on first
use, and keys that change, in value or in type."""

from __future__ import annotations

from pathlib import Path

import paramiko
import pytest

from devaudit.collectors.hostkeys import KnownHosts, fingerprint, key_algorithms
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


def _ed25519() -> paramiko.PKey:
    from mocks.server import generate_host_key

    return generate_host_key("ssh-ed25519")


def _changed(name: str, new: paramiko.PKey, old: paramiko.PKey, where: str, file: Path, host: str, port: int) -> str:
    return (
        f"host key for {name} has CHANGED: the device presented {new.get_name()} {fingerprint(new)}, "
        f"but the known key is {old.get_name()} {fingerprint(old)} ({where}). Someone may be intercepting the "
        "connection (man in the middle), or the device was re-keyed; devaudit sent no password. Verify the new "
        "fingerprint with the device owner out of band. If the change is expected, remove the old entry "
        f"(ssh-keygen -R '{name}' -f {file}) and add the new key (ssh-keyscan -p {port} {host} >> {file})."
    )


@pytest.mark.parametrize("tofu", [False, True])
def test_a_known_host_presenting_another_key_type_is_refused_even_with_tofu(
    tmp_path: Path, keys: tuple[paramiko.PKey, ...], tofu: bool
) -> None:
    file = tmp_path / "known_hosts"
    file.write_text(f"# fleet\n[192.0.2.1]:2201 {keys[0].get_name()} {keys[0].get_base64()}\n")
    own = tmp_path / "own"
    known = KnownHosts((file,), own, trust_on_first_use=tofu)
    other = _ed25519()
    with pytest.raises(HostKeyError) as info:
        known.verify("pe1", "192.0.2.1", 2201, other)
    where = f"{file} line 2"
    assert info.value.reason == _changed("[192.0.2.1]:2201", other, keys[0], where, file, "192.0.2.1", 2201)
    assert not own.exists(), "nothing is recorded for a known host"
    assert known.known_key_types("192.0.2.1", 2201) == (keys[0].get_name(),)


def test_a_host_recorded_on_first_use_is_known_under_that_type_only(
    tmp_path: Path, keys: tuple[paramiko.PKey, ...]
) -> None:
    own = tmp_path / "own"
    KnownHosts((), own, trust_on_first_use=True).verify("r1", "192.0.2.9", 22, keys[0])
    other = _ed25519()
    again = KnownHosts((), own, trust_on_first_use=True)
    with pytest.raises(HostKeyError) as info:
        again.verify("r1", "192.0.2.9", 22, other)
    assert info.value.reason == _changed("192.0.2.9", other, keys[0], f"{own} line 1", own, "192.0.2.9", 22)
    assert own.read_text().count("\n") == 1
    # The same run, right after recording: the in-memory entry protects the host as well.
    fresh = tmp_path / "fresh"
    same_run = KnownHosts((), fresh, trust_on_first_use=True)
    same_run.verify("r2", "192.0.2.10", 22, keys[0])
    with pytest.raises(HostKeyError, match="has CHANGED"):
        same_run.verify("r2", "192.0.2.10", 22, other)


def test_hashed_entry_with_port_protects_against_another_key_type(
    tmp_path: Path, keys: tuple[paramiko.PKey, ...]
) -> None:
    hashed = paramiko.HostKeys.hash_host("[192.0.2.1]:2201")
    file = tmp_path / "known_hosts"
    file.write_text(f"{hashed} {keys[0].get_name()} {keys[0].get_base64()}\n")
    known = KnownHosts((file,), tmp_path / "own", trust_on_first_use=True)
    with pytest.raises(HostKeyError, match=r"^pe1: host key for \[192\.0\.2\.1\]:2201 has CHANGED"):
        known.verify("pe1", "192.0.2.1", 2201, _ed25519())
    # The hashed entry is for port 2201 only: the same address on port 22 is another, unknown host.
    assert known.known_key_types("192.0.2.1", 22) == ()


def test_revoked_key_is_refused_even_when_also_listed(tmp_path: Path, keys: tuple[paramiko.PKey, ...]) -> None:
    file = tmp_path / "known_hosts"
    line = f"{keys[0].get_name()} {keys[0].get_base64()}"
    file.write_text(f"[192.0.2.1]:2201 {line}\n@revoked * {line}\n")
    known = KnownHosts((file,), tmp_path / "own", trust_on_first_use=True)
    with pytest.raises(HostKeyError) as info:
        known.verify("pe1", "192.0.2.1", 2201, keys[0])
    assert info.value.reason == (
        f"host key for [192.0.2.1]:2201 ({keys[0].get_name()} {fingerprint(keys[0])}) is REVOKED ({file} line 2): "
        "devaudit refuses it and sent no password. Ask the device owner for the device's current key and check "
        "its fingerprint out of band."
    )


def test_cert_authority_line_is_reported_not_ignored(tmp_path: Path, keys: tuple[paramiko.PKey, ...]) -> None:
    file = tmp_path / "known_hosts"
    file.write_text(f"@cert-authority *.example.net,[192.0.2.*]:2201 {keys[1].get_name()} {keys[1].get_base64()}\n")
    known = KnownHosts((file,), tmp_path / "own", trust_on_first_use=True)
    with pytest.raises(HostKeyError) as info:
        known.verify("pe1", "192.0.2.7", 2201, keys[0])
    assert info.value.reason == (
        f"[192.0.2.7]:2201 is known only through a @cert-authority line ({file} line 1): devaudit does not support "
        "SSH host certificates, so it cannot check this device and sent no password. Check the device's own key "
        f"({keys[0].get_name()} {fingerprint(keys[0])}) with its owner, then add it to known_hosts "
        "(ssh-keyscan -p 2201 192.0.2.7)."
    )
    assert not (tmp_path / "own").exists()


def test_cert_authority_beside_the_hosts_own_key_warns_and_accepts(
    tmp_path: Path, keys: tuple[paramiko.PKey, ...], caplog: pytest.LogCaptureFixture
) -> None:
    file = tmp_path / "known_hosts"
    file.write_text(
        f"@cert-authority * {keys[1].get_name()} {keys[1].get_base64()}\n"
        f"core1.example.net {keys[0].get_name()} {keys[0].get_base64()}\n"
    )
    known = KnownHosts((file,), tmp_path / "own")
    with caplog.at_level("WARNING", logger="devaudit.hostkeys"):
        assert known.verify("core1", "core1.example.net", 22, keys[0]) == fingerprint(keys[0])
    assert caplog.messages == [
        f"core1: {file} line 1: @cert-authority line ignored (host certificates are not supported); "
        "the device's own key is known and was accepted"
    ]


def test_patterns_wildcards_and_negation(tmp_path: Path, keys: tuple[paramiko.PKey, ...]) -> None:
    file = tmp_path / "known_hosts"
    file.write_text(f"10.1.*.?,!10.1.9.9,[10.2.0.1]:830 {keys[0].get_name()} {keys[0].get_base64()}\n")
    known = KnownHosts((file,), tmp_path / "own")
    assert known.known_key_types("10.1.2.3", 22) == (keys[0].get_name(),)
    assert known.known_key_types("10.1.2.33", 22) == ()  # ? is exactly one character
    assert known.known_key_types("10.1.9.9", 22) == ()  # negated
    assert known.known_key_types("10.2.0.1", 830) == (keys[0].get_name(),)
    assert known.known_key_types("10.2.0.1", 22) == ()  # [ and ] are literal, not a character class


def test_key_algorithms_follow_openssh_order() -> None:
    assert key_algorithms(("ssh-rsa", "ecdsa-sha2-nistp384", "ssh-ed25519")) == (
        "ssh-ed25519",
        "ecdsa-sha2-nistp384",
        "rsa-sha2-512",
        "rsa-sha2-256",
        "ssh-rsa",
    )
    assert key_algorithms(("ecdsa-sha2-nistp256",)) == ("ecdsa-sha2-nistp256",)


def test_damaged_lines_are_skipped_with_a_warning(
    tmp_path: Path, keys: tuple[paramiko.PKey, ...], caplog: pytest.LogCaptureFixture
) -> None:
    file = tmp_path / "known_hosts"
    line = f"{keys[0].get_name()} {keys[0].get_base64()}"
    file.write_text(
        f"|1|not*base64|x {line}\n"
        f"@trusted 192.0.2.1 {line}\n"
        f"192.0.2.1 {keys[0].get_name()} %%%\n"
        "192.0.2.1\n"
        f"Router1.Example.NET {line}\n"
    )
    with caplog.at_level("WARNING", logger="devaudit.hostkeys"):
        known = KnownHosts((file,), tmp_path / "own")
    assert caplog.messages == [
        f"{file} line 1: the hashed host name is damaged: line ignored",
        f"{file} line 2: unknown marker @trusted: line ignored",
        f"{file} line 3: the key is not valid base64: line ignored",
        f"{file} line 4: expected hosts, key type and key: line ignored",
    ]
    assert known.known_key_types("192.0.2.1", 22) == ()
    # Host names match without regard to case, as in OpenSSH.
    assert known.verify("r1", "router1.example.net", 22, keys[0]) == fingerprint(keys[0])


def test_every_known_key_is_named_when_a_host_presents_another(
    tmp_path: Path, keys: tuple[paramiko.PKey, ...]
) -> None:
    file = tmp_path / "known_hosts"
    rsa = paramiko.RSAKey.generate(1024)
    file.write_text(f"pe1 {rsa.get_name()} {rsa.get_base64()}\npe1 {keys[0].get_name()} {keys[0].get_base64()}\n")
    known = KnownHosts((file,), tmp_path / "own", trust_on_first_use=True)
    assert known.known_key_types("pe1", 22) == ("ssh-rsa", "ecdsa-sha2-nistp256")
    other = _ed25519()
    with pytest.raises(HostKeyError) as info:
        known.verify("pe1", "pe1", 22, other)
    assert (
        f"but the known keys are ssh-rsa {fingerprint(rsa)} ({file} line 1), "
        f"ecdsa-sha2-nistp256 {fingerprint(keys[0])} ({file} line 2). Someone may be intercepting"
    ) in info.value.reason
