"""One device's fixes as one script: objects defined first, blocks of the same object merged, bindings last.

Each rule's remediation is split into statements (a top-level line with its indented children; every line
on the flat Junos and SR OS syntaxes). Statements that define an object (an ACL, a class-map) come first,
merged when several rules touch the same object, with a final ``deny ... any`` kept last; statements that
bind something to the management lines (``line vty``, ``ip http access-class``, ``control-plane``) come
last, merged the same way; everything else stays with its rule, in the order the rules are given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from devaudit.engine.regex_cache import compile_pattern
from devaudit.models import Severity
from devaudit.platforms import get_platform, is_platform

__all__ = ["Part", "Plan", "Statement", "compose", "fix_order"]

_I = re.IGNORECASE

_OBJECT = compile_pattern(
    r"^(?:(?:ip|ipv4|ipv6|mac) access-list\s|access-list\s|acl\s|ipv4-access-list\s|ipv6-access-list\s|"
    r"object-group\s|class-map\s|key chain\s|ip prefix-list\s|ipv6 prefix-list\s|"
    r"set policy-options\s|set firewall\s)",
    _I,
)
# A policy-map only names classes: it comes after the class-maps, before the binding that applies it.
_LATE_OBJECT = compile_pattern(r"^policy-map\s", _I)
_BINDING = compile_pattern(
    r"^(?:line\s|user-interface\s|ip http access-class\s|control-plane\b|management (?:ssh|api|telnet)\b|"
    r"set interfaces lo0 .*\bfilter\b)",
    _I,
)
_FINAL_DENY = compile_pattern(
    r"^(?:\d+\s+)?deny\s+(?:(?:ip|ipv4|ipv6)\s+)?any(?:\s+any)?(?:\s+log(?:-input)?)?$",
    _I,
)


def fix_order(lockout: str, severity: Severity, rule_id: str) -> tuple[int, int, str]:
    """Fixes that cannot lock anyone out first (they prepare the ground), lockout ones last; worst first."""
    return (1 if lockout else 0, -severity.rank, rule_id)


@dataclass(frozen=True)
class Part:
    """One rule's fix lines for one device."""

    rule_id: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """A top-level line with its indented children, and the rules whose fixes it carries."""

    lines: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A device's fix script in three phases: objects, each rule's own statements, bindings."""

    objects: tuple[Statement, ...]
    own: tuple[tuple[str, tuple[Statement, ...]], ...]
    bindings: tuple[Statement, ...]

    def lines(self) -> list[str]:
        """Every configuration line, in the order to apply them."""
        out: list[str] = []
        for statement in self.objects:
            out.extend(statement.lines)
        for _, statements in self.own:
            for statement in statements:
                out.extend(statement.lines)
        for statement in self.bindings:
            out.extend(statement.lines)
        return out


def _statements(lines: Sequence[str], flat: bool) -> list[list[str]]:
    out: list[list[str]] = []
    for line in lines:
        if not line.strip():
            continue
        if flat or not line[:1].isspace() or not out:
            out.append([line])
        else:
            out[-1].append(line)
    return out


class _Merged:
    """Statements of one phase, merged by their top-level line."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.heads: dict[str, str] = {}
        self.children: dict[str, list[str]] = {}
        self.rules: dict[str, list[str]] = {}

    def add(self, statement: list[str], rule_id: str) -> None:
        key = " ".join(statement[0].split()).lower()
        if key not in self.heads:
            self.order.append(key)
            self.heads[key] = statement[0]
            self.children[key] = []
            self.rules[key] = []
        children = self.children[key]
        for child in statement[1:]:
            if child.strip().lower() not in (c.strip().lower() for c in children):
                children.append(child)
        if rule_id not in self.rules[key]:
            self.rules[key].append(rule_id)

    def result(self) -> tuple[Statement, ...]:
        out = []
        for key in self.order:
            children = self.children[key]
            denies = [c for c in children if _FINAL_DENY.match(c.strip())]
            kept = [c for c in children if c not in denies]
            out.append(Statement((self.heads[key], *kept, *denies), tuple(self.rules[key])))
        return tuple(out)


def compose(parts: Sequence[Part], platform: str) -> Plan:
    """The plan for ``parts`` (already in the order their rules should be applied)."""
    flat = is_platform(platform) and get_platform(platform).flat
    objects, late, bindings, blocks = _Merged(), _Merged(), _Merged(), _Merged()
    own: list[tuple[str, list[str]]] = []  # rule id, keys of its statements (blocks and lines)
    lines: dict[str, Statement] = {}
    for part in parts:
        mine: list[str] = []
        for statement in _statements(part.lines, flat):
            head = statement[0].strip()
            key = " ".join(head.split()).lower()
            if _OBJECT.match(head):
                objects.add(statement, part.rule_id)
            elif _LATE_OBJECT.match(head) and len(statement) > 1:
                late.add(statement, part.rule_id)
            elif _BINDING.match(head) and (len(statement) > 1 or flat or head.lower().startswith("ip http")):
                bindings.add(statement, part.rule_id)
            elif len(statement) > 1:
                if key not in blocks.heads:
                    mine.append("block:" + key)
                blocks.add(statement, part.rule_id)
            elif key not in lines:
                lines[key] = Statement(tuple(statement), (part.rule_id,))
                mine.append("line:" + key)
        own.append((part.rule_id, mine))
    merged = dict(zip(blocks.order, blocks.result(), strict=True))
    sections = tuple(
        (rule_id, tuple(merged[k[6:]] if k.startswith("block:") else lines[k[5:]] for k in keys))
        for rule_id, keys in own
    )
    return Plan((*objects.result(), *late.result()), sections, bindings.result())
