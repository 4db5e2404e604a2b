"""Every failure path ends with its documented exit code and a message naming the file, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_mock import MockerFixture

from devaudit.archive import previous_sizes, store_device
from devaudit.cli import EXIT_BAD_CONFIG, EXIT_OUTPUT, EXIT_USAGE, main
from devaudit.errors import InventoryError
from devaudit.inventory import load_inventory
from tests.test_cli import INSECURE_IOS

RULES = ["--rule", "IOS-MGMT-005", "--rule", "IOS-SNMP-001"]
DEEP_JSON = "[" * 100_000 + "]" * 100_000


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def configs(tmp_path: Path) -> Path:
    folder = tmp_path / "configs"
    folder.mkdir()
    (folder / "edge1.cfg").write_text(INSECURE_IOS, encoding="utf-8")
    return folder


def test_deeply_nested_archive_metadata_is_ignored_not_a_crash(configs: Path) -> None:
    (configs / "edge1.cfg.meta.json").write_text(DEEP_JSON)
    result = invoke("audit", str(configs), "--format", "json", *RULES)
    assert result.exit_code == 1, result.output
    assert [d["name"] for d in json.loads(result.stdout)["devices"]] == ["EDGE1"]
    assert previous_sizes(configs) == {}


def test_deeply_nested_previous_report_is_named_and_the_run_goes_on(configs: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    assert invoke("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES).exit_code == 1
    previous = out_dir / "latest" / "report.json"
    previous.resolve().write_text(DEEP_JSON)
    result = invoke("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES)
    assert result.exit_code == 1, result.output
    problem = (
        f"previous report ignored, drift starts again from this run: {previous}: nested more than 32 levels deep"
    )
    assert f"({problem})" in result.stdout
    report = json.loads((out_dir / "latest" / "report.json").read_text())
    assert problem in report["warnings"]
    # The next run reads this run's report again: drift resumes.
    again = invoke("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES)
    assert again.exit_code == 1 and "persisting" in again.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (DEEP_JSON, "nested more than 32 levels deep"),
        ("{not json", "malformed JSON at line 1: Expecting property name enclosed in double quotes"),
        ('{"devices": [{"results": []}]}', "not a devaudit JSON report (device 1 has no name)"),
        ("[1, 2]", "not a devaudit JSON report (the top level is not an object)"),
    ],
)
def test_diff_of_an_unusable_report_names_it(tmp_path: Path, content: str, reason: str) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text('{"devices": []}')
    bad.write_text(content)
    result = invoke("diff", str(good), str(bad))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"devaudit: cannot read reports: {bad}: {reason}\n"


WAIVERS = """\
waivers:
  - device: "edge*"
    rule: IOS-MGMT-005
    reason: lab
    approver: j.doe
    ticket: CHG-1
    expires: 2030-02-30
"""


def test_an_impossible_waiver_date_exits_4_with_file_and_line(configs: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVERS)
    result = invoke("audit", str(configs), "--waivers", str(waivers), *RULES)
    assert result.exit_code == EXIT_BAD_CONFIG
    assert result.stderr == (
        f"devaudit: invalid waiver file: {waivers}:7: invalid value '2030-02-30': "
        "not a valid date (day is out of range for month)\n"
    )


def test_an_impossible_date_in_a_baseline_exits_4_with_file_and_line(configs: Path, tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("name: site\nextends: [default]\nvars:\n  review_date: 2029-13-01\n")
    result = invoke("audit", str(configs), "-b", str(site), *RULES)
    assert result.exit_code == EXIT_BAD_CONFIG
    assert result.stderr == (
        f"devaudit: invalid baseline: {site}:4: invalid value '2029-13-01': "
        "not a valid date (month must be in 1..12)\n"
    )


def test_a_csv_inventory_with_invalid_utf8_names_file_and_line(tmp_path: Path) -> None:
    inventory = tmp_path / "hosts.csv"
    inventory.write_bytes(b"name,hostname,platform\nr1,10.0.0.1,cisco_ios\nr\xe9seau,10.0.0.2,cisco_ios\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(inventory)
    message = f"{inventory}:3: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    assert str(caught.value) == message
    result = invoke("collect", "--inventory", str(inventory), "--archive", str(tmp_path / "archive"))
    assert result.exit_code == EXIT_BAD_CONFIG
    assert result.stderr == f"devaudit: invalid inventory: {message}\n"


def _disk_full(mocker: MockerFixture) -> None:
    """The disk fills up at the atomic-write boundary."""
    mocker.patch("devaudit.atomic._write", side_effect=OSError(errno.ENOSPC, "No space left on device"))


def test_run_on_a_full_disk_exits_6_with_its_own_message(configs: Path, tmp_path: Path, mocker: MockerFixture) -> None:
    out_dir = tmp_path / "out"
    _disk_full(mocker)
    result = invoke("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES)
    assert result.exit_code == EXIT_OUTPUT
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (work,) = (out_dir / "runs").iterdir()
    assert result.stderr == f"devaudit: cannot write {work / 'report.json'}: no space left on the disk\n"
    assert not (out_dir / "latest").exists()


@pytest.mark.parametrize("formats", [["-f", "html"], ["-f", "json"]])
def test_audit_reports_on_a_full_disk_exit_6(
    configs: Path, tmp_path: Path, mocker: MockerFixture, formats: list[str]
) -> None:
    out_dir = tmp_path / "reports"
    _disk_full(mocker)
    mocker.patch("devaudit.reporters.stream.os.fsync", side_effect=OSError(errno.ENOSPC, "No space left on device"))
    result = invoke("audit", str(configs), "-o", str(out_dir), *formats, *RULES)
    assert result.exit_code == EXIT_OUTPUT
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "no space left on the disk" in result.stderr and "Traceback" not in result.output


def test_a_planted_lock_symlink_is_not_followed(configs: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (out_dir / ".devaudit.lock").symlink_to(victim)
    result = invoke("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES)
    assert result.exit_code == EXIT_OUTPUT
    assert result.stderr == (
        f"devaudit: cannot write {out_dir / '.devaudit.lock'}: it is a symbolic link; "
        "devaudit does not follow links for its lock file\n"
    )
    assert victim.read_text() == "precious\n"
    assert not (out_dir / "runs").exists()


def test_a_planted_lock_hard_link_is_refused(configs: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.link(victim, out_dir / ".devaudit.lock")
    result = invoke("run", str(configs), "-o", str(out_dir), "-f", "json", *RULES)
    assert result.exit_code == EXIT_OUTPUT
    assert "a hard link to another file" in result.stderr
    assert victim.read_text() == "precious\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_run_directories_are_0700_and_report_files_0600(configs: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out" / "nested"
    assert invoke("run", str(configs), "-o", str(out_dir), "-f", "json", "-f", "html", *RULES).exit_code == 1
    run_dir = (out_dir / "latest").resolve()
    assert {_mode(d) for d in (tmp_path / "out", out_dir, out_dir / "runs", run_dir)} == {0o700}
    files = [p for p in run_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"report.json", "report.html"}
    assert {_mode(p) for p in files} == {0o600}
    assert _mode(out_dir / ".devaudit.lock") == 0o600


def test_streamed_reports_are_0600(configs: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "reports"
    invoke("audit", str(configs), "-o", str(out_dir), "-f", "json", "-f", "csv", *RULES)
    assert _mode(out_dir) == 0o700
    assert {p.name: _mode(p) for p in out_dir.iterdir() if p.is_file()} == {"report.json": 0o600, "report.csv": 0o600}


@pytest.mark.parametrize("keep_secrets", [False, True])
def test_archive_files_are_0600_and_directories_0700(tmp_path: Path, keep_secrets: bool) -> None:
    archive = tmp_path / "archive" / "site"
    store_device(
        archive,
        "edge1",
        INSECURE_IOS,
        {"show version": "Cisco IOS Software, Version 15.2\n"},
        {"host": "edge1"},
        keep_secrets=keep_secrets,
        platform="cisco_ios",
    )
    assert {_mode(d) for d in (tmp_path / "archive", archive, archive / "edge1.cfg.show")} == {0o700}
    files = [p for p in archive.rglob("*") if p.is_file()]
    assert len(files) == 3
    assert {_mode(p) for p in files} == {0o600}
