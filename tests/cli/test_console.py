"""The console: a fleet summary worst device first, a per-finding view for one device, and what -o wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.support import corpus, run

FOO = "cisco_ios/ccp-sample01.cfg"  # hostname Foo: 5 critical, 9 high, 15 medium, 3 low FAILs
ASR = "cisco_ios/ox-asr920-16.8.cfg"  # 'hostname hostname' (Oxidized sanitised): 2 critical
SHOW = "zte_zxros/ntc-show-version.txt"  # show version output: not audited
FRAGMENT = "juniper_junos/ttp-interfaces-display-set.set"


def fleet() -> list[Path]:
    return [corpus(name) for name in (FRAGMENT, ASR, SHOW, FOO)]


def console(*args: str | Path, columns: int = 100) -> tuple[int, list[str], str]:
    code, out, err = run("audit", *args, env={"COLUMNS": str(columns)})
    return code, out.splitlines(), err


def test_fleet_summary_sorted_worst_first() -> None:
    code, lines, _ = console(*fleet())
    assert code == 3  # one input could not be audited
    assert lines[:5] == [
        "device                          platform       score  critical  high  medium  low       errors",
        "ntc-show-version.txt            ?                  -                               not audited",
        "Foo                             cisco_ios        36%         5     9      15    3            0",
        "hostname                        cisco_ios        41%         2     8      11    3            0",
        "ttp-interfaces-display-set.set  juniper_junos     0%         0     0       0    1            0",
    ]
    assert lines[5] == ""
    assert lines[-1] == "4 device(s): 3 with findings, 1 not audited; 57 failed rule(s) in all"


def test_fleet_summary_lists_the_rules_failing_on_most_devices_then_notes() -> None:
    _, lines, _ = console(*fleet())
    start = lines.index("Rules failing on most devices (of 4)")
    assert lines[start + 1].split() == ["devices", "severity", "rule", "title"]
    assert lines[start + 2].split()[:3] == ["2", "critical", "IOS-ACC-001"]
    assert lines[start + 3].split()[:3] == ["2", "critical", "IOS-ACC-002"]
    assert "... and 28 more failing rule(s); --details lists every finding" in lines
    assert "ntc-show-version.txt: not audited: not a configuration: looks like show version output" in lines
    fragment = "ttp-interfaces-display-set.set: warning: a fragment of a configuration"
    assert any(line.startswith(fragment) for line in lines)


def test_fleet_console_is_short() -> None:
    # One row per device plus the top rules: not every finding of every device.
    _, lines, _ = console(*fleet())
    assert len(lines) < 40
    assert not any(line.startswith("FAIL") for line in lines)


@pytest.mark.parametrize("columns", [60, 80, 132])
def test_output_fits_columns(columns: int) -> None:
    _, lines, _ = console(*fleet(), columns=columns)
    assert max(len(line) for line in lines) <= columns
    _, lines, _ = console(corpus(FOO), columns=columns)
    assert max(len(line) for line in lines) <= columns


def test_wider_terminal_wraps_less() -> None:
    _, narrow, _ = console(corpus(FOO), columns=70)
    _, wide, _ = console(corpus(FOO), columns=200)
    assert len(wide) < len(narrow)


def test_single_device_keeps_the_per_finding_view() -> None:
    code, lines, _ = console(corpus(FOO), "--rule", "IOS-SNMP-*", columns=200)
    assert code == 1
    assert lines[0] == f"Foo  [cisco_ios]  {corpus(FOO)}  1 PASS, 3 FAIL, 1 NOT_APPLICABLE"
    assert lines[1].split() == ["status", "severity", "rule", "title", "evidence"]
    assert [line.split()[:3] for line in lines[2:5]] == [
        ["FAIL", "critical", "IOS-SNMP-001"],
        ["FAIL", "high", "IOS-SNMP-003"],
        ["FAIL", "low", "IOS-SNMP-005"],
    ]
    assert "L378: snmp-server community <redacted> RW 99" in lines[2]
    assert lines[-1] == "1 device(s): 1 with findings, 0 not audited; 3 failed rule(s) in all"


def test_details_prints_every_finding_with_its_fix() -> None:
    _, lines, _ = console(corpus(FOO), "--rule", "IOS-MGMT-005", "--rule", "IOS-SNMP-001", "--details", columns=200)
    start = lines.index("FAIL  critical  IOS-MGMT-005  Cleartext HTTP server disabled")
    assert lines[start + 1] == "    L288: ip http server"
    fix = lines.index("    fix:", start)
    assert lines[fix + 1] == "      no ip http server"
    start = lines.index("FAIL  critical  IOS-SNMP-001  No default or read-write SNMP community")
    assert lines[start + 1] == "    L378: snmp-server community <redacted> RW 99"
    fix = lines.index("    fix:", start)
    assert lines[fix + 1 : fix + 3] == [
        "      no snmp-server community <default-or-rw-community>",
        "      snmp-server community <random-string> RO SNMP-NMS",
    ]


def test_details_for_a_fleet_prints_each_device_worst_first_then_the_summary() -> None:
    _, lines, _ = console(corpus(ASR), corpus(FOO), "--details", "--rule", "IOS-MGMT-005", columns=200)
    headers = [line.split()[0] for line in lines if "  [cisco_ios]  " in line]
    assert headers == ["Foo", "hostname"]
    assert next(
        line.split() for line in lines if line.startswith("device")
    ) == ["device", "platform", "score", "critical", "high", "medium", "low", "errors"]


def test_output_dir_names_every_file_written_and_every_input_not_audited(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    formats = ("json", "csv", "markdown", "html", "sarif", "junit")
    args = [a for f in formats for a in ("-f", f)]
    code, stdout, err = run("audit", corpus(FOO), corpus(SHOW), tmp_path / "missing.cfg", *args, "-o", out)
    assert code == 3
    assert stdout == ""
    wrote = [line for line in err.splitlines() if line.startswith("wrote ")]
    assert wrote == [
        f"wrote {out}/report.json",
        f"wrote {out}/report.csv",
        f"wrote {out}/report.md",
        f"wrote {out}/report.html",
        f"wrote {out}/report.sarif",
        f"wrote {out}/report.xml",
        f"wrote {out}/fixes/ccp-sample01.txt",
    ]
    assert all(Path(line.removeprefix("wrote ")).is_file() for line in wrote)
    failed = [line for line in err.splitlines() if line.startswith("not audited: ")]
    assert failed == [
        f"not audited: {corpus(SHOW)}: not a configuration: looks like show version output",
        f"not audited: {tmp_path / 'missing.cfg'}: no such file or directory",
    ]


def test_streamed_reports_name_their_files_and_show_the_fleet_summary(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    code, stdout, err = run(
        "audit", *fleet(), "-f", "json", "-f", "csv", "-f", "console", "-o", out, env={"COLUMNS": "100"}
    )
    assert code == 3
    lines = stdout.splitlines()
    assert lines[0].split() == ["device", "platform", "score", "critical", "high", "medium", "low", "errors"]
    assert [line.split()[0] for line in lines[1:5]] == [
        "ntc-show-version.txt",
        "Foo",
        "hostname",
        "ttp-interfaces-display-set.set",
    ]
    assert lines[-1] == "4 device(s): 3 with findings, 1 not audited; 57 failed rule(s) in all"
    assert [line for line in err.splitlines() if line.startswith("wrote ")] == [
        f"wrote {out}/report.json",
        f"wrote {out}/report.csv",
        f"wrote {out}/fixes/ttp-interfaces-display-set.txt",
        f"wrote {out}/fixes/ox-asr920-16.8.txt",
        f"wrote {out}/fixes/ccp-sample01.txt",
    ]
    assert f"not audited: {corpus(SHOW)}: not a configuration: looks like show version output" in err


def test_streamed_reports_without_console_give_the_totals_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    code, stdout, err = run("audit", corpus(FOO), "-f", "json", "-o", out)
    assert (code, stdout) == (1, "")
    assert err.splitlines() == [
        "1 device(s): 1 with findings, 0 not audited; 32 failed rule(s) in all",
        f"wrote {out}/report.json",
        f"wrote {out}/fixes/ccp-sample01.txt",
    ]
