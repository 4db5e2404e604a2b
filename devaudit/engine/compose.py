"""Compose baselines from YAML packs: ``extends``, overrides, disabled rules, variables; validate and compile rules.

Errors name the file and line. Only a baseline read from its YAML files comes here (a cached one does not):
this is where pydantic models and the YAML reader are used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from devaudit.engine import baseline_cache
from devaudit.engine.conditions import ConditionError, compile_condition
from devaudit.engine.loader import CompiledRule, builtin_baselines_dir, check_resolver
from devaudit.engine.messages import compile_messages
from devaudit.engine.regex_cache import compile_pattern
from devaudit.engine.remediate import fill_site_values
from devaudit.errors import BaselineError, OptionError

if TYPE_CHECKING:  # pragma: no cover - imported where packs are read
    from devaudit.engine.rules import DefaultEntry
    from devaudit.yamlfile import YamlDocument

__all__ = ["Composition", "RawRule", "check_variables", "compile_rule", "merge_file"]


@dataclass
class RawRule:
    data: dict[str, Any]
    doc: YamlDocument
    loc: tuple[str | int, ...]


@dataclass
class _VarSetting:
    """One place a variable is given a value: a pack's or site file's ``vars:``."""

    name: str
    value: Any
    doc: YamlDocument
    builtin: bool


@dataclass
class Composition:
    rules: dict[str, RawRule] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, list[DefaultEntry]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    settings: list[_VarSetting] = field(default_factory=list)
    # What the composition was read from, for the cache: every file read, and each folder's file list.
    inputs: list[Path] = field(default_factory=list)
    listings: list[tuple[Path, list[Path]]] = field(default_factory=list)


def _files(path: Path, comp: Composition | None = None) -> list[Path]:
    if path.is_dir():
        files = baseline_cache.yaml_files(path)
        if comp is not None:
            comp.listings.append((path, files))
        return files
    return [path]


def _resolve_extend(ref: str, base: Path) -> Path:
    if ref == "builtin":
        return builtin_baselines_dir()
    if ref.startswith("builtin:"):
        return builtin_baselines_dir() / ref.split(":", 1)[1]
    return (base / ref).resolve()


def _located(doc: YamlDocument, loc: Sequence[str | int], message: str) -> BaselineError:
    return BaselineError(doc.path, doc.line_of(loc), message)


def merge_file(path: Path, comp: Composition, stack: tuple[Path, ...]) -> None:
    resolved = path.resolve()
    if resolved in stack:
        chain = " -> ".join(str(p) for p in (*stack, resolved))
        raise BaselineError(str(path), None, f"extends loop: {chain}")
    if not path.exists():
        raise BaselineError(str(path), None, "baseline file or directory does not exist")
    for file in _files(path, comp):
        _merge_one(file, comp, (*stack, resolved))


def _merge_one(file: Path, comp: Composition, stack: tuple[Path, ...]) -> None:
    from pydantic import ValidationError

    from devaudit.engine.rules import PackFile
    from devaudit.yamlfile import load_yaml

    comp.inputs.append(file)
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
        merge_file(_resolve_extend(ref, file.parent), comp, stack)
    comp.sources.append(str(file))
    comp.variables.update(pack.vars)
    builtin = _is_builtin(file)
    comp.settings.extend(_VarSetting(name, value, doc, builtin) for name, value in pack.vars.items())
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
        comp.rules[rule_id] = RawRule(data, doc, loc)
        comp.order.append(rule_id)
    for rule_id, changes in pack.overrides.items():
        if rule_id not in comp.rules:
            raise _located(doc, ("overrides", rule_id), f"override of unknown rule {rule_id}")
        if "id" in changes:
            raise _located(doc, ("overrides", rule_id, "id"), "an override cannot change the id")
        target = comp.rules[rule_id]
        comp.rules[rule_id] = RawRule({**target.data, **changes}, doc, ("overrides", rule_id))
    for rule_id in pack.disable:
        if rule_id not in comp.rules:
            raise _located(doc, ("disable",), f"cannot disable unknown rule {rule_id}")
        del comp.rules[rule_id]
        comp.order.remove(rule_id)


def _is_builtin(file: Path) -> bool:
    return file.resolve().is_relative_to(builtin_baselines_dir().resolve())


_VAR_REFERENCE = compile_pattern(r"\$\{([A-Za-z_]\w*)\}")


def _referenced_variables(value: Any, found: set[str]) -> set[str]:
    """Every ``${name}`` a rule's data mentions (check, when, python arguments...)."""
    if isinstance(value, str):
        found.update(_VAR_REFERENCE.findall(value))
    elif isinstance(value, Mapping):
        for item in value.values():
            _referenced_variables(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _referenced_variables(item, found)
    return found


_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "true or false"),
    (int, "a whole number"),
    (float, "a number"),
    (str, "a text"),
    ((list, tuple), "a list"),
    (Mapping, "a mapping"),
)


def _kind(value: Any) -> str:
    for types, label in _KINDS:
        if isinstance(value, types):
            return label
    return "empty" if value is None else type(value).__name__


def _conform(name: str, value: Any, declared: Any) -> tuple[Any, str | None]:
    """``value`` made the kind of ``declared`` where that is lossless; else a problem in plain words."""
    if declared is None or value is None:
        return value, None
    want, have = _kind(declared), _kind(value)
    if want == have:
        return value, None
    if want == "a number" and have == "a whole number":
        return value, None
    if want == "a text" and have in ("a whole number", "a number"):
        return str(value), None
    if want == "a list" and have in ("a text", "a whole number", "a number"):
        return [value], None
    shown = value if not isinstance(value, str) else repr(value)
    return value, f"variable {name} must be {want} (the shipped value is {declared!r}), not {shown}"


def _suggest(name: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.8)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    return f"{hint}known variables: {', '.join(sorted(known))}"


def check_variables(comp: Composition, given: Mapping[str, Any]) -> dict[str, Any]:
    """The merged variables, after refusing unknown names and values of the wrong kind.

    A variable is known when a shipped pack declares it or a rule uses it (``${name}``). A site file
    that sets an unknown variable, or one of the wrong kind, is a baseline error at its line; ``--var``
    is an ``OptionError`` (usage error) that names the option.
    """
    referenced: set[str] = set()
    for raw in comp.rules.values():
        _referenced_variables(raw.data, referenced)
    declared: dict[str, _VarSetting] = {}
    merged: dict[str, Any] = {}
    for setting in comp.settings:
        name, where = setting.name, ("vars", setting.name)
        first = declared.get(name)
        if first is None:
            if not setting.builtin and name not in referenced:
                known = set(declared) | referenced | {s.name for s in comp.settings if s.builtin}
                raise _located(setting.doc, where, f"unknown variable {name}: no rule uses it; {_suggest(name, known)}")
            declared[name] = setting
            merged[name] = setting.value
            continue
        value, problem = _conform(name, setting.value, first.value)
        if problem:
            raise _located(setting.doc, where, problem)
        merged[name] = value
    known = set(declared) | referenced
    for name, raw_value in given.items():
        if name not in known:
            raise OptionError(f"--var {name}: unknown variable; {_suggest(name, known)}")
        value, problem = _conform(name, raw_value, declared[name].value if name in declared else None)
        if problem:
            raise OptionError(f"--var {name}={raw_value}: {problem}")
        merged[name] = value
    return merged


def compile_rule(raw: RawRule, variables: Mapping[str, Any]) -> CompiledRule:
    """Validate and compile one rule; errors carry the file and line."""
    from pydantic import ValidationError

    from devaudit.engine.rules import Rule

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
    resolver = check_resolver()
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
