"""Helpers for syntaxes normalised to flat leaf paths (Junos set form, SR OS flat MD-CLI)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter

from devaudit.errors import ParseError
from devaudit.tree import ConfigTree, Node, ParseStats

__all__ = ["MAX_DEPTH", "ExpansionBudget", "build_flat_tree", "check_depth", "split_words"]

# Deepest block nesting accepted. Vendor configs stay far below it (the deepest seen: SR OS MD-CLI at 8
# levels, Junos at 5; the documented Junos and SR OS hierarchies stay under 20): deeper input is hostile.
MAX_DEPTH = 64


class ExpansionBudget:
    """Caps the characters of the leaf paths a flat parser builds from one file, so memory stays linear.

    Every leaf repeats the path of its blocks (and a ``[ ]`` list its statement per element): without a
    cap a crafted file of a few hundred kilobytes expands to gigabytes. Real configs expand to about
    their own size; the cap allows 16 times the input plus one million characters.
    """

    __slots__ = ("left",)

    def __init__(self, lines: Sequence[tuple[int, str]]) -> None:
        self.left = 16 * sum(map(len, map(itemgetter(1), lines))) + 1_000_000

    def charge(self, size: int, line: int) -> None:
        """Account ``size`` characters of leaf paths built at ``line``; raise ParseError past the cap."""
        self.left -= size
        if self.left < 0:
            raise ParseError(
                line,
                "its statements expand to more than 16 times the file's size (nested block paths, lists "
                "or groups): not a device configuration",
            )


def check_depth(depth: int, line: int) -> None:
    """Raise ParseError when a block opened at ``line`` would be nested ``depth`` levels deep."""
    if depth > MAX_DEPTH:
        raise ParseError(line, f"blocks are nested deeper than {MAX_DEPTH} levels")

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
