"""Junos `| display set`: turn a brace-form configuration into the flat `set` lines Junos prints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["display_set"]

_PUNCTUATION = frozenset("{};[]")
_PREFIXES = frozenset({"inactive:", "protect:"})
# Statements whose second word names a list entry, so `deactivate` must name it too
# (`inactive: interface xe-0/0/1.0;` -> `deactivate ... interface xe-0/0/1.0`).
_NAMED_ELEMENTS = frozenset(
    {"interface", "server", "host", "neighbor", "route", "user", "community", "group", "term", "unit", "peer"}
)


def _lex(text: str) -> Iterator[str]:
    """Yield words, quoted strings (quotes kept) and the punctuation `{ } ; [ ]`; drop comments."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":  # `## Last commit`, `## SECRET-DATA`, `# comment`: to end of line
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif text.startswith("/*", i):  # annotation
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            yield text[i : j + 1]
            i = j + 1
        elif ch in _PUNCTUATION:
            yield ch
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _PUNCTUATION and text[j] != '"':
                j += 1
            yield text[i:j]
            i = j


@dataclass
class _Block:
    path: list[str]
    inactive: bool
    emitted: bool = False


def _expand(words: list[str]) -> list[list[str]]:
    """Expand a `[ a b c ]` list into one word sequence per element, as display set does."""
    if "[" not in words:
        return [words]
    start = words.index("[")
    end = words.index("]", start) if "]" in words[start:] else len(words)
    head, items, tail = words[:start], words[start + 1 : end], words[end + 1 :]
    return [[*head, item, *tail] for item in items] or [head + tail]


def display_set(config: str) -> list[str]:
    """Return the `set` (and `deactivate`) lines for a brace-form Junos configuration."""
    out: list[str] = []
    stack: list[_Block] = [_Block(path=[], inactive=False, emitted=True)]
    words: list[str] = []
    depth_brackets = 0
    for token in _lex(config):
        if token == "[":
            depth_brackets += 1
            words.append(token)
        elif token == "]":
            depth_brackets = max(0, depth_brackets - 1)
            words.append(token)
        elif token == ";" and depth_brackets == 0:
            _statement(out, stack, words)
            words = []
        elif token == "{":
            inactive = bool(words) and words[0] == "inactive:"
            body = [w for w in words if w not in _PREFIXES]
            stack[-1].emitted = True
            stack.append(_Block(path=stack[-1].path + body, inactive=inactive))
            words = []
        elif token == "}":
            if words:  # statement without a trailing semicolon
                _statement(out, stack, words)
                words = []
            if len(stack) > 1:
                block = stack.pop()
                if not block.emitted:
                    out.append("set " + " ".join(block.path))
                if block.inactive:
                    out.append("deactivate " + " ".join(block.path))
        else:
            words.append(token)
    return out


def _statement(out: list[str], stack: list[_Block], words: list[str]) -> None:
    if not words:
        return
    inactive = words[0] == "inactive:"
    body = [w for w in words if w not in _PREFIXES]
    if not body:
        return
    block = stack[-1]
    block.emitted = True
    for expanded in _expand(body):
        out.append("set " + " ".join(block.path + expanded))
    if inactive:
        named = len(body) > 1 and body[0] in _NAMED_ELEMENTS
        out.append("deactivate " + " ".join(block.path + body[: 2 if named else 1]))
