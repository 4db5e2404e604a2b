"""Nokia SR OS configs (classic CLI, MD-CLI braces, flat MD-CLI paths) into one flat tree.

Every leaf becomes its path below ``configure`` with single spaces, e.g.
``system security telnet-server true`` (MD-CLI) or ``system security telnet-server`` (classic).
Classic and MD-CLI keep their own keywords; the two MD-CLI forms give identical trees.
"""

from __future__ import annotations

from collections.abc import Sequence

from devaudit.parsers.flat import build_flat_tree, split_words
from devaudit.tree import ConfigTree, ParseStats

__all__ = ["parse_sros"]

_SKIP_CLASSIC = ("echo ", "exit all", "info", "admin display-config")


def _strip_configure(words: list[str]) -> list[str]:
    if words and words[0].lstrip("/") == "configure":
        return words[1:]
    return words


def parse_sros(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    """Parse SR OS config lines in any of its three syntaxes."""
    stats = ParseStats(total_lines=len(lines))
    leaves: list[tuple[str, int]] = []
    # Containers: (words, indent, has_children, line) for classic; (words, None, ...) for braces.
    stack: list[tuple[list[str], int, bool, int]] = []
    config = 0
    next_indent = _next_indents(lines)
    for pos, (number, raw) in enumerate(lines):
        stripped = raw.strip()
        if not stripped:
            stats.skip("blank")
            continue
        if stripped.startswith("#"):
            stats.skip("comment")
            continue
        if stripped.startswith("/"):
            words = _strip_configure(split_words(stripped))
            if words:
                leaves.append((" ".join(words), number))
            config += 1
            continue
        if stripped.startswith(_SKIP_CLASSIC) or stripped in ("exit all", "info"):
            stats.skip("structure")
            continue
        indent = len(raw) - len(raw.lstrip())
        if stripped == "}":
            config += 1
            if stack:
                words, _, has_children, line = stack.pop()
                if not has_children and words:
                    leaves.append((" ".join(_strip_configure(_path(stack) + words)), line))
            continue
        if stripped == "exit":
            config += 1
            if stack:
                words, _, has_children, line = stack.pop()
                if not has_children:
                    leaves.append((" ".join(_strip_configure(_path(stack) + words)), line))
            continue
        config += 1
        if stripped.endswith("{"):
            words = split_words(stripped[:-1].strip())
            if stack:
                stack[-1] = (stack[-1][0], stack[-1][1], True, stack[-1][3])
            stack.append((words, -1, False, number))
            continue
        words = split_words(stripped)
        # Classic CLI: a line whose next lines are indented deeper opens a block closed by 'exit'.
        while stack and stack[-1][1] >= 0 and stack[-1][1] >= indent:
            old_words, _, has_children, line = stack.pop()
            if not has_children:
                leaves.append((" ".join(_strip_configure(_path(stack) + old_words)), line))
        if stack:
            stack[-1] = (stack[-1][0], stack[-1][1], True, stack[-1][3])
        if stripped == "configure" or next_indent[pos] > indent:
            stack.append((words, indent, False, number))
        else:
            path = _strip_configure(_path(stack) + words)
            if path:
                leaves.append((" ".join(path), number))
    while stack:
        words, _, has_children, line = stack.pop()
        if not has_children and words:
            path = _strip_configure(_path(stack) + words)
            if path:
                leaves.append((" ".join(path), line))
    stats.config_lines = config
    return build_flat_tree(platform, leaves, stats, dedupe=False)


def _path(stack: list[tuple[list[str], int, bool, int]]) -> list[str]:
    return [word for words, *_ in stack for word in words]


def _next_indents(lines: Sequence[tuple[int, str]]) -> list[int]:
    """For each line, the indentation of the next non-blank, non-comment line (-1 at the end)."""
    out = [-1] * len(lines)
    following = -1
    for pos in range(len(lines) - 1, -1, -1):
        out[pos] = following
        text = lines[pos][1]
        stripped = text.strip()
        if stripped and not stripped.startswith("#"):
            following = len(text) - len(text.lstrip())
    return out
