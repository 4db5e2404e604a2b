"""Arbitrary bytes and text through ingest, detection, every parser, redaction and the whole audit.

Nothing but the documented InputError may escape, and memory stays proportional to the input.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devaudit.detect import detect_platform
from devaudit.engine.loader import Baseline, load_baseline
from devaudit.errors import InputError
from devaudit.ingest import read_dump, split_lines
from devaudit.models import DeviceStatus
from devaudit.parsers import PARSERS, parse
from devaudit.redact import redact_text
from devaudit.runner import AuditOptions, audit_bytes

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

# Pieces of real syntax, so generated text reaches deep into the parsers: braces, lists, quotes,
# indentation, banners, comments, pager debris, terminal escapes, line endings, long tokens.
FRAGMENTS = [
    "system {", "}", "{", "[", "]", ";", '"', '"a b"', "/*", "*/", "#", "!", "## SECRET-DATA",
    "set ", "delete ", "deactivate ", "inactive: ", "apply-groups G", "groups G ", "interfaces ge-0/0/0 ",
    "configure", "exit", "exit all", "echo \"x\"", "/configure system ", "admin-state enable",
    "interface GigabitEthernet0/1", " ip address 10.0.0.1 255.255.255.0", "line vty 0 4", " transport input ssh",
    "banner motd ^C", "^C", "banner login #", "EOF", "crypto pki certificate chain X", " certificate 01", " quit",
    "snmp-server community public RO", "username admin password 7 0822455D0A16", "enable secret 5 $1$abc$def",
    "tacacs server T", " key 7 045802150C2E", "authentication-key \"$9$abc\"", "local-user a password cipher %^%#x",
    "user-interface vty 0 4", "sysname R", "return", "$", "!<if-intf>", "!</if-intf>", "(...)", "...",
    " --More-- ", "---- More ----", "\x1b[42D", "\x1b[1m", "\b\b", "\r", "\r\n", "\n", "\t", " " * 40,
    "-" * 200, "a" * 300, "1" * 100, "\x00", "\xff", "中文", "\u2028",
]
PLATFORMS = sorted(PARSERS)


def config_text() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=80).map(
        lambda parts: "".join(p if p.endswith("\n") or p in {"\r", "\t"} else p + "\n" for p in parts)
    )


def bounded_peak(fn: Callable[[], Any], size: int) -> Any:
    """Run ``fn`` and fail if it allocated more than a generous multiple of the input at its peak."""
    tracemalloc.start()
    try:
        return fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 400 * size + 4_000_000, f"{peak:,} bytes for {size:,} bytes of input"


def _outcome(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)``, or the InputError it raised (any other exception propagates and fails the test)."""
    try:
        return fn(*args)
    except InputError as exc:
        return exc


@cache
def baseline() -> Baseline:
    return load_baseline(None)


@FUZZ
@given(data=st.binary(max_size=4096) | config_text().map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_ingest_takes_any_bytes(data: bytes) -> None:
    outcome = bounded_peak(lambda: _outcome(read_dump, data, "fuzz"), len(data))
    if isinstance(outcome, InputError):
        assert outcome.source == "fuzz" and outcome.reason
        return
    dump = outcome
    assert all(isinstance(number, int) and "\n" not in line for number, line in dump.lines)
    detection = detect_platform(dump.lines)
    assert detection.platform is None or detection.platform in PARSERS


@FUZZ
@given(text=config_text() | st.text(max_size=2000), platform=st.sampled_from(PLATFORMS))
def test_every_parser_takes_any_text(text: str, platform: str) -> None:
    lines, _ = split_lines(text)
    tree = bounded_peak(lambda: _outcome(parse, lines, platform), len(text))
    if isinstance(tree, InputError):  # a structural limit, at a line of the input
        assert str(tree).startswith("line ") and tree.reason
        return
    for node in tree.walk():
        assert isinstance(node.text, str) and node.line >= 1


@FUZZ
@given(text=config_text() | st.text(max_size=2000), platform=st.sampled_from([None, *PLATFORMS]))
def test_redaction_takes_any_text(text: str, platform: str | None) -> None:
    redacted = bounded_peak(lambda: redact_text(text, platform), len(text))
    assert isinstance(redacted, str)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(data=config_text().map(lambda t: t.encode("utf-8", "surrogatepass")), platform=st.sampled_from(PLATFORMS))
@pytest.mark.parametrize("forced", [False, True])
def test_the_whole_audit_turns_any_input_into_a_result(data: bytes, platform: str, forced: bool) -> None:
    options = AuditOptions(platform=platform if forced else None)
    result = audit_bytes(data, "fuzz.cfg", baseline(), options)
    assert result.source == "fuzz.cfg"
    if result.status is DeviceStatus.ERROR:
        assert result.error and "Traceback" not in result.error
        assert not result.error.startswith("could not parse as") or ": line " in result.error
