"""Shared helpers for the command-line tests: the corpus, and running devaudit in-process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from devaudit.cli import main

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


def corpus(name: str) -> Path:
    """A corpus file by its path under ../shared/corpus (the test is skipped when the corpus is absent)."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    path = CORPUS / name
    assert path.is_file(), f"{path} is missing from the corpus"
    return path


def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``devaudit ARGS``; returns the exit code, stdout and stderr."""
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def json_devices(*args: str | Path) -> tuple[int, list[dict[str, Any]]]:
    """Run an audit with ``-f json`` and return the exit code and the report's devices."""
    code, out, err = run("audit", *args, "-f", "json")
    assert out, err
    devices: list[dict[str, Any]] = json.loads(out)["devices"]
    return code, devices


def statuses(device: dict[str, Any]) -> dict[str, str]:
    """Rule ID -> verdict of one device of a JSON report."""
    return {r["rule_id"]: r["status"] for r in device["results"]}


def failed(device: dict[str, Any]) -> set[str]:
    """The rule IDs that FAIL on one device of a JSON report."""
    return {rule_id for rule_id, status in statuses(device).items() if status == "FAIL"}
