"""Streaming output: JSON device by device to stdout or a folder, and the fix-script folder swapped in once."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from devaudit.cli import main
from devaudit.engine.loader import load_baseline
from devaudit.models import AuditReport, DeviceResult, DeviceStatus, Finding, Severity, Status
from devaudit.reporters import json_report
from devaudit.reporters.stream import StreamWriter
from devaudit.runner import AuditOptions, audit_bytes

EDGE = """\
version 15.2
hostname EDGE1
enable password 7 0822455D0A16
ip http server
snmp-server community public RW
line vty 0 4
 transport input telnet ssh
end
"""


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def _without_time(document: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in document.items() if k != "generated_at"}


def test_json_to_stdout_and_to_a_folder_are_the_same_document(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "edge1.cfg").write_text(EDGE, encoding="utf-8")
    (tmp_path / "in" / "junk.cfg").write_bytes(b"\x00\x01\x02 not a config")
    code, out = _run("audit", str(tmp_path / "in"), "-f", "json", "-j", "1")
    assert code == 3  # one file could not be audited
    lines = out.splitlines()
    assert sum(1 for line in lines if line.startswith('    {"name":')) == 2  # one line per device
    streamed = json.loads(out)
    assert [d["status"] for d in streamed["devices"]] == ["FAIL", "ERROR"]
    assert streamed["summary"]["devices"] == 2 and streamed["summary"]["devices_error"] == 1
    code, _ = _run("audit", str(tmp_path / "in"), "-f", "json", "-j", "1", "-o", str(tmp_path / "out"))
    assert code == 3
    written = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert _without_time(written) == _without_time(streamed)


def test_render_writes_the_streamed_layout() -> None:
    finding = Finding("IOS-MGMT-001", "No Telnet", Status.FAIL, Severity.HIGH, "management plane")
    device = DeviceResult("r1", "r1.cfg", "cisco_ios", DeviceStatus.FAIL, findings=(finding,))
    report = AuditReport((device, device), "builtin", "2026-01-01T00:00:00+00:00", "0.1.0")
    text = json_report.render(report)
    assert json.loads(text) == json_report.report_to_dict(report)
    assert text.count('\n    {"name":"r1"') == 2
    empty = AuditReport((), "builtin", "2026-01-01T00:00:00+00:00", "0.1.0")
    assert json.loads(json_report.render(empty)) == json_report.report_to_dict(empty)


def test_fix_scripts_replace_the_previous_run_and_leave_no_staging(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "edge1.cfg").write_text(EDGE, encoding="utf-8")
    _run("audit", str(tmp_path / "edge1.cfg"), "-f", "json", "-o", str(out))
    # Scripts are named after the file audited, private like every report (0600 in a 0700 folder).
    assert sorted(p.name for p in (out / "fixes").iterdir()) == ["edge1.txt"]
    assert "no ip http server" in (out / "fixes" / "edge1.txt").read_text(encoding="utf-8")
    assert (out / "fixes").stat().st_mode & 0o777 == 0o700
    assert (out / "fixes" / "edge1.txt").stat().st_mode & 0o777 == 0o600
    (tmp_path / "edge2.cfg").write_text(EDGE.replace("EDGE1", "EDGE2"), encoding="utf-8")
    _run("audit", str(tmp_path / "edge2.cfg"), "-f", "json", "-o", str(out))
    assert sorted(p.name for p in (out / "fixes").iterdir()) == ["edge2.txt"]
    assert sorted(p.name for p in out.iterdir()) == ["fixes", "report.json"]


def test_aborted_stream_keeps_the_previous_reports(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "edge1.cfg").write_text(EDGE, encoding="utf-8")
    _run("audit", str(tmp_path / "edge1.cfg"), "-f", "json", "-f", "csv", "-o", str(out))
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    header = AuditReport((), "builtin", "2026-01-01T00:00:00+00:00", "0.1.0")
    writer = StreamWriter(out, frozenset({"json", "csv"}), header)
    writer.write(DeviceResult("EDGE9", "edge9.cfg", "cisco_ios", DeviceStatus.ERROR, error="unreadable"))
    writer.abort()
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir()) == ["fixes", "report.csv", "report.json"]


def test_streamed_scripts_of_one_file_name_in_two_folders_match_the_unstreamed_names(tmp_path: Path) -> None:
    for folder in ("site-a", "site-b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r1.cfg").write_text(EDGE, encoding="utf-8")
    inputs = [str(tmp_path / folder / "r1.cfg") for folder in ("site-a", "site-b")]
    streamed, unstreamed = tmp_path / "streamed", tmp_path / "unstreamed"
    _run("audit", *inputs, "-f", "json", "-o", str(streamed))
    _run("audit", *inputs, "-f", "json", "-o", str(streamed))  # a second run replaces, never adds
    report = json.loads((streamed / "report.json").read_text(encoding="utf-8"))
    assert [d["source"] for d in report["devices"]] == inputs
    code, _ = _run("audit", *inputs, "-f", "markdown", "-o", str(unstreamed))  # not streamed
    assert code == 1
    names = sorted(p.name for p in (streamed / "fixes").iterdir())
    assert len(names) == 2 and "r1.txt" in names
    assert names == sorted(p.name for p in (unstreamed / "fixes").iterdir())
    for name in names:
        assert (streamed / "fixes" / name).read_text(encoding="utf-8") == (unstreamed / "fixes" / name).read_text(
            encoding="utf-8"
        )


MOCK_CONFIGS = Path(__file__).resolve().parents[2] / "mocks" / "configs"


def _fleet_folder(root: Path) -> Path:
    """Every simulator config (all platforms, hardened and insecure) and one file that is not a config."""
    folder = root / "fleet"
    folder.mkdir()
    for source in sorted(MOCK_CONFIGS.glob("*/*.cfg")):
        (folder / f"{source.parent.name}-{source.name}").write_bytes(source.read_bytes())
    (folder / "zz-notes.cfg").write_text("call the NOC before changing anything\n", encoding="utf-8")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): b"".join(
            line for line in p.read_bytes().splitlines(keepends=True) if b'"generated_at"' not in line
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_fleet_prepared_by_workers_is_written_as_one_process_writes_it(tmp_path: Path) -> None:
    """Workers render each device's JSON line, CSV rows, fix script and fleet-table row; the files, the
    console summary and the exit code are those of one process, and the summary is the unstreamed one."""
    fleet = _fleet_folder(tmp_path)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-j{jobs}"
        result = CliRunner().invoke(
            main, ["audit", str(fleet), "-f", "console", "-f", "json", "-f", "csv", "-o", str(out), "-j", jobs]
        )
        assert result.exit_code == 3  # the notes file is not a config
        outputs[jobs] = (_files(out), result.stdout)
    assert outputs["2"] == outputs["1"]
    files, summary = outputs["2"]
    assert sorted(files)[:3] == [
        "fixes/arista_eos-hardened.txt",
        "fixes/arista_eos-insecure.txt",
        "fixes/cisco_asa-hardened.txt",
    ]
    report = json.loads(files["report.json"])
    assert [d["source"] for d in report["devices"]] == [str(p) for p in sorted(fleet.iterdir())]
    assert report["devices"][-1]["status"] == "ERROR"
    assert files["report.csv"].count(b"\n") == 1 + sum(max(1, len(d["results"])) for d in report["devices"])
    unstreamed = CliRunner().invoke(main, ["audit", str(fleet), "-j", "2"])
    assert summary == unstreamed.stdout
    # With a format that is not streamed, the whole report is rendered at the end: the same JSON text.
    whole = tmp_path / "whole"
    CliRunner().invoke(main, ["audit", str(fleet), "-f", "json", "-f", "markdown", "-o", str(whole), "-j", "2"])
    assert _files(whole)["report.json"] == files["report.json"]
    assert "BR-EDGE-01" in summary and "not audited" in summary


def test_json_to_stdout_from_workers_is_what_one_process_writes(tmp_path: Path) -> None:
    fleet = _fleet_folder(tmp_path)
    texts = []
    for jobs in ("1", "2"):
        code, out = _run("audit", str(fleet), "-f", "json", "-j", jobs)
        assert code == 3
        texts.append("".join(line for line in out.splitlines(keepends=True) if '"generated_at"' not in line))
    assert texts[1] == texts[0]
    assert json.loads(texts[0])["summary"]["devices"] == len(list(fleet.iterdir()))


def test_a_fleet_run_counts_every_fix_script_and_names_only_the_first(tmp_path: Path) -> None:
    """Past 50 scripts a fleet run says how many it wrote: it does not keep a name per device."""
    configs = tmp_path / "in"
    configs.mkdir()
    for index in range(60):
        (configs / f"edge{index:02d}.cfg").write_text(EDGE.replace("EDGE1", f"EDGE{index}"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["audit", str(configs), "-f", "json", "-j", "1", "-o", str(out)])
    assert result.exit_code == 1
    assert f"wrote 60 fix scripts in {out / 'fixes'}" in result.stderr
    assert sorted(p.name for p in (out / "fixes").iterdir()) == [f"edge{index:02d}.txt" for index in range(60)]
    header = AuditReport((), "builtin", "2026-01-01T00:00:00+00:00", "0.1.0")
    writer = StreamWriter(tmp_path / "again", frozenset({"json"}), header)
    baseline = load_baseline()
    for index in range(60):
        text = EDGE.replace("EDGE1", f"EDGE{index}").encode()
        writer.write(audit_bytes(text, f"edge{index:02d}.cfg", baseline, AuditOptions()))
    writer.close()
    assert writer.fixes is not None and writer.fixes.count == 60
    assert writer.fixes.names == [f"edge{index:02d}.txt" for index in range(51)]
