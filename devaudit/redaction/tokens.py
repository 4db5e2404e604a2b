"""Split one configuration line into tokens with their positions, in one left-to-right pass."""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Token", "tokenize"]

# A double-quoted string (to its closing quote, or to the end of the line) with what sticks to it, or a
# run of non-blanks. Neither branch can fail after consuming text, so the scan never backtracks.
_WORD = re.compile(r'"[^"]*"?\S*|[^\s"]\S*')


class Token(NamedTuple):
    """One word of a line: its text and where it sits (``line[start:end] == text``)."""

    text: str
    start: int
    end: int


def tokenize(line: str) -> list[Token]:
    """Words separated by blanks; a double-quoted string is one word; a trailing ``;`` is its own word."""
    tokens: list[Token] = []
    for match in _WORD.finditer(line):
        start, end = match.span()
        text = match.group()
        if end - start > 1 and text[-1] == ";":
            tokens.append(Token(text[:-1], start, end - 1))
            tokens.append(Token(";", end - 1, end))
        else:
            tokens.append(Token(text, start, end))
    return tokens
