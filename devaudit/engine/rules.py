"""Rule and baseline definitions as validated, frozen models (parsed at the edge, trusted inside)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from devaudit.models import Severity
from devaudit.platforms import PLATFORM_NAMES

__all__ = [
    "CATEGORIES",
    "PROFILES",
    "ROLES",
    "DefaultEntry",
    "Example",
    "Examples",
    "PackFile",
    "References",
    "Rule",
]

CATEGORIES = (
    "management plane",
    "control plane",
    "data plane",
    "logging",
    "crypto",
    "services",
    "accounts",
)
PROFILES = ("cis-level1", "cis-level2", "stig", "nsa", "vendor")
ROLES = ("router", "access-switch", "l3switch", "perimeter", "core", "olt", "firewall")

Category = Literal[
    "management plane", "control plane", "data plane", "logging", "crypto", "services", "accounts"
]
Profile = Literal["cis-level1", "cis-level2", "stig", "nsa", "vendor"]
Role = Literal["router", "access-switch", "l3switch", "perimeter", "core", "olt", "firewall"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class References(BaseModel):
    """Where a control comes from: CIS section, DISA STIG ID, NSA guide, vendor guide."""

    model_config = _FROZEN

    cis: str | None = None
    stig: str | None = None
    nsa: str | None = None
    vendor: str | None = None
    other: str | None = None

    def as_tuple(self) -> tuple[str, ...]:
        """Non-empty references as ``KIND: text`` strings."""
        out = []
        for key in ("cis", "stig", "nsa", "vendor", "other"):
            value = getattr(self, key)
            if value:
                out.append(f"{key.upper() if key not in {'vendor', 'other'} else key}: {value}")
        return tuple(out)


class Example(BaseModel):
    """A config snippet a rule must PASS or FAIL, with the facts that matter for it."""

    model_config = _FROZEN

    config: str
    os_version: str | None = None
    role: str | None = None
    tags: list[str] = Field(default_factory=list)
    outputs: dict[str, str] = Field(default_factory=dict)
    note: str | None = None
    status: Literal["NOT_APPLICABLE"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"config": value} if isinstance(value, str) else value


class Examples(BaseModel):
    """Pass and fail examples; a rule without both is rejected by ``baseline lint``."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    pass_: list[Example] = Field(default_factory=list, alias="pass")
    fail: list[Example] = Field(default_factory=list)
    not_applicable: list[Example] = Field(default_factory=list)


class Rule(BaseModel):
    """One control: metadata, applicability, the check, remediation and examples.

    ``remediation`` is what an operator types; ``remediation_result`` is how the device then prints it,
    when that differs (hashed secrets, encrypted keys). The remediation test applies the latter.
    ``lockout`` warns that the fix can cut the operator off and says the safe order; a ``guard`` rule
    FAILs on configurations that lock the operator out, and no other rule's fix may make it FAIL.

    The texts an operator reads are written here, never generated from the check: ``expected`` is one
    sentence saying what a compliant device has (``${variables}`` are spelt out), ``found`` says what a
    FAIL found and may quote the evaluation (``{count}``, ``{value}``, ``{block}``, ``{lines}``,
    ``{details}``), and ``not_applicable`` says why the rule has nothing to check.
    """

    model_config = _FROZEN

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
    title: str = Field(min_length=3)
    severity: Severity
    category: Category
    rationale: str = ""
    references: References = Field(default_factory=References)
    remediation: list[str] = Field(default_factory=list)
    remediation_result: list[str] = Field(default_factory=list)
    platforms: list[str] = Field(default_factory=list)
    profiles: list[Profile] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    when: dict[str, Any] | None = None
    check: dict[str, Any]
    needs: list[str] = Field(default_factory=list)
    defaults: list[str] = Field(default_factory=list)
    lockout: str | None = None
    guard: bool = False
    expected: str | None = None
    found: str | None = None
    not_applicable: str | None = None
    scored: bool = True
    examples: Examples = Field(default_factory=Examples)

    @field_validator("platforms")
    @classmethod
    def _known_platforms(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in PLATFORM_NAMES:
                raise ValueError(f"unknown platform {name!r}; known: {', '.join(PLATFORM_NAMES)}")
        return value


class DefaultEntry(BaseModel):
    """A platform default that the running config does not print, optionally per release range."""

    model_config = _FROZEN

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    value: bool | int | str
    versions: str | None = Field(
        default=None, pattern=r"^(?:<|<=|>|>=|==)\s*\S+(?:\s*,\s*(?:<|<=|>|>=|==)\s*\S+)*$"
    )
    note: str = ""


class PackFile(BaseModel):
    """One YAML file of a baseline: rules, variables, defaults and composition."""

    model_config = _FROZEN

    baseline: str | None = None
    description: str = ""
    platform: str | None = None
    extends: list[str] = Field(default_factory=list)
    vars: dict[str, Any] = Field(default_factory=dict)
    rules: list[dict[str, Any]] = Field(default_factory=list)
    overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)
    disable: list[str] = Field(default_factory=list)
    defaults: list[DefaultEntry] = Field(default_factory=list)

    @field_validator("extends", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("platform")
    @classmethod
    def _known_platform(cls, value: str | None) -> str | None:
        if value is not None and value not in PLATFORM_NAMES:
            raise ValueError(f"unknown platform {value!r}; known: {', '.join(PLATFORM_NAMES)}")
        return value
