"""``devaudit about``: version, each rule pack's rule count and content hash, the key libraries' versions."""

from __future__ import annotations

import hashlib
import re
from importlib import metadata
from pathlib import Path

from click.testing import CliRunner

from devaudit.about import pack_digest
from devaudit.cli import main
from devaudit.engine.loader import builtin_baselines_dir


def _about() -> str:
    result = CliRunner().invoke(main, ["about"])
    assert result.exit_code == 0, result.output
    return result.output


def test_about_names_version_packs_and_libraries() -> None:
    text = _about()
    assert text.splitlines()[0].startswith(f"devaudit {metadata.version('devaudit')} (Python 3.")
    listed = CliRunner().invoke(main, ["baseline", "list"]).output
    rules_per_platform = {line.split()[0]: int(line.split()[1]) for line in listed.splitlines()}
    packs = re.findall(r"^  (\w+) +(\d+) rules +(\d+) files +sha256 ([0-9a-f]{16})$", text, re.MULTILINE)
    assert {name: int(rules) for name, rules, _, _ in packs} == rules_per_platform
    root = builtin_baselines_dir()
    for name, _, files, digest in packs:
        pack_files = [p for p in (root / name).rglob("*.yaml") if p.is_file()]
        assert int(files) == len(pack_files)
        assert pack_digest(pack_files, root).startswith(digest)
    for library in ("netmiko", "paramiko", "pydantic", "PyYAML", "textfsm", "ntc-templates"):
        assert re.search(rf"^  {re.escape(library)} +{re.escape(metadata.version(library))}$", text, re.MULTILINE)


def test_pack_digest_covers_names_and_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"rules: []\n")
    (tmp_path / "b.yaml").write_bytes(b"rules: []\n")
    files = [tmp_path / "b.yaml", tmp_path / "a.yaml"]
    expected = hashlib.sha256(b"a.yaml\0rules: []\n\0b.yaml\0rules: []\n\0").hexdigest()
    assert pack_digest(files, tmp_path) == expected
    (tmp_path / "b.yaml").write_bytes(b"rules: []\r\n")  # one changed byte changes the digest
    assert pack_digest(files, tmp_path) != expected
