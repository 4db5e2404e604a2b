"""Compile a condition from its YAML text and evaluate it on a configuration, as a rule would."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from devaudit.engine.conditions import Condition, ConditionError, Scope, compile_condition
from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.ingest import split_lines
from devaudit.models import DeviceFacts
from devaudit.parsers import parse
from devaudit.tree import ConfigTree

__all__ = ["compiled", "evaluate", "lines", "tree"]


def _resolver(name: str, loc: tuple[str | int, ...]) -> PythonCheck:
    from devaudit.checks import resolve_check

    try:
        return resolve_check(name)
    except LookupError as exc:
        raise ConditionError(loc, str(exc)) from None


def tree(platform: str, text: str) -> ConfigTree:
    """``text`` parsed as ``platform``."""
    return parse(split_lines(text)[0], platform)


def compiled(check: str, variables: Mapping[str, Any] | None = None) -> Condition:
    """A condition written in YAML, compiled with ``variables``."""
    return compile_condition(yaml.safe_load(check), ("check",), variables or {}, _resolver)


def evaluate(
    platform: str, text: str, check: str, variables: Mapping[str, Any] | None = None, *, elided: bool = False
) -> Outcome:
    """Evaluate the YAML condition ``check`` on ``text`` at the top level."""
    parsed = tree(platform, text)
    parsed.elided = elided
    ctx = CheckContext(parsed, DeviceFacts())
    return compiled(check, variables).evaluate(ctx, Scope(ctx, None))


def lines(nodes: tuple[Any, ...]) -> list[int]:
    """The line numbers of ``nodes``, sorted."""
    return sorted({n.line for n in nodes})
