"""Load baselines: YAML packs composed with ``extends``, overrides, disabled rules and variables.

Errors name the file and line (exit code 4 at the CLI). The result is a ``Baseline`` of compiled rules; the
composition itself is ``engine.compose`` (imported only when YAML files are read).
With ``cache=True`` a composition is kept in the user cache folder (``engine.baseline_cache``); a baseline
read from there compiles each platform's rules the first time that platform is audited, without YAML or
pydantic, and keeps them compiled for later runs (``engine.compiled_cache``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from devaudit.engine import baseline_cache, regex_cache
from devaudit.engine.conditions import Condition, ConditionError, compile_condition
from devaudit.engine.messages import Messages, compile_messages
from devaudit.engine.outcome import PythonCheck
from devaudit.errors import BaselineError
from devaudit.models import Severity
from devaudit.versions import compare_versions

if TYPE_CHECKING:  # pragma: no cover - pydantic and YAML are imported only when packs are read
    from devaudit.engine.compose import Composition
    from devaudit.engine.rules import Rule

__all__ = ["Baseline", "CompiledRule", "builtin_baselines_dir", "default_baseline_paths", "load_baseline"]


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
    # In a source checkout there is no devaudit/baselines/: the packs are in the top-level folder.
    with contextlib.suppress(OSError), os.scandir(packaged) as entries:
        if any(entry.name.endswith(".yaml") for entry in entries):
            return packaged
    return package.parent / "baselines"


def default_baseline_paths() -> list[Path]:
    """The shipped packs, then every installed third-party pack (``devaudit.packs`` entry points)."""
    from devaudit.platforms.registry import declares

    if not declares(PACKS_ENTRY_POINT_GROUP):  # no third-party pack: ``devaudit.packs`` need not load
        return [builtin_baselines_dir()]
    from devaudit.packs import installed_packs

    return [builtin_baselines_dir(), *(pack.path for pack in installed_packs())]


PACKS_ENTRY_POINT_GROUP = "devaudit.packs"  # devaudit.packs.ENTRY_POINT_GROUP


@dataclass(frozen=True, init=False, repr=False, eq=False)
class CompiledRule:
    """A validated rule with its compiled conditions and where it was defined.

    (Its methods are written out: every audit imports this module, and generating them costs start-up.)
    """

    rule: Rule
    check: Condition
    when: Condition | None
    source: str
    line: int | None
    messages: Messages = field(default_factory=Messages)

    def __init__(
        self,
        rule: Rule,
        check: Condition,
        when: Condition | None,
        source: str,
        line: int | None,
        messages: Messages | None = None,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "rule", rule)
        setattr_(self, "check", check)
        setattr_(self, "when", when)
        setattr_(self, "source", source)
        setattr_(self, "line", line)
        setattr_(self, "messages", Messages() if messages is None else messages)

    def _values(self) -> tuple[Any, ...]:
        return (self.rule, self.check, self.when, self.source, self.line, self.messages)

    def __repr__(self) -> str:
        return (
            f"CompiledRule(rule={self.rule!r}, check={self.check!r}, when={self.when!r}, "
            f"source={self.source!r}, line={self.line!r}, messages={self.messages!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())


class DefaultLike(Protocol):
    """A platform default entry: ``DefaultEntry`` from a pack, or the same fields read from the cache."""

    @property
    def name(self) -> str: ...

    @property
    def value(self) -> bool | int | str: ...

    @property
    def versions(self) -> str | None: ...


class _CachedDefault:
    """A platform default read from the cache (a plain class: no class generation at import)."""

    __slots__ = ("name", "note", "value", "versions")

    def __init__(self, name: str, value: bool | int | str, versions: str | None, note: str = "") -> None:
        self.name = name
        self.value = value
        self.versions = versions
        self.note = note

    def __repr__(self) -> str:
        return f"_CachedDefault({self.name!r}, {self.value!r}, {self.versions!r})"


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
        profiles: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.name = name
        self.variables = variables
        self.sources = sources
        self._rules = rules
        self._defaults = dict(defaults or {})
        self._platforms = platforms
        self._order = order
        self._pack_loader = pack_loader
        self._profiles = profiles
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

    def rule_profiles(self) -> dict[str, tuple[str, ...]]:
        """Every rule's ID and profiles, in composition order (a cached baseline compiles nothing for it)."""
        if self._pack_loader is not None and self._profiles is not None:
            return {rule_id: tuple(self._profiles.get(rule_id, ())) for rule_id in self._order}
        return {c.rule.id: tuple(c.rule.profiles) for c in self.rules}

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
            regex_cache.settle_store()  # start-up ends with the first rules: later patterns are the audit's
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

def check_resolver() -> Callable[[str, tuple[str | int, ...]], PythonCheck]:
    from devaudit.checks import resolve_check

    def resolve(name: str, loc: tuple[str | int, ...]) -> PythonCheck:
        try:
            return resolve_check(name)
        except LookupError as exc:
            raise ConditionError(loc, str(exc)) from None

    return resolve

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
    resolver = check_resolver()
    check_spec, when_spec = rule.check, rule.when
    try:
        check = compile_condition(check_spec, ("check",), variables, resolver, validated=True)
        when = (
            compile_condition(when_spec, ("when",), variables, resolver, validated=True)
            if when_spec is not None
            else None
        )
    except ConditionError as exc:
        raise BaselineError(source, line, f"rule {record['rule']['id']}: {exc.message}") from None
    # Remediation was stored with the site values already filled in; messages are compiled as a cold load does.
    try:
        messages = compile_messages(rule.expected, rule.found, rule.not_applicable, variables)
    except (LookupError, ValueError) as exc:
        raise BaselineError(source, line, f"rule {record['rule']['id']}: {exc.args[0]}") from None
    return CompiledRule(cast("Rule", rule), check, when, source, line, messages)


def _store(
    key: str,
    identity: str,
    baseline: Baseline,
    comp: Composition,
    patterns: Mapping[str, tuple[regex_cache.PatternKey, ...]],
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
        _write_index(key, identity, baseline, comp, packs)


def _write_index(
    key: str, identity: str, baseline: Baseline, comp: Composition, packs: dict[str, dict[str, Any]]
) -> None:
    index = {
        "identity": identity,
        "label": baseline.name,
        "variables": dict(baseline.variables),
        "sources": list(baseline.sources),
        "order": [c.rule.id for c in baseline.rules],
        "profiles": {c.rule.id: list(c.rule.profiles) for c in baseline.rules},
        "inputs": [baseline_cache.file_record(p) for p in dict.fromkeys(comp.inputs)],
        "listings": [[str(folder), [str(f) for f in files]] for folder, files in comp.listings],
    }
    baseline_cache.write_cache(key, index, packs)


def _record_patterns(
    variables: Mapping[str, Any],
) -> Callable[[Iterable[Mapping[str, Any]]], list[regex_cache.PatternKey]]:
    """The patterns compiling these cached records uses (for the compiled cache's records of rules)."""

    def patterns(records: Iterable[Mapping[str, Any]]) -> list[regex_cache.PatternKey]:
        with regex_cache.recording() as seen:
            for record in records:
                _compile_record(record, variables)
        return list(seen)

    return patterns


def _from_cache(key: str, identity: str, name: str | None) -> Baseline | None:
    index = baseline_cache.read_index(key, identity)
    if index is None:
        return None
    variables = index.variables

    def load_pack(platform: str) -> tuple[tuple[CompiledRule, ...], tuple[DefaultLike, ...]]:
        from devaudit.engine import compiled_cache

        directory = baseline_cache.cache_dir()
        check = index.packs[platform]
        where = compiled_cache.compiled_path(directory, key, platform) if directory is not None else None
        stored = compiled_cache.read_compiled(where, check) if where is not None else None
        if stored is not None:  # compiled by an earlier run
            regex_cache.import_patterns(stored["regex_engine"], stored["patterns"])
            rules = tuple(
                item if isinstance(item, CompiledRule) else _compile_record(item, variables) for item in stored["rules"]
            )
            return rules, tuple(_CachedDefault(**entry) for entry in stored["defaults"])
        pack = baseline_cache.read_pack(index, platform)
        if pack is None:
            raise BaselineError(str(directory), None, f"the cached rules of {platform} changed while in use")
        regex_cache.import_patterns(pack.get("regex_engine", ()), pack.get("patterns", ()))
        rules = tuple(_compile_record(record, variables) for record in pack["rules"])
        defaults = tuple(_CachedDefault(**entry) for entry in pack["defaults"])
        if where is not None:
            compiled_cache.write_compiled(
                where, check, pack, rules, lambda item: isinstance(item, CompiledRule), _record_patterns(variables)
            )
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
        profiles=index.profiles,
    )


def load_baseline(
    paths: Sequence[Path] | None = None,
    *,
    variables: Mapping[str, Any] | None = None,
    name: str | None = None,
    cache: bool = False,
) -> Baseline:
    """Load and compile baselines from files or directories (default: the shipped and installed packs).

    With ``cache`` a verified cache entry (same pack files, devaudit version and variables) is used
    instead of the YAML files, and each platform's rules are compiled when first asked for; without one
    every rule is validated and compiled now (so errors surface before any audit) and the entry is written.
    """
    targets = list(paths) if paths else default_baseline_paths()
    key = identity = None
    if cache:
        from devaudit import __version__

        identity = baseline_cache.cache_identity(__version__, targets, variables or {})
        if identity is not None:
            key = baseline_cache.cache_key(identity)
            cached = _from_cache(key, identity, name)
            if cached is not None:
                return cached
    from devaudit.engine.compose import Composition, check_variables, compile_rule, merge_file

    comp = Composition()
    for target in targets:
        merge_file(target, comp, ())
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
    if key is not None and identity is not None:
        _store(key, identity, baseline, comp, patterns)
    return baseline
