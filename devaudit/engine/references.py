"""The ``resolve`` condition: follow a name one line gives to the object it names, and check that object.

``from`` finds the referring lines (``access-class MGMT in``, ``snmp-server community X RO 99``,
``server 192.0.2.1 key 5``) and captures the name (group ``name``, else group 1). ``to`` says where the
object lives: ``acl`` (the device's ACLs and filters, any platform) or patterns in which ``{name}`` stands
for the captured name (``block``: blocks whose children are the object; ``lines``: lines that together are
the object). ``check`` is evaluated on the object; a name that leads nowhere is ``missing``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from devaudit.engine.aclconditions import device_acls
from devaudit.engine.conditions import (
    Condition,
    ConditionError,
    Loc,
    Pattern,
    Scope,
    _pattern_arg,
    _substitute,
    _tristate,
)
from devaudit.engine.outcome import CheckContext, Outcome
from devaudit.tree import Node

__all__ = ["NAME_PLACEHOLDER", "Resolve", "Target", "compile_resolve"]

NAME_PLACEHOLDER = "{name}"


class Target:
    """Where a captured name leads: the ACL table, or blocks/lines found by patterns holding ``{name}``."""

    def __init__(self, acl: bool, block: str | None, lines: str | None, depth: str, family: str = "") -> None:
        self.acl, self.block, self.lines, self.depth, self.family = acl, block, lines, depth, family
        self._patterns: dict[tuple[str, str], Pattern] = {}

    def _pattern(self, template: str, name: str) -> Pattern:
        key = (template, name)
        found = self._patterns.get(key)
        if found is None:
            found = Pattern.build(template.replace(NAME_PLACEHOLDER, re.escape(name)), ())
            if len(self._patterns) < 4096:
                self._patterns[key] = found
        return found

    def scope(self, ctx: CheckContext, name: str, where: Scope) -> Scope | None:
        """The object ``name`` names as a scope (None when it does not exist); ``where`` is the scope of the
        referring line, searched when the target says ``in: scope`` (a join inside one block)."""
        if self.acl:
            named = [a for a in device_acls(ctx).get(name) if not self.family or a.family == self.family]
            if not named:
                return None
            items: list[Node] = []
            block: Node | None = None
            for acl in named:
                for node in acl.lines:
                    if node in acl.heads and node.children:
                        block = block or node
                        continue
                    items.append(node)
            return Scope(ctx, block, items, tuple(named))
        root, depth = (where, "scope") if self.depth == "scope" else (Scope(ctx, None), self.depth)
        found_blocks = root.candidates(self._pattern(self.block, name), depth) if self.block else []
        found_lines = root.candidates(self._pattern(self.lines, name), depth) if self.lines else []
        if not found_blocks and not found_lines:
            return None
        items = [child for b in found_blocks for child in b.children] + list(found_lines)
        table = device_acls(ctx)
        acls = tuple(dict.fromkeys(a for n in (*found_blocks, *found_lines) if (a := table.of_node(n)) is not None))
        return Scope(ctx, found_blocks[0] if found_blocks else None, items, acls or None)


class Resolve(Condition):
    """Every line that names an object names one that exists and passes ``check``."""

    def __init__(
        self,
        source: Pattern,
        depth: str,
        group: str | int,
        target: Target,
        check: Condition | None,
        missing: bool | None,
        none: bool | None,
        what: str,
    ) -> None:
        self.source, self.depth, self.group, self.target = source, depth, group, target
        self.check, self.missing, self.none, self.what = check, missing, none, what

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        refs: list[tuple[Node, str]] = []
        for node in scope.candidates(self.source, self.depth):
            match = self.source.regex.search(node.text)
            name = match.group(self.group) if match is not None else None
            if name:
                refs.append((node, name.strip('"')))
        if not refs:
            return Outcome(self.none)
        bad: list[Node] = []
        context: list[Node] = []
        good: list[Node] = []
        notes: list[str] = []
        fill: list[tuple[str, str]] = []
        applicable = False
        for node, name in refs:
            target = self.target.scope(ctx, name, scope)
            if target is None:
                if ctx.tree.elided or self.missing is None:
                    continue  # a partial file may hold the object elsewhere
                applicable = True
                if self.missing:
                    good.append(node)
                else:
                    bad.append(node)
                    notes.append(f"{self.what} {name} is not defined (line {node.line} names it)")
                continue
            if self.check is None:
                applicable = True
                good.append(node)
                continue
            result = self.check.evaluate(ctx, target)
            if result.ok is None:
                continue
            applicable = True
            if result.ok:
                good.append(node)
                good.extend(result.evidence)
                continue
            context.append(node)
            context.extend(result.context)
            bad.extend(result.evidence)
            notes.extend(result.notes)
            fill.extend(result.fill)
        if not applicable:
            return Outcome(None)
        if bad or context:
            return Outcome(False, tuple(bad), tuple(dict.fromkeys(notes)), tuple(context), tuple(fill))
        return Outcome(True, tuple(good))


def compile_resolve(arg: Any, here: Loc, variables: Mapping[str, Any], sub: Callable[[Any, Loc], Condition]) -> Resolve:
    """Compile ``resolve: {from, to, check, missing, none, what}`` (validated by the check models)."""
    source, depth = _pattern_arg(arg.get("from"), (*here, "from"), variables)
    if "name" in source.regex.groupindex:
        group: str | int = "name"
    elif source.regex.groups >= 1:
        group = 1
    else:
        raise ConditionError((*here, "from"), "the pattern must capture the name, e.g. (?P<name>\\S+)")
    target = compile_target(arg.get("to"), (*here, "to"), variables, str(arg.get("family") or ""))
    check = sub(arg["check"], (*here, "check")) if arg.get("check") is not None else None
    missing = _tristate(arg.get("missing", "fail"), (*here, "missing"))
    none = _tristate(arg.get("none", "na"), (*here, "none"))
    what = str(arg.get("what") or ("ACL" if target.acl else "the object"))
    return Resolve(source, depth, group, target, check, missing, none, what)


def compile_target(arg: Any, here: Loc, variables: Mapping[str, Any], family: str = "") -> Target:
    """``acl`` or ``{block: RE, lines: RE, in: top|any|scope}`` (patterns hold ``{name}``)."""
    if arg == "acl":
        return Target(True, None, None, "top", family)
    texts: dict[str, str | None] = {}
    for key in ("block", "lines"):
        value = arg.get(key)
        if value is None:
            texts[key] = None
            continue
        text = _substitute(str(value), variables, (*here, key))
        if NAME_PLACEHOLDER not in text:
            raise ConditionError((*here, key), f"the pattern must say where the name goes with {NAME_PLACEHOLDER}")
        Pattern.build(text.replace(NAME_PLACEHOLDER, "x"), (*here, key))
        texts[key] = text
    return Target(False, texts["block"], texts["lines"], str(arg.get("in", "top")))
