"""A man in the middle that presents another host-key type, revoked keys and certificate authorities, over real
netmiko/paramiko SSH against the simulators: the device is an ERROR and no password ever reaches it."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest

from devaudit.collect import CollectOptions, DeviceCollection, collect_inventory
from devaudit.collectors.hostkeys import KnownHosts, fingerprint
from devaudit.collectors.ssh import _disabled_algorithms, _host_key_choice
from devaudit.inventory import Host, Inventory, SSHOptions
from mocks.device import DeviceSpec, Fault
from mocks.fleet import Fleet
from mocks.server import generate_host_key

PASSWORD = "Mitm-Test-Passw0rd"
JUMP_PASSWORD = "Mitm-Jump-Passw0rd"


@pytest.fixture(autouse=True)
def _credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MITM_PW", PASSWORD)
    monkeypatch.setenv("MITM_JUMP_PW", JUMP_PASSWORD)
    monkeypatch.setenv("MITM_ENABLE", "sim-enable")


def _device(name: str, fault: Fault | None = None, **extra: object) -> DeviceSpec:
    password = JUMP_PASSWORD if name.startswith("bastion") else PASSWORD
    return DeviceSpec.bundled("cisco_ios", "hardened", name=name, password=password, fault=fault, **extra)


@pytest.fixture(scope="module")
def fleet() -> Iterator[Fleet]:
    devices = [
        _device("genuine"),
        _device("mitm", Fault.SWITCH_KEY_TYPE),
        _device("two-keys", extra_host_keys=("ssh-ed25519",)),
        _device("bastion"),
        _device("bastion-mitm", Fault.SWITCH_KEY_TYPE),
        _device("behind"),
        _device("rsa-only", Fault.SWITCH_KEY_TYPE, switch_to="ssh-rsa"),
    ]
    with Fleet(devices) as running:
        yield running


def _host(fleet: Fleet, name: str, **update: object) -> Host:
    endpoint = fleet.endpoint(name)
    password = "env:MITM_JUMP_PW" if name.startswith("bastion") else "env:MITM_PW"
    host = Host(
        name=name,
        hostname=endpoint.host,
        port=endpoint.port,
        platform=endpoint.device_type,
        username=endpoint.username,
        password=password,
        secret="env:MITM_ENABLE",
        timeouts={"connect": 5, "command": 20},
    )  # type: ignore[arg-type]
    return host.model_copy(update=update)


def _known_hosts(fleet: Fleet, path: Path, *extra_lines: str) -> Path:
    key = fleet.host_key
    lines = [f"[127.0.0.1]:{e.port} {key.get_name()} {key.get_base64()}" for e in fleet]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n")
    return path


def _line_of(path: Path, port: int) -> int:
    lines = path.read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(f"[127.0.0.1]:{port} "))


def _collect(
    fleet: Fleet, hosts: list[Host], known: KnownHosts, jumps: tuple[Host, ...] = ()
) -> list[DeviceCollection]:
    inventory = Inventory(source="test", hosts=(*hosts, *jumps))
    return collect_inventory(hosts, inventory, known, CollectOptions(workers=4, retries=1, backoff=0.1))


def _changed(fleet: Fleet, name: str, file: Path) -> str:
    port = fleet.port(name)
    presented = fleet.server(name).host_key
    known = fleet.host_key
    entry = f"[127.0.0.1]:{port}"
    return (
        f"host key for {entry} has CHANGED: the device presented ssh-ed25519 {fingerprint(presented)}, but the "
        f"known key is ecdsa-sha2-nistp256 {fingerprint(known)} ({file} line {_line_of(file, port)}). Someone may "
        "be intercepting the connection (man in the middle), or the device was re-keyed; devaudit sent no "
        "password. Verify the new fingerprint with the device owner out of band. If the change is expected, "
        f"remove the old entry (ssh-keygen -R '{entry}' -f {file}) and add the new key "
        f"(ssh-keyscan -p {port} 127.0.0.1 >> {file})."
    )


@pytest.mark.parametrize("tofu", [False, True], ids=["strict", "trust-on-first-use"])
def test_another_key_type_is_an_error_and_gets_no_password(fleet: Fleet, tmp_path: Path, tofu: bool) -> None:
    assert fleet.server("mitm").host_key.get_name() == "ssh-ed25519" != fleet.host_key.get_name()
    file = _known_hosts(fleet, tmp_path / "known_hosts")
    own = tmp_path / "own"
    before = len(fleet.server("mitm").auth_attempts)
    genuine, mitm = _collect(fleet, [_host(fleet, "genuine"), _host(fleet, "mitm")], KnownHosts((file,), own, tofu))
    assert genuine.error == "" and genuine.config is not None
    assert mitm.error == _changed(fleet, "mitm", file)
    assert mitm.attempts == 1, "a host-key error is never retried"
    assert len(fleet.server("mitm").auth_attempts) == before, "the impostor never saw an authentication attempt"
    assert not own.exists(), "nothing was recorded on first use"


def test_known_key_type_is_negotiated_when_the_device_offers_several(fleet: Fleet, tmp_path: Path) -> None:
    # The device offers ssh-ed25519 (paramiko's first choice) and the recorded ECDSA key: only the known
    # type is offered, so the known key is checked instead of an unknown one being refused or trusted.
    assert [k.get_name() for k in fleet.server("two-keys").host_keys] == ["ecdsa-sha2-nistp256", "ssh-ed25519"]
    file = _known_hosts(fleet, tmp_path / "known_hosts")
    own = tmp_path / "own"
    [result] = _collect(fleet, [_host(fleet, "two-keys")], KnownHosts((file,), own, trust_on_first_use=True))
    assert result.error == ""
    assert (result.metadata or {})["host_key"] == {
        "type": "ecdsa-sha2-nistp256",
        "fingerprint": fingerprint(fleet.host_key),
    }
    assert not own.exists()


@pytest.mark.parametrize("tofu", [False, True], ids=["strict", "trust-on-first-use"])
def test_jump_host_presenting_another_key_type_gets_no_password(fleet: Fleet, tmp_path: Path, tofu: bool) -> None:
    file = _known_hosts(fleet, tmp_path / "known_hosts")
    jump = _host(fleet, "bastion-mitm")
    target = _host(fleet, "behind", jump_host="bastion-mitm")
    attempts = (len(fleet.server("bastion-mitm").auth_attempts), len(fleet.server("behind").auth_attempts))
    [result] = _collect(fleet, [target], KnownHosts((file,), tmp_path / "own", tofu), jumps=(jump,))
    assert result.error == "jump host bastion-mitm: " + _changed(fleet, "bastion-mitm", file)
    assert result.attempts == 1
    after = (len(fleet.server("bastion-mitm").auth_attempts), len(fleet.server("behind").auth_attempts))
    assert after == attempts, "neither the jump host nor the device behind it saw an authentication attempt"
    assert not (tmp_path / "own").exists()


def test_device_behind_a_jump_host_presenting_another_key_type(fleet: Fleet, tmp_path: Path) -> None:
    file = _known_hosts(fleet, tmp_path / "known_hosts")
    jump = _host(fleet, "bastion")
    target = _host(fleet, "mitm", jump_host="bastion")
    attempts = len(fleet.server("mitm").auth_attempts)
    [result] = _collect(fleet, [target], KnownHosts((file,), tmp_path / "own", True), jumps=(jump,))
    assert result.error == _changed(fleet, "mitm", file)
    assert len(fleet.server("mitm").auth_attempts) == attempts
    # The good path through the same jump host still works.
    [good] = _collect(
        fleet, [_host(fleet, "behind", jump_host="bastion")], KnownHosts((file,), tmp_path / "own"), (jump,)
    )
    assert good.error == "" and good.config is not None


def test_revoked_key_is_refused_before_any_password(fleet: Fleet, tmp_path: Path) -> None:
    key = fleet.host_key
    file = _known_hosts(fleet, tmp_path / "known_hosts", f"@revoked * {key.get_name()} {key.get_base64()}")
    revoked_line = len(file.read_text().splitlines())
    attempts = len(fleet.server("genuine").auth_attempts)
    [result] = _collect(fleet, [_host(fleet, "genuine")], KnownHosts((file,), tmp_path / "own", True))
    assert result.error == (
        f"host key for [127.0.0.1]:{fleet.port('genuine')} (ecdsa-sha2-nistp256 {fingerprint(key)}) is REVOKED "
        f"({file} line {revoked_line}): devaudit refuses it and sent no password. Ask the device owner for the "
        "device's current key and check its fingerprint out of band."
    )
    assert len(fleet.server("genuine").auth_attempts) == attempts


def test_revoked_jump_host_key_is_refused(fleet: Fleet, tmp_path: Path) -> None:
    key = fleet.host_key
    port = fleet.port("bastion")
    file = tmp_path / "known_hosts"
    file.write_text(
        f"[127.0.0.1]:{fleet.port('behind')} {key.get_name()} {key.get_base64()}\n"
        f"@revoked [127.0.0.1]:{port} {key.get_name()} {key.get_base64()}\n"
    )
    attempts = len(fleet.server("bastion").auth_attempts)
    target = _host(fleet, "behind", jump_host="bastion")
    [result] = _collect(fleet, [target], KnownHosts((file,), tmp_path / "own", True), (_host(fleet, "bastion"),))
    assert result.error.startswith(f"jump host bastion: host key for [127.0.0.1]:{port} (ecdsa-sha2-nistp256 ")
    assert f"is REVOKED ({file} line 2)" in result.error
    assert len(fleet.server("bastion").auth_attempts) == attempts


def test_cert_authority_line_is_an_error_not_a_first_use(fleet: Fleet, tmp_path: Path) -> None:
    authority = generate_host_key("ssh-ed25519")
    port = fleet.port("genuine")
    file = tmp_path / "known_hosts"
    file.write_text(f"@cert-authority [127.0.0.1]:{port} {authority.get_name()} {authority.get_base64()}\n")
    attempts = len(fleet.server("genuine").auth_attempts)
    [result] = _collect(fleet, [_host(fleet, "genuine")], KnownHosts((file,), tmp_path / "own", True))
    assert result.error == (
        f"[127.0.0.1]:{port} is known only through a @cert-authority line ({file} line 1): devaudit does not "
        "support SSH host certificates, so it cannot check this device and sent no password. Check the device's "
        f"own key (ecdsa-sha2-nistp256 {fingerprint(fleet.host_key)}) with its owner, then add it to known_hosts "
        f"(ssh-keyscan -p {port} 127.0.0.1)."
    )
    assert len(fleet.server("genuine").auth_attempts) == attempts
    assert not (tmp_path / "own").exists()


def test_good_path_authenticates_once_with_the_password(fleet: Fleet, tmp_path: Path) -> None:
    file = _known_hosts(fleet, tmp_path / "known_hosts")
    before = len(fleet.server("genuine").auth_attempts)
    [result] = _collect(fleet, [_host(fleet, "genuine")], KnownHosts((file,), tmp_path / "own"))
    assert result.error == ""
    seen = fleet.server("genuine").auth_attempts[before:]
    assert [(a.method, a.username) for a in seen if a.method == "password"] == [("password", "admin")]


def test_simulated_key_types_are_real_paramiko_keys() -> None:
    for kind in ("ssh-ed25519", "ecdsa-sha2-nistp256"):
        key = generate_host_key(kind)  # type: ignore[arg-type]
        assert key.get_name() == kind
        assert isinstance(key, paramiko.PKey)


def test_known_rsa_key_is_negotiated_with_sha2_signatures(fleet: Fleet, tmp_path: Path) -> None:
    # known_hosts names the key type (ssh-rsa); the handshake offers rsa-sha2-512, rsa-sha2-256, ssh-rsa.
    rsa = fleet.server("rsa-only").host_key
    file = tmp_path / "known_hosts"
    file.write_text(f"[127.0.0.1]:{fleet.port('rsa-only')} {rsa.get_name()} {rsa.get_base64()}\n")
    [result] = _collect(fleet, [_host(fleet, "rsa-only")], KnownHosts((file,), tmp_path / "own"))
    assert result.error == ""
    assert (result.metadata or {})["host_key"] == {"type": "ssh-rsa", "fingerprint": fingerprint(rsa)}


def test_offered_host_key_algorithms() -> None:
    # ssh-rsa (SHA-1 signatures) follows when the installed paramiko still offers it.
    assert _host_key_choice(SSHOptions(), ("ssh-rsa", "ecdsa-sha2-nistp256"))[:3] == (
        "ecdsa-sha2-nistp256",
        "rsa-sha2-512",
        "rsa-sha2-256",
    )
    assert _host_key_choice(SSHOptions(host_key_algorithms=("rsa-sha2-256",)), ("ssh-rsa",)) == ("rsa-sha2-256",)
    assert _host_key_choice(SSHOptions(), None) is None  # an unknown host: paramiko's own order
    disabled = _disabled_algorithms(SSHOptions(), ("ssh-ed25519",))
    assert disabled is not None and "ssh-ed25519" not in disabled["keys"]
    assert {"ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256"} <= set(disabled["keys"])
    assert _disabled_algorithms(SSHOptions(host_key_algorithms=())) is None  # an empty allow-list restricts nothing


def test_host_known_only_under_an_unusable_key_type(fleet: Fleet, tmp_path: Path) -> None:
    port = fleet.port("genuine")
    file = tmp_path / "known_hosts"
    blob = base64.b64encode(b"\x00\x00\x00\x07ssh-dss and the rest of an old DSA key").decode()
    file.write_text(f"[127.0.0.1]:{port} ssh-dss {blob}\n")
    attempts = len(fleet.server("genuine").auth_attempts)
    [result] = _collect(fleet, [_host(fleet, "genuine")], KnownHosts((file,), tmp_path / "own", True))
    assert result.error == (
        f"host key for [127.0.0.1]:{port} is known only as ssh-dss, which devaudit cannot check (not supported "
        "by its SSH library, or excluded by host_key_algorithms); it sent no password. Add the device's "
        f"ssh-ed25519, ECDSA or RSA key to known_hosts (ssh-keyscan -p {port} 127.0.0.1) after checking its "
        "fingerprint with the device owner."
    )
    assert len(fleet.server("genuine").auth_attempts) == attempts
    assert not (tmp_path / "own").exists()


def test_jump_host_known_only_through_a_cert_authority(fleet: Fleet, tmp_path: Path) -> None:
    authority = generate_host_key("ssh-ed25519")
    key = fleet.host_key
    port = fleet.port("bastion")
    file = tmp_path / "known_hosts"
    file.write_text(
        f"[127.0.0.1]:{fleet.port('behind')} {key.get_name()} {key.get_base64()}\n"
        f"@cert-authority [127.0.0.1]:{port} {authority.get_name()} {authority.get_base64()}\n"
    )
    attempts = len(fleet.server("bastion").auth_attempts)
    target = _host(fleet, "behind", jump_host="bastion")
    [result] = _collect(fleet, [target], KnownHosts((file,), tmp_path / "own", True), (_host(fleet, "bastion"),))
    assert result.error.startswith(
        f"jump host bastion: [127.0.0.1]:{port} is known only through a @cert-authority line ({file} line 2): "
    )
    assert len(fleet.server("bastion").auth_attempts) == attempts
