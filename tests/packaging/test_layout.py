"""setup.py finds every package of devaudit and every pack folder, pyproject.toml maps baselines/ into
devaudit/baselines, and nothing else.

The wheel carries a package's ``.py`` files and the data files its package-data globs match; any other file
under devaudit/ or baselines/ would be left out of it, so every file on disk must be one or the other.
"""

from __future__ import annotations

import fnmatch
import runpy
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _setuptools() -> Any:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _package_of(relative: Path) -> str:
    """The package a file under devaudit/ or baselines/ installs into (its folder, dotted)."""
    parts = relative.parent.parts
    return ".".join(("devaudit", "baselines", *parts[1:]) if parts[0] == "baselines" else parts)


def _shipped(relative: Path, package_data: dict[str, list[str]]) -> bool:
    """Whether setuptools puts the file into the wheel: a module, or matched by a package-data glob."""
    if relative.suffix == ".py":
        return True
    package = _package_of(relative)
    name = relative.name
    for owner, patterns in package_data.items():
        if owner == "*":
            if any(fnmatch.fnmatch(name, pattern) for pattern in patterns):
                return True
            continue
        if package != owner and not package.startswith(owner + "."):
            continue
        below = ".".join(package.split(".")[len(owner.split(".")) :]).replace(".", "/")
        path = f"{below}/{name}" if below else name
        for pattern in patterns:
            if fnmatch.fnmatch(path, pattern) or (pattern.startswith("**/") and fnmatch.fnmatch(path, pattern[3:])):
                return True
    return False


def _files() -> list[Path]:
    found = []
    for top in ("devaudit", "baselines"):
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                found.append(path.relative_to(ROOT))
    return found


def _packages() -> list[str]:
    return list(runpy.run_path(str(ROOT / "setup.py"), run_name="layout")["packages"]())


def test_packages_are_found_not_listed() -> None:
    """A new platform folder, sub-package or pack folder needs no edit: setup.py finds them all."""
    assert "packages" not in _setuptools()  # no list to keep up to date in pyproject.toml
    found = set(_packages())
    on_disk = {_package_of(p) for p in _files()}
    assert on_disk <= found, sorted(on_disk - found)
    assert {"devaudit", "devaudit.platforms.nokia_srl", "devaudit.baselines", "devaudit.baselines.nokia_srl"} <= found
    assert not [p for p in found if "__pycache__" in p or not p.startswith("devaudit")]


def test_every_file_of_devaudit_and_baselines_is_in_the_wheel() -> None:
    """A data file no package-data glob matches would be missing from the installed package."""
    package_data = _setuptools()["package-data"]
    left_out = [str(p) for p in _files() if not _shipped(p, package_data)]
    assert left_out == []


def test_the_layout_check_catches_a_file_left_out() -> None:
    package_data = _setuptools()["package-data"]
    assert _shipped(Path("devaudit/platforms/acme_os/templates/acme_show_version.textfsm"), package_data)
    assert _shipped(Path("baselines/acme_os/deep/core.yaml"), package_data)
    assert _shipped(Path("devaudit/platforms/acme_os/__init__.py"), package_data)
    assert not _shipped(Path("devaudit/platforms/acme_os/notes.txt"), package_data)
    assert not _shipped(Path("baselines/acme_os/core.yml"), package_data)


def test_baselines_are_mapped_from_the_top_level_folder() -> None:
    config = _setuptools()
    assert config["package-dir"] == {"devaudit.baselines": "baselines"}
    assert config["package-data"]["devaudit.baselines"] == ["**/*.yaml"]
    assert not (ROOT / "devaudit" / "baselines").exists()  # one copy of the packs, at the top level


def test_licence_is_an_spdx_expression_with_its_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0"
    assert project["license-files"] == ["LICENSE"]
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]  # PEP 639: the expression only
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")
