"""Parsers on hostile structure: a nesting limit, and memory that grows with the file, not its square."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from devaudit.cli import main
from devaudit.errors import InputError, ParseError
from devaudit.ingest import read_dump
from devaudit.parsers import parse
from devaudit.parsers.flat import MAX_DEPTH
from devaudit.tree import ConfigTree

DEPTH_ERROR = f"blocks are nested deeper than {MAX_DEPTH} levels"
EXPANSION_ERROR = (
    "its statements expand to more than 16 times the file's size (nested block paths, lists or groups): "
    "not a device configuration"
)


def parse_measured(data: bytes, platform: str) -> tuple[ConfigTree | InputError, int]:
    """Parse ``data``; return the tree (or the error) and the peak memory the parse itself took."""
    dump = read_dump(data, "test")
    tracemalloc.start()
    try:
        outcome: ConfigTree | InputError = parse(dump.lines, platform)
    except InputError as exc:
        outcome = exc
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, peak


def nested_braces(depth: int, head: bytes = b"system {\n") -> bytes:
    return head + b"a {\n" * depth + b"leaf;\n" + b"}\n" * (depth + 1)


def indented(depth: int) -> bytes:
    return b"".join(b" " * level + b"node\n" for level in range(depth))


HOSTILE: dict[str, tuple[str, bytes, int, str]] = {
    # name: (platform, 600 KB of input, line of the error, error)
    "junos deep braces": ("juniper_junos", b"system {\n" + b"a {\n" * 150_000, MAX_DEPTH + 1, DEPTH_ERROR),
    "junos long block names": (
        "juniper_junos",
        b"x" * 300_000 + b" {\n" + b"a;\n" * 150_000 + b"}\n",
        36,  # each leaf repeats the 300,000-character block name: the 35th passes the cap
        EXPANSION_ERROR,
    ),
    "junos set list": (
        "juniper_junos",
        b"set " + b"y" * 300_000 + b" [ " + b"a " * 150_000 + b"]\n",
        1,
        EXPANSION_ERROR,
    ),
    "junos brace list": (
        "juniper_junos",
        b"x" * 300_000 + b" {\n b [ " + b"a " * 150_000 + b"];\n}\n",
        2,
        EXPANSION_ERROR,
    ),
    "sros deep braces": ("nokia_sros", b"configure {\n" + b"a {\n" * 150_000, MAX_DEPTH + 1, DEPTH_ERROR),
    "sros long block names": (
        "nokia_sros",
        b"configure {\n" + b"x" * 300_000 + b" {\n" + b"a b\n" * 75_000 + b"}\n",
        33,
        EXPANSION_ERROR,
    ),
    "sros classic indentation": ("nokia_sros", indented(1_000), MAX_DEPTH + 1, DEPTH_ERROR),
    "ios indentation": ("cisco_ios", indented(1_000), MAX_DEPTH + 1, DEPTH_ERROR),
    "vrp indentation": ("huawei_vrp", indented(1_000), MAX_DEPTH + 1, DEPTH_ERROR),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_structure_is_an_error_at_its_line_in_bounded_memory(case: str) -> None:
    platform, data, line, reason = HOSTILE[case]
    outcome, peak = parse_measured(data, platform)
    assert isinstance(outcome, ParseError)
    assert (outcome.line, outcome.reason) == (line, reason)
    assert str(outcome) == f"line {line}: {reason}"
    # Before the limits the first case took 9.9 GB; the file itself is 0.6 MB.
    assert peak < 48 * len(data), f"{case}: {peak:,} bytes for {len(data):,} bytes of input"


@pytest.mark.parametrize(
    ("platform", "make"),
    [
        ("juniper_junos", nested_braces),
        ("nokia_sros", lambda depth: nested_braces(depth, b"configure {\n")),
        ("cisco_ios", indented),
    ],
)
def test_nesting_up_to_the_limit_parses(platform: str, make: Callable[[int], bytes]) -> None:
    deepest = make(MAX_DEPTH if platform == "cisco_ios" else MAX_DEPTH - 1)
    tree, _ = parse_measured(deepest, platform)
    assert isinstance(tree, ConfigTree) and len(tree) >= 1
    too_deep, _ = parse_measured(make(MAX_DEPTH + 1), platform)
    assert isinstance(too_deep, ParseError) and too_deep.reason == DEPTH_ERROR


def test_flat_leaf_paths_of_a_deep_but_legal_junos_config_stay_proportionate() -> None:
    tree, _ = parse_measured(nested_braces(MAX_DEPTH - 1), "juniper_junos")
    assert isinstance(tree, ConfigTree)
    assert [node.text for node in tree.roots] == ["system " + "a " * (MAX_DEPTH - 1) + "leaf"]


def test_many_interfaces_applying_one_large_group_expand_in_linear_work() -> None:
    members = b"".join(b"set groups G interfaces <*> unit %d description x\n" % i for i in range(5_000))
    plain = b"".join(b"set groups H interfaces ge-0/0/%d mtu 9000\n" % i for i in range(5_000))
    applies = b"".join(
        b"set interfaces ge-0/0/%d apply-groups G\nset interfaces ge-0/0/%d apply-groups H\n" % (i, i)
        for i in range(5_000)
    )
    tree, _ = parse_measured(members + plain + applies, "juniper_junos")
    assert isinstance(tree, ConfigTree)
    inherited = [node.text for node in tree.roots if node.inherited]
    # Wildcard members are not expanded; each plain member is inherited once, by its own interface.
    assert inherited == [f"interfaces ge-0/0/{i} mtu 9000" for i in range(5_000)]


def test_a_long_wrapped_zxros_statement_is_joined_once() -> None:
    data = b"snmp-server " + b"a" * 68 + b"\n" + (b"b" * 80 + b"\n") * 4_999 + b"b" * 40 + b"\nhostname z\n"
    tree, _ = parse_measured(data, "zte_zxros")
    assert isinstance(tree, ConfigTree)
    assert [node.text for node in tree.roots] == ["snmp-server " + "a" * 68 + "b" * 399_960, "hostname z"]


def test_the_audit_names_the_file_and_line_and_audits_the_others(tmp_path: Path) -> None:
    deep = tmp_path / "deep.conf"
    deep.write_bytes(b"## Last commit: 2026-01-01\nversion 20.4R3;\n" + nested_braces(200))
    good = tmp_path / "good.conf"
    good.write_text("## Last commit: 2026-01-01\nversion 20.4R3;\nsystem {\n    host-name r1;\n}\n")
    result = CliRunner().invoke(main, ["audit", str(deep), str(good), "--format", "json"])
    assert result.exit_code == 3
    devices = {d["source"]: d for d in json.loads(result.stdout)["devices"]}
    assert devices[str(deep)]["status"] == "ERROR"
    assert devices[str(deep)]["error"] == f"could not parse as juniper_junos: line {MAX_DEPTH + 3}: {DEPTH_ERROR}"
    assert devices[str(good)]["status"] in ("PASS", "FAIL")
