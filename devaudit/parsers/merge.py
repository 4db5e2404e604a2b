"""IOS ``line`` blocks repeated for the same range, merged as the device merges them."""

from __future__ import annotations

import re

from devaudit.tree import Node

__all__ = ["merge_repeated_blocks", "setting_key"]

# Settings whose identity takes more than the first word: the direction of an access-class, the
# direction of a transport, the method list kind (and level) of authorization and accounting.
_DIRECTIONS = frozenset({"in", "out"})
_QUALIFIERS = frozenset({"input", "output", "preferred", "authentication"})


def setting_key(text: str) -> str:
    """The attribute a line setting sets: two settings with one key cannot both be in force.

    ``exec-timeout 5 0`` and ``no exec-timeout`` set ``exec-timeout``; ``access-class 10 in`` and
    ``access-class 20 out`` set two different attributes; ``transport input ssh`` replaces
    ``transport input telnet ssh``.
    """
    words = text.lower().split()
    if words[:1] == ["no"] or words[:1] == ["default"]:
        words = words[1:]
    if not words:
        return ""
    head = words[0]
    if head == "ipv6" and len(words) > 1:
        head, words = f"ipv6 {words[1]}", words[1:]
    if head.endswith("access-class"):
        return f"{head} {words[-1] if words[-1] in _DIRECTIONS else 'in'}"
    if head in ("transport", "login") and len(words) > 1 and words[1] in _QUALIFIERS:
        return f"{head} {words[1]}"
    if head in ("authorization", "accounting") and len(words) > 1:
        if words[1] == "commands" and len(words) > 2:
            return f"{head} commands {words[2]}"
        return f"{head} {words[1]}"
    return head


def merge_repeated_blocks(roots: list[Node], pattern: re.Pattern[str]) -> list[Node]:
    """``roots`` with every later top-level block of the same text as an earlier one (``pattern``
    selects the blocks concerned) merged into the first: a setting of the later block replaces the
    earlier setting of the same key, other settings are added. The first block keeps its place."""
    first: dict[str, Node] = {}
    out: list[Node] = []
    for node in roots:
        if node.key != "line" or not pattern.match(node.text):
            out.append(node)
            continue
        name = " ".join(node.text.lower().split())
        kept = first.get(name)
        if kept is None:
            first[name] = node
            out.append(node)
            continue
        for child in node.children:
            key = setting_key(child.text)
            child.parent = kept
            for pos, old in enumerate(kept.children):
                if setting_key(old.text) == key:
                    kept.children[pos] = child
                    break
            else:
                kept.children.append(child)
    return out
