"""The platform descriptor: everything devaudit knows about one platform, as one frozen value."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

__all__ = ["Completeness", "Facts", "Lazy", "Platform", "PlatformDescriptor"]

T = TypeVar("T")

ParserKind = Literal["indented", "junos", "sros"]


class Lazy(Generic[T]):
    """A part of a descriptor kept in a module of its own, imported the first time it is read.

    ``Lazy("devaudit.platforms.cisco_ios.detection:SIGNATURES")`` names the module and the attribute;
    ``Lazy.of(value)`` holds a value already built. Two parts are equal when they name the same target.
    """

    __slots__ = ("_loaded", "_value", "target")

    def __init__(self, target: str) -> None:
        module, sep, attr = target.partition(":")
        if not sep or not module or not attr:
            raise ValueError(f"a lazy part is named 'package.module:ATTRIBUTE', not {target!r}")
        self.target = target
        self._value: T | None = None
        self._loaded = False

    @classmethod
    def of(cls, value: T) -> Lazy[T]:
        """A part whose value is already at hand."""
        part: Lazy[T] = cls.__new__(cls)
        part.target = f"<value {type(value).__name__}>"
        part._value = value
        part._loaded = True
        return part

    def get(self) -> T:
        """The value, importing its module on first use."""
        if not self._loaded:
            module, _, attr = self.target.partition(":")
            try:
                value = getattr(importlib.import_module(module), attr)
            except (ImportError, AttributeError) as exc:
                raise LookupError(f"cannot load {self.target}: {exc}") from exc
            self._value = value
            self._loaded = True
        return self._value  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lazy):
            return NotImplemented
        if self._loaded and other._loaded and self.target.startswith("<"):
            return bool(self._value == other._value)
        return self.target == other.target

    def __hash__(self) -> int:
        return hash(self.target)

    def __repr__(self) -> str:
        return f"Lazy({self.target!r})"


@dataclass(frozen=True, slots=True)
class Completeness:
    """How a collected configuration shows it was not cut off.

    ``last_line`` is a pattern the last statement must match (``^end\\s*$``) and ``last_word`` the word
    named in the message when it does not; ``braces`` says when the braces must balance: never, always,
    or only in the model-driven CLI's brace form.
    """

    last_line: str | None = None
    last_word: str = "end"
    braces: Literal["never", "always", "md_cli"] = "never"


@dataclass(frozen=True, slots=True)
class Facts:
    """Where the device's own name and release are written, as case-insensitive patterns with one group.

    ``hostname`` and ``version`` run over top-level statements, ``version_headers`` over the comment and
    header lines; ``ntc_platform`` names the ntc-templates platform for ``show version`` output, or
    ``template`` a TextFSM template: a file name in ``devaudit/templates`` or ``package:path/in/package``;
    ``version_field`` is the template's field holding the release.
    """

    hostname: str | None = None
    version: str | None = None
    version_headers: tuple[str, ...] = ()
    ntc_platform: str | None = None
    template: str | None = None
    version_field: str = "version"


@dataclass(frozen=True, kw_only=True)
class Platform:
    """What devaudit knows about one platform, as data.

    Cheap fields (names, commands, syntax words) are plain values; larger tables (detection signatures,
    the indentation parser's syntax facts, redaction forms, the simulator profile) are ``Lazy`` parts in
    modules of the platform's folder, so that naming a platform imports nothing heavy.
    """

    name: str
    label: str
    netmiko: str
    running_config: str
    version_command: str = "show version"
    paging: tuple[str, ...] = ()
    enable: str | None = None
    negation: str = "no"
    comment: str = "!"
    # Parsing: a built-in parser kind, or 'package.module:function' taking (lines, platform) -> ConfigTree.
    parser: str = "indented"
    syntax: Lazy[Any] | None = None  # devaudit.parsers.syntax.Syntax, for the indented parser
    # Detection: (compiled pattern, weight) pairs scored over the start of a file.
    signatures: Lazy[tuple[tuple[Any, int], ...]] | None = None
    # Top-level statements (first word or first two) every whole running configuration prints.
    whole_config_markers: frozenset[str] = frozenset()
    completeness: Completeness = field(default_factory=Completeness)
    facts: Facts = field(default_factory=Facts)
    # The module of Python checks a rule names as '<last part of the module>.<check>'.
    check_module: str | None = None
    # Remediation: flat statement paths ('set ...', '/configure ...') rather than nested blocks, and
    # numbered ACL rules ('rule 5 permit ...') merged by number.
    flat: bool = False
    numbered_rules: bool = False
    # The words before a flat statement path in remediation lines ('set / ' on SR Linux); the first is the
    # one a fix proof writes the tree back with. Empty: Junos 'set ' and SR OS '/configure '.
    flat_prefixes: tuple[str, ...] = ()
    # Redaction: the secret-bearing statement forms (devaudit.redaction.tables.F entries).
    redaction: Lazy[tuple[Any, ...]] | None = None
    # Advisory matching: a function turning the release string into a comparable Release.
    release_parser: Lazy[Any] | None = None
    # The SSH simulator's profile for this platform (prompts, commands, banner), used by mocks/.
    simulator: Lazy[Any] | None = None
    # Where the platform came from: 'devaudit' for built-ins, the distribution's name for plug-ins.
    origin: str = "devaudit"

    @property
    def third_party(self) -> bool:
        """Whether the platform comes from another package through an entry point."""
        return self.origin != "devaudit"


PlatformDescriptor = Platform
