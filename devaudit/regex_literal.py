"""The literal text every match of an anchored regular expression starts with (to index patterns by it)."""

from __future__ import annotations

__all__ = ["SPECIAL", "literal_start"]

SPECIAL = frozenset("\\.^$*+?{}[]|()")


def literal_start(source: str) -> tuple[str, str] | None:
    """For a pattern anchored with ``^``: the text every match starts with, as written, and the pattern after
    it (None when the pattern is not anchored). An escaped punctuation character is taken literally; a
    literal character made optional by what follows (``?``, ``*``, ``{``) is left out of the text."""
    if not source.startswith("^"):
        return None
    literal: list[str] = []
    i = 1
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and not source[i + 1].isalnum():
            literal.append(source[i + 1])
            i += 2
            continue
        if char in SPECIAL:
            break
        literal.append(char)
        i += 1
    text = "".join(literal)
    rest = source[i:]
    if rest[:1] in ("?", "*", "{") and text:  # the last literal character is optional
        text = text[:-1]
    return text, rest
