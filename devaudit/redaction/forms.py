"""One secret-bearing statement form, as the tables declare it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SecretForm"]


@dataclass(frozen=True)
class SecretForm:
    """A statement that carries a secret, or (``secret`` empty) a known statement that carries none.

    ``secret`` is searched at every word of the statement (its first element must be a word);
    ``statement`` must match at the statement's start (after ``no``, ``undo``, ``set``...);
    ``context`` must match at the start of one of the enclosing blocks' statements (or of the statement
    itself, for flat forms such as Junos ``set``). Patterns use the language of ``patterns.py``.
    """

    secret: str
    statement: str = ""
    context: str = ""
    ref: str = ""
