"""The rule condition language: compile YAML mappings into matchers and evaluate them on a tree.

Operators (one per mapping): ``present``, ``absent``, ``count``, ``value``, ``each``, ``all``,
``any``, ``not``, ``fact``, ``role``, ``tag``, ``interface_role``, ``default``, ``output``, ``resolve``,
``acl``, ``python`` (``resolve`` and ``acl`` live in ``references`` and ``aclconditions``). Every regular
expression is case-insensitive and anchored where the author anchors it. Lookups go through the
tree's first-word indices, so a rule never rescans the whole configuration for each block.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.engine.regex_cache import compile_pattern
from devaudit.regex_literal import SPECIAL
from devaudit.tree import Node
from devaudit.versions import compare_versions

if TYPE_CHECKING:  # pragma: no cover
    from devaudit.domain.acl import Acl

__all__ = ["OPERATORS", "Condition", "ConditionError", "compile_condition"]

Loc = tuple[str | int, ...]


class ConditionError(ValueError):
    """A condition mapping is invalid; ``loc`` is its path inside the rule."""

    def __init__(self, loc: Loc, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


# --------------------------------------------------------------------------- matching helpers


@dataclass(frozen=True)
class Pattern:
    """A compiled case-insensitive regex plus the literal words used to find candidates fast."""

    source: str
    regex: re.Pattern[str]
    first: str | None
    first_two: str | None

    @staticmethod
    def build(source: str, loc: Loc, *, shared: bool = True) -> Pattern:
        """The pattern for ``source``; ``shared`` ones (a rule's own patterns) are one object per text, so
        that rules looking for the same lines share the per-device lookups kept by the pattern's identity.
        Patterns made per device (a name written into a template) are not shared: they would pile up."""
        try:
            regex = compile_pattern(source, re.IGNORECASE)
        except re.error as exc:
            raise ConditionError(loc, f"invalid regular expression {source!r}: {exc}") from None
        if shared:
            known = _INTERNED.get(source)
            if known is not None and known.regex is regex:
                return known
        first, first_two = _literal_words(source)
        pattern = Pattern(source, regex, first, first_two)
        if shared and len(_INTERNED) < _INTERNED_MAX:  # shared patterns live as long as the process
            _INTERNED[source] = pattern
        return pattern

    def find(self, nodes: Sequence[Node]) -> list[Node]:
        match = self.regex.search
        return [node for node in nodes if match(node.text)]


_INTERNED: dict[str, Pattern] = {}
_INTERNED_MAX = 50_000


def _literal_words(source: str) -> tuple[str | None, str | None]:
    """The complete first word (and first two words) every match must start with, if any."""
    if not source.startswith("^"):
        return None, None
    literal: list[str] = []
    rest = ""
    i = 1
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in "-/:#%@!\"'=,<>&~ ":
            literal.append(source[i + 1])
            i += 2
            continue
        if char in SPECIAL:
            rest = source[i:]
            break
        literal.append(char)
        i += 1
    text = "".join(literal).lower()
    if rest and rest[0] in "?*{" and text:
        text = text[:-1]  # the last literal character is optional
        rest = "(" + rest
    words = text.split(" ")
    complete = len(words) - 1
    if rest.startswith(("\\s", "\\b", "$", " ")) or (not rest and i >= len(source)):
        complete = len(words)
    if complete >= 1 and words[0]:
        first = words[0]
        two = " ".join(words[:2]) if complete >= 2 and words[1] else None
        return first, two
    return None, None


# A block with more children than this is searched through its index of children by first word.
_LARGE_BLOCK = 24


class Scope:
    """The nodes a condition looks at: the tree's top level, one block's children, or the lines of an
    object a ``resolve`` found (``items``; ``acls`` when that object is an ACL)."""

    __slots__ = ("acls", "block", "ctx", "items")

    def __init__(
        self,
        ctx: CheckContext,
        block: Node | None,
        items: Sequence[Node] | None = None,
        acls: tuple[Acl, ...] | None = None,
    ) -> None:
        self.ctx = ctx
        self.block = block
        self.items = items
        self.acls = acls

    def nodes(self, depth: str) -> Sequence[Node]:
        if self.items is not None:
            if depth == "any":
                return [n for item in self.items for n in (item, *item.walk())]
            return self.items
        if self.block is None:
            if depth == "any":
                return list(self.ctx.tree.walk())
            return self.ctx.tree.roots
        if depth == "any":
            return list(self.block.walk())
        return self.block.children

    def candidates(self, pattern: Pattern, depth: str) -> list[Node]:
        tree = self.ctx.tree
        if depth == "top" or (self.block is None and self.items is None and depth in ("scope", "any")):
            # These lookups do not depend on the block in scope: do each once per device.
            key = (id(pattern), "any" if depth == "any" else "top")
            memo = self.ctx.memo
            found = memo.get(key)
            if found is None:
                if depth == "any":
                    pool: Sequence[Node] = tree.anywhere(pattern.first) if pattern.first else list(tree.walk())
                elif pattern.first_two is not None:
                    pool = tree.top_two(pattern.first_two)
                elif pattern.first is not None:
                    pool = tree.top(pattern.first)
                else:
                    pool = tree.roots
                found = memo[key] = pattern.find(pool)
            return found
        match = pattern.regex.search
        first = pattern.first
        if depth == "scope" and self.items is None and self.block is not None:
            # The common case, a block's own lines: first words compared before any regex runs; a large
            # block (an ACL, a VRP interface range) answers from its index of children by first word.
            children = self.block.children
            if first is None:
                return [n for n in children if match(n.text)]
            if len(children) > _LARGE_BLOCK:
                return [n for n in self.block.children_with_key(first) if match(n.text)]
            return [n for n in children if n.key == first and match(n.text)]
        pool = self.nodes(depth)
        if first is not None:
            return [n for n in pool if n.key == first and match(n.text)]
        return [n for n in pool if match(n.text)]


def _pattern_arg(spec: Any, loc: Loc, variables: Mapping[str, Any]) -> tuple[Pattern, str]:
    """``REGEX`` or ``{match: REGEX, in: scope|any|top}`` (the shape was checked by the check models)."""
    depth = "scope"
    if isinstance(spec, Mapping):
        depth = str(spec.get("in", "scope"))
        spec = spec.get("match")
    return Pattern.build(_substitute(str(spec), variables, loc), loc), depth


_VAR = re.compile(r"\$\{([A-Za-z_][\w]*)\}")


def _substitute(text: str, variables: Mapping[str, Any], loc: Loc) -> str:
    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            raise ConditionError(loc, f"unknown variable ${{{name}}}")
        value = variables[name]
        if isinstance(value, list | tuple):
            return "(?:" + "|".join(re.escape(str(item)) for item in value) + ")"
        return re.escape(str(value)) if not isinstance(value, int) else str(value)

    return _VAR.sub(repl, text)


def _spelt_out(text: str, variables: Mapping[str, Any], loc: Loc) -> str:
    """A written text with its ``${variables}`` in words (lists as 'a', 'b' or 'c')."""
    from devaudit.engine.messages import words

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            raise ConditionError(loc, f"unknown variable ${{{name}}}")
        return words(variables[name])

    return _VAR.sub(repl, text)


def _resolve_value(value: Any, variables: Mapping[str, Any], loc: Loc) -> Any:
    if isinstance(value, str):
        whole = _VAR.fullmatch(value)
        if whole:
            name = whole.group(1)
            if name not in variables:
                raise ConditionError(loc, f"unknown variable ${{{name}}}")
            return variables[name]
    return value


# --------------------------------------------------------------------------- comparisons

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "in": lambda left, right: left in right,
    "not_in": lambda left, right: left not in right,
    "regex": lambda left, right: re.search(str(right), str(left), re.IGNORECASE) is not None,
}


def _coerce(left: Any, right: Any) -> tuple[Any, Any]:
    """Compare numbers as numbers and everything else case-insensitively as text."""
    if isinstance(right, list | tuple | set | frozenset):
        if all(isinstance(item, int | float) for item in right):
            try:
                return float(left), [float(item) for item in right]
            except (TypeError, ValueError):
                return left, right
        return str(left).lower(), [str(item).lower() for item in right]
    if isinstance(right, int | float) and not isinstance(right, bool):
        try:
            return float(left), float(right)
        except (TypeError, ValueError):
            return left, right
    if isinstance(left, str) and isinstance(right, str):
        return left.lower(), right.lower()
    return left, right


def compare(left: Any, op: str, right: Any) -> bool:
    """Apply comparison ``op``; mismatched types compare unequal rather than raising."""
    if op == "regex":  # the pattern keeps its case: lower-casing would turn \S, \D, \W into \s, \d, \w
        return _OPS[op](left, right)
    a, b = _coerce(left, right)
    try:
        return _OPS[op](a, b)
    except TypeError:
        return op in ("ne", "not_in")


_EXPR_OPS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def _compile_expr(expr: str, loc: Loc) -> Callable[[Mapping[str, str | None]], float]:
    """A tiny arithmetic expression over named groups, e.g. ``m * 60 + s`` (missing groups are 0)."""
    try:
        tree = ast.parse(expr, mode="eval").body
    except SyntaxError:
        raise ConditionError(loc, f"invalid expression {expr!r}") from None

    def build(node: ast.expr) -> Callable[[Mapping[str, str | None]], float]:
        if isinstance(node, ast.BinOp) and type(node.op) in _EXPR_OPS:
            fn, left, right = _EXPR_OPS[type(node.op)], build(node.left), build(node.right)
            return lambda groups: fn(left(groups), right(groups))
        if isinstance(node, ast.Name):
            name = node.id
            return lambda groups: float(groups.get(name) or 0)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            value = float(node.value)
            return lambda groups: value
        raise ConditionError(loc, f"unsupported expression element in {expr!r} (use + - * / names numbers)")

    return build(tree)


# --------------------------------------------------------------------------- conditions
#
# Conditions say nothing in words: a rule's written ``expected``/``found`` texts do. They report what
# a written text may quote through ``Outcome.fill``; only Python checks write notes.


_UIDS: dict[tuple[Any, ...], int] = {}


def _uid(key: tuple[Any, ...] | None) -> int | None:
    """A small number standing for a condition's structure (None: it depends on more than the device)."""
    if key is None:
        return None
    found = _UIDS.get(key)
    if found is None:
        found = _UIDS[key] = len(_UIDS) + 1
    return found


class Condition:
    """A compiled condition.

    ``key`` describes what the condition computes, when that depends only on the device and the scope
    (not on the role a rule runs under, a Python check or an object ``resolve`` found): equal keys give
    equal outcomes on the same device and block, so their work can be shared between rules.
    """

    key: tuple[Any, ...] | None = None

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        raise NotImplementedError

    def holds(self, ctx: CheckContext, scope: Scope) -> bool | None:
        """Just the verdict of ``evaluate`` (True, False or None), found with as little work as possible."""
        return self.evaluate(ctx, scope).ok


class Present(Condition):
    def __init__(self, pattern: Pattern, depth: str) -> None:
        self.pattern, self.depth = pattern, depth
        self.key = ("present", pattern.source, depth)

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        found = scope.candidates(self.pattern, self.depth)
        return Outcome(True, tuple(found)) if found else Outcome(False)

    def holds(self, ctx: CheckContext, scope: Scope) -> bool | None:
        return bool(scope.candidates(self.pattern, self.depth))


class Absent(Condition):
    def __init__(self, pattern: Pattern, depth: str) -> None:
        self.pattern, self.depth = pattern, depth
        self.key = ("absent", pattern.source, depth)

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        found = scope.candidates(self.pattern, self.depth)
        return Outcome(False, tuple(found)) if found else Outcome(True)

    def holds(self, ctx: CheckContext, scope: Scope) -> bool | None:
        return not scope.candidates(self.pattern, self.depth)


class Count(Condition):
    def __init__(self, pattern: Pattern, depth: str, low: int | None, high: int | None, distinct: str | None) -> None:
        self.pattern, self.depth, self.low, self.high, self.distinct = pattern, depth, low, high, distinct
        self.key = ("count", pattern.source, depth, low, high, distinct)

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        found = scope.candidates(self.pattern, self.depth)
        if self.distinct is not None:
            keys: set[str] = set()
            for node in found:
                match = self.pattern.regex.search(node.text)
                if match is not None:
                    keys.add((match.group(self.distinct) or "").lower())
            number = len(keys)
        else:
            number = len(found)
        fill = (("count", str(number)),)
        if self.high is not None and number > self.high:
            return Outcome(False, tuple(found), fill=fill)
        if self.low is not None and number < self.low:
            return Outcome(False, (), (), tuple(found), fill)
        return Outcome(True, tuple(found), fill=fill)


class Value(Condition):
    """Every (or any) line matching the pattern must have a captured value satisfying ``op value``."""

    def __init__(
        self,
        pattern: Pattern,
        depth: str,
        group: str | int,
        op: str,
        value: Any,
        missing: bool | None,
        quantifier: str,
        expr: Callable[[Mapping[str, str | None]], float] | None,
    ) -> None:
        self.pattern, self.depth, self.group, self.op, self.value = pattern, depth, group, op, value
        self.missing, self.quantifier, self.expr = missing, quantifier, expr
        # An expression has no text to compare by: such a value is not shared.
        shown = repr(value)
        self.key = None if expr else ("value", pattern.source, depth, group, op, shown, missing, quantifier)

    def _captured(self, node: Node) -> Any:
        match = self.pattern.regex.search(node.text)
        if match is None:
            return None
        if self.expr is not None:
            return self.expr(match.groupdict())
        try:
            return match.group(self.group)
        except (IndexError, KeyError):
            return None

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        found = scope.candidates(self.pattern, self.depth)
        if not found:
            return Outcome(self.missing)
        good: list[Node] = []
        bad: list[tuple[Node, Any]] = []
        for node in found:
            captured = self._captured(node)
            if compare(captured, self.op, self.value):
                good.append(node)
            else:
                bad.append((node, captured))
        if good and (self.quantifier == "any" or not bad):
            return Outcome(True, tuple(good))
        fill = tuple(("value", _shown(captured)) for _, captured in bad if captured is not None)
        return Outcome(False, tuple(node for node, _ in bad), fill=fill)


def _shown(value: Any) -> str:
    """A captured value as text: whole numbers without a decimal point."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Each(Condition):
    """Evaluate ``check`` inside every block matched by a path of patterns (optionally filtered)."""

    def __init__(
        self,
        path: list[Pattern],
        where: Condition | None,
        check: Condition,
        none: bool | None,
        depth: str,
    ) -> None:
        self.path, self.where, self.check, self.none, self.depth = path, where, check, none, depth
        paths = tuple(p.source for p in path)
        selection = None if where is not None and where.key is None else (paths, where and where.key, depth)
        # Rules that select the same blocks share the selection (per device and enclosing block).
        self.selection_key = selection
        self.selection = _uid(selection)
        inner = (selection, check.key, none) if selection is not None and check.key is not None else None
        self.key = None if inner is None else ("each", *inner)

    def __setstate__(self, state: dict[str, Any]) -> None:
        # The number standing for a selection is this process's: read back from a pickle, take it anew.
        self.__dict__.update(state)
        self.selection = _uid(self.selection_key)

    def blocks(self, ctx: CheckContext, scope: Scope) -> list[Node]:
        memo_key = None
        if self.selection is not None and scope.items is None:
            memo_key = (self.selection, id(scope.block))
            known = ctx.selections.get(memo_key)
            if known is not None:
                return known
        current = scope.candidates(self.path[0], self.depth)
        for pattern in self.path[1:]:
            nxt: list[Node] = []
            for block in current:
                nxt.extend(Scope(ctx, block).candidates(pattern, "scope"))
            current = nxt
        where = self.where
        if where is not None:
            current = [b for b in current if where.holds(ctx, Scope(ctx, b))]
        if memo_key is not None:
            ctx.selections[memo_key] = current
        return current

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        blocks = self.blocks(ctx, scope)
        if not blocks:
            return Outcome(self.none)
        failing: list[Node] = []
        context: list[Node] = []
        passing: list[Node] = []
        notes: list[str] = []
        fill: list[tuple[str, str]] = []
        applicable = False
        for block in blocks:
            result = self.check.evaluate(ctx, Scope(ctx, block))
            if result.ok is None:
                continue
            applicable = True
            if result.ok:
                passing.append(block)
                passing.extend(result.evidence)
            else:
                context.append(block)
                context.extend(result.context)
                failing.extend(n for n in result.evidence if n is not block)
                notes.extend(f"{block.text}: {note}" for note in result.notes)
                fill.append(("block", block.text))
                # A part's written text is told with the block it failed in ("line vty 0 4: ...").
                fill.extend(
                    (name, f"{block.text}\t{value}") if name == "part" else (name, value) for name, value in result.fill
                )
        if not applicable:
            return Outcome(None)
        if context:
            return Outcome(False, tuple(failing), tuple(notes), tuple(context), tuple(fill))
        return Outcome(True, tuple(passing))

    def holds(self, ctx: CheckContext, scope: Scope) -> bool | None:
        blocks = self.blocks(ctx, scope)
        if not blocks:
            return self.none
        applicable = False
        check = self.check
        for block in blocks:
            verdict = check.holds(ctx, Scope(ctx, block))
            if verdict is False:
                return False
            if verdict:
                applicable = True
        return True if applicable else None


def _joined(op: str, items: Sequence[Condition]) -> tuple[Any, ...] | None:
    keys = tuple(item.key for item in items)
    return None if None in keys else (op, *keys)


class AllOf(Condition):
    def __init__(self, items: list[Condition]) -> None:
        self.items = items
        self.key = _joined("all", items)

    def holds(self, ctx: CheckContext, scope: Scope) -> bool | None:
        applicable = False
        for item in self.items:
            verdict = item.holds(ctx, scope)
            if verdict is False:
                return False
            if verdict:
                applicable = True
        return True if applicable else None

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        evidence: list[Node] = []
        bad: list[Node] = []
        context: list[Node] = []
        notes: list[str] = []
        why_not: list[str] = []  # what the parts that do not apply say, told only when none applies
        fill: list[tuple[str, str]] = []
        applicable = False
        failed = False
        for item in self.items:
            result = item.evaluate(ctx, scope)
            if result.ok is None:
                why_not.extend(result.notes)
                continue
            applicable = True
            fill.extend(result.fill)  # a passing count still tells how many lines it saw
            if result.ok:
                evidence.extend(result.evidence)
            else:
                failed = True
                bad.extend(result.evidence)
                context.extend(result.context)
                notes.extend(result.notes)
        if failed:
            return Outcome(False, tuple(bad), tuple(notes), tuple(context), tuple(fill))
        if not applicable:
            return Outcome(None, (), tuple(why_not))
        return Outcome(True, tuple(evidence))


class AnyOf(Condition):
    def __init__(self, items: list[Condition]) -> None:
        self.items = items
        self.key = _joined("any", items)

    def holds(self, ctx: CheckContext, scope: Scope) -> bool | None:
        applicable = False
        for item in self.items:
            verdict = item.holds(ctx, scope)
            if verdict:
                return True
            if verdict is False:
                applicable = True
        return False if applicable else None

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        bad: list[Node] = []
        context: list[Node] = []
        notes: list[str] = []
        fill: list[tuple[str, str]] = []
        applicable = False
        for item in self.items:
            result = item.evaluate(ctx, scope)
            if result.ok is None:
                continue
            applicable = True
            if result.ok:
                return result
            bad.extend(result.evidence)
            context.extend(result.context)
            notes.extend(result.notes)
            fill.extend(result.fill)
        if not applicable:
            return Outcome(None)
        return Outcome(False, tuple(bad), tuple(notes), tuple(context), tuple(fill))


class Not(Condition):
    def __init__(self, item: Condition) -> None:
        self.item = item
        self.key = None if item.key is None else ("not", item.key)

    def holds(self, ctx: CheckContext, scope: Scope) -> bool | None:
        verdict = self.item.holds(ctx, scope)
        return None if verdict is None else not verdict

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        result = self.item.evaluate(ctx, scope)
        if result.ok is None:
            return result
        if result.ok:
            return Outcome(False, result.evidence)
        return Outcome(True, (*result.evidence, *result.context))


class Fact(Condition):
    def __init__(self, name: str, op: str, value: Any) -> None:
        self.name, self.op, self.value = name, op, value
        self.key = ("fact", name, op, repr(value))

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        actual = getattr(ctx.facts, self.name, "") if self.name != "platform" else ctx.tree.platform
        if not actual:
            return Outcome(None)
        if self.name == "os_version" and self.op in ("lt", "le", "gt", "ge", "eq", "ne"):
            ok = compare_versions(str(actual), self.op, str(self.value))
        else:
            ok = compare(actual, self.op, self.value)
        return Outcome(ok)


class Membership(Condition):
    """``role: [...]`` or ``tag: [...]``: the device's role (or any tag) is in the list."""

    def __init__(self, kind: str, values: frozenset[str]) -> None:
        self.kind, self.values = kind, values

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        have = {ctx.role} if self.kind == "role" else set(ctx.tags)
        have.discard("")
        if not have:
            return Outcome(None)
        return Outcome(bool(have & self.values))


class InterfaceRoleIs(Condition):
    """``interface_role: [...]``: the interface in scope (an ``each`` block) has one of these roles.

    At the top level it holds when any interface that is not shut down has one of them. Roles are inferred
    from the configuration (devaudit.engine.roles) unless the inventory declares them; ``description``
    is the pattern that makes a description weak evidence of an external link (None: the default words).
    """

    def __init__(self, values: frozenset[str], description: re.Pattern[str] | None) -> None:
        self.values, self.description = values, description
        # Roles are read from the configuration and the inventory, never from the role a rule runs under.
        self.key = ("interface_role", tuple(sorted(values)), description.pattern if description else None)

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        from devaudit.engine.roles import roles_for

        roles = roles_for(ctx, self.description)
        block = scope.block
        if block is None:
            return Outcome(any(i.role in self.values and i.active for i in roles.items))
        found = roles.of_node(block)
        if found is None:
            words = block.text.split()
            if len(words) >= 2 and words[0].lower() == "interface":
                found = roles.get(words[1])
            elif len(words) >= 4 and words[0].lower() == "interfaces" and words[2].lower() == "unit":
                found = roles.get(f"{words[1]}.{words[3]}")
        return Outcome((found.role if found is not None else "unknown") in self.values)


class Default(Condition):
    """True when the platform default named here is on for this device's release."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.key = ("default", name)

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        if self.name not in ctx.defaults:
            return Outcome(None)
        return Outcome(bool(ctx.defaults[self.name]))


class OutputCheck(Condition):
    """Look in the output of a show command collected beside the config."""

    def __init__(self, command: str, pattern: Pattern, present: bool) -> None:
        self.command, self.pattern, self.present = command, pattern, present
        self.key = ("output", command, pattern.source, present)

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        text = ctx.outputs.get(self.command)
        if text is None:
            return Outcome(None)
        found = bool(self.pattern.regex.search(text))
        return Outcome(found if self.present else not found)


class Said(Condition):
    """A condition with its own written ``found`` text: a FAIL of it is told in those words.

    The text replaces what the parts inside it would say, so an ``any`` of alternatives reads as one
    sentence ("no login banner") rather than one per alternative.
    """

    def __init__(self, item: Condition, text: str) -> None:
        self.item, self.text = item, text
        self.key = None if item.key is None else ("said", text, item.key)

    def holds(self, ctx: CheckContext, scope: Scope) -> bool | None:
        return self.item.holds(ctx, scope)

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        result = self.item.evaluate(ctx, scope)
        if result.ok is not False:
            return result
        fill = (*(pair for pair in result.fill if pair[0] != "part"), ("part", self.text))
        return Outcome(False, result.evidence, result.notes, result.context, fill)


class PythonCondition(Condition):
    def __init__(self, name: str, fn: PythonCheck, args: Mapping[str, Any], depth: str) -> None:
        self.name, self.fn, self.args, self.depth = name, fn, args, depth

    def evaluate(self, ctx: CheckContext, scope: Scope) -> Outcome:
        return self.fn(ctx, scope.nodes(self.depth), self.args)


# --------------------------------------------------------------------------- compiler

OPERATORS = _OPERATORS = {
    "present",
    "absent",
    "count",
    "value",
    "each",
    "all",
    "any",
    "not",
    "fact",
    "role",
    "tag",
    "interface_role",
    "default",
    "output",
    "resolve",
    "acl",
    "python",
}


def _tristate(value: Any, loc: Loc) -> bool | None:
    mapping = {"pass": True, "fail": False, "na": None, "not_applicable": None}
    if value not in mapping:
        raise ConditionError(loc, "must be one of pass, fail, na")
    return mapping[value]


def _interface_role(arg: Any, here: Loc, variables: Mapping[str, Any]) -> Condition:
    """``external``, ``[external, ...]`` or ``{role: ..., description: WORDS | REGEX}``."""
    from devaudit.engine.roles import description_pattern

    description: re.Pattern[str] | None = None
    if isinstance(arg, Mapping):
        if "description" in arg:
            words = _resolve_value(arg["description"], variables, (*here, "description"))
            if isinstance(words, str):
                description = Pattern.build(_substitute(words, variables, (*here, "description")), here).regex
            elif isinstance(words, list) and all(isinstance(w, str) for w in words):
                description = description_pattern(words)
            else:
                raise ConditionError((*here, "description"), "description needs a list of words or a pattern")
        arg = arg.get("role")
    values = [arg] if isinstance(arg, str) else list(arg)
    return InterfaceRoleIs(frozenset(str(v).lower() for v in values), description)


def compile_condition(
    spec: Any,
    loc: Loc,
    variables: Mapping[str, Any],
    resolve_python: Callable[[str, Loc], PythonCheck],
    *,
    validated: bool = False,
) -> Condition:
    """Compile one condition mapping; raise ConditionError naming the offending location.

    The mapping's shape is checked against the typed models (``engine.checkmodels``) unless ``validated``
    says it already was (a baseline read from the cache). Any condition may carry ``found``: the words
    that tell a FAIL of that part (``${variables}`` spelt out).
    """
    if not validated:
        from devaudit.engine.checkmodels import validate_condition

        validate_condition(spec, loc)
    try:
        return _compile(spec, loc, variables, resolve_python)
    except ConditionError as exc:
        path = " > ".join(str(part) for part in exc.loc)
        if exc.message.startswith(f"{path}: "):
            raise
        raise ConditionError(exc.loc, f"{path}: {exc.message}") from None


def _compile(
    spec: Any,
    loc: Loc,
    variables: Mapping[str, Any],
    resolve_python: Callable[[str, Loc], PythonCheck],
) -> Condition:
    if "found" in spec:
        text = " ".join(str(spec["found"]).split())
        inner = _compile({k: v for k, v in spec.items() if k != "found"}, loc, variables, resolve_python)
        return Said(inner, _spelt_out(text, variables, (*loc, "found")))
    op = next(key for key in spec if key in _OPERATORS)
    arg = spec[op]
    here = (*loc, op)

    def sub(item: Any, where: Loc) -> Condition:
        return _compile(item, where, variables, resolve_python)

    if op in ("present", "absent"):
        pattern, depth = _pattern_arg(arg, here, variables)
        return Present(pattern, depth) if op == "present" else Absent(pattern, depth)
    if op == "count":
        pattern, depth = _pattern_arg({k: arg[k] for k in ("match", "in") if k in arg}, here, variables)
        low, high = (_resolve_value(arg.get(k), variables, (*here, k)) for k in ("min", "max"))
        for key, val in (("min", low), ("max", high)):
            if val is not None and (not isinstance(val, int) or isinstance(val, bool)):
                raise ConditionError((*here, key), "must be a whole number")
        distinct = arg.get("distinct")
        if distinct is not None and distinct not in pattern.regex.groupindex:
            raise ConditionError((*here, "distinct"), f"no named group {distinct!r} in the pattern")
        return Count(pattern, depth, low, high, distinct)
    if op == "value":
        pattern, depth = _pattern_arg({k: arg[k] for k in ("match", "in") if k in arg}, here, variables)
        expr_text = str(arg.get("expr") or "")
        expr = _compile_expr(expr_text, (*here, "expr")) if expr_text else None
        group = arg.get("group", 1)
        if not expr and isinstance(group, str) and group not in pattern.regex.groupindex:
            raise ConditionError((*here, "group"), f"no named group {group!r} in the pattern")
        if not expr and isinstance(group, int) and group > pattern.regex.groups:
            raise ConditionError((*here, "group"), f"the pattern has only {pattern.regex.groups} group(s)")
        missing = _tristate(arg.get("missing", "na"), (*here, "missing"))
        right = _resolve_value(arg["value"], variables, (*here, "value"))
        return Value(pattern, depth, group, str(arg["op"]), right, missing, str(arg.get("quantifier", "all")), expr)
    if op == "each":
        raw_path = arg["block"]
        if isinstance(raw_path, str):
            raw_path = [raw_path]
        path = [_pattern_arg(p, (*here, "block", i), variables)[0] for i, p in enumerate(raw_path)]
        where = sub(arg["where"], (*here, "where")) if arg.get("where") is not None else None
        check = sub(arg["check"], (*here, "check"))
        none = _tristate(arg.get("none", "na"), (*here, "none"))
        return Each(path, where, check, none, str(arg.get("in", "scope")))
    if op in ("all", "any"):
        items = [sub(item, (*here, i)) for i, item in enumerate(arg)]
        return AllOf(items) if op == "all" else AnyOf(items)
    if op == "not":
        return Not(sub(arg, here))
    if op == "fact":
        return Fact(str(arg["name"]), str(arg["op"]), _resolve_value(arg.get("value"), variables, (*here, "value")))
    if op in ("role", "tag"):
        values = [arg] if isinstance(arg, str) else arg
        return Membership(op, frozenset(str(v).lower() for v in values))
    if op == "interface_role":
        return _interface_role(arg, here, variables)
    if op == "default":
        return Default(str(arg))
    if op == "output":
        key = "present" if arg.get("present") is not None else "absent"
        pattern = _pattern_arg(arg[key], (*here, key), variables)[0]
        return OutputCheck(str(arg["command"]), pattern, key == "present")
    if op == "resolve":
        from devaudit.engine.references import compile_resolve

        return compile_resolve(arg, here, variables, sub)
    if op == "acl":
        from devaudit.engine.aclconditions import compile_acl

        return compile_acl(arg, here, variables)
    # python
    if isinstance(arg, str):
        name, args, depth = arg, {}, "scope"
    else:
        name, args, depth = str(arg["name"]), dict(arg.get("args") or {}), str(arg.get("in", "scope"))
    args = {k: _resolve_value(v, variables, (*here, "args", k)) for k, v in args.items()}
    return PythonCondition(name, resolve_python(name, here), args, depth)
