"""Mask a learned secret wherever else it appears, as a word or inside a name (``<community>-ACL``)."""

from __future__ import annotations

from devaudit.redaction.tables import KNOWN_WORDS, SECRET_KEYWORDS, SECRET_SUFFIXES

__all__ = ["MASK", "replace_bounded"]

MASK = "<redacted>"
# Hyphenated keywords that contain a common value ('public' in 'public-key') stay readable.
KEYWORDS = KNOWN_WORDS | SECRET_KEYWORDS | frozenset({"public-key", "private-key", "private-vlan", "public-vlan"})


def replace_bounded(text: str, secret: str) -> str:
    """Replace ``secret`` where it is no part of a longer word: in ``public-ACL``, not in ``publication``.

    Case does not matter (``Lab-Key`` reused as ``LAB-KEY-ACL`` is the same secret to a reader).
    """
    out: list[str] = []
    pos = 0
    size = len(secret)
    folded = text.lower()
    if len(folded) != len(text):  # a few characters change length in lower case: search as written
        folded = text
    else:
        secret = secret.lower()
    while True:
        found = folded.find(secret, pos)
        if found < 0:
            break
        before = text[found - 1] if found > 0 else " "
        after = text[found + size] if found + size < len(text) else " "
        if _boundary(before, secret[0]) and _boundary(after, secret[-1]) and not _in_keyword(text, found, size):
            out.append(text[pos:found])
            out.append(MASK)
        else:
            out.append(text[pos : found + size])
        pos = found + size
    out.append(text[pos:])
    return "".join(out)


def _in_keyword(text: str, found: int, size: int) -> bool:
    """Whether the occurrence is part of a hyphenated keyword (``public`` in ``public-key``), left readable."""
    begin, end = found, found + size
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "-_"):
        begin -= 1
        if found - begin > 64:
            return False
    while end < len(text) and (text[end].isalnum() or text[end] in "-_"):
        end += 1
        if end - found > 64 + size:
            return False
    word = text[begin:end].lower()
    return word != text[found : found + size].lower() and (word in KEYWORDS or word.endswith(SECRET_SUFFIXES))


def _boundary(char: str, edge: str) -> bool:
    return not (char.isalnum() or char == "_") or not (edge.isalnum() or edge == "_")
