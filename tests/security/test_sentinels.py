"""The sentinel suite: over 300 secret-bearing statement forms of the ten platforms, each with a unique
sentinel, run through every output devaudit writes. Zero sentinels anywhere is the assertion.

The forms live in sentinels.yaml (easy to extend); each platform's forms sit inside its simulator config,
so one audit and one simulator run per platform cover them all.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from devaudit.cli import main
from devaudit.engine.loader import load_baseline
from devaudit.platforms import platform_names
from devaudit.runner import AuditOptions, audit_bytes
from mocks.device import DeviceSpec, bundled_version
from mocks.fleet import Fleet
from tests.security.sentinels import SentinelConfig, load, specs

CONFIGS = load()
SENTINEL = re.compile(r"SNTL\d{4}")
FORMATS = [a for f in ("json", "csv", "markdown", "html", "sarif", "junit") for a in ("-f", f)]
PASSWORD = "Sim-Passw0rd-4711"


def _leaks(text: str) -> list[str]:
    return sorted(set(SENTINEL.findall(text)))


def _files_text(*roots: Path) -> str:
    parts = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and ".git" not in path.parts:
                parts.append(f"== {path}\n" + path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def test_the_suite_is_large_and_every_sentinel_is_unique_and_planted() -> None:
    sentinels = [s for c in CONFIGS for s in c.sentinels]
    forms = sum(len(spec["forms"]) for spec in specs(Path(__file__).parent / "sentinels.yaml").values())
    assert forms >= 300
    assert len(sentinels) == len(set(sentinels)) >= forms
    assert {c.platform for c in CONFIGS} == set(platform_names())
    for config in CONFIGS:
        assert all(config.text.count(s) == 1 for s in config.sentinels), config.name


@pytest.fixture(scope="module")
def config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sentinel-configs")
    for config in CONFIGS:
        (folder / f"{config.name}.cfg").write_text(config.text, encoding="utf-8")
    return folder


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout + result.stderr


def test_no_sentinel_in_any_report_fix_script_console_or_log(
    config_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    out = tmp_path / "reports"
    shared = tmp_path / "shared"
    runs = tmp_path / "runs"
    texts = [
        _invoke("audit", str(config_dir), "-o", str(out), *FORMATS),
        _invoke("audit", str(config_dir)),
        _invoke("audit", str(config_dir), "-v"),
        _invoke("audit", str(config_dir), "--share", "-o", str(shared), *FORMATS),
        _invoke("audit", str(config_dir), "--share", "-v"),
        _invoke("run", str(config_dir), "-o", str(runs), *FORMATS),
        _invoke("run", str(config_dir), "-o", str(runs), *FORMATS),  # the second run carries drift forward
    ]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    audited = {d["source"].rsplit("/", 1)[-1]: d["error"] for d in report["devices"]}
    assert audited == {f"{c.name}.cfg": None for c in CONFIGS}  # every config audited (a hardened one may pass)
    assert [d["status"] for d in report["devices"]].count("FAIL") >= len(CONFIGS) - 2
    assert (out / "fixes").is_dir() and any((out / "fixes").iterdir())
    # Statements carrying sentinels do reach the reports (masked): the assertion below is not vacuous.
    masked = {
        e["text"] for d in report["devices"] for r in d["results"] for e in r["evidence"] if "<redacted>" in e["text"]
    }
    assert len(masked) >= 100
    everything = "\n".join(texts) + _files_text(out, shared, runs) + caplog.text
    assert _leaks(everything) == []


def test_no_sentinel_in_error_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser failure whose message quotes the statements it choked on still shows no secret."""
    baseline = load_baseline()

    def failing_parse(lines: tuple[tuple[int, str], ...], platform: str) -> None:
        quoted = " | ".join(text for _, text in lines if "SNTL" in text)
        raise ValueError(f"unexpected statements: {quoted}")

    monkeypatch.setattr("devaudit.runner.parse", failing_parse)
    for config in CONFIGS:
        result = audit_bytes(config.text.encode(), f"{config.name}.cfg", baseline, AuditOptions())
        assert result.error.startswith(f"could not parse as {config.platform}: ValueError: unexpected statements:")
        assert _leaks(result.error) == [], config.name


def _simulated(config: SentinelConfig) -> DeviceSpec | None:
    if config.name == "juniper_junos_set":
        return None  # the simulator stores brace form and prints set form itself
    profile = "nokia_sros_classic" if config.name == "nokia_sros_classic" else config.platform
    return DeviceSpec(
        name=f"sntl-{config.name.replace('_', '-')}",
        platform=profile,
        password=PASSWORD,
        enable_secret=PASSWORD,
        config=config.text,
        version=bundled_version(config.platform),
    )


@pytest.fixture(scope="module")
def sentinel_fleet() -> Iterator[Fleet]:
    specs = [spec for spec in map(_simulated, CONFIGS) if spec is not None]
    with Fleet(specs) as fleet:
        yield fleet


def test_no_sentinel_in_collect_archives_git_history_or_logs(
    sentinel_fleet: Fleet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("SNTL_PW", PASSWORD)
    hosts = {
        e.name: {
            "hostname": e.host,
            "port": e.port,
            "platform": e.device_type,
            "username": e.username,
            "data": {"credentials": {"password": "env:SNTL_PW", "secret": "env:SNTL_PW"}, "timeouts": {"connect": 5}},
        }
        for e in sentinel_fleet
    }
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(yaml.safe_dump({"hosts": hosts}), encoding="utf-8")
    key = sentinel_fleet.host_key
    known = tmp_path / "known_hosts"
    known.write_text("".join(f"[{e.host}]:{e.port} {key.get_name()} {key.get_base64()}\n" for e in sentinel_fleet))
    archive = tmp_path / "archive"
    common = [
        "--inventory",
        str(inventory),
        "--known-hosts",
        str(known),
        "--devaudit-known-hosts",
        str(tmp_path / "own"),
    ]
    collected = _invoke("collect", *common, "--archive", str(archive), "--git", "--retries", "0")
    assert f"collected {len(hosts)}/{len(hosts)}" in collected, collected
    offline = tmp_path / "offline"
    audited = _invoke("audit", str(archive), "-o", str(offline), *FORMATS)
    history = subprocess.run(
        ["git", "-C", str(archive), "log", "-p", "--all"], capture_output=True, text=True, check=True
    ).stdout
    assert "sntl-cisco-ios.cfg" in history
    everything = collected + audited + history + _files_text(archive, offline) + caplog.text
    assert _leaks(everything) == []
