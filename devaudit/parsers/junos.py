"""Junos configs, brace and ``display set`` forms, into one flat tree of ``set`` paths.

``inactive:`` statements and ``deactivate`` lines count as absent; ``delete`` removes; lists in
``[ ]`` become one path per element (as ``display set`` prints them); ``apply-groups`` are expanded
into inherited statements (marked ``Node.inherited``), so one rule serves every form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from devaudit.parsers.flat import ExpansionBudget, build_flat_tree, check_depth, split_words
from devaudit.tree import ConfigTree, ParseStats

__all__ = ["parse_junos"]

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|"[^"]*$|/\*|\*/|[{};\[\]]|[^\s{};\[\]"]+')
_PREFIXES = ("inactive:", "protect:", "replace:", "active:")
# A line holding one of these needs the tokenizer; the others ('system {', 'host-name r1;', '}') do not.
_SPECIAL = re.compile(r'["#\[\]{};]|/\*|\*/|^(?:inactive|protect|replace|active):')


@dataclass(slots=True)
class _Container:
    """An open ``{`` block: its words, whether it is inactive, whether it holds anything.

    ``prefix`` is the path down to and including this block, ``any_inactive`` whether it or an
    ancestor is inactive: both are kept so that a leaf costs no walk up the path.
    """

    words: list[str]
    inactive: bool
    start: int
    prefix: str = ""
    any_inactive: bool = False
    has_children: bool = False


class _BraceState:
    """Tokenizer state carried across lines (open strings and comments span lines)."""

    def __init__(self, budget: ExpansionBudget) -> None:
        self.budget = budget
        self.line = 0
        self.path: list[_Container] = []
        self.words: list[str] = []
        self.start = 0
        self.inactive = False
        self.in_list = False
        self.list_items: list[str] = []
        self.in_comment = False
        # The parts of a quoted string still open at the end of a line (joined once it closes).
        self.open_string: list[str] | None = None
        self.leaves: list[tuple[str, int, bool]] = []

    def add_leaf(self, text: str, start: int, inactive: bool) -> None:
        self.budget.charge(len(text), self.line)
        self.leaves.append((text, start, inactive))

    def parent_inactive(self) -> bool:
        return self.path[-1].any_inactive if self.path else False

    def leaf(self, words: list[str]) -> str:
        """The set path of ``words`` in the current block."""
        text = " ".join(words)
        if self.path:
            return f"{self.path[-1].prefix} {text}"
        return text

    def open_block(self, words: list[str], inactive: bool, start: int) -> None:
        parent = self.path[-1] if self.path else None
        if parent is not None:
            parent.has_children = True
        check_depth(len(self.path) + 1, self.line)
        prefix = " ".join(words) if parent is None else f"{parent.prefix} {' '.join(words)}"
        self.budget.charge(len(prefix), self.line)
        any_inactive = inactive or (parent is not None and parent.any_inactive)
        self.path.append(_Container(words, inactive, start, prefix, any_inactive))

    def close_block(self) -> None:
        if self.path:
            closed = self.path.pop()
            if not closed.has_children and closed.words:
                self.add_leaf(closed.prefix, closed.start, closed.any_inactive)

    def take_word(self, word: str, number: int) -> None:
        if self.in_list:
            self.list_items.append(word)
            return
        if not self.words:
            self.start = number
            if word in _PREFIXES:
                self.inactive = self.inactive or word == "inactive:"
                return
        self.words.append(word)

    def end_statement(self) -> None:
        if self.words:
            if self.path:
                self.path[-1].has_children = True
            inactive = self.inactive or self.parent_inactive()
            if self.list_items:
                for item in self.list_items:
                    self.add_leaf(self.leaf([*self.words, item]), self.start, inactive)
            else:
                self.add_leaf(self.leaf(self.words), self.start, inactive)
        self.words, self.list_items, self.inactive = [], [], False

    def feed(self, line: str, number: int) -> bool:
        """Consume one line; return whether it carried configuration tokens."""
        self.line = number
        if self.open_string is not None:
            end = line.find('"')
            if end < 0:
                self.budget.charge(len(line), number)
                self.open_string.append(line)
                return True
            self.open_string.append(line[: end + 1])
            self.take_word("\\n".join(self.open_string), number)
            self.open_string = None
            line = line[end + 1 :]
        carried = False
        for match in _TOKEN.finditer(line):
            token = match.group()
            if self.in_comment:
                if token == "*/":
                    self.in_comment = False
                continue
            if token == "/*":
                self.in_comment = True
                continue
            if token.startswith("#") and not self.in_list:
                break
            carried = True
            if token == "{":
                self.open_block(self.words, self.inactive, self.start)
                self.words, self.inactive = [], False
            elif token == "}":
                self.end_statement()
                self.close_block()
            elif token == ";":
                self.end_statement()
            elif token == "[":
                self.in_list = True
            elif token == "]":
                self.in_list = False
            elif token.startswith('"') and (len(token) == 1 or not token.endswith('"')):
                if not self.words:
                    self.start = number
                self.open_string = [token]
            else:
                self.take_word(token, number)
        return carried or self.open_string is not None


def _expand_groups(leaves: list[tuple[str, int]], budget: ExpansionBudget) -> list[tuple[str, int]]:
    """The statements inherited through ``apply-groups`` at the root or any level (not yet in ``leaves``).

    A group's statements are indexed once per apply depth by their first words, so each ``apply-groups``
    costs a look-up, not a pass over the group (thousands of interfaces applying one large group stay
    linear); building each index is charged to the budget. ``apply-groups-except NAME`` at a level stops
    NAME's inheritance at that level and below, unless NAME is applied again deeper down.
    """
    groups: dict[str, list[tuple[list[str], int]]] = {}
    applies: dict[tuple[tuple[str, ...], str], None] = {}
    excepts: dict[str, set[tuple[str, ...]]] = {}
    for text, number in leaves:
        if not text.startswith("groups ") and "apply-groups" not in text:
            continue
        words = split_words(text)
        if len(words) > 2 and words[0] == "groups":
            groups.setdefault(words[1].strip('"'), []).append((words[2:], number))
        elif "apply-groups" in words and words[0] != "groups":
            idx = words.index("apply-groups")
            if idx + 1 < len(words):
                applies[(tuple(words[:idx]), words[idx + 1].strip('"'))] = None
        elif "apply-groups-except" in words and words[0] != "groups":
            idx = words.index("apply-groups-except")
            if idx + 1 < len(words):
                excepts.setdefault(words[idx + 1].strip('"'), set()).add(tuple(words[:idx]))
    out: list[tuple[str, int]] = []
    if not applies:
        return out
    present = {text for text, _ in leaves}
    indices: dict[tuple[str, int], dict[tuple[str, ...], list[tuple[list[str], int]]]] = {}
    for prefix, name in applies:
        depth = len(prefix)
        index = indices.get((name, depth))
        if index is None:
            index = {}
            for words, number in groups.get(name, []):
                budget.charge(min(depth, len(words)) + 1, number)
                if not any(w.startswith("<") for w in words):
                    index.setdefault(tuple(words[:depth]), []).append((words, number))
            indices[(name, depth)] = index
        blocked = excepts.get(name)
        for words, number in index.get(prefix, []):
            if blocked and _excepted(words, depth, blocked, budget, number):
                continue
            text = " ".join(words)
            if text not in present:
                present.add(text)
                out.append((text, number))
    return out


def _excepted(
    words: list[str], depth: int, blocked: set[tuple[str, ...]], budget: ExpansionBudget, line: int
) -> bool:
    """Whether a level at or below the apply depth, and above the statement, excepts the group."""
    longest = max(len(level) for level in blocked)
    for end in range(depth, min(len(words), longest + 1)):
        budget.charge(end + 1, line)
        if tuple(words[:end]) in blocked:
            return True
    return False


def _set_bodies(text: str, budget: ExpansionBudget, line: int) -> list[str]:
    """The leaf paths of one ``set``/``delete`` body: a ``[ a b ]`` list gives one path per element.

    The size of the paths is charged to the budget before they are built.
    """
    if '"' not in text and "[" not in text:
        return [" ".join(text.split())]
    words = split_words(text)
    if "[" not in words or "]" not in words:
        return [" ".join(words)]
    start = words.index("[")
    end = words.index("]", start)
    head, items, tail = words[:start], words[start + 1 : end], words[end + 1 :]
    fixed = sum(len(word) + 1 for word in head + tail)
    budget.charge(fixed * len(items) + sum(len(item) for item in items), line)
    return [" ".join([*head, item, *tail]) for item in items] or [" ".join(head + tail)]


def _removed(
    text: str, removed: set[str], lengths: tuple[int, ...], present: frozenset[int], budget: ExpansionBudget, line: int
) -> bool:
    """Whether ``text`` or a path above it (cut at a word boundary) was deactivated or deleted.

    Only cuts as long as some removed path are compared (``lengths`` ascending, ``present`` the same as a set),
    shortest first; their cost is charged to the budget. With few such lengths (a config deletes a few paths)
    they are tried directly, else the word boundaries of ``text`` are walked.
    """
    if text in removed:
        return True
    if text[:1] == " ":
        return False  # no path starts with a blank: nothing above it
    if len(lengths) <= _FEW_LENGTHS:
        size = len(text)
        for end in lengths:
            if end >= size:
                break
            if end and text[end] == " ":
                budget.charge(end, line)
                if text[:end] in removed:
                    return True
        return False
    end = text.find(" ")
    while end > 0:
        if end in present:
            budget.charge(end, line)
            if text[:end] in removed:
                return True
        end = text.find(" ", end + 1)
    return False


_FEW_LENGTHS = 8


def parse_junos(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    """Parse Junos brace and/or set-form lines into a flat tree of set paths."""
    stats = ParseStats(total_lines=len(lines))
    budget = ExpansionBudget(lines)
    state = _BraceState(budget)
    set_leaves: list[tuple[str, int]] = []
    removed: list[str] = []
    config = 0
    path = state.path
    special = _SPECIAL.search
    for number, raw in lines:
        if raw[:4] == "set " and not path and not state.words and state.open_string is None:
            # The common 'display set' line, without quotes or a list: no tokenizing needed.
            body = raw[4:]
            if '"' not in body and "[" not in body and not state.in_comment:
                config += 1
                set_leaves.append((" ".join(body.split()), number))
                continue
        stripped = raw.strip()
        if state.open_string is None and not state.in_comment:
            if not stripped:
                stats.skip("blank")
                continue
            if stripped.startswith("#"):
                stats.skip("comment")
                continue
            if not state.path and not state.words:
                head = stripped.split(None, 1)
                if head[0] in ("set", "deactivate", "delete") and len(head) == 2:
                    config += 1
                    for body in _set_bodies(head[1], budget, number):
                        if head[0] == "set":
                            set_leaves.append((body, number))
                        else:
                            removed.append(body)
                    continue
            if not state.words and not state.in_list:
                # The common shapes ('name {', 'name value;', '}'), taken without tokenizing.
                state.line = number
                if stripped == "}":
                    state.close_block()
                    config += 1
                    continue
                body = stripped[:-1]
                if special(body) is None:
                    last = stripped[-1]
                    if last == "{":
                        state.open_block(body.split(), False, number)
                        config += 1
                        continue
                    if last == ";" and body:
                        text = " ".join(body.split())
                        if path:
                            parent = path[-1]
                            parent.has_children = True
                            state.add_leaf(f"{parent.prefix} {text}", number, parent.any_inactive)
                        else:
                            state.add_leaf(text, number, False)
                        config += 1
                        continue
        if state.feed(raw, number):
            config += 1
        else:
            stats.skip("comment")
    brace_leaves = [(text, n) for text, n, inactive in state.leaves if not inactive]
    stats.skip("inactive", sum(1 for *_, inactive in state.leaves if inactive))
    leaves = brace_leaves + set_leaves
    if removed:
        gone = set(removed)
        present = frozenset(len(text) for text in gone)
        lengths = tuple(sorted(present))
        leaves = [(text, n) for text, n in leaves if not _removed(text, gone, lengths, present, budget, n)]
    stats.config_lines = config
    added = _expand_groups(leaves, budget)
    tree = build_flat_tree(platform, leaves + added if added else leaves, stats)
    if added:
        inherited = {text for text, _ in added}
        for node in tree.roots:
            if node.text in inherited:
                node.inherited = True
    return tree
