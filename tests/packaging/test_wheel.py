"""The sdist and wheel work alone: built with ``python -m build``, installed into a clean venv from the runtime
lock, run from an empty directory with no source tree on the path (the same steps as the Containerfile).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import corpus_file

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
# Not source: the venv, build output, caches and local run output (top level), byte code anywhere.
_TOP_NOT_SOURCE = {".git", ".venv", "build", "dist", "demo-output", "reports", "test-artifacts"}
# The bf-example IOS router of the corpus: core controls it fails (tests/rules/test_cisco_ios.py CORE_FAILS).
CORPUS_FILE = "cisco_ios/bf-example-as2dept1.cfg"
CORE_FAILS = {
    "IOS-MGMT-001", "IOS-MGMT-002", "IOS-MGMT-003", "IOS-MGMT-006", "IOS-ACC-001", "IOS-LOG-002",
    "IOS-NTP-001", "IOS-AAA-002",
}  # fmt: skip

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def _not_source(folder: str, names: list[str]) -> set[str]:
    top = _TOP_NOT_SOURCE if Path(folder) == ROOT else set()
    return {n for n in names if n in top or n == "__pycache__" or n.endswith((".egg-info", "_cache"))}


def _build(tmp_path: Path) -> tuple[Path, Path, str]:
    """sdist and wheel of a clean copy of the source tree; returns them and the build log."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=_not_source, symlinks=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # no byte-compiling notices
    # --no-isolation: the pinned setuptools of requirements/build.txt builds it, as in the Containerfile.
    done = _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path / "dist"), "."], source, env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,) = (tmp_path / "dist").glob("*.tar.gz")
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    return sdist, wheel, done.stdout + done.stderr


def _install(tmp_path: Path, wheel: Path) -> Path:
    """A fresh venv with the runtime lock (hashes required) and the wheel without dependencies."""
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    python = str(venv / "bin" / "python")
    for step in (
        ["install", "--quiet", "--require-hashes", "-r", str(ROOT / "requirements" / "runtime.txt")],
        ["install", "--quiet", "--no-deps", str(wheel)],
    ):
        done = _run([python, "-m", "pip", *step], tmp_path)
        assert done.returncode == 0, done.stderr[-3000:]
    return venv


def _clean_env(venv: Path, home: Path) -> dict[str, str]:
    keep = ("LANG", "LC_ALL", "TMPDIR", "PIP_CONFIG_FILE")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(PATH=f"{venv / 'bin'}:/usr/bin:/bin", HOME=str(home))
    return env


def test_wheel_builds_installs_and_audits_without_the_source_tree(tmp_path: Path) -> None:
    sdist, wheel, log = _build(tmp_path)
    assert f"Successfully built devaudit-{VERSION}.tar.gz and devaudit-{VERSION}-py3-none-any.whl" in log
    assert [line for line in log.splitlines() if re.search(r"warning|deprecat", line, re.IGNORECASE)] == []
    assert (sdist.name, wheel.name) == (f"devaudit-{VERSION}.tar.gz", f"devaudit-{VERSION}-py3-none-any.whl")

    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(f"devaudit-{VERSION}.dist-info/METADATA").decode("utf-8")
    assert {name.split("/")[0] for name in names} == {"devaudit", f"devaudit-{VERSION}.dist-info"}
    packs = sorted(p.relative_to(ROOT / "baselines").as_posix() for p in (ROOT / "baselines").rglob("*.yaml"))
    assert sorted(n.removeprefix("devaudit/baselines/") for n in names if n.startswith("devaudit/baselines/")) == packs
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
    assert "License-File: LICENSE" in metadata.splitlines()
    requires = [line.removeprefix("Requires-Dist: ") for line in metadata.splitlines() if "Requires-Dist" in line]
    assert 'keyring<26,>=24; extra == "keyring"' in requires  # optional: not every operator uses a keyring
    assert [r for r in requires if "extra ==" not in r and r.startswith(("keyring", "ciscoconfparse2"))] == []

    venv = _install(tmp_path, wheel)
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    env = _clean_env(venv, home)

    def devaudit(*args: str) -> subprocess.CompletedProcess[str]:
        return _run(["devaudit", *args], work, env)

    assert devaudit("--version").stdout == f"devaudit, version {VERSION}\n"
    where = _run(["python", "-c", "import devaudit; print(devaudit.__file__)"], work, env).stdout.strip()
    assert where == str(venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
                        / "devaudit" / "__init__.py")  # fmt: skip
    assert "No module named 'mocks'" in _run(["python", "-c", "import mocks"], work, env).stderr

    # The rule packs inside the wheel are the ones in baselines/: same listing, same content hash.
    listed = devaudit("baseline", "list")
    source_listing = _run([sys.executable, "-m", "devaudit", "baseline", "list"], ROOT)
    assert (listed.returncode, listed.stdout) == (0, source_listing.stdout)
    about = devaudit("about")
    assert about.returncode == 0, about.stderr
    source_about = _run([sys.executable, "-m", "devaudit", "about"], ROOT).stdout
    digest = re.compile(r"^  all packs +sha256 [0-9a-f]{64}$", re.MULTILINE)
    assert digest.findall(about.stdout) == digest.findall(source_about) != []
    assert f"rule packs: {venv}/lib/" in about.stdout

    (work / "inventory.yaml").write_text("hosts: {}\n", encoding="utf-8")
    serve = devaudit("mock", "serve", "--inventory", "inventory.yaml")
    assert serve.returncode == 2
    assert "the device simulators are not part of the installed package" in serve.stderr

    keyring = _run(
        ["python", "-c", "from devaudit.credentials import resolve_secret\nresolve_secret('keyring:net/sw1')"],
        work,
        env,
    )
    assert "CredentialError: keyring:net/sw1: the keyring package is not installed; " in keyring.stderr
    assert "pip install 'devaudit[keyring]'" in keyring.stderr

    # An audit of a real config with the shipped packs, and again with a site baseline that extends them.
    shutil.copy(corpus_file(CORPUS_FILE), work / "r1.cfg")
    audit = devaudit("audit", "r1.cfg", "-f", "json", "-o", "out")
    assert audit.returncode == 1, audit.stderr
    source_out = tmp_path / "source-out"
    source_audit = _run([sys.executable, "-m", "devaudit", "audit", str(work / "r1.cfg"), "-f", "json", "-o",
                         str(source_out)], ROOT)  # fmt: skip
    assert source_audit.returncode == 1, source_audit.stderr
    (device,) = json.loads((work / "out" / "report.json").read_text(encoding="utf-8"))["devices"]
    (source_device,) = json.loads((source_out / "report.json").read_text(encoding="utf-8"))["devices"]
    failed = {r["rule_id"] for r in device["results"] if r["status"] == "FAIL"}
    assert device["platform"] == "cisco_ios"
    assert failed >= CORE_FAILS
    assert failed == {r["rule_id"] for r in source_device["results"] if r["status"] == "FAIL"}

    (work / "site.yaml").write_text("extends: [builtin]\ndisable: [IOS-MGMT-001]\n", encoding="utf-8")
    site = devaudit("audit", "r1.cfg", "-b", "site.yaml", "-f", "json", "-o", "site-out")
    assert site.returncode == 1, site.stderr
    (device,) = json.loads((work / "site-out" / "report.json").read_text(encoding="utf-8"))["devices"]
    assert {r["rule_id"] for r in device["results"] if r["status"] == "FAIL"} == failed - {"IOS-MGMT-001"}
