"""The wheel's package list, computed so that a new platform or rule-pack folder needs no edit.

Every ``devaudit`` package is found as usual; each folder of the rule packs in ``baselines/`` is a package
of its own under ``devaudit.baselines`` (``pyproject.toml`` maps that name to the top-level folder), so the
packs' YAML files install as package data without setuptools treating their folders as stray namespaces.
Everything else about the build is in ``pyproject.toml``.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import find_namespace_packages, setup

ROOT = Path(__file__).resolve().parent


def packages() -> list[str]:
    """The code packages, then ``devaudit.baselines`` and one package per folder below it."""
    code = find_namespace_packages(
        where=str(ROOT), include=["devaudit*"], exclude=["*.__pycache__", "devaudit.baselines*"]
    )
    packs = ROOT / "baselines"
    folders = [packs, *sorted(p for p in packs.rglob("*") if p.is_dir() and p.name != "__pycache__")]
    return [*code, *(".".join(("devaudit", "baselines", *f.relative_to(packs).parts)) for f in folders)]


if __name__ == "__main__":
    setup(packages=packages())
