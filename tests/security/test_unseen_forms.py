"""Secret-bearing statement forms the sentinel suite does not list (unseen_forms.yaml), written from the
vendors' command references, run through the same outputs: reports of every format, fix scripts, console,
logs, ``--share``, ``run`` history, and ``collect`` archives through the simulators. Zero sentinels anywhere.

Also: the same configs saved with CRLF line ends and in Latin-1 or GBK, and values that are common words.
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

from devaudit.platforms import platform_names
from devaudit.redaction import redact_text
from devaudit.redaction.redactor import _TRIGGER
from devaudit.redaction.statement import table_for
from devaudit.redaction.tables import PLATFORM_FORMS
from mocks.fleet import Fleet
from tests.security.sentinels import HERE, SentinelConfig, load, specs
from tests.security.test_sentinels import FORMATS, PASSWORD, _files_text, _invoke, _simulated

CONFIGS = load(HERE / "unseen_forms.yaml", prefix="UNSN")
SENTINEL = re.compile(r"UNSN\d{4}")
PLATFORMS = set(platform_names())  # every registered platform has unseen forms


def _leaks(text: str) -> list[str]:
    return sorted(set(SENTINEL.findall(text)))


def test_the_unseen_forms_are_many_new_and_planted() -> None:
    listed = specs(HERE / "sentinels.yaml")
    unseen = specs(HERE / "unseen_forms.yaml")
    forms = [(name, json.dumps(form)) for name, spec in unseen.items() for form in spec["forms"]]
    assert len(forms) >= 150
    known = {(name, json.dumps(form)) for name, spec in listed.items() for form in spec["forms"]}
    assert [form for form in forms if form in known] == []
    assert {c.platform for c in CONFIGS} == PLATFORMS
    sentinels = [s for c in CONFIGS for s in c.sentinels]
    assert len(sentinels) == len(set(sentinels)) >= len(forms)
    for config in CONFIGS:
        assert all(s in config.text for s in config.sentinels), config.name


@pytest.mark.parametrize("config", CONFIGS, ids=[c.name for c in CONFIGS])
def test_the_redacted_config_keeps_no_sentinel(config: SentinelConfig) -> None:
    assert _leaks(redact_text(config.text, config.platform)) == []


def _write(folder: Path, encoding: str = "utf-8", newline: str = "\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for config in CONFIGS:
        text = config.text.replace("\n", newline)
        if encoding == "gbk":
            text = text.replace("hostname", "! 核心路由器\nhostname", 1)
        elif encoding == "latin-1":
            text = text.replace("hostname", "! Zürich Bahnhofstraße\nhostname", 1)
        (folder / f"{config.name}.cfg").write_bytes(text.encode(encoding))
    return folder


@pytest.fixture(scope="module")
def config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("unseen-configs"))


def test_no_unseen_sentinel_in_any_report_fix_script_console_or_log(
    config_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    out, shared, runs = tmp_path / "reports", tmp_path / "shared", tmp_path / "runs"
    texts = [
        _invoke("audit", str(config_dir), "-o", str(out), *FORMATS),
        _invoke("audit", str(config_dir), "-v"),
        _invoke("audit", str(config_dir), "--share", "-o", str(shared), *FORMATS),
        _invoke("run", str(config_dir), "-o", str(runs), *FORMATS),
        _invoke("run", str(config_dir), "-o", str(runs), *FORMATS),
    ]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    audited = {d["source"].rsplit("/", 1)[-1]: (d["platform"], d["error"]) for d in report["devices"]}
    assert audited == {f"{c.name}.cfg": (c.platform, None) for c in CONFIGS}
    assert {d["status"] for d in report["devices"]} == {"PASS", "FAIL"}
    masked = {
        e["text"] for d in report["devices"] for r in d["results"] for e in r["evidence"] if "<redacted>" in e["text"]
    }
    assert len(masked) >= 50  # statements carrying sentinels reach the reports, masked
    everything = "\n".join(texts) + _files_text(out, shared, runs) + caplog.text
    assert _leaks(everything) == []


@pytest.mark.parametrize(("encoding", "newline"), [("utf-8", "\r\n"), ("latin-1", "\r\n"), ("gbk", "\n")])
def test_no_unseen_sentinel_whatever_the_line_ends_or_encoding(tmp_path: Path, encoding: str, newline: str) -> None:
    folder = _write(tmp_path / "in", encoding, newline)
    out = tmp_path / "reports"
    console = _invoke("audit", str(folder), "-o", str(out), "-f", "json", "-f", "csv", "-v")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [d["error"] for d in report["devices"]] == [None] * len(CONFIGS), console
    assert _leaks(console + _files_text(out)) == []


@pytest.mark.parametrize(
    ("platform", "line", "value"),
    [
        ("cisco_ios", "snmp-server community public RO", "public"),
        ("cisco_ios", "username admin password 0 cisco", "cisco"),
        ("cisco_ios", "enable password admin", "admin"),
        ("arista_eos", "snmp-server community private rw", "private"),
        ("huawei_vrp", "snmp-agent community read public", "public"),
        ("juniper_junos", "set snmp community public authorization read-only", "public"),
        ("nokia_sros", '        community "public" r version v2c', "public"),
    ],
)
def test_a_common_word_as_the_value_is_masked_in_its_statement(platform: str, line: str, value: str) -> None:
    masked = redact_text(line, platform)
    assert value not in masked.split() and f'"{value}"' not in masked
    assert "<redacted>" in masked


@pytest.fixture(scope="module")
def unseen_fleet() -> Iterator[Fleet]:
    specs = [spec for spec in map(_simulated, CONFIGS) if spec is not None and spec.name != "sntl-nokia-sros-flat"]
    with Fleet(specs) as fleet:
        yield fleet


def test_no_unseen_sentinel_in_collect_archives_or_git_history(
    unseen_fleet: Fleet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
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
        for e in unseen_fleet
    }
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(yaml.safe_dump({"hosts": hosts}), encoding="utf-8")
    key = unseen_fleet.host_key
    known = tmp_path / "known_hosts"
    known.write_text("".join(f"[{e.host}]:{e.port} {key.get_name()} {key.get_base64()}\n" for e in unseen_fleet))
    archive = tmp_path / "archive"
    collected = _invoke(
        "collect", "--inventory", str(inventory), "--known-hosts", str(known), "--devaudit-known-hosts",
        str(tmp_path / "own"), "--archive", str(archive), "--git", "--retries", "0",
    )  # fmt: skip
    assert f"collected {len(hosts)}/{len(hosts)}" in collected, collected
    audited = _invoke("audit", str(archive), "-o", str(tmp_path / "offline"), *FORMATS)
    history = subprocess.run(
        ["git", "-C", str(archive), "log", "-p", "--all"], capture_output=True, text=True, check=True
    ).stdout
    assert "sntl-cisco-ios.cfg" in history
    everything = collected + audited + history + _files_text(archive, tmp_path / "offline") + caplog.text
    assert _leaks(everything) == []


@pytest.mark.parametrize("platform", sorted(PLATFORM_FORMS))
def test_every_table_entry_is_reached_by_the_line_search(platform: str) -> None:
    """The redactor looks only at lines the trigger search finds: every entry must contain a word it finds
    (an IPsec ``encryption ... esp`` key or an ASA ``aaa-server ... host A key`` line has no 'key' word)."""
    table = table_for(platform)
    unreached = []
    for entries in table.by_anchor.values():
        for entry in entries:
            words = [e.words for p in (entry.secret, entry.statement) for e in p if e.kind == "word"]
            if not any(all(_TRIGGER.search(w) for w in group) for group in words):
                unreached.append(entry.form.secret)
    assert unreached == []


@pytest.mark.parametrize(
    ("platform", "text", "expected"),
    [
        ("cisco_ios", "username u password 0 12 privilege 15", "username u password 0 <redacted> privilege 15"),
        ("cisco_ios", "enable secret 0 42", "enable secret 0 <redacted>"),
        ("cisco_ios", "tacacs-server key 10.1.1.1", "tacacs-server key <redacted>"),
        (
            "cisco_ios",
            "crypto isakmp key 0 10.9.9.9 address 10.1.1.1",
            "crypto isakmp key 0 <redacted> address 10.1.1.1",
        ),
        (
            "cisco_ios",
            "event manager environment smtp_password Hunter2x",
            "event manager environment smtp_password <redacted>",
        ),
        (
            "cisco_ios",
            "snmp-server community Mixed-Case9 RO\nip access-list standard MIXED-CASE9-ACL",
            "snmp-server community <redacted> RO\nip access-list standard <redacted>-ACL",
        ),
    ],
)
def test_odd_values_are_masked(platform: str, text: str, expected: str) -> None:
    """Values that look like a key number or an address, a variable named for its secret, a secret reused
    in another case."""
    assert redact_text(text, platform) == expected
