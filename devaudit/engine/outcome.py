"""What evaluating a condition yields, and the context conditions and Python checks see."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from devaudit.models import DeviceFacts
from devaudit.tree import ConfigTree, Node

__all__ = ["CheckContext", "Outcome", "PythonCheck", "capped", "rests_on_absence"]


class Outcome(NamedTuple):
    """Result of one condition: ``ok`` is True (holds), False (violated) or None (not applicable).

    ``evidence`` holds the nodes that decide the verdict (on a FAIL: the offending lines, which a fix
    negates); ``context`` holds lines shown beside them that are not themselves wrong (for example the
    one syslog host of a device that needs two). ``notes`` are sentences a Python check wrote for the
    operator; ``fill`` holds ``(name, value)`` pairs a rule's written ``found`` text can quote: ``count``
    (how many lines a count saw), ``value`` (a captured value that failed), ``block`` (a failing block),
    ``part`` (the written text of a condition that failed).

    An immutable named tuple: conditions build hundreds of these per device, and a tuple is built in a
    third of the time a frozen dataclass takes.
    """

    ok: bool | None
    evidence: tuple[Node, ...] = ()
    notes: tuple[str, ...] = ()
    context: tuple[Node, ...] = ()
    fill: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def passed(evidence: Sequence[Node] = (), note: str = "") -> Outcome:
        """A condition that holds."""
        return Outcome(True, tuple(evidence), (note,) if note else ())

    @staticmethod
    def failed(evidence: Sequence[Node] = (), note: str = "") -> Outcome:
        """A condition that is violated."""
        return Outcome(False, tuple(evidence), (note,) if note else ())

    @staticmethod
    def not_applicable(note: str) -> Outcome:
        """A condition whose subject does not exist on this device."""
        return Outcome(None, (), (note,))


@dataclass(frozen=True)
class CheckContext:
    """Everything a condition may consult besides the nodes in scope."""

    tree: ConfigTree
    facts: DeviceFacts
    role: str = ""
    tags: frozenset[str] = frozenset()
    outputs: Mapping[str, str] = field(default_factory=dict)
    variables: Mapping[str, Any] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(default_factory=dict)
    # Lookups that do not depend on the block in scope, memoised for this device (see Scope.candidates).
    memo: dict[tuple[int, str], list[Node]] = field(default_factory=dict, compare=False, repr=False)
    # The blocks an ``each`` selects (path and ``where``), by selection and enclosing block: rules that walk
    # the same blocks with the same filter (the active layer-3 interfaces, say) share one walk per device.
    selections: dict[tuple[int, int], list[Node]] = field(default_factory=dict, compare=False, repr=False)
    # The secret words of this device's configuration, found once when a message first needs them.
    secrets: list[frozenset[str]] = field(default_factory=list, compare=False, repr=False)
    # Interface roles the inventory declares (interface name -> external, internal, management, unknown).
    interfaces: Mapping[str, str] = field(default_factory=dict)
    # Interface roles inferred for this device, by description pattern (see devaudit.engine.roles.roles_for).
    roles: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    # Domain models read from this device's tree once (e.g. its ACL table, see devaudit.engine.aclconditions).
    domain: dict[str, object] = field(default_factory=dict, compare=False, repr=False)


PythonCheck = Callable[[CheckContext, Sequence[Node], Mapping[str, Any]], Outcome]


def capped(notes: Sequence[str], limit: int = 10) -> tuple[str, ...]:
    """At most ``limit`` notes, then how many more: a report line stays readable on a big device."""
    if len(notes) <= limit:
        return tuple(notes)
    return (*notes[:limit], f"... and {len(notes) - limit} more")


def rests_on_absence(outcome: Outcome) -> bool:
    """Whether a PASS or FAIL rests only on lines being absent: no configuration line at all behind it.

    A FAIL that shows lines (an offending statement, or the block a required line is missing from, or the
    one syslog host of a device that needs two) rests on what the file shows, and stays a FAIL.
    """
    return outcome.ok is not None and not outcome.evidence and not outcome.context
