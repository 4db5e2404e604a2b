"""The README's rule-language reference lists every operator of the compiler with an example that compiles."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from devaudit.engine.conditions import OPERATORS
from devaudit.engine.loader import load_baseline
from tests.engine.support import compiled

ROOT = Path(__file__).resolve().parents[2]
SITE_VARIABLES = {"mgmt_networks": ["192.0.2.0/24", "2001:db8:100::/48"]}


@cache
def _variables() -> dict[str, Any]:
    return {**load_baseline().variables, **SITE_VARIABLES}


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("### Rule language", 1)[1].split("\n## ", 1)[0]


def _examples() -> list[Any]:
    blocks = re.findall(r"```yaml\n(.*?)```", _section(), re.DOTALL)
    return [yaml.safe_load(re.sub(r"^  ", "", block, flags=re.MULTILINE)) for block in blocks]


def test_every_operator_has_an_example() -> None:
    shown = {key for example in _examples() if isinstance(example, dict) for key in example}
    assert set(OPERATORS) <= shown, sorted(set(OPERATORS) - shown)
    for operator in OPERATORS:
        assert f"`{operator}`" in _section(), operator


@pytest.mark.parametrize("example", _examples(), ids=lambda e: next(iter(e)) if isinstance(e, dict) else "?")
def test_every_example_compiles(example: Any) -> None:
    compiled(yaml.safe_dump(example), _variables())


def test_the_guide_names_every_operator() -> None:
    guide = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    for operator in OPERATORS:
        assert f"`{operator}" in guide, operator
