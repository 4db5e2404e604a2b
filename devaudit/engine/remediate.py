"""Apply a rule's remediation to a parsed config, the way the device would, to prove the fix works.

Offending lines (a FAIL's evidence) are negated by removal; remediation lines are merged with the
platform's own semantics: block lines merge into blocks with the same first two words, negations
(``no``/``undo``; ``delete`` on Junos and SR OS) remove what they negate, other lines are added.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from devaudit.parsers.syntax import SYNTAXES
from devaudit.platforms import PLATFORMS
from devaudit.tree import KIND_BANNER, KIND_OPAQUE, ConfigTree, Node, first_two_words

__all__ = ["apply_remediation", "render"]

_FLAT_PREFIXES = ("set ", "/configure ", "configure ")


def _remove(tree: ConfigTree, nodes: Iterable[Node]) -> None:
    for node in nodes:
        if node.children:
            continue
        siblings = node.parent.children if node.parent is not None else tree.roots
        if node in siblings:
            siblings.remove(node)


def _negated(text: str, words: tuple[str, ...]) -> str | None:
    low = text.lower()
    for word in words:
        if low.startswith(word + " "):
            return text[len(word) + 1 :].strip()
    return None


def _matches(node_text: str, target: str) -> bool:
    low, want = node_text.lower(), target.lower()
    return low == want or low.startswith(want + " ")


def _parse_lines(lines: Sequence[str]) -> list[tuple[int, str]]:
    out = []
    for line in lines:
        if not line.strip():
            continue
        out.append((len(line) - len(line.lstrip()), line.strip()))
    return out


class _Merger:
    def __init__(self, negations: tuple[str, ...], keep_negation: bool) -> None:
        self.negations = negations
        self.keep_negation = keep_negation

    def apply(self, container: list[Node], parent: Node | None, items: list[tuple[int, str]]) -> None:
        i = 0
        while i < len(items):
            indent, text = items[i]
            j = i + 1
            while j < len(items) and items[j][0] > indent:
                j += 1
            children = items[i + 1 : j]
            if children:
                self.block(container, parent, text, children)
            else:
                self.line(container, parent, text)
            i = j

    def block(
        self, container: list[Node], parent: Node | None, text: str, children: list[tuple[int, str]]
    ) -> None:
        key = first_two_words(text)
        targets = [n for n in container if first_two_words(n.text) == key and n.kind == 0]
        exact = [n for n in targets if n.text.lower() == text.lower()]
        if exact:
            targets = exact
        if not targets:
            node = Node(text, 0, parent)
            container.append(node)
            targets = [node]
        for target in targets:
            self.apply(target.children, target, children)

    def line(self, container: list[Node], parent: Node | None, text: str) -> None:
        negated = _negated(text, self.negations)
        if negated is not None:
            container[:] = [n for n in container if not _matches(n.text, negated)]
            if self.keep_negation and not any(n.text.lower() == text.lower() for n in container):
                container.append(Node(text, 0, parent))
            return
        if any(n.text.lower() == text.lower() for n in container):
            return
        for word in self.negations:
            container[:] = [n for n in container if n.text.lower() != f"{word} {text}".lower()]
        container.append(Node(text, 0, parent))


def _apply_flat(tree: ConfigTree, lines: Sequence[str]) -> None:
    for raw in lines:
        text = " ".join(raw.split())
        if not text:
            continue
        low = text.lower()
        delete = False
        for word in ("delete ", "no "):
            if low.startswith(word):
                text, delete = text[len(word) :], True
                break
        for prefix in _FLAT_PREFIXES:
            if text.lower().startswith(prefix):
                text = text[len(prefix) :]
                break
        if delete:
            tree.roots[:] = [n for n in tree.roots if not _matches(n.text, text)]
        elif not any(n.text.lower() == text.lower() for n in tree.roots):
            tree.roots.append(Node(text, 0))


def apply_remediation(tree: ConfigTree, offending: Iterable[Node], lines: Sequence[str]) -> str:
    """Negate ``offending`` leaf lines, merge ``lines``, and return the config text to re-audit."""
    _remove(tree, list(offending))
    if tree.flat:
        _apply_flat(tree, lines)
        return render(tree)
    platform = PLATFORMS[tree.platform]
    negations = ("no",) if platform.negation == "no" else (platform.negation, "no")
    merger = _Merger(negations, keep_negation=True)
    merger.apply(tree.roots, None, _parse_lines(lines))
    return render(tree)


def _banner_close(tree: ConfigTree, node: Node) -> str | None:
    syntax = SYNTAXES.get(tree.platform)
    style = syntax.banner_style if syntax is not None else "delimited"
    if style == "single":
        return None
    if style == "eof":
        return "EOF"
    return node.text.split()[-1] if node.text.split() else None


def render(tree: ConfigTree) -> str:
    """Write a tree back as config text its own parser reads (flat trees with their set/configure prefix)."""
    if tree.flat:
        prefix = "set " if tree.platform == "juniper_junos" else "/configure "
        return "".join(f"{prefix}{node.text}\n" for node in tree.roots)
    out: list[str] = []

    def emit(node: Node, depth: int) -> None:
        pad = " " * depth
        if node.kind == KIND_BANNER:
            close = _banner_close(tree, node)
            if close is None:
                out.append(pad + node.text + (" " + node.body[0] if node.body else ""))
                return
            out.append(pad + node.text)
            out.extend(node.body)
            out.append(close)
            return
        out.append(pad + node.text)
        if node.kind == KIND_OPAQUE:
            out.extend(pad + " " + line for line in node.body)
            out.append(
                pad + " " + ("public-key-code end" if "public-key-code" in node.text.lower() else "quit")
            )
            return
        for child in node.children:
            emit(child, depth + 1)

    for root in tree.roots:
        emit(root, 0)
    return "\n".join(out) + "\n"
