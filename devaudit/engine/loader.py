"""Load baselines: YAML packs composed with ``extends``, overrides, disabled rules and variables.

Errors name the file and line (exit code 4 at the CLI). The result is a ``Baseline`` of compiled rules.
With ``cache=True`` a composition is kept in the user cache folder (``engine.baseline_cache``); a baseline
read from there compiles each platform's rules the first time that platform is audited, without YAML or
pydantic.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from devaudit.engine import baseline_cache, regex_cache
from devaudit.engine.conditions import Condition, ConditionError, compile_condition
from devaudit.engine.messages import Messages, compile_messages
from devaudit.engine.outcome import PythonCheck
from devaudit.engine.remediate import fill_site_values
from devaudit.errors import BaselineError, OptionError
from devaudit.models import Severity
from devaudit.versions import compare_versions

if TYPE_CHECKING:  # pragma: no cover - pydantic and YAML are imported only when packs are read
    from devaudit.engine.rules import DefaultEntry, Rule
    from devaudit.yamlfile import YamlDocument

__all__ = ["Baseline", "CompiledRule", "builtin_baselines_dir", "load_baseline"]


def builtin_baselines_dir() -> Path:
    """The shipped rule packs (``$DEVAUDIT_BASELINES`` overrides).

    An installed wheel carries them as ``devaudit/baselines``; a source checkout (and its editable install)
    reads the top-level ``baselines/`` folder they are built from.
    """
    env = os.environ.get("DEVAUDIT_BASELINES")
    if env:
        return Path(env)
    # Installed packages live on the file system (pip unpacks wheels); rule errors name real paths.
    package = Path(__file__).resolve().parent.parent
    packaged = package / "baselines"
    if packaged.is_dir():
        return packaged
    return package.parent / "baselines"


@dataclass(frozen=True)
class CompiledRule:
    """A validated rule with its compiled conditions and where it was defined."""

    rule: Rule
    check: Condition
    when: Condition | None
    source: str
    line: int | None
    messages: Messages = field(default_factory=Messages)


class DefaultLike(Protocol):
    """A platform default entry: ``DefaultEntry`` from a pack, or the same fields read from the cache."""

    @property
    def name(self) -> str: ...

    @property
    def value(self) -> bool | int | str: ...

    @property
    def versions(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class _CachedDefault:
    name: str
    value: bool | int | str
    versions: str | None
    note: str = ""


# platform -> (its compiled rules, its defaults); used by a baseline read from the cache.
PackLoader = Callable[[str], tuple[tuple[CompiledRule, ...], tuple[DefaultLike, ...]]]


class Baseline:
    """Compiled rules plus the variables and platform defaults they were compiled with.

    A baseline read from the cache compiles a platform's rules on the first ``for_platform`` call; the
    result (and each release's resolved defaults) is kept for the life of the process.
    """

    def __init__(
        self,
        name: str,
        rules: tuple[CompiledRule, ...],
        variables: Mapping[str, Any],
        defaults: Mapping[str, tuple[DefaultLike, ...]] | None = None,
        sources: tuple[str, ...] = (),
        *,
        platforms: tuple[str, ...] = (),
        order: tuple[str, ...] = (),
        pack_loader: PackLoader | None = None,
    ) -> None:
        self.name = name
        self.variables = variables
        self.sources = sources
        self._rules = rules
        self._defaults = dict(defaults or {})
        self._platforms = platforms
        self._order = order
        self._pack_loader = pack_loader
        self._per_platform: dict[str, tuple[CompiledRule, ...]] = {}
        self._resolved: dict[tuple[str, str], dict[str, Any]] = {}

    def __repr__(self) -> str:
        return f"Baseline({self.name!r})"

    @property
    def rules(self) -> tuple[CompiledRule, ...]:
        """Every rule of every platform, in composition order."""
        if self._pack_loader is None:
            return self._rules
        rank = {rule_id: index for index, rule_id in enumerate(self._order)}
        seen: dict[str, CompiledRule] = {}
        for platform in self._platforms:
            for compiled in self.for_platform(platform):
                seen.setdefault(compiled.rule.id, compiled)
        return tuple(sorted(seen.values(), key=lambda c: rank.get(c.rule.id, len(rank))))

    @property
    def defaults(self) -> Mapping[str, tuple[DefaultLike, ...]]:
        """Platform defaults per platform."""
        if self._pack_loader is not None:
            for platform in self._platforms:
                self.for_platform(platform)
        return self._defaults

    def for_platform(self, platform: str) -> tuple[CompiledRule, ...]:
        """Rules that apply to ``platform`` (compiled once per process)."""
        rules = self._per_platform.get(platform)
        if rules is None:
            if self._pack_loader is None:
                rules = tuple(r for r in self._rules if platform in r.rule.platforms)
            elif platform in self._platforms:
                rules, self._defaults[platform] = self._pack_loader(platform)
            else:
                rules = ()
            self._per_platform[platform] = rules
        return rules

    def defaults_for(self, platform: str, os_version: str) -> dict[str, Any]:
        """Platform defaults in force for this release (first matching entry per name wins)."""
        key = (platform, os_version)
        cached = self._resolved.get(key)
        if cached is None:
            self.for_platform(platform)
            cached = self._resolved[key] = self._resolve_defaults(platform, os_version)
        return dict(cached)

    def _resolve_defaults(self, platform: str, os_version: str) -> dict[str, Any]:
        resolved: dict[str, Any] = {}
        for entry in self._defaults.get(platform, ()):
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
class _VarSetting:
    """One place a variable is given a value: a pack's or site file's ``vars:``."""

    name: str
    value: Any
    doc: YamlDocument
    builtin: bool


@dataclass
class _Composition:
    rules: dict[str, _RawRule] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, list[DefaultEntry]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    settings: list[_VarSetting] = field(default_factory=list)
    # What the composition was read from, for the cache: every file read, and each folder's file list.
    inputs: list[Path] = field(default_factory=list)
    listings: list[tuple[Path, list[Path]]] = field(default_factory=list)


def _files(path: Path, comp: _Composition | None = None) -> list[Path]:
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


def _merge_file(path: Path, comp: _Composition, stack: tuple[Path, ...]) -> None:
    resolved = path.resolve()
    if resolved in stack:
        chain = " -> ".join(str(p) for p in (*stack, resolved))
        raise BaselineError(str(path), None, f"extends loop: {chain}")
    if not path.exists():
        raise BaselineError(str(path), None, "baseline file or directory does not exist")
    for file in _files(path, comp):
        _merge_one(file, comp, (*stack, resolved))


def _merge_one(file: Path, comp: _Composition, stack: tuple[Path, ...]) -> None:
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
        _merge_file(_resolve_extend(ref, file.parent), comp, stack)
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


def _is_builtin(file: Path) -> bool:
    return file.resolve().is_relative_to(builtin_baselines_dir().resolve())


_VAR_REFERENCE = re.compile(r"\$\{([A-Za-z_]\w*)\}")


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


def check_variables(comp: _Composition, given: Mapping[str, Any]) -> dict[str, Any]:
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


def _python_resolver() -> Callable[[str, tuple[str | int, ...]], PythonCheck]:
    from devaudit.checks import resolve_check

    def resolve(name: str, loc: tuple[str | int, ...]) -> PythonCheck:
        try:
            return resolve_check(name)
        except LookupError as exc:
            raise ConditionError(loc, str(exc)) from None

    return resolve


def compile_rule(raw: _RawRule, variables: Mapping[str, Any]) -> CompiledRule:
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
    resolver = _python_resolver()
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


class _CachedReferences:
    """A rule's references read from the cache; ``as_tuple`` is what ``References.as_tuple`` gave."""

    def __init__(self, fields: Mapping[str, str | None], as_tuple: tuple[str, ...]) -> None:
        self.__dict__.update(fields)
        self._tuple = as_tuple

    def as_tuple(self) -> tuple[str, ...]:
        """Non-empty references as ``KIND: text`` strings."""
        return self._tuple


class _CachedRule:
    """A rule that passed ``Rule`` validation when the cache was written, read back without pydantic.

    Every field is a plain attribute with the type ``Rule`` gives it (``severity`` a ``Severity``,
    ``references`` with ``as_tuple()``); ``examples`` and the model's methods validate the stored data
    into the real ``Rule`` once, on first use (authoring tools need them, an audit does not).
    """

    def __init__(self, data: Mapping[str, Any], references: tuple[str, ...]) -> None:
        fields = {k: v for k, v in data.items() if k != "examples"}
        fields["severity"] = Severity(data["severity"])
        fields["references"] = _CachedReferences(data.get("references") or {}, references)
        self.__dict__.update(fields)
        self.__dict__["_data"] = data

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        model = self.__dict__.get("_model")
        if model is None:
            from devaudit.engine.rules import Rule

            model = self.__dict__["_model"] = Rule.model_validate(self.__dict__["_data"])
        return getattr(model, name)


def _rule_record(compiled: CompiledRule) -> dict[str, Any]:
    rule = compiled.rule
    data = rule.model_dump(by_alias=True)
    data["severity"] = rule.severity.value
    return {
        "rule": data,
        "references": list(rule.references.as_tuple()),
        "source": compiled.source,
        "line": compiled.line,
    }


def _compile_record(record: Mapping[str, Any], variables: Mapping[str, Any]) -> CompiledRule:
    rule = _CachedRule(record["rule"], tuple(record["references"]))
    source, line = record["source"], record["line"]
    resolver = _python_resolver()
    check_spec, when_spec = rule.check, rule.when
    try:
        check = compile_condition(check_spec, ("check",), variables, resolver)
        when = compile_condition(when_spec, ("when",), variables, resolver) if when_spec is not None else None
    except ConditionError as exc:
        raise BaselineError(source, line, f"rule {record['rule']['id']}: {exc.message}") from None
    # Remediation was stored with the site values already filled in; messages are compiled as a cold load does.
    try:
        messages = compile_messages(rule.expected, rule.found, rule.not_applicable, variables)
    except (LookupError, ValueError) as exc:
        raise BaselineError(source, line, f"rule {record['rule']['id']}: {exc.args[0]}") from None
    return CompiledRule(cast("Rule", rule), check, when, source, line, messages)


def _store(
    key: str, baseline: Baseline, comp: _Composition, patterns: Mapping[str, tuple[regex_cache.PatternKey, ...]]
) -> None:
    """Write the composition to the cache, one file per platform (errors only cost the cache).

    Each platform's file carries the compiled form of its rules' patterns (``patterns``: rule ID -> the
    patterns compiling it used), so that reading it back skips the regex compiler.
    """
    packs: dict[str, dict[str, Any]] = {}
    used: dict[str, dict[regex_cache.PatternKey, None]] = {}
    for compiled in baseline.rules:
        for platform in compiled.rule.platforms:
            pack = packs.setdefault(platform, {"rules": [], "defaults": []})
            pack["rules"].append(_rule_record(compiled))
            used.setdefault(platform, {}).update(dict.fromkeys(patterns.get(compiled.rule.id, ())))
    engine = regex_cache.engine_id()
    for platform, keys in used.items():
        packs[platform]["regex_engine"] = engine
        packs[platform]["patterns"] = regex_cache.export_patterns(keys)
    for platform, entries in baseline.defaults.items():
        pack = packs.setdefault(platform, {"rules": [], "defaults": []})
        pack["defaults"] = [
            {"name": e.name, "value": e.value, "versions": e.versions, "note": getattr(e, "note", "")}
            for e in entries
        ]
    with contextlib.suppress(OSError):  # a pack file removed meanwhile: no cache this time
        _write_index(key, baseline, comp, packs)


def _write_index(key: str, baseline: Baseline, comp: _Composition, packs: dict[str, dict[str, Any]]) -> None:
    index = {
        "label": baseline.name,
        "variables": dict(baseline.variables),
        "sources": list(baseline.sources),
        "order": [c.rule.id for c in baseline.rules],
        "inputs": [baseline_cache.file_record(p) for p in dict.fromkeys(comp.inputs)],
        "listings": [[str(folder), [str(f) for f in files]] for folder, files in comp.listings],
    }
    baseline_cache.write_cache(key, index, packs)


def _from_cache(key: str, name: str | None) -> Baseline | None:
    index = baseline_cache.read_index(key)
    if index is None:
        return None
    variables = index.variables

    def load_pack(platform: str) -> tuple[tuple[CompiledRule, ...], tuple[DefaultLike, ...]]:
        pack = baseline_cache.read_pack(index, platform)
        if pack is None:
            raise BaselineError(
                str(baseline_cache.cache_dir()), None, f"the cached rules of {platform} changed while in use"
            )
        regex_cache.import_patterns(pack.get("regex_engine", ()), pack.get("patterns", ()))
        rules = tuple(_compile_record(record, variables) for record in pack["rules"])
        defaults = tuple(_CachedDefault(**entry) for entry in pack["defaults"])
        return rules, defaults

    return Baseline(
        name or index.label,
        (),
        variables,
        None,
        index.sources,
        platforms=tuple(index.packs),
        order=index.order,
        pack_loader=load_pack,
    )


def load_baseline(
    paths: Sequence[Path] | None = None,
    *,
    variables: Mapping[str, Any] | None = None,
    name: str | None = None,
    cache: bool = False,
) -> Baseline:
    """Load and compile baselines from files or directories (default: the shipped packs).

    With ``cache`` a verified cache entry (same pack files, devaudit version and variables) is used
    instead of the YAML files, and each platform's rules are compiled when first asked for; without one
    every rule is validated and compiled now (so errors surface before any audit) and the entry is written.
    """
    targets = list(paths) if paths else [builtin_baselines_dir()]
    key = None
    if cache:
        from devaudit import __version__

        key = baseline_cache.cache_key(__version__, targets, variables or {})
        cached = _from_cache(key, name) if key is not None else None
        if cached is not None:
            return cached
    comp = _Composition()
    for target in targets:
        _merge_file(target, comp, ())
    if not comp.rules:
        raise BaselineError(
            ", ".join(str(t) for t in targets),
            None,
            "this baseline defines no rules; a site baseline builds on the shipped packs with 'extends: [builtin]'",
        )
    merged_vars = check_variables(comp, variables or {})
    patterns: dict[str, tuple[regex_cache.PatternKey, ...]] = {}
    rules: list[CompiledRule] = []
    for rule_id in comp.order:
        with regex_cache.recording() as seen:
            rules.append(compile_rule(comp.rules[rule_id], merged_vars))
        patterns[rule_id] = tuple(seen)
    compiled = tuple(rules)
    label = name or ", ".join(str(t) for t in targets)
    defaults: dict[str, tuple[DefaultLike, ...]] = {k: tuple(v) for k, v in comp.defaults.items()}
    baseline = Baseline(label, compiled, merged_vars, defaults, tuple(comp.sources))
    if key is not None:
        _store(key, baseline, comp, patterns)
    return baseline
