"""The one configuration tree every parser produces, with the indices rules use to stay linear."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ciscoconfparse2 import CiscoConfParse

__all__ = ["KIND_BANNER", "KIND_COMMAND", "KIND_OPAQUE", "ConfigTree", "Node", "ParseStats"]

KIND_COMMAND = 0
KIND_BANNER = 1
KIND_OPAQUE = 2


class Node:
    """One configuration statement: its text, original 1-based line, parent and children.

    Banners and certificate/key blocks are single opaque nodes whose content is in ``body``.
    ``inherited`` marks statements that come from a Junos ``apply-groups`` expansion; ``key`` is the
    lower-cased first word, the key of every index (computed once, compared many times).
    """

    __slots__ = ("_by_key", "body", "children", "inherited", "key", "kind", "line", "parent", "text")
    _by_key: dict[str, list[Node]]  # set by children_with_key() when first asked

    def __init__(
        self,
        text: str,
        line: int,
        parent: Node | None = None,
        kind: int = KIND_COMMAND,
        body: tuple[str, ...] = (),
    ) -> None:
        self.text = text
        self.key = text.partition(" ")[0].lower()
        self.line = line
        self.parent = parent
        self.children: list[Node] = []
        self.kind = kind
        self.body = body
        self.inherited = False

    def __repr__(self) -> str:
        return f"Node({self.line}: {self.text!r}, {len(self.children)} children)"

    @property
    def path(self) -> tuple[str, ...]:
        """Texts from the top-level ancestor down to this node."""
        parts: list[str] = []
        node: Node | None = self
        while node is not None:
            parts.append(node.text)
            node = node.parent
        parts.reverse()
        return tuple(parts)

    def children_with_key(self, word: str) -> list[Node]:
        """Children whose first word is ``word`` (lower case), in file order.

        An index of the block's children by first word, built on the first call (a tree is not changed
        once parsed), so asking a block for each of many settings costs one look-up each.
        """
        try:
            index = self._by_key
        except AttributeError:
            index = self._by_key = {}
            for child in self.children:
                bucket = index.get(child.key)
                if bucket is None:
                    index[child.key] = [child]
                else:
                    bucket.append(child)
        return index.get(word, [])

    def walk(self) -> Iterator[Node]:
        """This node's descendants, depth first, in file order (not the node itself)."""
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            if node.children:
                stack.extend(reversed(node.children))


def first_word(text: str) -> str:
    """Lower-cased first whitespace-separated word of ``text``."""
    end = text.find(" ")
    return (text if end < 0 else text[:end]).lower()


def first_two_words(text: str) -> str:
    """Lower-cased first two words of ``text`` joined by one space."""
    parts = text.split(None, 2)
    return " ".join(parts[:2]).lower()


@dataclass
class ParseStats:
    """Counts a parser keeps while reading a file (turned into Coverage in the report)."""

    total_lines: int = 0
    config_lines: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str, count: int = 1) -> None:
        """Record ``count`` lines skipped for ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + count


class ConfigTree:
    """A parsed configuration: top-level nodes plus lazily built first-word indices.

    ``flat`` trees (Junos, SR OS) hold one node per leaf statement with its full path as text, so
    brace, ``set`` and flat MD-CLI forms give identical trees.
    """

    __slots__ = ("_all_index", "_top_index", "_two_index", "elided", "flat", "platform", "roots", "stats")

    def __init__(self, platform: str, roots: list[Node], stats: ParseStats, *, flat: bool = False) -> None:
        self.platform = platform
        self.roots = roots
        self.stats = stats
        self.flat = flat
        self.elided = False
        self._top_index: dict[str, list[Node]] | None = None
        self._all_index: dict[str, list[Node]] | None = None
        self._two_index: dict[str, list[Node]] | None = None

    def __len__(self) -> int:
        return sum(1 for _ in self.walk())

    def walk(self) -> Iterator[Node]:
        """Every node in file order."""
        for root in self.roots:
            yield root
            if root.children:
                yield from root.walk()

    def top(self, word: str) -> list[Node]:
        """Top-level nodes whose first word is ``word`` (lower case)."""
        if self._top_index is None:
            index: dict[str, list[Node]] = {}
            for node in self.roots:
                index.setdefault(node.key, []).append(node)
            self._top_index = index
        return self._top_index.get(word, [])

    def anywhere(self, word: str) -> list[Node]:
        """Nodes at any depth whose first word is ``word`` (lower case), in file order."""
        if self._all_index is None:
            index: dict[str, list[Node]] = {}

            def add(nodes: list[Node]) -> None:
                for node in nodes:
                    bucket = index.get(node.key)
                    if bucket is None:
                        index[node.key] = [node]
                    else:
                        bucket.append(node)
                    if node.children:
                        add(node.children)

            add(self.roots)
            self._all_index = index
        return self._all_index.get(word, [])

    def top_two(self, words: str) -> list[Node]:
        """Top-level nodes whose first two words are ``words`` (lower case, one space)."""
        if self._two_index is None:
            index: dict[str, list[Node]] = {}
            for node in self.roots:
                index.setdefault(first_two_words(node.text), []).append(node)
            self._two_index = index
        return self._two_index.get(words, [])

    def to_text(self) -> str:
        """The tree written back as indented text (one space per level; flat trees one line each).

        Banners are written with their delimiters, so the text parses back into the same tree.
        """
        from devaudit.parsers.syntax import SYNTAXES

        syntax = SYNTAXES.get(self.platform)
        style = syntax.banner_style if syntax is not None else "delimited"
        close = syntax.opaque_close if syntax is not None else ""
        closes = tuple((start, text) for start, _, text in syntax.extra_opaque) if syntax is not None else ()
        out: list[str] = []

        def emit(node: Node, depth: int) -> None:
            if node.kind == KIND_BANNER:
                emit_banner(node, depth)
            else:
                out.append(" " * depth + node.text)
                out.extend(" " * (depth + 1) + line for line in node.body)
                if node.kind == KIND_OPAQUE:
                    ending = next((text for start, text in closes if start.match(node.text)), close)
                    if ending:
                        out.append(" " * (depth + 1) + ending)
            for child in node.children:
                emit(child, depth + 1)

        def emit_banner(node: Node, depth: int) -> None:
            head = " " * depth + node.text
            if style == "single":  # ASA: one statement per banner line
                out.append(f"{head} {node.body[0]}" if node.body else head)
                return
            if style == "eof":  # EOS
                out.extend([head, *node.body, "EOF"])
                return
            words = node.text.split()
            if style == "quoted" and node.text.endswith('"'):
                delimiter = '"'
            elif style != "quoted" and len(words) > 2:
                delimiter = words[-1]
            else:  # no text was given ('header login information' without a quote)
                out.append(head)
                return
            body = list(node.body)
            if style == "quoted":  # VRP: the text continues the head line
                out.append(head + "\n".join(body) + delimiter if body else head + delimiter)
                return
            out.extend([head, *body, delimiter])

        for root in self.roots:
            emit(root, 0)
        return "\n".join(out) + ("\n" if out else "")

    def to_ciscoconfparse(self) -> CiscoConfParse:
        """This tree as a ciscoconfparse2 object, for Python rules that want its query API.

        Needs the optional extra ``devaudit[ciscoconfparse]`` (GPL-3.0-only, kept off the hot path).
        """
        try:
            from ciscoconfparse2 import CiscoConfParse
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError(
                "to_ciscoconfparse() needs the optional extra: pip install 'devaudit[ciscoconfparse]'"
            ) from exc
        syntax = {"cisco_nxos": "nxos", "cisco_xr": "iosxr", "cisco_asa": "asa"}.get(self.platform, "ios")
        return CiscoConfParse(self.to_text().splitlines(), syntax=syntax)
