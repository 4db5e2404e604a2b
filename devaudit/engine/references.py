"""The ``resolve`` condition: follow a name one line gives to the object it names, and check that object.

``from`` finds the referring lines (``access-class MGMT in``, ``snmp-server community X RO 99``,
``server 192.0.2.1 key 5``) and captures the name (group ``name``, else group 1). ``to`` says where the
object lives: ``acl`` (the device's ACLs and filters, any platform) or patterns in which ``{name}`` stands
for the captured name (``block``: blocks whose children are the object; ``lines``: lines that together are
the object). ``check`` is evaluated on the object; a name that leads nowhere is ``missing``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
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
            found = Pattern.build(template.replace(NAME_PLACEHOLDER, re.escape(name)), (), shared=False)
            if len(self._patterns) < 4096:
                self._patterns[key] = found
        return found

    def _found(self, ctx: CheckContext, root: Scope, template: str, name: str, depth: str) -> list[Node]:
        """The nodes ``template`` finds for ``name``: through the device's index of names when the lookup does
        not depend on the referring block, so that N references cost N lookups, not N scans of the config."""
        if depth == "scope":
            if root.block is not None or root.items is not None:
                return root.candidates(self._pattern(template, name), depth)  # inside the referring block
            depth = "top"  # the referring line is at the top level: its scope is the whole device
        if template.startswith("^" + NAME_PLACEHOLDER):
            # The name starts the line: its own first word finds the candidates (an index of every line by
            # its whole text would cost a scan of the configuration).
            exact = self._pattern(template, name)
            if exact.first is not None:
                return exact.find(_pool(ctx, exact, depth))
        key = f"names {depth} {template}"  # the same template finds the same lines for every rule
        index = ctx.domain.get(key)
        if index is None:
            index = ctx.domain[key] = _NameIndex.build(ctx, template, depth)
        if not isinstance(index, _NameIndex):  # a template the index cannot read: scan
            exact = self._pattern(template, name)
            return exact.find(_pool(ctx, exact, depth))
        return index.find(name, lambda: self._pattern(template, name))

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
        found_blocks = self._found(ctx, root, self.block, name, depth) if self.block else []
        found_lines = self._found(ctx, root, self.lines, name, depth) if self.lines else []
        if not found_blocks and not found_lines:
            return None
        items = [child for b in found_blocks for child in b.children] + list(found_lines)
        table = device_acls(ctx)
        acls = tuple(dict.fromkeys(a for n in (*found_blocks, *found_lines) if (a := table.of_node(n)) is not None))
        return Scope(ctx, found_blocks[0] if found_blocks else None, items, acls or None)


def _pool(ctx: CheckContext, pattern: Pattern, depth: str) -> Sequence[Node]:
    """The lines of the whole device ``pattern`` can match at ``depth`` (top level, or anywhere), by its
    first words."""
    tree = ctx.tree
    if depth == "any":
        return tree.anywhere(pattern.first) if pattern.first else list(tree.walk())
    if pattern.first_two is not None:
        return tree.top_two(pattern.first_two)
    return tree.top(pattern.first) if pattern.first is not None else tree.roots


class _NameIndex:
    """The nodes a ``{name}`` template can find on one device, by the name each one carries.

    The template is read once with ``{name}`` as the shortest and as the longest text that lets it match:
    when both give the same text, that text is the only name the node can answer to (an anchored pattern
    has one start, and every possible capture lies between the shortest and the longest), so the template
    with a name written in matches the node exactly when the name is that text. Nodes where they differ
    are tried with the exact pattern for every name.
    """

    __slots__ = ("ambiguous", "by_name")

    def __init__(self) -> None:
        self.by_name: dict[str, list[tuple[int, Node]]] = {}
        self.ambiguous: list[tuple[int, Node]] = []

    @staticmethod
    def build(ctx: CheckContext, template: str, depth: str) -> _NameIndex | bool:
        if not template.startswith("^") or template.count(NAME_PLACEHOLDER) != 1:
            return False
        try:
            shortest = Pattern.build(template.replace(NAME_PLACEHOLDER, "(?P<_ref>.+?)"), ())
            longest = Pattern.build(template.replace(NAME_PLACEHOLDER, "(?P<_ref>.+)"), ())
        except ConditionError:
            return False
        index = _NameIndex()
        for position, node in enumerate(shortest.find(_pool(ctx, shortest, depth))):
            low = shortest.regex.search(node.text)
            high = longest.regex.search(node.text)
            name = low.group("_ref") if low is not None else None
            if name is not None and high is not None and high.group("_ref") == name:
                index.by_name.setdefault(name.lower(), []).append((position, node))
            else:
                index.ambiguous.append((position, node))
        return index

    def find(self, name: str, exact: Callable[[], Pattern]) -> list[Node]:
        """The nodes that answer to ``name``; ``exact`` (the template with the name written in) is built and
        tried only on the nodes whose name the template leaves open."""
        found = self.by_name.get(name.lower(), [])
        if self.ambiguous:
            search = exact().regex.search
            found = sorted([*found, *(item for item in self.ambiguous if search(item[1].text))], key=lambda i: i[0])
        return [node for _, node in found]


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
