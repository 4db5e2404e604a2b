"""Typed models of the rule language: one frozen model per operator, chosen by the operator key.

``validate_condition`` checks a ``check:``/``when:`` mapping against them and raises ``ConditionError`` with
the path inside the check and a plain sentence ("check > each > check: unknown key 'chek'; allowed: ...").
Compiling (``engine.conditions``) then trusts the shape. Only packs read from YAML are validated; the
cached baseline was validated when it was written, so an audit from the cache never imports pydantic.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError, field_validator, model_validator

from devaudit.engine.conditions import OPERATORS, ConditionError, Loc

__all__ = ["CONDITION_MODELS", "Condition", "validate_condition"]

_STRICT = ConfigDict(frozen=True, extra="forbid", populate_by_name=False)

Depth = Literal["scope", "any", "top"]
Tristate = Literal["pass", "fail", "na", "not_applicable"]
Comparison = Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "regex"]
Regex = Annotated[str, Field(min_length=1)]
Sentence = Annotated[str, Field(min_length=1, pattern=r"\S")]


class _Model(BaseModel):
    model_config = _STRICT


class Match(_Model):
    """``{match: RE, in: scope|any|top}``: a pattern and where it looks."""

    match: Regex
    in_: Depth = Field("scope", alias="in")


PatternArg = Regex | Match


class _Said(_Model):
    """Every condition may carry ``found``: the words that tell a FAIL of that part."""

    found: Sentence | None = None


class Present(_Said):
    """``present: RE``: some line in scope matches."""

    present: PatternArg


class Absent(_Said):
    """``absent: RE``: no line in scope matches."""

    absent: PatternArg


class CountArgs(_Model):
    """How many lines match (or distinct values of a named group), between ``min`` and ``max``."""

    match: Regex
    in_: Depth = Field("scope", alias="in")
    min: int | str | None = None
    max: int | str | None = None
    distinct: str | None = None

    @model_validator(mode="after")
    def _bounded(self) -> CountArgs:
        if self.min is None and self.max is None:
            raise ValueError("count needs min or max")
        return self


class Count(_Said):
    """``count: {match, min, max, distinct, in}``."""

    count: CountArgs


class ValueArgs(_Model):
    """A captured group (or arithmetic over named groups) compared with a value."""

    match: Regex
    in_: Depth = Field("scope", alias="in")
    group: int | str = 1
    expr: str | None = None
    op: Comparison
    value: Any
    missing: Tristate = "na"
    quantifier: Literal["all", "any"] = "all"


class Value(_Said):
    """``value: {match, group|expr, op, value, missing, quantifier, in}``."""

    value: ValueArgs


class EachArgs(_Model):
    """Blocks found by a path of patterns, filtered by ``where``, each checked by ``check``."""

    block: Regex | Annotated[list[PatternArg], Field(min_length=1)]
    where: Condition | None = None
    check: Condition
    none: Tristate = "na"
    in_: Depth = Field("scope", alias="in")


class Each(_Said):
    """``each: {block, where, check, none, in}``."""

    each: EachArgs


class All(_Said):
    """``all: [conditions]``: every applicable part holds."""

    all: Annotated[list[Condition], Field(min_length=1)]


class AnyOf(_Said):
    """``any: [conditions]``: some applicable part holds."""

    any: Annotated[list[Condition], Field(min_length=1)]


class Not(_Said):
    """``not: condition``."""

    not_: Condition = Field(alias="not")


class FactArgs(_Model):
    """A device fact compared with a value (versions compare numerically)."""

    name: Literal["os_version", "hostname", "model", "platform"]
    op: Comparison
    value: Any = None


class Fact(_Said):
    """``fact: {name, op, value}``."""

    fact: FactArgs


Names = Annotated[str, Field(min_length=1)] | Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]


class Role(_Said):
    """``role: NAME | [NAMES]``: the device role."""

    role: Names


class TagCondition(_Said):
    """``tag: NAME | [NAMES]``: the device tags."""

    tag: Names


_INTERFACE_ROLES = ("external", "internal", "management", "unknown")


def _interface_roles(value: Any) -> Any:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise ValueError("interface_role needs a role or a list of roles")
    unknown = sorted({v.lower() for v in values} - set(_INTERFACE_ROLES))
    if unknown:
        raise ValueError(f"unknown interface role {unknown[0]!r}; known: {', '.join(_INTERFACE_ROLES)}")
    return value


class InterfaceRoleArgs(_Model):
    """Roles, and the words or pattern that make a description weak evidence of an external link."""

    role: Any
    description: Any = None

    @field_validator("role")
    @classmethod
    def _known(cls, value: Any) -> Any:
        return _interface_roles(value)

    @field_validator("description")
    @classmethod
    def _words(cls, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(w, str) for w in value):
            return value
        raise ValueError("description needs a list of words or a pattern")


class InterfaceRole(_Said):
    """``interface_role: ROLE | [ROLES] | {role, description}`` (roles: external, internal, management, unknown)."""

    interface_role: Any

    @field_validator("interface_role")
    @classmethod
    def _known(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return InterfaceRoleArgs.model_validate(value)
        return _interface_roles(value)


class Default(_Said):
    """``default: NAME``: a platform default is on for this release."""

    default: Annotated[str, Field(min_length=1)]


class OutputArgs(_Model):
    """A collected show command's output, with a pattern present or absent."""

    command: Annotated[str, Field(min_length=1)]
    present: PatternArg | None = None
    absent: PatternArg | None = None

    @model_validator(mode="after")
    def _one(self) -> OutputArgs:
        if (self.present is None) == (self.absent is None):
            raise ValueError("output needs exactly one of present or absent")
        return self


class Output(_Said):
    """``output: {command, present|absent}``."""

    output: OutputArgs


class Target(_Model):
    """Where a captured name leads when it is not an ACL: patterns in which ``{name}`` is the name."""

    block: Regex | None = None
    lines: Regex | None = None
    in_: Literal["top", "any", "scope"] = Field("top", alias="in")

    @model_validator(mode="after")
    def _some(self) -> Target:
        if self.block is None and self.lines is None:
            raise ValueError("to needs block or lines")
        return self


class ResolveArgs(_Model):
    """A name captured from ``from`` lines, the object it names (``to``) and the check on that object."""

    from_: PatternArg = Field(alias="from")
    to: Literal["acl"] | Target
    check: Condition | None = None
    missing: Tristate = "fail"
    none: Tristate = "na"
    what: Sentence | None = None
    family: Literal["ipv4", "ipv6"] | None = None


class Resolve(_Said):
    """``resolve: {from, to, check, missing, none, what}``."""

    resolve: ResolveArgs


class DeniedSources(_Model):
    """Networks every one of which the ACL must deny explicitly, and whether those denies must log."""

    networks: Annotated[str, Field(min_length=1)] | Annotated[list[str], Field(min_length=1)]
    logged: bool = False


class AclArgs(_Model):
    """ACL properties; every one given must hold for every ACL in scope."""

    name: Annotated[str, Field(min_length=1)] | None = None
    exists: bool | None = None
    empty: bool | None = None
    permits_any_source: bool | None = None
    permits_only: Annotated[str, Field(min_length=1)] | Annotated[list[str], Field(min_length=1)] | None = None
    ends_with_deny_log: bool | None = None
    denies_logged: bool | None = None
    shadowed_entries: Literal["none"] | None = None
    denies_sources: Annotated[str, Field(min_length=1)] | list[str] | DeniedSources | None = None

    @model_validator(mode="after")
    def _some(self) -> AclArgs:
        asked = self.model_dump(exclude_none=True, exclude={"name"})
        if not asked:
            raise ValueError(
                "acl needs at least one of exists, empty, permits_any_source, permits_only, "
                "ends_with_deny_log, denies_logged, shadowed_entries, denies_sources"
            )
        return self


class Acl(_Said):
    """``acl: {name, exists, empty, permits_any_source, permits_only, ends_with_deny_log, ...}``."""

    acl: AclArgs


class PythonArgs(_Model):
    """A registered Python check with its arguments."""

    name: Annotated[str, Field(min_length=1)]
    args: dict[str, Any] = Field(default_factory=dict)
    in_: Depth = Field("scope", alias="in")


class Python(_Said):
    """``python: module.check | {name, args, in}``."""

    python: Annotated[str, Field(min_length=1)] | PythonArgs


CONDITION_MODELS: dict[str, type[_Said]] = {
    "present": Present,
    "absent": Absent,
    "count": Count,
    "value": Value,
    "each": Each,
    "all": All,
    "any": AnyOf,
    "not": Not,
    "fact": Fact,
    "role": Role,
    "tag": TagCondition,
    "interface_role": InterfaceRole,
    "default": Default,
    "output": Output,
    "resolve": Resolve,
    "acl": Acl,
    "python": Python,
}
_TAG = "{} condition"


def _operator(value: Any) -> str | None:
    """The tag of the model for a condition mapping: its one operator key (None when it has none or two)."""
    if isinstance(value, BaseModel):
        value = value.model_dump(by_alias=True)
    if not isinstance(value, dict):
        return None
    ops = [key for key in value if key in CONDITION_MODELS]
    return _TAG.format(ops[0]) if len(ops) == 1 else None


Condition = Annotated[
    Annotated[Present, Tag(_TAG.format("present"))]
    | Annotated[Absent, Tag(_TAG.format("absent"))]
    | Annotated[Count, Tag(_TAG.format("count"))]
    | Annotated[Value, Tag(_TAG.format("value"))]
    | Annotated[Each, Tag(_TAG.format("each"))]
    | Annotated[All, Tag(_TAG.format("all"))]
    | Annotated[AnyOf, Tag(_TAG.format("any"))]
    | Annotated[Not, Tag(_TAG.format("not"))]
    | Annotated[Fact, Tag(_TAG.format("fact"))]
    | Annotated[Role, Tag(_TAG.format("role"))]
    | Annotated[TagCondition, Tag(_TAG.format("tag"))]
    | Annotated[InterfaceRole, Tag(_TAG.format("interface_role"))]
    | Annotated[Default, Tag(_TAG.format("default"))]
    | Annotated[Output, Tag(_TAG.format("output"))]
    | Annotated[Resolve, Tag(_TAG.format("resolve"))]
    | Annotated[Acl, Tag(_TAG.format("acl"))]
    | Annotated[Python, Tag(_TAG.format("python"))],
    Discriminator(
        _operator,
        custom_error_type="operator",
        custom_error_message="a condition is a mapping with exactly one operator",
    ),
]


class _Root(_Model):
    condition: Condition


_REBUILT: tuple[type[BaseModel], ...] = (*CONDITION_MODELS.values(), EachArgs, ResolveArgs, _Root)
for _model in _REBUILT:
    _model.model_rebuild()

assert set(CONDITION_MODELS) == set(OPERATORS), "every operator of the compiler has a model"


def _where(spec: Any, loc: tuple[str | int, ...]) -> Loc:
    """The path inside the YAML: only the keys and indices the mapping has (union member labels dropped)."""
    out: list[str | int] = []
    current = spec
    for index, part in enumerate(loc):
        present = (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        )
        if present:
            out.append(part)
            current = current[part]
        elif index == len(loc) - 1 and isinstance(part, str) and isinstance(current, dict) and "[" not in part:
            out.append(part)  # a required key that is missing
    return tuple(out)


def _sentence(error: Any, value: Any) -> str:
    kind = error["type"]
    if kind == "operator":
        if not isinstance(value, dict):
            return "a condition must be a mapping with one operator"
        ops = [key for key in value if key in CONDITION_MODELS]
        if ops:
            return f"one operator per condition, found {', '.join(ops)}"
        unknown = next((k for k in value if k != "found"), "?")
        return f"unknown operator {unknown!r}; use one of {', '.join(sorted(CONDITION_MODELS))}"
    if kind == "extra_forbidden":
        return f"unknown key {error['loc'][-1]!r}"
    if kind == "missing":
        return f"{error['loc'][-1]!r} is required"
    if kind == "literal_error":
        return f"must be {error['ctx']['expected']}"
    message = str(error["msg"])
    return (
        message.removeprefix("Value error, ")
        .replace("Input should be", "must be")
        .replace("String should have at least 1 character", "must not be empty")
    )


def _value_at(spec: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            spec = spec[part]
        except (KeyError, IndexError, TypeError):
            return None
    return spec


_ARGUMENTS: dict[str | int, type[BaseModel]] = {
    "count": CountArgs,
    "value": ValueArgs,
    "each": EachArgs,
    "fact": FactArgs,
    "interface_role": InterfaceRoleArgs,
    "output": OutputArgs,
    "resolve": ResolveArgs,
    "acl": AclArgs,
    "python": PythonArgs,
    "to": Target,
    "present": Match,
    "absent": Match,
    "from": Match,
    "denies_sources": DeniedSources,
}


def _allowed(spec: Any, loc: Loc) -> str:
    """For an unknown key: the keys its mapping takes."""
    parent = loc[:-1]
    holder = _value_at(spec, parent)
    model: type[BaseModel] | None = None
    if parent and parent[-1] in _ARGUMENTS:
        model = _ARGUMENTS[parent[-1]]
    elif len(parent) >= 2 and parent[-2] == "block":
        model = Match
    elif isinstance(holder, dict) and any(k in CONDITION_MODELS for k in holder):
        model = CONDITION_MODELS[next(k for k in holder if k in CONDITION_MODELS)]
    if model is None:
        return ""
    names = sorted(f.alias or name for name, f in model.model_fields.items())
    return f"; allowed: {', '.join(names)}"


def validate_condition(spec: Any, loc: Loc) -> None:
    """Check ``spec`` (the mapping under ``loc``, e.g. ``("check",)``) against the operator models."""
    try:
        _Root.model_validate({"condition": spec})
    except ValidationError as exc:
        errors = exc.errors()
        error = min(errors, key=lambda e: (e["type"] != "extra_forbidden", -len(e["loc"])))
        where = _where(spec, tuple(error["loc"])[1:])
        sentence = _sentence(error, _value_at(spec, where))
        if error["type"] == "extra_forbidden":
            sentence += _allowed(spec, where)
        path = " > ".join(str(p) for p in (*loc, *where))
        value = _value_at(spec, where)
        line_at: Loc = where
        if error["type"] == "operator" and isinstance(value, dict) and value:
            ops = [key for key in value if key in CONDITION_MODELS]
            line_at = (*where, (ops or [k for k in value if k != "found"] or list(value))[-1])
        raise ConditionError((*loc, *line_at), f"{path}: {sentence}") from None
