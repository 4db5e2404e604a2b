"""The command line end to end: inputs, formats, exit codes and error reporting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from devaudit.cli import main
from devaudit.platforms import BUILTIN
from tests.samples import INSECURE_IOS

HARDENED_IOS = """\
version 15.2
hostname CORE1
enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM
username admin privilege 15 secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM
aaa new-model
aaa authentication login default group TACACS local
aaa authentication enable default group TACACS enable
no ip http server
ip ssh version 2
ip access-list standard MGMT
 permit 10.0.0.0 0.0.0.255
access-list 20 permit 10.0.0.60
snmp-server community Qx7s9TT RO 20
logging host 10.0.0.50
logging host 10.0.1.50
ntp server 10.0.0.1
ntp server 10.0.1.1
line con 0
 exec-timeout 5 0
line vty 0 4
 access-class MGMT in
 transport input ssh
end
"""


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def failed_ids(report: dict[str, object], device: int = 0) -> set[str]:
    devices = report["devices"]
    assert isinstance(devices, list)
    return {r["rule_id"] for r in devices[device]["results"] if r["status"] == "FAIL"}


@pytest.fixture
def configs(tmp_path: Path) -> Path:
    (tmp_path / "edge1.cfg").write_text(INSECURE_IOS, encoding="utf-8")
    (tmp_path / "core1.cfg").write_text(HARDENED_IOS, encoding="utf-8")
    return tmp_path


def test_insecure_config_fails_exact_rules(configs: Path) -> None:
    code, out, _ = run(
        "audit",
        str(configs / "edge1.cfg"),
        "--format",
        "json",
        "--rule",
        "IOS-MGMT-001",
        "--rule",
        "IOS-MGMT-003",
        "--rule",
        "IOS-MGMT-005",
        "--rule",
        "IOS-ACC-001",
        "--rule",
        "IOS-ACC-002",
        "--rule",
        "IOS-SNMP-001",
        "--rule",
        "IOS-MGMT-006",
    )
    report = json.loads(out)
    assert code == 1
    assert failed_ids(report) == {
        "IOS-MGMT-001",
        "IOS-MGMT-003",
        "IOS-MGMT-005",
        "IOS-ACC-001",
        "IOS-ACC-002",
        "IOS-SNMP-001",
        "IOS-MGMT-006",
    }
    results = {r["rule_id"]: r for r in report["devices"][0]["results"]}
    assert [(e["line"], e["text"]) for e in results["IOS-MGMT-005"]["evidence"]] == [(5, "ip http server")]
    assert [e["line"] for e in results["IOS-MGMT-001"]["evidence"]] == [9, 10]
    # Secrets are masked in evidence: the community and passwords never appear (the rule's own expected
    # text names the vendor-default communities, 'public' among them, the same for every device).
    written = json.dumps(results["IOS-SNMP-001"]["expected"])[1:-1]
    assert "'public'" in written
    shown = out.replace(written, "")
    assert "public" not in shown and "cisco123" not in shown and "0822455D0A16" not in shown
    assert results["IOS-SNMP-001"]["evidence"][0]["text"] == "snmp-server community <redacted> RW"


def test_hardened_core_passes_and_exit_zero(configs: Path) -> None:
    code, out, _ = run("audit", str(configs / "core1.cfg"), "--format", "json", "--profile", "cis-level1")
    report = json.loads(out)
    fails = failed_ids(report)
    core = {
        "IOS-MGMT-001",
        "IOS-MGMT-002",
        "IOS-MGMT-003",
        "IOS-MGMT-005",
        "IOS-MGMT-006",
        "IOS-ACC-001",
        "IOS-ACC-002",
        "IOS-SNMP-001",
        "IOS-SNMP-002",
        "IOS-LOG-002",
        "IOS-NTP-001",
        "IOS-AAA-002",
    }
    assert fails & core == set()
    statuses = {r["rule_id"]: r["status"] for r in report["devices"][0]["results"]}
    assert all(statuses[i] == "PASS" for i in core)
    assert report["devices"][0]["facts"]["hostname"] == "CORE1"
    assert report["devices"][0]["platform"] == "cisco_ios"
    if not fails:
        assert code == 0


def test_json_report_matches_published_schema(configs: Path) -> None:
    _, out, _ = run("audit", str(configs), "--format", "json")
    schema = json.loads(resources.files("devaudit").joinpath("schema", "report-v1.json").read_text())
    jsonschema.validate(json.loads(out), schema)


def test_fail_on_threshold(configs: Path) -> None:
    # Only a medium-severity rule fails: below the default threshold (high), so exit 0.
    code, _, _ = run("audit", str(configs / "edge1.cfg"), "--rule", "IOS-NTP-001")
    assert code == 0
    code, _, _ = run("audit", str(configs / "edge1.cfg"), "--rule", "IOS-NTP-001", "--fail-on", "medium")
    assert code == 1


def test_bad_inputs_are_errors_for_that_file_alone(configs: Path) -> None:
    (configs / "empty.cfg").write_bytes(b"")
    (configs / "blob.bin").write_bytes(bytes(range(256)) * 64)
    big = configs / "huge.cfg"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (configs / "notes.cfg").write_text("shopping list\nmilk\n", encoding="utf-8")
    code, out, _ = run("audit", str(configs), "--format", "json")
    report = json.loads(out)
    by_file = {Path(d["source"]).name: d for d in report["devices"]}
    assert code == 3
    assert by_file["empty.cfg"]["status"] == "ERROR" and "empty" in by_file["empty.cfg"]["error"]
    # Met in a directory, a binary file is listed as skipped; named explicitly, it is an ERROR.
    assert "blob.bin" not in by_file
    assert f"{configs / 'blob.bin'}: skipped, not a configuration (binary content)" in report["warnings"]
    code, out, _ = run("audit", str(configs / "blob.bin"), "--format", "json")
    assert code == 3 and "binary" in json.loads(out)["devices"][0]["error"]
    assert by_file["huge.cfg"]["status"] == "ERROR" and "above the limit" in by_file["huge.cfg"]["error"]
    assert by_file["notes.cfg"]["status"] == "ERROR" and "cannot be told" in by_file["notes.cfg"]["error"]
    assert by_file["edge1.cfg"]["status"] == "FAIL"
    assert by_file["core1.cfg"]["status"] in ("PASS", "FAIL")


def test_stdin_and_globs(configs: Path) -> None:
    code, out, _ = run("audit", "-", "--format", "json", "--rule", "IOS-MGMT-005", stdin=INSECURE_IOS)
    report = json.loads(out)
    assert code == 1 and report["devices"][0]["source"] == "<stdin>"
    assert failed_ids(report) == {"IOS-MGMT-005"}
    code, out, _ = run("audit", str(configs / "*.cfg"), "--format", "json", "--rule", "IOS-MGMT-005")
    assert sorted(Path(d["source"]).name for d in json.loads(out)["devices"]) == ["core1.cfg", "edge1.cfg"]


def test_missing_path_is_reported(configs: Path) -> None:
    code, _, err = run("audit", str(configs / "nope.cfg"), str(configs / "edge1.cfg"))
    assert code == 3
    assert "nope.cfg: no such file or directory" in err


def test_platform_override(configs: Path) -> None:
    _, out, _ = run("audit", str(configs / "edge1.cfg"), "--platform", "cisco_ios", "--format", "json")
    device = json.loads(out)["devices"][0]
    assert device["platform_reason"] == "given with --platform"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("rules:\n  - id: X-1\n    title: [unclosed\n", 3, "malformed YAML"),
        (
            "platform: cisco_ios\nrules:\n  - id: IOS-TEST-001\n    title: Test rule\n    severity: high\n"
            "    category: services\n    colour: red\n    check: {present: '^x'}\n",
            7,
            "colour",
        ),
        (
            "platform: cisco_ios\nrules:\n  - id: IOS-TEST-001\n    title: Test rule\n    severity: high\n"
            "    category: services\n    check:\n      present: '^ip http server['\n",
            8,
            "invalid regular expression",
        ),
        (
            "platform: cisco_ios\nrules:\n  - id: IOS-TEST-001\n    title: Test rule\n    severity: urgent\n"
            "    category: services\n    check: {present: '^x'}\n",
            5,
            "severity",
        ),
        (
            "platform: cisco_ios\nrules:\n  - id: IOS-TEST-001\n    title: Test rule\n    severity: high\n"
            "    category: services\n    check: {contains: '^x'}\n",
            7,
            "unknown operator",
        ),
    ],
)
def test_malformed_baseline_exits_4_with_file_and_line(
    configs: Path, tmp_path: Path, text: str, line: int, message: str
) -> None:
    bad = tmp_path / "site.yaml"
    bad.write_text(text, encoding="utf-8")
    code, _, err = run("audit", str(configs / "edge1.cfg"), "--baseline", str(bad))
    assert code == 4
    assert f"{bad}:{line}:" in err
    assert message in err


def test_site_baseline_extends_builtin_with_vars_and_disable(configs: Path, tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("extends: [builtin]\nvars: {min_ntp_servers: 1}\ndisable: [IOS-MGMT-005]\n", encoding="utf-8")
    (configs / "one-ntp.cfg").write_text("hostname R9\nntp server 10.0.0.1\nip http server\nend\n", encoding="utf-8")
    _, out, _ = run(
        "audit", str(configs / "one-ntp.cfg"), "-b", str(site), "--format", "json", "--platform", "cisco_ios"
    )
    results = {r["rule_id"]: r["status"] for r in json.loads(out)["devices"][0]["results"]}
    assert results["IOS-NTP-001"] == "PASS"
    assert "IOS-MGMT-005" not in results


def test_help_starts_without_heavy_imports() -> None:
    code = (
        "import sys, devaudit.cli; "
        "print(sorted(m for m in ('pydantic', 'rich', 'yaml', 'netmiko', 'paramiko', 'textfsm', 'jinja2') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# Modules a cached audit of one file may import through the program (``python -m devaudit``), with
# redaction, messages, site values, interface roles and terminal-capture handling; reaching past this means
# something heavy slipped in. The console format adds rich's tables. Detection reads every platform's
# descriptor and signatures, and redaction every platform's secret forms: up to three small data modules
# per platform, counted from the registry.
MODULE_BUDGET = {"json": 178 + 3 * len(BUILTIN), "console": 229 + 3 * len(BUILTIN)}
NOT_ON_THE_HOT_PATH = (
    "click",
    "pydantic",
    "yaml",
    "jinja2",
    "netmiko",
    "paramiko",
    "textfsm",
    "ntc_templates",
    "sqlite3",
    "hashlib",
    "multiprocessing",
    "concurrent.futures.process",
    "devaudit.cli",
    "devaudit.engine.compose",
    "devaudit.engine.rules",
    "devaudit.yamlfile",
    "devaudit.advisories.store",
    "devaudit.reporters.writer",
    "devaudit.packs",
    "socket",
)
OUTPUT_MODULES = {"json": {"devaudit.reporters.stream"}, "console": {"devaudit.reporters.console", "rich"}}


def _program_modules(args: list[str], cache: Path) -> tuple[str, str, set[str]]:
    """Run ``python -m devaudit ARGS`` in a fresh interpreter; its stdout, exit line and imported modules."""
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['devaudit', *{args!r}]\n"
        "try:\n"
        "    runpy.run_module('devaudit', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exc:\n"
        "    sys.stderr.write(f'\\nexit {exc.code}\\n')\n"
        "sys.stderr.write(' '.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("DEVAUDIT_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    *_, exit_line, modules = done.stderr.splitlines()
    return done.stdout, exit_line, set(modules.split())


@pytest.mark.parametrize("fmt", ["json", "console"])
def test_audit_of_one_file_imports_only_its_platform_and_its_output(configs: Path, tmp_path: Path, fmt: str) -> None:
    args = ["audit", str(configs / "edge1.cfg"), "-f", fmt]
    cache = tmp_path / "cache"
    first_out, first_exit, first_modules = _program_modules(args, cache)
    assert (cache / "devaudit" / "patterns.store").is_file()  # the modules' patterns, for the next run
    _program_modules(args, cache)  # compiles the platform's rules from the cache and keeps them compiled
    assert len(list((cache / "devaudit").glob("baseline-*.cisco_ios.pickle"))) == 1
    _program_modules(args, cache)  # reads them compiled (the check module's patterns join the store)
    second_out, second_exit, modules = _program_modules(args, cache)
    assert (first_exit, second_exit) == ("exit 1", "exit 1")
    if fmt == "json":
        assert json.loads(first_out) == json.loads(second_out) | {"generated_at": json.loads(first_out)["generated_at"]}
    else:
        assert first_out == second_out
        assert "IOS-MGMT-005" in second_out
    assert sorted(m for m in NOT_ON_THE_HOT_PATH if m in modules) == []
    assert OUTPUT_MODULES[fmt] <= modules
    other = "console" if fmt == "json" else "json"
    assert sorted(OUTPUT_MODULES[other] & modules) == []
    assert sorted(m for m in modules if m.startswith("devaudit.platforms.") and m.endswith(".checks")) == [
        "devaudit.platforms.cisco_ios.checks"
    ]
    assert len(modules) <= MODULE_BUDGET[fmt], len(modules)
    # Without the cache (first run) the packs are read: the comparison above shows the verdicts agree.
    assert "pydantic" in first_modules
