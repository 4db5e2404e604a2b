"""The platform descriptor: everything devaudit knows about one platform, as one frozen value.

The descriptors are frozen dataclasses whose ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` are
written out here rather than generated on import (every run imports this module).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

__all__ = ["Completeness", "Facts", "Lazy", "Platform", "PlatformDescriptor"]

T = TypeVar("T")

ParserKind = Literal["indented", "junos", "sros"]
_PARSER_KINDS = frozenset({"indented", "junos", "sros"})
_set = object.__setattr__  # frozen: fields are set once, in ``__init__``


def _is_target(text: str) -> bool:
    """Whether ``text`` reads 'package.module:attribute'."""
    module, sep, attr = text.partition(":")
    return bool(sep) and attr.isidentifier() and all(part.isidentifier() for part in module.split("."))


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


class _Described:
    """What a generated dataclass ``__repr__``, ``__eq__`` and ``__hash__`` do, for the frozen descriptor
    classes below (written once here rather than generated when the module is imported)."""

    __slots__ = ()

    def _values(self) -> tuple[Any, ...]:
        fields: dict[str, Any] = getattr(self, "__dataclass_fields__")  # noqa: B009 - set on each subclass
        return tuple(getattr(self, name) for name in fields)

    def __repr__(self) -> str:
        fields: dict[str, Any] = getattr(self, "__dataclass_fields__")  # noqa: B009
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in fields)
        return f"{self.__class__.__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__ and isinstance(other, _Described):
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Completeness(_Described):
    """How a collected configuration shows it was not cut off.

    ``last_line`` is a pattern the last statement must match (``^end\\s*$``) and ``last_word`` the word
    named in the message when it does not; ``braces`` says when the braces must balance: never, always,
    or only in the model-driven CLI's brace form.
    """

    last_line: str | None = None
    last_word: str = "end"
    braces: Literal["never", "always", "md_cli"] = "never"

    def __init__(
        self,
        last_line: str | None = None,
        last_word: str = "end",
        braces: Literal["never", "always", "md_cli"] = "never",
    ) -> None:
        _set(self, "last_line", last_line)
        _set(self, "last_word", last_word)
        _set(self, "braces", braces)


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Facts(_Described):
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

    def __init__(
        self,
        hostname: str | None = None,
        version: str | None = None,
        version_headers: tuple[str, ...] = (),
        ntc_platform: str | None = None,
        template: str | None = None,
        version_field: str = "version",
    ) -> None:
        _set(self, "hostname", hostname)
        _set(self, "version", version)
        _set(self, "version_headers", version_headers)
        _set(self, "ntc_platform", ntc_platform)
        _set(self, "template", template)
        _set(self, "version_field", version_field)


@dataclass(frozen=True, kw_only=True, init=False, repr=False, eq=False)
class Platform(_Described):
    """What devaudit knows about one platform, as data.

    Cheap fields (names, commands, syntax words) are plain values; larger tables (detection signatures,
    the indentation parser's syntax facts, redaction forms, the simulator profile) are ``Lazy`` parts in
    modules of the platform's folder, so that naming a platform imports nothing heavy.
    """

    name: str
    label: str
    netmiko: str
    rule_prefix: str = ""  # what the platform's rule IDs start with before the first '-' ('IOS', 'SROS')
    running_config: str
    version_command: str = "show version"
    paging: tuple[str, ...] = ()
    enable: str | None = None
    negation: str = "no"
    comment: str = "!"
    # Parsing: a built-in parser kind, or 'package.module:function' taking (lines, platform) -> ConfigTree.
    parser: str = "indented"
    syntax: Lazy[Any] | None = None  # devaudit.parsers.syntax.Syntax, for the indented parser
    # Terminal captures: 'configure' / 'commit' / 'quit' lines around pasted statements are session text
    # (Junos), and MD-CLI context lines ('[gl:/configure system]') are kept for the parser to read (SR OS).
    session_commands: bool = False
    context_lines: bool = False
    # Detection: (compiled pattern, weight) pairs scored over the start of a file.
    signatures: Lazy[tuple[tuple[Any, int], ...]] | None = None
    # Top-level statements (first word or first two) every whole running configuration prints.
    whole_config_markers: frozenset[str] = frozenset()
    completeness: Completeness = field(default_factory=Completeness)
    facts: Facts = field(default_factory=Facts)
    # The module of Python checks (a CHECKS table): rules name a check '<module>.<check>', where <module> is
    # the last part of a devaudit.checks module ('cisco') or else the platform's name.
    check_module: str | None = None
    # Remediation: flat statement paths ('set ...', '/configure ...') rather than nested blocks, the
    # prefix each is written back with, and numbered ACL rules ('rule 5 permit ...') merged by number.
    flat: bool = False
    flat_prefix: str = ""  # what starts each flat statement written back: 'set ', '/configure '
    numbered_rules: bool = False
    # Remediation bound to the device: placeholders filled with the object it already uses
    # (devaudit.engine.bindings.Binding entries), new objects numbered from a free range (FreeNumbers), and
    # how its vty lines, their ACL and protocols are written (devaudit.engine.mgmtpaths.Dialect).
    bindings: Lazy[tuple[Any, ...]] | None = None
    free_numbers: Lazy[Any] | None = None
    management: Lazy[Any] | None = None
    # Redaction: the secret-bearing statement forms (devaudit.redaction.forms.SecretForm entries), and the
    # words that may come before a statement ('no', 'undo', Junos 'set'; after a flat lead such as 'set' or
    # '/configure' the enclosing blocks are written in the line itself).
    redaction: Lazy[tuple[Any, ...]] | None = None
    statement_leads: frozenset[str] = frozenset({"no", "default"})
    # Advisory matching: a function turning the release string into a comparable Release
    # (devaudit.advisories.releases.Release; the built-ins' functions are in that module).
    release_parser: Lazy[Any] | None = None
    # The SSH simulator's profile (mocks.platforms.Platform: prompts, commands, banner), or a tuple of them
    # for CLI variants, in the folder's simulator.py; only mocks/ reads it.
    simulator: Lazy[Any] | None = None
    # Where the platform came from: 'devaudit' for built-ins, the distribution's name for plug-ins.
    origin: str = "devaudit"

    def __init__(
        self,
        *,
        name: str,
        label: str,
        netmiko: str,
        rule_prefix: str = "",
        running_config: str,
        version_command: str = "show version",
        paging: tuple[str, ...] = (),
        enable: str | None = None,
        negation: str = "no",
        comment: str = "!",
        parser: str = "indented",
        syntax: Lazy[Any] | None = None,
        session_commands: bool = False,
        context_lines: bool = False,
        signatures: Lazy[tuple[tuple[Any, int], ...]] | None = None,
        whole_config_markers: frozenset[str] = frozenset(),
        completeness: Completeness | None = None,
        facts: Facts | None = None,
        check_module: str | None = None,
        flat: bool = False,
        flat_prefix: str = "",
        numbered_rules: bool = False,
        bindings: Lazy[tuple[Any, ...]] | None = None,
        free_numbers: Lazy[Any] | None = None,
        management: Lazy[Any] | None = None,
        redaction: Lazy[tuple[Any, ...]] | None = None,
        statement_leads: frozenset[str] = frozenset({"no", "default"}),
        release_parser: Lazy[Any] | None = None,
        simulator: Lazy[Any] | None = None,
        origin: str = "devaudit",
    ) -> None:
        _set(self, "name", name)
        _set(self, "label", label)
        _set(self, "netmiko", netmiko)
        _set(self, "rule_prefix", rule_prefix)
        _set(self, "running_config", running_config)
        _set(self, "version_command", version_command)
        _set(self, "paging", paging)
        _set(self, "enable", enable)
        _set(self, "negation", negation)
        _set(self, "comment", comment)
        _set(self, "parser", parser)
        _set(self, "syntax", syntax)
        _set(self, "session_commands", session_commands)
        _set(self, "context_lines", context_lines)
        _set(self, "signatures", signatures)
        _set(self, "whole_config_markers", whole_config_markers)
        _set(self, "completeness", Completeness() if completeness is None else completeness)
        _set(self, "facts", Facts() if facts is None else facts)
        _set(self, "check_module", check_module)
        _set(self, "flat", flat)
        _set(self, "flat_prefix", flat_prefix)
        _set(self, "numbered_rules", numbered_rules)
        _set(self, "bindings", bindings)
        _set(self, "free_numbers", free_numbers)
        _set(self, "management", management)
        _set(self, "redaction", redaction)
        _set(self, "statement_leads", statement_leads)
        _set(self, "release_parser", release_parser)
        _set(self, "simulator", simulator)
        _set(self, "origin", origin)
        self.__post_init__()

    def __post_init__(self) -> None:
        if not (self.name.isidentifier() and self.name.islower() and self.name[0].isalpha()):
            raise ValueError(f"platform name {self.name!r}: use lower-case letters, digits and '_' (e.g. cisco_ios)")
        if self.parser not in _PARSER_KINDS and not _is_target(self.parser):
            raise ValueError(
                f"platform {self.name}: parser {self.parser!r} is not one of {', '.join(sorted(_PARSER_KINDS))} "
                "nor 'package.module:function'"
            )
        if self.parser == "indented" and self.syntax is None:
            raise ValueError(f"platform {self.name}: the indented parser needs the platform's syntax facts")

    @property
    def third_party(self) -> bool:
        """Whether the platform comes from another package through an entry point."""
        return self.origin != "devaudit"


PlatformDescriptor = Platform
