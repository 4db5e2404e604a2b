"""Load baselines: YAML packs composed with ``extends``, overrides, disabled rules and variables.

Errors name the file and line (exit code 4 at the CLI). The result is a ``Baseline`` of compiled rules.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from devaudit.engine.conditions import Condition, ConditionError, compile_condition
from devaudit.engine.messages import Messages, compile_messages
from devaudit.engine.outcome import PythonCheck
from devaudit.engine.remediate import fill_site_values
from devaudit.engine.rules import DefaultEntry, PackFile, Rule
from devaudit.errors import BaselineError
from devaudit.versions import compare_versions
from devaudit.yamlfile import YamlDocument, load_yaml

__all__ = ["Baseline", "CompiledRule", "builtin_baselines_dir", "load_baseline"]


def builtin_baselines_dir() -> Path:
    """The shipped rule packs (``$DEVAUDIT_BASELINES`` overrides)."""
    env = os.environ.get("DEVAUDIT_BASELINES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "baselines"


@dataclass(frozen=True)
class CompiledRule:
    """A validated rule with its compiled conditions and where it was defined."""

    rule: Rule
    check: Condition
    when: Condition | None
    source: str
    line: int | None
    messages: Messages = field(default_factory=Messages)


@dataclass(frozen=True)
class Baseline:
    """Compiled rules plus the variables and platform defaults they were compiled with."""

    name: str
    rules: tuple[CompiledRule, ...]
    variables: Mapping[str, Any]
    defaults: Mapping[str, tuple[DefaultEntry, ...]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def for_platform(self, platform: str) -> tuple[CompiledRule, ...]:
        """Rules that apply to ``platform``."""
        return tuple(r for r in self.rules if platform in r.rule.platforms)

    def defaults_for(self, platform: str, os_version: str) -> dict[str, Any]:
        """Platform defaults in force for this release (first matching entry per name wins)."""
        resolved: dict[str, Any] = {}
        for entry in self.defaults.get(platform, ()):
            if entry.name in resolved:
                continue
            if entry.versions is None:
                resolved[entry.name] = entry.value
                continue
            if not os_version:
                continue
            if all(_in_range(os_version, part.strip()) for part in entry.versions.split(",")):
                resolved[entry.name] = entry.value
        return resolved


def _in_range(version: str, spec: str) -> bool:
    for symbol, op in (("<=", "le"), (">=", "ge"), ("==", "eq"), ("<", "lt"), (">", "gt")):
        if spec.startswith(symbol):
            return compare_versions(version, op, spec[len(symbol) :].strip())
    return False


@dataclass
class _RawRule:
    data: dict[str, Any]
    doc: YamlDocument
    loc: tuple[str | int, ...]


@dataclass
class _Composition:
    rules: dict[str, _RawRule] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, list[DefaultEntry]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


def _resolve_extend(ref: str, base: Path) -> Path:
    if ref == "builtin":
        return builtin_baselines_dir()
    if ref.startswith("builtin:"):
        return builtin_baselines_dir() / ref.split(":", 1)[1]
    return (base / ref).resolve()


def _located(doc: YamlDocument, loc: Sequence[str | int], message: str) -> BaselineError:
    return BaselineError(doc.path, doc.line_of(loc), message)


def _merge_file(path: Path, comp: _Composition, stack: tuple[Path, ...]) -> None:
    resolved = path.resolve()
    if resolved in stack:
        chain = " -> ".join(str(p) for p in (*stack, resolved))
        raise BaselineError(str(path), None, f"extends loop: {chain}")
    if not path.exists():
        raise BaselineError(str(path), None, "baseline file or directory does not exist")
    for file in _files(path):
        _merge_one(file, comp, (*stack, resolved))


def _merge_one(file: Path, comp: _Composition, stack: tuple[Path, ...]) -> None:
    doc = load_yaml(file, BaselineError)
    if doc.data is None:
        return
    if not isinstance(doc.data, dict):
        raise BaselineError(str(file), doc.line_of(()), "a baseline file must be a mapping")
    try:
        pack = PackFile.model_validate(doc.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise _located(doc, err["loc"], f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}") from None
    for ref in pack.extends:
        _merge_file(_resolve_extend(ref, file.parent), comp, stack)
    comp.sources.append(str(file))
    comp.variables.update(pack.vars)
    if pack.defaults:
        if pack.platform is None:
            raise _located(doc, ("defaults",), "a file with defaults must name its platform")
        comp.defaults.setdefault(pack.platform, [])[:0] = list(pack.defaults)
    for index, raw in enumerate(pack.rules):
        loc: tuple[str | int, ...] = ("rules", index)
        rule_id = raw.get("id")
        if not isinstance(rule_id, str):
            raise _located(doc, loc, "every rule needs an 'id'")
        if rule_id in comp.rules and comp.rules[rule_id].doc.path == doc.path:
            raise _located(doc, (*loc, "id"), f"duplicate rule id {rule_id}")
        if rule_id in comp.rules:
            raise _located(
                doc,
                (*loc, "id"),
                f"rule {rule_id} is already defined in {comp.rules[rule_id].doc.path}; "
                "use 'overrides' to change it",
            )
        data = dict(raw)
        if pack.platform and "platforms" not in data:
            data["platforms"] = [pack.platform]
        comp.rules[rule_id] = _RawRule(data, doc, loc)
        comp.order.append(rule_id)
    for rule_id, changes in pack.overrides.items():
        if rule_id not in comp.rules:
            raise _located(doc, ("overrides", rule_id), f"override of unknown rule {rule_id}")
        if "id" in changes:
            raise _located(doc, ("overrides", rule_id, "id"), "an override cannot change the id")
        target = comp.rules[rule_id]
        comp.rules[rule_id] = _RawRule({**target.data, **changes}, doc, ("overrides", rule_id))
    for rule_id in pack.disable:
        if rule_id not in comp.rules:
            raise _located(doc, ("disable",), f"cannot disable unknown rule {rule_id}")
        del comp.rules[rule_id]
        comp.order.remove(rule_id)


def _python_resolver(doc: YamlDocument, base_loc: tuple[str | int, ...]) -> Any:
    from devaudit.checks import resolve_check

    def resolve(name: str, loc: tuple[str | int, ...]) -> PythonCheck:
        try:
            return resolve_check(name)
        except LookupError as exc:
            raise ConditionError(loc, str(exc)) from None

    return resolve


def compile_rule(raw: _RawRule, variables: Mapping[str, Any]) -> CompiledRule:
    """Validate and compile one rule; errors carry the file and line."""
    try:
        rule = Rule.model_validate(raw.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise _located(
            raw.doc, (*raw.loc, *err["loc"]), f"rule {raw.data.get('id')}: {where}: {err['msg']}"
        ) from None
    if not rule.platforms:
        raise _located(
            raw.doc, raw.loc, f"rule {rule.id}: no platforms (set 'platforms' or the file's 'platform')"
        )
    try:
        rule = rule.model_copy(
            update={
                "remediation": fill_site_values(rule.remediation, variables),
                "remediation_result": fill_site_values(rule.remediation_result, variables),
            }
        )
    except (KeyError, ValueError) as exc:
        what = f"unknown variable ${{{exc.args[0]}}}" if isinstance(exc, KeyError) else str(exc)
        raise _located(raw.doc, (*raw.loc, "remediation"), f"rule {rule.id}: remediation: {what}") from None
    resolver = _python_resolver(raw.doc, raw.loc)
    try:
        check = compile_condition(rule.check, ("check",), variables, resolver)
        when = compile_condition(rule.when, ("when",), variables, resolver) if rule.when is not None else None
    except ConditionError as exc:
        raise _located(raw.doc, (*raw.loc, *exc.loc), f"rule {rule.id}: {exc.message}") from None
    try:
        messages = compile_messages(rule.expected, rule.found, rule.not_applicable, variables)
    except (LookupError, ValueError) as exc:
        raise _located(raw.doc, raw.loc, f"rule {rule.id}: {exc.args[0]}") from None
    return CompiledRule(rule, check, when, raw.doc.path, raw.doc.line_of(raw.loc), messages)


def load_baseline(
    paths: Sequence[Path] | None = None,
    *,
    variables: Mapping[str, Any] | None = None,
    name: str | None = None,
) -> Baseline:
    """Load and compile baselines from files or directories (default: the shipped packs)."""
    targets = list(paths) if paths else [builtin_baselines_dir()]
    comp = _Composition()
    for target in targets:
        _merge_file(target, comp, ())
    merged_vars = {**comp.variables, **(variables or {})}
    compiled = tuple(compile_rule(comp.rules[rule_id], merged_vars) for rule_id in comp.order)
    label = name or ", ".join(str(t) for t in targets)
    defaults = {k: tuple(v) for k, v in comp.defaults.items()}
    return Baseline(label, compiled, merged_vars, defaults, tuple(comp.sources))
