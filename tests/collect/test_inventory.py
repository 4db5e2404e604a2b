"""Inventories (Nornir SimpleInventory and CSV) and credential references."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.credentials import CredentialError, Secret, resolve_secret
from devaudit.errors import InventoryError
from devaudit.inventory import load_inventory

NORNIR = """\
defaults:
  username: netops
  data:
    credentials: {password: "env:DA_TEST_PW"}
    timeouts: {connect: 5}
groups:
  telecom:
    data: {role: core, tags: [telecom]}
  huawei:
    groups: [telecom]
    platform: huawei_vrp
    data:
      credentials: {secret: "env:DA_TEST_SUPER"}
      ssh: {kex: [diffie-hellman-group14-sha1]}
hosts:
  pe1:
    hostname: 192.0.2.1
    groups: [huawei]
    data: {tags: [telecom, pe]}
  r2:
    hostname: 192.0.2.2
    port: 2222
    platform: cisco_ios
    username: admin
    data: {role: perimeter, jump_host: pe1}
"""


def test_nornir_layout_resolves_groups_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(NORNIR, encoding="utf-8")
    inventory = load_inventory(path)
    pe1, r2 = inventory.hosts
    assert (pe1.name, pe1.hostname, pe1.port, pe1.platform) == ("pe1", "192.0.2.1", 22, "huawei_vrp")
    assert pe1.role == "core" and pe1.tags == ("telecom", "pe") and pe1.username == "netops"
    assert (pe1.password, pe1.secret) == ("env:DA_TEST_PW", "env:DA_TEST_SUPER")
    assert pe1.ssh.kex == ("diffie-hellman-group14-sha1",) and pe1.timeouts.connect == 5
    assert (r2.port, r2.platform, r2.username, r2.role, r2.jump_host) == (
        2222,
        "cisco_ios",
        "admin",
        "perimeter",
        "pe1",
    )


def test_nornir_directory_layout(tmp_path: Path) -> None:
    (tmp_path / "hosts.yaml").write_text("r1: {hostname: 10.0.0.1, platform: cisco_xr}\n", encoding="utf-8")
    (tmp_path / "defaults.yaml").write_text("username: ops\n", encoding="utf-8")
    inventory = load_inventory(tmp_path)
    assert [(h.name, h.platform, h.username) for h in inventory.hosts] == [("r1", "cisco_xr", "ops")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "hosts:\n  r1:\n    hostname: 10.0.0.1\n    platform: cisco_ioss\n",
            2,
            "host r1: platform: Value error, unknown platform 'cisco_ioss'",
        ),
        ("hosts:\n  r1:\n    hostname: 10.0.0.1\n    platfrom: cisco_ios\n", 4, "host r1: unknown field 'platfrom'"),
        ("hosts:\n  r1:\n    hostname: 10.0.0.1\n    port: 70000\n    platform: cisco_ios\n", 2, "host r1: port"),
        ("hosts:\n  r1:\n    hostname: 10.0.0.1\n", 2, "host r1: platform: missing"),
        ("hosts:\n  r1: {hostname: 10.0.0.1, platform: cisco_ios, groups: [nope]}\n", None, "unknown group 'nope'"),
        ("hosts: [a, b\n", 1, "malformed YAML"),
    ],
)
def test_inventory_errors_name_file_line_host_and_field(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InventoryError) as info:
        load_inventory(path)
    assert str(info.value).startswith(f"{path}:{line}:" if line else f"{path}:")
    assert message in str(info.value)


def test_csv_inventory(tmp_path: Path) -> None:
    path = tmp_path / "hosts.csv"
    path.write_text(
        "name,hostname,port,platform,role,tags,username,password,secret\n"
        "olt1,10.1.1.1,22,zte_zxros,olt,telecom;gpon,admin,env:OLT_PW,\n"
        "sw1,10.1.1.2,,hp_comware,access-switch,,admin,keyring:net/sw1,\n",
        encoding="utf-8",
    )
    olt, sw = load_inventory(path).hosts
    assert (olt.platform, olt.role, olt.tags, olt.password) == ("zte_zxros", "olt", ("telecom", "gpon"), "env:OLT_PW")
    assert (sw.port, sw.password) == (22, "keyring:net/sw1")
    path.write_text("name,hostname,port,platform\nbad,10.0.0.9,22,vyos\n", encoding="utf-8")
    with pytest.raises(InventoryError, match=rf"{path}:2: host bad: .*unknown platform 'vyos'"):
        load_inventory(path)


def test_secret_never_prints() -> None:
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret) and "hunter2" not in str(secret) and "hunter2" not in f"{secret}"
    assert secret.reveal() == "hunter2"


def test_env_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DA_PW", "s3cret")
    assert resolve_secret("env:DA_PW").reveal() == "s3cret"
    monkeypatch.delenv("DA_PW")
    with pytest.raises(CredentialError, match="env:DA_PW: environment variable is not set"):
        resolve_secret("env:DA_PW")


def test_file_reference_refused_when_group_or_world_readable(tmp_path: Path) -> None:
    path = tmp_path / "pw"
    path.write_text("filepw\n", encoding="utf-8")
    path.chmod(0o644)
    with pytest.raises(CredentialError, match="group- or world-readable") as info:
        resolve_secret(f"file:{path}")
    assert "filepw" not in str(info.value)
    path.chmod(0o600)
    assert resolve_secret(f"file:{path}").reveal() == "filepw"


def test_cmd_reference(tmp_path: Path) -> None:
    assert resolve_secret("cmd:printf 'from-manager\\nsecond'").reveal() == "from-manager"
    with pytest.raises(CredentialError, match="exited with status 1"):
        resolve_secret("cmd:false")


def test_keyring_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return {"netops/olt1": "kr-secret"}.get(f"{service}/{username}")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise NotImplementedError

        def delete_password(self, service: str, username: str) -> None:
            raise NotImplementedError

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        assert resolve_secret("keyring:netops/olt1").reveal() == "kr-secret"
        with pytest.raises(CredentialError, match="no password stored"):
            resolve_secret("keyring:netops/other")
    finally:
        keyring.set_keyring(previous)


def test_plaintext_refused_unless_allowed() -> None:
    with pytest.raises(CredentialError, match="plaintext password is refused") as info:
        resolve_secret("Cisco123")
    assert "Cisco123" not in str(info.value)
    assert resolve_secret("Cisco123", allow_plaintext=True).reveal() == "Cisco123"
