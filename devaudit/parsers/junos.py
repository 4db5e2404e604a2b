"""Junos configs, brace and ``display set`` forms, into one flat tree of ``set`` paths.

``inactive:`` statements and ``deactivate`` lines count as absent; ``delete`` removes; lists in
``[ ]`` become one path per element (as ``display set`` prints them); ``apply-groups`` are expanded
into inherited statements (marked ``Node.inherited``), so one rule serves every form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from devaudit.parsers.flat import build_flat_tree, split_words
from devaudit.tree import ConfigTree, ParseStats

__all__ = ["parse_junos"]

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|"[^"]*$|/\*|\*/|[{};\[\]]|[^\s{};\[\]"]+')
_PREFIXES = ("inactive:", "protect:", "replace:", "active:")


@dataclass
class _Container:
    """An open ``{`` block: its words, whether it is inactive, whether it holds anything."""

    words: list[str]
    inactive: bool
    start: int
    has_children: bool = False


class _BraceState:
    """Tokenizer state carried across lines (open strings and comments span lines)."""

    def __init__(self) -> None:
        self.path: list[_Container] = []
        self.words: list[str] = []
        self.start = 0
        self.inactive = False
        self.in_list = False
        self.list_items: list[str] = []
        self.in_comment = False
        self.open_string: str | None = None
        self.leaves: list[tuple[list[str], int, bool]] = []

    def parent_inactive(self) -> bool:
        return any(entry.inactive for entry in self.path)

    def base(self) -> list[str]:
        return [word for entry in self.path for word in entry.words]

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
            base = self.base()
            if self.path:
                self.path[-1].has_children = True
            inactive = self.inactive or self.parent_inactive()
            if self.list_items:
                for item in self.list_items:
                    self.leaves.append(([*base, *self.words, item], self.start, inactive))
            else:
                self.leaves.append(([*base, *self.words], self.start, inactive))
        self.words, self.list_items, self.inactive = [], [], False

    def feed(self, line: str, number: int) -> bool:
        """Consume one line; return whether it carried configuration tokens."""
        if self.open_string is not None:
            end = line.find('"')
            if end < 0:
                self.open_string += "\\n" + line
                return True
            self.take_word(self.open_string + "\\n" + line[: end + 1], number)
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
                if self.path:
                    self.path[-1].has_children = True
                self.path.append(_Container(self.words, self.inactive, self.start))
                self.words, self.inactive = [], False
            elif token == "}":
                self.end_statement()
                if self.path:
                    closed = self.path.pop()
                    if not closed.has_children and closed.words:
                        leaf = [*self.base(), *closed.words]
                        self.leaves.append((leaf, closed.start, closed.inactive or self.parent_inactive()))
            elif token == ";":
                self.end_statement()
            elif token == "[":
                self.in_list = True
            elif token == "]":
                self.in_list = False
            elif token.startswith('"') and (len(token) == 1 or not token.endswith('"')):
                if not self.words:
                    self.start = number
                self.open_string = token
            else:
                self.take_word(token, number)
        return carried or self.open_string is not None


def _expand_groups(leaves: list[tuple[str, int]]) -> list[tuple[str, int, bool]]:
    """Add statements inherited through ``apply-groups`` at the root or any level."""
    groups: dict[str, list[tuple[list[str], int]]] = {}
    applies: list[tuple[list[str], str]] = []
    for text, number in leaves:
        words = split_words(text)
        if len(words) > 2 and words[0] == "groups":
            groups.setdefault(words[1].strip('"'), []).append((words[2:], number))
        elif "apply-groups" in words and words[0] != "groups":
            idx = words.index("apply-groups")
            if idx + 1 < len(words):
                applies.append((words[:idx], words[idx + 1].strip('"')))
    out = [(text, number, False) for text, number in leaves]
    if not applies:
        return out
    present = {text for text, _ in leaves}
    for prefix, name in applies:
        for words, number in groups.get(name, []):
            if words[: len(prefix)] != prefix or any(w.startswith("<") for w in words):
                continue
            text = " ".join(words)
            if text not in present:
                present.add(text)
                out.append((text, number, True))
    return out


def parse_junos(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    """Parse Junos brace and/or set-form lines into a flat tree of set paths."""
    stats = ParseStats(total_lines=len(lines))
    state = _BraceState()
    set_leaves: list[tuple[str, int]] = []
    removed: list[str] = []
    config = 0
    for number, raw in lines:
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
                    body = " ".join(split_words(head[1]))
                    if head[0] == "set":
                        set_leaves.append((body, number))
                    else:
                        removed.append(body)
                    continue
        if state.feed(raw, number):
            config += 1
        else:
            stats.skip("comment")
    brace_leaves = [(" ".join(w), n) for w, n, inactive in state.leaves if not inactive]
    stats.skip("inactive", sum(1 for *_, inactive in state.leaves if inactive))
    leaves = brace_leaves + set_leaves
    if removed:
        leaves = [
            (text, n) for text, n in leaves if not any(text == r or text.startswith(r + " ") for r in removed)
        ]
    stats.config_lines = config
    expanded = _expand_groups(leaves)
    tree = build_flat_tree(platform, [(t, n) for t, n, _ in expanded], stats)
    inherited = {t for t, _, flag in expanded if flag}
    if inherited:
        for node in tree.roots:
            if node.text in inherited:
                node.inherited = True
    return tree
