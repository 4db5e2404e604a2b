"""Live collection end to end: devaudit's collector drives real netmiko over real SSH against the
simulators in mocks/ on 127.0.0.1, for every platform and every fault mode."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from devaudit.collect import CollectOptions, collect_inventory
from devaudit.collectors.hostkeys import KnownHosts
from devaudit.inventory import Host, Inventory
from devaudit.platforms import get_platform
from mocks.device import DeviceSpec, Fault, bundled_config, bundled_version
from mocks.fleet import Fleet
from mocks.platforms import PROFILES

PASSWORD = "Sim-Passw0rd-4711"
ENABLE = "Sim-Enable-0815"
PLATFORMS = tuple(PROFILES)  # every simulator profile, variants (SR OS classic CLI) included


def _spec(name: str, platform: str, variant: str = "insecure", **extra: object) -> DeviceSpec:
    base = "nokia_sros" if platform == "nokia_sros_classic" else platform
    config = bundled_config(platform, "insecure" if platform == "nokia_sros_classic" else variant)
    return DeviceSpec(
        name=name,
        platform=platform,
        password=PASSWORD,
        enable_secret=ENABLE,
        config=config,
        version=bundled_version(base),
        **extra,
    )  # type: ignore[arg-type]


def _inventory(fleet: Fleet, tmp: Path, **data: object) -> Path:
    hosts = {}
    for endpoint in fleet:
        hosts[endpoint.name] = {
            "hostname": endpoint.host,
            "port": endpoint.port,
            "platform": endpoint.device_type,
            "username": endpoint.username,
            "data": {
                "credentials": {"password": "env:SIM_PW", "secret": "env:SIM_ENABLE"},
                "timeouts": {"connect": 3, "command": 8},
                **data,
            },
        }
    path = tmp / "inventory.yaml"
    path.write_text(yaml.safe_dump({"hosts": hosts}), encoding="utf-8")
    return path


def _known(fleet: Fleet, tmp: Path) -> Path:
    path = tmp / "known_hosts"
    key = fleet.host_key
    path.write_text("".join(f"[{e.host}]:{e.port} {key.get_name()} {key.get_base64()}\n" for e in fleet))
    return path


@pytest.fixture(scope="module")
def platform_fleet() -> Iterator[Fleet]:
    fleet = Fleet([_spec(f"dev-{p.replace('_', '-')}", p) for p in PLATFORMS])
    with fleet:
        yield fleet


def _hosts(fleet: Fleet) -> tuple[Inventory, list[Host]]:
    hosts = [
        Host(
            name=e.name,
            hostname=e.host,
            port=e.port,
            platform=e.device_type,
            username=e.username,
            password="env:SIM_PW",
            secret="env:SIM_ENABLE" if e.secret else None,
            timeouts={"connect": 3, "command": 8},
        )  # type: ignore[arg-type]
        for e in fleet
    ]
    return Inventory(source="test", hosts=tuple(hosts)), hosts


@pytest.fixture(autouse=True)
def _credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIM_PW", PASSWORD)
    monkeypatch.setenv("SIM_ENABLE", ENABLE)


def test_every_platform_collects_byte_identical(platform_fleet: Fleet, tmp_path: Path) -> None:
    inventory, hosts = _hosts(platform_fleet)
    known = KnownHosts((_known(platform_fleet, tmp_path),), tmp_path / "own")
    results = collect_inventory(hosts, inventory, known, CollectOptions(workers=11, retries=0))
    assert [r.error for r in results] == [""] * len(PLATFORMS)
    for result, spec in zip(results, platform_fleet.devices, strict=True):
        assert result.config is not None
        assert result.config.rstrip("\n") == spec.config.replace("\r\n", "\n").rstrip("\n"), spec.platform
        meta = result.metadata or {}
        assert meta["host_key"]["fingerprint"].startswith("SHA256:")
        assert meta["sha256"] and meta["size"] == len(result.config.encode())
        version_command = get_platform(PROFILES[spec.platform].netmiko_type).version_command
        assert (result.outputs or {}).get(version_command, "").strip(), spec.platform
    prompts = {r.host.platform: (r.metadata or {})["prompt"] for r in results}
    assert prompts["juniper_junos"] == "admin@dev-juniper-junos>"
    assert prompts["huawei_vrp"] == "<dev-huawei-vrp>"


def test_fault_modes_are_errors_with_clear_reasons_while_others_succeed(tmp_path: Path) -> None:
    devices = [
        _spec("ok-ios", "cisco_ios"),
        _spec("auth", "cisco_ios", fault=Fault.AUTH_FAIL),
        _spec("slow", "arista_eos", fault=Fault.SLOW, slow_seconds=12.0),
        _spec("cut", "huawei_vrp", fault=Fault.DISCONNECT),
        _spec("short", "cisco_ios", fault=Fault.TRUNCATED),
        _spec("rekeyed", "juniper_junos", fault=Fault.CHANGED_HOSTKEY),
        _spec("hole", "cisco_nxos", fault=Fault.BLACKHOLE),
        _spec("ok-vrp", "huawei_vrp", variant="hardened"),
    ]
    with Fleet(devices) as fleet:
        inventory, hosts = _hosts(fleet)
        known = KnownHosts((_known(fleet, tmp_path),), tmp_path / "own")
        results = {
            r.host.name: r
            for r in collect_inventory(hosts, inventory, known, CollectOptions(workers=8, retries=1, backoff=0.1))
        }
    assert results["ok-ios"].config and results["ok-vrp"].config
    assert results["auth"].error == "authentication failed: the device refused the username or credentials"
    assert results["auth"].attempts == 1, "authentication failures are never retried"
    assert "timed out" in results["slow"].error
    assert results["cut"].error.startswith(("connection lost", "the configuration does not finish", "timed out"))
    assert results["short"].error == "the configuration does not finish with 'end': output was cut off"
    assert "has CHANGED" in results["rekeyed"].error and results["rekeyed"].attempts == 1
    assert "sent no SSH greeting" in results["hole"].error and results["hole"].attempts == 2
    for result in results.values():
        assert PASSWORD not in result.error and ENABLE not in result.error


def test_unknown_key_refused_then_trusted_on_first_use(platform_fleet: Fleet, tmp_path: Path) -> None:
    inventory, hosts = _hosts(platform_fleet)
    own = tmp_path / "own_known_hosts"
    strict = collect_inventory(hosts[:2], inventory, KnownHosts((), own), CollectOptions(retries=0))
    assert all(r.error.startswith("unknown host key for [127.0.0.1]:") for r in strict)
    assert "SHA256:" in strict[0].error and "--trust-on-first-use" in strict[0].error
    tofu = collect_inventory(hosts[:2], inventory, KnownHosts((), own, True), CollectOptions(retries=0))
    assert [r.error for r in tofu] == ["", ""]
    again = collect_inventory(hosts[:2], inventory, KnownHosts((), own), CollectOptions(retries=0))
    assert [r.error for r in again] == ["", ""]


def test_cli_collect_archive_and_audit_never_leak_secrets(platform_fleet: Fleet, tmp_path: Path) -> None:
    inventory = _inventory(platform_fleet, tmp_path)
    known = _known(platform_fleet, tmp_path)
    archive = tmp_path / "archive"
    env = {"SIM_PW": PASSWORD, "SIM_ENABLE": ENABLE, "PATH": "/usr/bin:/bin"}
    base = [sys.executable, "-m", "devaudit"]
    done = subprocess.run(
        [
            *base,
            "collect",
            "--inventory",
            str(inventory),
            "--known-hosts",
            str(known),
            "--devaudit-known-hosts",
            str(tmp_path / "own"),
            "--archive",
            str(archive),
            "--git",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"collected {len(PLATFORMS)}/{len(PLATFORMS)}" in done.stdout
    ios = (archive / "dev-cisco-ios.cfg").read_text()
    assert "secret 5 $1$<redacted>" in ios or "<redacted>" in ios
    meta = json.loads((archive / "dev-cisco-ios.cfg.meta.json").read_text())
    assert meta["redacted"] is True and meta["commands"][:2] == ["enable", "show running-config"]
    assert (archive / "dev-cisco-ios.cfg.show" / "show_version.txt").exists()
    log = subprocess.run(["git", "-C", str(archive), "log", "--oneline"], capture_output=True, text=True).stdout
    assert f"devaudit collect: {len(PLATFORMS)}/{len(PLATFORMS)} devices" in log
    # The archive audits offline with the same findings as the live run.
    reports = tmp_path / "reports"
    live = subprocess.run(
        [
            *base,
            "audit",
            "--inventory",
            str(inventory),
            "--known-hosts",
            str(known),
            "--devaudit-known-hosts",
            str(tmp_path / "own"),
            "-o",
            str(reports),
            *[a for f in ("json", "html", "sarif", "junit", "csv", "markdown") for a in ("-f", f)],
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert live.returncode == 1, live.stderr
    report = json.loads((reports / "report.json").read_text())
    assert {d["name"] for d in report["devices"]} == {s.name for s in platform_fleet.devices}
    assert all(d["status"] == "FAIL" for d in report["devices"]), [d["error"] for d in report["devices"]]
    offline = subprocess.run([*base, "audit", str(archive), "-f", "json"], capture_output=True, text=True, env=env)
    offline_fails = {
        d["name"]: {r["rule_id"] for r in d["results"] if r["status"] == "FAIL"}
        for d in json.loads(offline.stdout)["devices"]
    }
    live_fails = {d["name"]: {r["rule_id"] for r in d["results"] if r["status"] == "FAIL"} for d in report["devices"]}
    assert offline_fails.keys() == live_fails.keys()
    # Masked secrets keep their type markers, so the archived configs give the same verdicts, except for
    # rules that compare a community's name with the default names: masked, the name cannot match.
    differences = {name: sorted(fails ^ offline_fails[name]) for name, fails in live_fails.items()}
    assert {name: diff for name, diff in differences.items() if diff} == {"dev-juniper-junos": ["JUN-SNMP-001"]}
    everything = (
        done.stdout
        + done.stderr
        + live.stdout
        + live.stderr
        + "".join(
            p.read_text(errors="replace")
            for p in [*reports.rglob("*"), *archive.rglob("*")]
            if p.is_file() and ".git" not in p.parts
        )
    )
    assert PASSWORD not in everything and ENABLE not in everything


def test_two_hundred_devices_in_one_run(tmp_path: Path) -> None:
    with Fleet.generate(200, password=PASSWORD, enable_secret=ENABLE) as fleet:
        inventory, hosts = _hosts(fleet)
        known = KnownHosts((_known(fleet, tmp_path),), tmp_path / "own")
        results = collect_inventory(hosts, inventory, known, CollectOptions(workers=32, retries=0))
    assert len(results) == 200
    assert [r.host.name for r in results if r.error] == []


def test_collects_through_a_jump_host_with_its_own_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bastion = DeviceSpec(
        name="bastion",
        platform="cisco_ios",
        password="Bastion-Pw-99",
        config=bundled_config("cisco_ios", "hardened"),
        version=bundled_version("cisco_ios"),
    )
    with Fleet([bastion, _spec("behind-jump", "huawei_vrp")]) as fleet:
        _, hosts = _hosts(fleet)
        monkeypatch.setenv("BASTION_PW", "Bastion-Pw-99")
        jump = hosts[0].model_copy(update={"password": "env:BASTION_PW", "secret": None})
        target = hosts[1].model_copy(update={"jump_host": "bastion"})
        inventory = Inventory(source="test", hosts=(jump, target))
        known = KnownHosts((_known(fleet, tmp_path),), tmp_path / "own")
        [result] = collect_inventory([target], inventory, known, CollectOptions(retries=0))
        assert result.error == ""
        assert result.config is not None and result.config.startswith(fleet.devices[1].config.splitlines()[0])
        # With the wrong jump credentials the device is an ERROR that names the jump host.
        monkeypatch.setenv("BASTION_PW", "wrong")
        [failed] = collect_inventory([target], inventory, known, CollectOptions(retries=0))
        assert failed.error == "jump host bastion: authentication failed"


def test_ctrl_c_stops_cleanly_and_keeps_what_finished(tmp_path: Path) -> None:
    import signal
    import time

    devices = [
        _spec("fast-1", "cisco_ios"),
        _spec("fast-2", "arista_eos"),
        _spec("stuck-1", "cisco_ios", fault=Fault.SLOW, slow_seconds=120.0),
        _spec("stuck-2", "huawei_vrp", fault=Fault.SLOW, slow_seconds=120.0),
    ]
    with Fleet(devices) as fleet:
        inventory = _inventory(fleet, tmp_path, timeouts={"connect": 5, "command": 300})
        archive = tmp_path / "archive"
        env = {"SIM_PW": PASSWORD, "SIM_ENABLE": ENABLE, "PATH": "/usr/bin:/bin"}
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "devaudit",
                "collect",
                "--inventory",
                str(inventory),
                "--known-hosts",
                str(_known(fleet, tmp_path)),
                "--devaudit-known-hosts",
                str(tmp_path / "own"),
                "--archive",
                str(archive),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(archive.glob("*.cfg"))) < 2:
            time.sleep(0.1)
        assert sorted(p.name for p in archive.glob("*.cfg")) == ["fast-1.cfg", "fast-2.cfg"]
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)  # guards against a hang only; stopping speed is not asserted
    assert proc.returncode == 3
    assert "collected 2/4 device(s)" in out
    assert "stuck-1: ERROR collection interrupted (Ctrl-C) before this device finished" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in archive.glob("*.cfg")) == ["fast-1.cfg", "fast-2.cfg"]


def test_ssh_key_authentication(tmp_path: Path) -> None:
    import paramiko

    private = tmp_path / "id_ecdsa"
    paramiko.ECDSAKey.generate().write_private_key_file(str(private))
    private.chmod(0o600)
    spec = _spec("keyed", "cisco_ios", accept_publickey=True)
    with Fleet([spec.model_copy(update={"password": "not-the-password-we-send"})]) as fleet:
        _, [host] = _hosts(fleet)
        keyed = host.model_copy(update={"password": None, "key_file": str(private)})
        inventory = Inventory(source="test", hosts=(keyed,))
        known = KnownHosts((_known(fleet, tmp_path),), tmp_path / "own")
        [result] = collect_inventory([keyed], inventory, known, CollectOptions(retries=0))
    assert result.error == ""
    assert result.config is not None and "hostname" in result.config
