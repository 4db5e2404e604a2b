"""Helpers for syntaxes normalised to flat leaf paths (Junos set form, SR OS flat MD-CLI)."""

from __future__ import annotations

import re

from devaudit.tree import ConfigTree, Node, ParseStats

__all__ = ["build_flat_tree", "split_words"]

# A word is a run of quoted strings and other non-blank characters: '"a b"', '["x" "y"]' is two words.
_WORD = re.compile(r'(?:"(?:[^"\\]|\\.)*"?|[^\s"])+')


def split_words(text: str) -> list[str]:
    """Split on white space, keeping double-quoted strings (with their quotes) as one word."""
    if '"' not in text:
        return text.split()
    return _WORD.findall(text)


def build_flat_tree(
    platform: str, leaves: list[tuple[str, int]], stats: ParseStats, *, dedupe: bool = True
) -> ConfigTree:
    """One top-level node per leaf path, in file order; duplicate paths keep their first line."""
    roots: list[Node] = []
    seen: set[str] = set()
    for text, number in leaves:
        if dedupe:
            if text in seen:
                continue
            seen.add(text)
        roots.append(Node(text, number))
    return ConfigTree(platform, roots, stats, flat=True)
