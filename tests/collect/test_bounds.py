"""Collection bounds over real SSH: a device that floods output is stopped at the --max-size limit, one that
drips it for ever meets the device deadline, and every other device in the run still completes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from paramiko.common import DEFAULT_WINDOW_SIZE

from devaudit.collect import CollectOptions, collect_inventory
from devaudit.collectors.bounds import DeadlineExceeded, Meter, OutputTooLarge
from devaudit.collectors.hostkeys import KnownHosts
from devaudit.collectors.ssh import CollectRequest, collect_device
from devaudit.credentials import Secret
from devaudit.inventory import Host, Inventory
from mocks.device import DeviceSpec, Fault
from mocks.fleet import Fleet

PASSWORD = "Bounds-Passw0rd-1"
ENABLE = "Bounds-Enable-2"
CAP = 65536
NETMIKO_READ = 65535  # the most netmiko asks for in one read of the channel
FLOOD_BLOCK = 32768  # about what the simulator sends per write
LOGIN = 4096  # banner, prompts and echoes before the flood starts


def _device(name: str, platform: str = "cisco_ios", **extra: object) -> DeviceSpec:
    return DeviceSpec.bundled(platform, "insecure", name=name, password=PASSWORD, enable_secret=ENABLE, **extra)


def _hosts(fleet: Fleet, *, command: float = 20) -> list[Host]:
    return [
        Host(
            name=e.name,
            hostname=e.host,
            port=e.port,
            platform=e.device_type,
            username=e.username,
            password="env:BOUNDS_PW",
            secret="env:BOUNDS_ENABLE",
            timeouts={"connect": 5, "command": command},
        )  # type: ignore[arg-type]
        for e in fleet
    ]


def _known(fleet: Fleet, tmp: Path) -> KnownHosts:
    path = tmp / "known_hosts"
    path.write_text(fleet.known_hosts())
    return KnownHosts((path,), tmp / "own")


@pytest.fixture(autouse=True)
def _credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOUNDS_PW", PASSWORD)
    monkeypatch.setenv("BOUNDS_ENABLE", ENABLE)


def test_flooding_device_ends_at_the_cap_while_the_others_complete(tmp_path: Path) -> None:
    devices = [_device("ok-ios"), _device("flood", fault=Fault.FLOOD), _device("ok-vrp", "huawei_vrp")]
    with Fleet(devices) as fleet:
        hosts = _hosts(fleet)
        inventory = Inventory(source="test", hosts=tuple(hosts))
        options = CollectOptions(workers=3, retries=2, backoff=0.1, max_bytes=CAP)
        flooding = fleet.server("flood")
        results = {r.host.name: r for r in collect_inventory(hosts, inventory, _known(fleet, tmp_path), options)}
    flood_sent = flooding.bytes_sent  # the device has stopped: this is all it ever sent
    assert results["flood"].error == (
        f"output exceeded {CAP} bytes (--max-size) while running 'show running-config': the session was closed"
    )
    assert results["flood"].attempts == 1, "a flood is not retried"
    assert results["ok-ios"].config is not None and results["ok-vrp"].config is not None
    assert results["ok-ios"].error == results["ok-vrp"].error == ""
    # devaudit read at most the cap plus one read; the device could send at most one SSH window more than
    # that before the session was closed, whatever its speed.
    assert CAP < flood_sent <= CAP + NETMIKO_READ + DEFAULT_WINDOW_SIZE + FLOOD_BLOCK + LOGIN


def test_collector_stops_reading_one_read_past_the_cap(tmp_path: Path) -> None:
    with Fleet([_device("flood", fault=Fault.FLOOD)]) as fleet:
        [host] = _hosts(fleet)
        request = CollectRequest(host, Secret(PASSWORD), Secret(ENABLE), _known(fleet, tmp_path), max_bytes=CAP)
        with pytest.raises(OutputTooLarge) as info:
            collect_device(request)
    assert CAP < info.value.bytes_read <= CAP + NETMIKO_READ
    assert str(info.value).startswith(f"flood: output exceeded {CAP} bytes")


def test_output_is_capped_from_the_first_byte_of_the_login(tmp_path: Path) -> None:
    banner = "".join(f"Authorised access only. Notice line {n:06d}.\n" for n in range(4000))  # about 170 KB
    with Fleet([_device("chatty", banner=banner), _device("quiet")]) as fleet:
        hosts = _hosts(fleet)
        inventory = Inventory(source="test", hosts=tuple(hosts))
        options = CollectOptions(retries=0, max_bytes=CAP)
        chatty, quiet = collect_inventory(hosts, inventory, _known(fleet, tmp_path), options)
    assert chatty.error == f"output exceeded {CAP} bytes (--max-size) while logging in: the session was closed"
    assert quiet.error == ""


def test_dripping_device_meets_the_device_deadline(tmp_path: Path) -> None:
    # The command timeout alone (60 s) would let this device hold its worker; the device deadline ends it.
    with Fleet([_device("drip", fault=Fault.DRIP, slow_seconds=0.05)]) as fleet:
        hosts = _hosts(fleet, command=60)
        inventory = Inventory(source="test", hosts=tuple(hosts))
        options = CollectOptions(retries=2, device_timeout=6)
        [result] = collect_inventory(hosts, inventory, _known(fleet, tmp_path), options)
    assert result.error == (
        "collection did not finish within 6 s (while running 'show running-config'): the device answers too "
        "slowly or never stops; the session was closed"
    )
    assert result.attempts == 1


def test_cli_collect_max_size_bounds_a_flooding_device(tmp_path: Path) -> None:
    with Fleet([_device("ok-eos", "arista_eos"), _device("flood", fault=Fault.FLOOD)]) as fleet:
        inventory = tmp_path / "inventory.yaml"
        hosts = {
            e.name: {
                "hostname": e.host,
                "port": e.port,
                "platform": e.device_type,
                "username": e.username,
                "data": {"credentials": {"password": "env:BOUNDS_PW", "secret": "env:BOUNDS_ENABLE"}},
            }
            for e in fleet
        }
        inventory.write_text(yaml.safe_dump({"hosts": hosts}), encoding="utf-8")
        (tmp_path / "known_hosts").write_text(fleet.known_hosts())
        done = subprocess.run(
            [
                *(sys.executable, "-m", "devaudit", "collect", "--inventory", str(inventory)),
                *("--known-hosts", str(tmp_path / "known_hosts"), "--devaudit-known-hosts", str(tmp_path / "own")),
                *("--archive", str(tmp_path / "archive"), "--max-size", str(CAP)),
            ],
            capture_output=True,
            text=True,
            env={"BOUNDS_PW": PASSWORD, "BOUNDS_ENABLE": ENABLE, "PATH": "/usr/bin:/bin"},
            timeout=120,
        )
    assert done.returncode == 3, done.stderr
    assert (
        f"flood: ERROR output exceeded {CAP} bytes (--max-size) while running 'show running-config': "
        "the session was closed"
    ) in done.stderr
    assert f"collected 1/2 device(s) into {tmp_path / 'archive'}" in done.stdout
    assert sorted(p.name for p in (tmp_path / "archive").glob("*.cfg")) == ["ok-eos.cfg"]


def test_meter_counts_each_command_and_remembers_the_first_bound_crossed() -> None:
    now = [100.0]
    meter = Meter("pe1", 10, 30, clock=lambda: now[0])
    meter.start("running 'show version'")
    meter.add(10)
    meter.start("running 'show running-config'")
    meter.add(10)  # each command is counted from zero
    with pytest.raises(OutputTooLarge) as info:
        meter.add(1)
    assert info.value.reason == (
        "output exceeded 10 bytes (--max-size) while running 'show running-config': the session was closed"
    )
    assert (info.value.bytes_read, meter.total) == (11, 21)
    now[0] += 31
    with pytest.raises(OutputTooLarge):
        meter.check()  # still the first bound crossed
    late = Meter("pe2", 10, 30, clock=lambda: now[0])
    late.check()
    now[0] += 30.5
    with pytest.raises(DeadlineExceeded) as timed_out:
        late.check()
    assert timed_out.value.reason == (
        "collection did not finish within 30 s (while logging in): the device answers too slowly or never "
        "stops; the session was closed"
    )
