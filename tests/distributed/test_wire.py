"""What crosses the broker: device results survive the JSON round trip; plaintext credentials never leave."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from devaudit.cli import main
from devaudit.distributed.coordinator import gather, task_id_for, task_limit
from devaudit.distributed.wire import TaskPayload, device_from_dict, plaintext_fields
from devaudit.engine.loader import load_baseline
from devaudit.inventory import Host, Inventory
from devaudit.live import LiveOptions
from devaudit.reporters.json_report import device_to_dict
from devaudit.runner import AuditOptions, audit_bytes
from mocks.device import bundled_config, bundled_version


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_device_result_survives_the_json_round_trip() -> None:
    baseline = load_baseline(None)
    outputs = {"show version": bundled_version("cisco_ios")}
    config = bundled_config("cisco_ios", "insecure").encode()
    result = audit_bytes(config, "ssh://pe1:22", baseline, AuditOptions(role="core"), outputs=outputs, name="pe1")
    assert result.findings and result.coverage is not None
    assert device_from_dict(device_to_dict(result)) == result


def test_plaintext_credentials_are_named_and_references_pass() -> None:
    host = Host(name="pe1", hostname="10.0.0.1", platform="cisco_ios", password="hunter2", secret="env:ENABLE")
    assert plaintext_fields(host) == ("password",)
    assert plaintext_fields(host.model_copy(update={"password": "file:/etc/pw"})) == ()


def test_a_task_carries_references_only() -> None:
    host = Host(name="pe1", hostname="10.0.0.1", platform="cisco_ios", password="env:PW", secret="keyring:net/pe1")
    payload = TaskPayload(run="r1", queue="east", mode="collect", host=host, max_bytes=1000)
    text = payload.model_dump_json()
    assert '"password":"env:PW"' in text and '"secret":"keyring:net/pe1"' in text
    assert TaskPayload.model_validate_json(text) == payload
    assert task_id_for("r1", "pe1") == "devaudit-r1-pe1"


def test_the_task_limit_covers_every_attempt_of_the_device_budget() -> None:
    host = Host(name="pe1", hostname="h", platform="cisco_ios", timeouts={"connect": 5, "command": 10})  # type: ignore[arg-type]
    # budget 5 + 10 * (5 + 2) = 75 s per attempt; two retries: 3 attempts, backoff 1 + 2 s, audit margin 10 s.
    assert task_limit(host, 2, 2) == 75 * 3 + 3 + 10


def test_plaintext_hosts_are_refused_and_an_unreachable_broker_is_every_device_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DEVAUDIT_BROKER_PASSWORD", raising=False)
    hosts = (
        Host(name="plain", hostname="h1", platform="cisco_ios", password="hunter2"),
        Host(name="ref", hostname="h2", platform="cisco_ios", password="env:PW", data={"queue": "east"}),
    )
    port = _closed_port()
    options = LiveOptions(engine=f"celery+redis://127.0.0.1:{port}/0", progress=False)
    out = gather(hosts, Inventory(source="t", hosts=hosts), load_baseline(None), options)
    errors = {item.host.name: item.error for item in out}
    assert errors["plain"] == (
        "the inventory gives a plaintext password: credentials are never sent to workers, use env:, file:, "
        "keyring: or cmd: references that each worker resolves"
    )
    assert errors["ref"].startswith(f"cannot reach the broker at celery+redis://127.0.0.1:{port}/0: ")
    assert [item.host.name for item in out] == ["plain", "ref"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--keep-secrets",), "--keep-secrets cannot be used with --engine"),
        ((), "--engine: unsupported engine 'amqp'"),
    ],
)
def test_engine_usage_errors(tmp_path: Path, extra: tuple[str, ...], message: str) -> None:
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text("hosts:\n  pe1: {hostname: 10.0.0.1, platform: cisco_ios}\n", encoding="utf-8")
    engine = "amqp://b/0" if not extra else "celery+redis://127.0.0.1:1/0"
    args = ["collect", "--inventory", str(inventory), "--archive", str(tmp_path / "a"), "--engine", engine, *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
