"""Directory walks on hostile trees: link loops, pipes, devices, dangling links and non-configuration files."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from devaudit.cli import main
from devaudit.walk import expand_inputs

IOS = """\
version 15.2
hostname EDGE1
service timestamps log datetime
ip http server
line con 0
 exec-timeout 0 0
line vty 0 4
 transport input telnet ssh
end
"""


def audit(*args: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(main, ["audit", *args, "--format", "json", "--rule", "IOS-MGMT-005"])
    return result.exit_code, json.loads(result.stdout), result.stderr


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "configs"
    root.mkdir()
    (root / "edge1").write_text(IOS, encoding="utf-8")
    return root


def test_two_links_to_the_walked_directory_are_each_reported_once(tree: Path) -> None:
    (tree / "x").symlink_to(".")
    (tree / "y").symlink_to(".")
    (tree / "sub").mkdir()
    (tree / "sub" / "up").symlink_to("..")
    inputs, problems, skipped = expand_inputs([str(tree)])
    assert [ref.path for ref in inputs] == [tree / "edge1"]
    assert problems == []
    real = os.path.realpath(tree)
    assert skipped == [
        f"{tree / 'sub' / 'up'}: skipped, a link back to {real}, already walked (a symbolic-link loop)",
        f"{tree / 'x'}: skipped, a link back to {real}, already walked (a symbolic-link loop)",
        f"{tree / 'y'}: skipped, a link back to {real}, already walked (a symbolic-link loop)",
    ]


def test_pipes_sockets_devices_and_dangling_links_are_named(tree: Path) -> None:
    os.mkfifo(tree / "fifo")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tree / "sock"))
    (tree / "null").symlink_to("/dev/null")
    (tree / "gone").symlink_to(tree / "nowhere.cfg")
    (tree / "self").symlink_to(tree / "self")
    try:
        inputs, problems, skipped = expand_inputs([str(tree)])
    finally:
        server.close()
    assert [ref.path for ref in inputs] == [tree / "edge1"]
    assert problems == []
    assert skipped == [
        f"{tree / 'fifo'}: skipped, a named pipe, not a configuration file",
        f"{tree / 'gone'}: skipped, a link to {tree / 'nowhere.cfg'}, which does not exist",
        f"{tree / 'null'}: skipped, a device, not a configuration file",
        f"{tree / 'self'}: skipped, a symbolic-link loop",
        f"{tree / 'sock'}: skipped, a socket, not a configuration file",
    ]


def test_a_deep_directory_tree_is_walked_without_recursion(tree: Path) -> None:
    levels = [tree]
    for _ in range(1100):  # deeper than the interpreter's recursion limit
        levels.append(levels[-1] / "d")
        levels[-1].mkdir()
    deep = levels[-1]
    (deep / "r2").write_text(IOS, encoding="utf-8")
    try:
        inputs, _, skipped = expand_inputs([str(tree)])
        assert [ref.path for ref in inputs] == [deep / "r2", tree / "edge1"]
        assert skipped == []
    finally:  # the test framework's own clean-up recurses: empty the tree from the bottom
        (deep / "r2").unlink()
        for level in reversed(levels[1:]):
            level.rmdir()


def test_non_configuration_files_in_a_directory_are_skipped_with_a_reason(tree: Path) -> None:
    (tree / "README").write_text("These are the lab routers.\nAsk the NOC before changing them.\n")
    (tree / "manual").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (tree / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (tree / "old.tar.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 64)
    (tree / "notes.md").write_text("# notes\n")
    (tree / "photo").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    (tree / "version.txt").write_text("Cisco IOS Software, Version 15.2(4)M\nR1 uptime is 3 weeks\n")
    (tree / "edge1.cfg.meta.json").write_text('{"host": "edge1"}')  # devaudit's own archive metadata
    inputs, problems, skipped = expand_inputs([str(tree)])
    assert [ref.path for ref in inputs] == [tree / "edge1"]
    assert problems == []
    assert skipped == [
        f"{tree / 'README'}: skipped, not a configuration: text in which no device configuration statement "
        "was recognised",
        f"{tree / 'diagram.png'}: skipped, not a configuration (an image, by its name)",
        f"{tree / 'manual'}: skipped, not a configuration (a PDF document)",
        f"{tree / 'notes.md'}: skipped, not a configuration (documentation, by its name)",
        f"{tree / 'old.tar.gz'}: skipped, not a configuration (an archive or compressed file, by its name)",
        f"{tree / 'photo'}: skipped, not a configuration (a JPEG image)",
        f"{tree / 'version.txt'}: skipped, not a configuration: looks like show version output",
    ]


def test_skipped_files_reach_the_report_without_turning_the_exit_code_to_3(tree: Path) -> None:
    alone, report_alone, _ = audit(str(tree / "edge1"))
    (tree / "README").write_text("These are the lab routers.\n")
    (tree / "manual.pdf").write_bytes(b"%PDF-1.7\n")
    (tree / "loop").symlink_to(".")
    code, report, stderr = audit(str(tree))
    assert alone == code == 1
    assert [d["name"] for d in report["devices"]] == ["EDGE1"]
    warnings = report["warnings"]
    assert f"{tree / 'manual.pdf'}: skipped, not a configuration (a document, by its name)" in warnings
    assert any(str(tree / "README") in w and "skipped" in w for w in warnings)
    assert f"devaudit: {tree / 'manual.pdf'}: skipped, not a configuration (a document, by its name)" in stderr
    assert report_alone["warnings"] == []


def test_files_named_explicitly_stay_errors(tree: Path) -> None:
    (tree / "README").write_text("These are the lab routers.\n")
    code, report, _ = audit(str(tree / "README"))
    assert code == 3
    device = report["devices"][0]
    assert device["status"] == "ERROR" and "platform cannot be told" in device["error"]


def test_a_configuration_named_as_one_is_audited_even_if_it_does_not_look_like_one(tree: Path) -> None:
    (tree / "r9.cfg").write_text("shopping list\nmilk\n")
    code, report, _ = audit(str(tree))
    assert code == 3
    assert {d["source"]: d["status"] for d in report["devices"]} == {
        str(tree / "edge1"): "FAIL",
        str(tree / "r9.cfg"): "ERROR",
    }


def test_a_forced_platform_audits_text_the_content_would_not_tell(tree: Path) -> None:
    (tree / "fragment").write_text("ip http server\n")
    _, _, skipped = expand_inputs([str(tree)])
    assert [s.split(":")[0] for s in skipped] == [str(tree / "fragment")]
    inputs, _, skipped = expand_inputs([str(tree)], platform="cisco_ios")
    assert [ref.path for ref in inputs] == [tree / "edge1", tree / "fragment"] and skipped == []


@pytest.mark.parametrize("kind", ["fifo", "dangling", "device"])
def test_odd_files_named_explicitly_are_problems_with_a_reason(tmp_path: Path, kind: str) -> None:
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
        expected = f"{path}: a named pipe, not a configuration file"
    elif kind == "dangling":
        path.symlink_to(tmp_path / "gone")
        expected = f"{path}: a link to {tmp_path / 'gone'}, which does not exist"
    else:
        path.symlink_to("/dev/null")
        expected = f"{path}: a device, not a configuration file"
    assert expand_inputs([str(path)]) == ([], [expected], [])


def test_a_recursive_glob_ends_on_link_loops_and_matches_like_glob(tree: Path) -> None:
    (tree / "x").symlink_to(".")
    (tree / "y").symlink_to(".")
    (tree / "site" / "pe").mkdir(parents=True)
    (tree / "site" / "pe" / "pe1.cfg").write_text(IOS, encoding="utf-8")
    (tree / "site" / "pe" / "notes.txt").write_text("not a config\n", encoding="utf-8")
    (tree / "site" / "ce1.cfg").write_text(IOS, encoding="utf-8")
    inputs, problems, skipped = expand_inputs([f"{tree}/**/*.cfg"])
    assert [ref.path for ref in inputs] == [tree / "site" / "ce1.cfg", tree / "site" / "pe" / "pe1.cfg"]
    assert problems == []
    assert [s.split(":")[0] for s in skipped] == [str(tree / "x"), str(tree / "y")]
    inputs, _, _ = expand_inputs([f"{tree}/site/**"])
    assert [ref.path for ref in inputs] == [tree / "site" / "ce1.cfg", tree / "site" / "pe" / "pe1.cfg"]
    inputs, _, skipped = expand_inputs([f"{tree}/**/pe"])
    assert [ref.path for ref in inputs] == [tree / "site" / "pe" / "pe1.cfg"]
    # The loops are met on the way (and said so); the text file under the matched directory is not a config.
    assert [s.split(":")[0] for s in skipped] == [str(tree / p) for p in ("site/pe/notes.txt", "x", "y")]
    assert expand_inputs([f"{tree}/**/*.conf"]).problems == [f"{tree}/**/*.conf: no file matches this pattern"]


def test_two_links_to_one_directory_audit_it_once(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "r1").write_text(IOS, encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    (root / "a").symlink_to(shared)
    (root / "b").symlink_to(shared)
    inputs, _, skipped = expand_inputs([str(root)])
    assert [ref.path for ref in inputs] == [root / "a" / "r1"]
    assert skipped == [f"{root / 'b'}: skipped, a link to {shared.resolve()}, a directory already walked"]
