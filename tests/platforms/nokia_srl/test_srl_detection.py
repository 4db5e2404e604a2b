"""SR Linux is told apart from SR OS MD-CLI and Junos by what only SR Linux writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from devaudit.detect import detect_platform
from devaudit.ingest import split_lines

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


def detect(text: str) -> tuple[str | None, str]:
    lines, _ = split_lines(text)
    found = detect_platform(lines)
    return found.platform, found.reason


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("configs/containerlab-defaults.cfg", "nokia_srl scored 22, next nokia_sros 6"),
        ("configs/radius-lab-session.txt", "nokia_srl scored 26, next nokia_sros 8"),
        ("configs/telemetry-lab-leaf1.cfg", "nokia_srl scored 31, next nokia_sros 6"),
        ("configs/telemetry-lab-leaf1.json", "nokia_srl scored 16, next cisco_nxos 5"),
    ],
)
def test_real_sr_linux_files_are_detected_with_their_margin(name: str, reason: str) -> None:
    assert detect((HERE / name).read_text()) == ("nokia_srl", reason)


@pytest.mark.parametrize("variant", ["hardened", "insecure"])
def test_the_simulator_configs_are_sr_linux(variant: str) -> None:
    platform, _ = detect((ROOT / "mocks" / "configs" / "nokia_srl" / f"{variant}.cfg").read_text())
    assert platform == "nokia_srl"


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        # SR OS MD-CLI: the same 'admin-state enable' and 'A:host#' prompt, but '/configure' paths.
        ("/configure system security ssh preserve-key true\n/configure system grpc admin-state enable\n", "nokia_sros"),
        (
            '[gl:/configure system]\nA:admin@pe1# info\n    name "pe1"\n    grpc {\n        admin-state enable\n'
            "    }\n",
            "nokia_sros",
        ),
        # Junos braces end statements with ';' and 'set' paths have no '/'.
        ("system {\n    host-name r1;\n    services {\n        ssh;\n    }\n}\n", "juniper_junos"),
        ("set system host-name r1\nset system services ssh\nset interfaces ge-0/0/0 unit 0\n", "juniper_junos"),
        # SR Linux: the two-line prompt and a bare 'info' capture.
        (
            "--{ running }--[  ]--\nA:leaf1# info system name\n    system {\n        name {\n"
            "            host-name leaf1\n        }\n    }\n",
            "nokia_srl",
        ),
    ],
)
def test_look_alikes_keep_their_own_platform(text: str, platform: str) -> None:
    assert detect(text)[0] == platform
