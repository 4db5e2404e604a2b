"""The README stays true to the code: its controls table matches the packs, its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from devaudit.cli import README_END, README_START, main
from devaudit.engine.authoring import controls_table
from devaudit.engine.loader import load_baseline

README = Path(__file__).resolve().parents[1] / "README.md"


def test_controls_table_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    shown = text.split(README_START, 1)[1].split(README_END, 1)[0].strip()
    assert shown == controls_table(load_baseline()).strip(), "run: devaudit baseline table --update README.md"


def test_every_devaudit_command_in_the_readme_exists() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```(?:sh|cron|ini)\n(.*?)```", text, re.DOTALL))
    commands = set(re.findall(r"(?:^|/)devaudit ([a-z]+(?: [a-z]+)?)", blocks, re.MULTILINE))
    commands = {c if c.split()[0] in ("baseline", "mock") else c.split()[0] for c in commands}
    assert commands >= {"audit", "collect", "run"}
    for command in sorted(commands):
        words = command.split()
        result = CliRunner().invoke(main, [*words[:1], "--help"] if words[0] != "baseline" else [*words, "--help"])
        assert result.exit_code == 0, command
    for option in (
        "--trust-on-first-use",
        "--known-hosts",
        "--allow-plaintext-credentials",
        "--keep-secrets",
        "--waivers",
        "--no-waivers",
        "--share",
        "--profile",
        "--role",
        "--fail-on",
        "--platform",
    ):
        assert option in text
        assert option in CliRunner().invoke(main, ["audit", "--help"]).stdout
