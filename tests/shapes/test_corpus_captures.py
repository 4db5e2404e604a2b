"""Every corpus config, captured from a terminal with its platform's prompt around it, gets the same verdicts."""

from __future__ import annotations

import csv

import pytest

from devaudit.models import Status
from tests.conftest import CORPUS
from tests.shapes.support import audit

# The command each platform's operators type to print the configuration, after the device's prompt.
PROMPTS = {
    "cisco_ios": ("r1#", "show running-config"),
    "cisco_nxos": ("n9k-leaf1# ", "show running-config"),
    "cisco_xr": ("RP/0/RSP0/CPU0:pe1#", "show running-config"),
    "cisco_asa": ("fw1# ", "show running-config"),
    "arista_eos": ("leaf1#", "show running-config"),
    "juniper_junos": ("admin@r1> ", "show configuration | no-more"),
    "huawei_vrp": ("<PE1>", "display current-configuration"),
    "hp_comware": ("<H3C>", "display current-configuration"),
    "zte_zxros": ("ZXR10#", "show running-config"),
    "nokia_sros": ("A:admin@pe1# ", "admin show configuration"),
}


def _configs() -> list[tuple[str, str]]:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        return []
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(row["file"], row["platform"]) for row in rows if row["kind"] in {"config", "synthetic-config"}]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "platform"), _configs())
def test_capture_with_prompts_is_audited_like_the_saved_file(name: str, platform: str) -> None:
    data = (CORPUS / name).read_bytes()
    prompt, command = PROMPTS[platform]
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    trailer = b"" if data.endswith(b"\n") else newline
    capture = (prompt + command).encode() + newline + data + trailer + prompt.rstrip().encode() + newline
    saved, captured = audit(data), audit(capture)
    assert (captured.platform, captured.error) == (saved.platform, saved.error) == (platform, "")
    assert captured.coverage is not None and saved.coverage is not None
    assert dict(captured.coverage.skipped_reasons)["terminal prompt or command"] == 2
    assert captured.coverage.config_lines == saved.coverage.config_lines
    # The capture has one line more at the top: every piece of evidence sits one line further down.
    assert [
        (f.rule_id, f.status, tuple(e.line - 1 for e in f.evidence)) for f in captured.findings
    ] == [(f.rule_id, f.status, tuple(e.line for e in f.evidence)) for f in saved.findings]
    assert any(f.status == Status.FAIL for f in saved.findings)
