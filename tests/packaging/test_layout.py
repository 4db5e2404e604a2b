"""pyproject.toml installs every package on disk, maps baselines/ into devaudit/baselines and nothing else."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _setuptools() -> Any:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _folders(root: Path, prefix: str) -> set[str]:
    """Dotted names of ``root`` and every folder below it that holds files (caches aside)."""
    names = {prefix}
    for folder in root.rglob("*"):
        if folder.is_dir() and folder.name != "__pycache__" and any(p.is_file() for p in folder.iterdir()):
            names.add(".".join((prefix, *folder.relative_to(root).parts)))
    return names


def test_packages_list_every_folder_of_devaudit_and_baselines() -> None:
    """A new sub-package or platform pack folder must be added to [tool.setuptools] packages, or the wheel lacks it."""
    expected = _folders(ROOT / "devaudit", "devaudit") | _folders(ROOT / "baselines", "devaudit.baselines")
    assert sorted(_setuptools()["packages"]) == sorted(expected)


def test_baselines_are_mapped_from_the_top_level_folder() -> None:
    config = _setuptools()
    assert config["package-dir"] == {"devaudit.baselines": "baselines"}
    assert config["package-data"]["devaudit.baselines"] == ["*.yaml", "*/*.yaml"]
    assert not [p for p in config["packages"] if not p.startswith("devaudit")]  # no top-level mocks, tests, bench


def test_licence_is_an_spdx_expression_with_its_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0"
    assert project["license-files"] == ["LICENSE"]
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]  # PEP 639: the expression only
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")
