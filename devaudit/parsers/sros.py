"""Nokia SR OS configs (classic CLI, MD-CLI braces, flat MD-CLI paths) into one flat tree.

Every leaf becomes its path below ``configure`` with single spaces, e.g.
``system security telnet-server true`` (MD-CLI) or ``system security telnet-server`` (classic).
Classic and MD-CLI keep their own keywords; the two MD-CLI forms give identical trees.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from devaudit.parsers.flat import ExpansionBudget, build_flat_tree, check_depth, split_words
from devaudit.parsers.session import SKIP_REASON, SROS_CONTEXT
from devaudit.tree import ConfigTree, ParseStats

__all__ = ["parse_sros"]

_SKIP_CLASSIC = ("echo ", "exit all", "info", "admin display-config")
# Messages the CLI prints into a capture ('INFO: CLI #2052: Switching to the MD-CLI engine').
_CLI_MESSAGES = ("INFO: ", "MINOR: ", "MAJOR: ", "CRITICAL: ", "WARNING: ")
_SKIP_FIRST = frozenset("eiaIMCW")  # first letters of the two lists above


def _strip_configure(words: list[str]) -> list[str]:
    if words and words[0] == "/" and words[1:2] == ["configure"]:  # '/ configure ...' (flat, odd spacing)
        return words[2:]
    if words and words[0].lstrip("/") == "configure":
        return words[1:]
    return words


def _context(line: str) -> str | None:
    """The path below ``configure`` of an MD-CLI context line (``[ex:/configure system]`` gives
    ``system``), '' for ``configure`` itself, None for a context outside it (``[/]``, ``[gl:/state]``)."""
    inner = line[line.index("[") + 1 : -1].strip()
    if inner[2:3] == ":":  # the mode: 'gl:', 'ex:', 'pr:'
        inner = inner[3:]
    words = split_words(inner.lstrip("/"))
    if not words or words[0] != "configure":
        return None
    return " ".join(words[1:])


def _words(text: str) -> str:
    """``text`` with runs of white space outside quotes made single spaces."""
    return " ".join(split_words(text)) if '"' in text else " ".join(text.split())


def parse_sros(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    """Parse SR OS config lines in any of its three syntaxes.

    ``info`` output captured inside the configure context (no ``configure {`` wrapper) gets the path of
    the last MD-CLI context line (``[gl:/configure]``, ``[ex:/configure system]``), so it gives the same
    paths as the wrapped form.
    """
    stats = ParseStats(total_lines=len(lines))
    skipped = stats.skipped
    leaves: list[tuple[str, int]] = []
    budget = ExpansionBudget(lines)
    # Open blocks as [path below 'configure', indentation (-1 for a brace block), has children, line].
    stack: list[list[Any]] = []
    config = 0
    texts = list(map(itemgetter(1), lines))
    strips = list(map(str.strip, texts))  # each line stripped once, for both passes
    next_indent, next_exit = _next_indents(texts, strips)
    base = ""  # the context path of 'info' output captured inside the configure context

    def close(frame: list[Any]) -> None:
        if not frame[2] and frame[0]:  # an empty block is a leaf: 'module A' / 'exit', 'interface "x" { }'
            leaves.append((frame[0], frame[3]))

    def open_block(text: str, indent: int, number: int) -> None:
        check_depth(len(stack) + 1, number)
        if stack:
            parent = stack[-1]
            parent[2] = True
            path = f"{parent[0]} {text}" if parent[0] else text
        elif text == "configure":
            path = base
        elif text.startswith("configure "):  # a "configure system" block
            path = text.removeprefix("configure ")
        else:
            path = f"{base} {text}" if base else text
        budget.charge(len(path), number)
        stack.append([path, indent, False, number])

    for pos, (number, raw) in enumerate(lines):
        stripped = strips[pos]
        if not stripped:
            skipped["blank"] = skipped.get("blank", 0) + 1
            continue
        first = stripped[0]
        if first == "#":
            skipped["comment"] = skipped.get("comment", 0) + 1
            continue
        if first in "[*" and SROS_CONTEXT.match(stripped):
            while stack:
                close(stack.pop())
            base = _context(stripped) or ""
            skipped[SKIP_REASON] = skipped.get(SKIP_REASON, 0) + 1
            continue
        if first == "/":
            words = _strip_configure(split_words(stripped))
            if words:
                leaves.append((" ".join(words), number))
            config += 1
            continue
        if first in _SKIP_FIRST and (
            stripped.startswith(_SKIP_CLASSIC) or stripped in ("exit all", "info") or stripped.startswith(_CLI_MESSAGES)
        ):
            skipped["structure"] = skipped.get("structure", 0) + 1
            continue
        config += 1
        if stripped in {"}", "exit"}:
            if stack:
                close(stack.pop())
            continue
        if stripped[-1] == "{":
            open_block(_words(stripped[:-1]), -1, number)
            continue
        indent = len(raw) - len(raw.lstrip())
        # Classic CLI: a line whose next lines are indented deeper opens a block closed by 'exit'.
        while stack and stack[-1][1] >= 0 and stack[-1][1] >= indent:
            close(stack.pop())
        text = _words(stripped)
        # An empty classic block ('policy "x" create' then 'exit' at the same indentation) is a block too.
        following = next_indent[pos]
        if text == "configure" or following > indent or (next_exit[pos] and following == indent):
            open_block(text, indent, number)
            continue
        if stack:
            parent = stack[-1]
            parent[2] = True
            text = f"{parent[0]} {text}" if parent[0] else text
            budget.charge(len(text), number)
        elif text.startswith("configure "):
            text = text[len("configure ") :]
        elif base:
            text = f"{base} {text}"
            budget.charge(len(text), number)
        leaves.append((text, number))
    while stack:
        close(stack.pop())
    stats.config_lines = config
    return build_flat_tree(platform, leaves, stats, dedupe=False)


def _next_indents(texts: list[str], strips: list[str]) -> tuple[list[int], list[bool]]:
    """For each line (``texts``, ``strips`` the same stripped), the indentation of the next non-blank,
    non-comment line (-1 at the end), and whether that next line is a classic ``exit``."""
    out = [-1] * len(texts)
    exits = [False] * len(texts)
    following = -1
    following_exit = False
    for pos in range(len(texts) - 1, -1, -1):
        out[pos] = following
        exits[pos] = following_exit
        stripped = strips[pos]
        if stripped and stripped[0] != "#":
            text = texts[pos]
            following = len(text) - len(text.lstrip())
            following_exit = stripped == "exit"
    return out, exits
