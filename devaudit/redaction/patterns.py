"""The small word-pattern language of the secret tables, and its matcher.

A pattern is a sequence of elements separated by blanks, matched word by word (never character by
character, so matching is linear in the words of a line):

``word`` or ``a|b|c``
    that word (case-insensitive);
``#``
    a number; ``*`` any one word;
``T``
    a type marker that stays visible (``0``, ``5``, ``7``, ``9``, ``cipher``, ``simple``, ``encrypted``...);
``A``
    an algorithm name (``md5``, ``sha``, ``hmac-sha-256``, ``aes128``...);
``S``
    the secret: any word that is not a keyword, marker or algorithm; it is masked;
``V``
    the secret where its position alone decides (``snmp-server community V``): any word, masked;
``[...]``
    the elements inside are optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from devaudit.redaction.tables import SECRET_KEYWORDS, SECRET_SUFFIXES, STRONG_KEYWORDS

__all__ = [
    "ALGORITHM_PREFIXES",
    "NOT_A_SECRET",
    "TYPE_MARKERS",
    "Element",
    "Pattern",
    "compile_pattern",
    "is_algorithm",
    "match_at",
]

TYPE_MARKERS = frozenset(
    {
        "0", "3", "4", "5", "6", "7", "8", "9", "10", "8a", "encrypted", "clear", "hash", "hash2", "cipher", "simple",
        "plain", "plain-text", "plaintext", "irreversible-cipher", "sha512", "sha256", "pbkdf2", "unencrypted",
        "hashed", "encrypt", "localizedkey", "localized", "ascii", "hex", "hexadecimal", "ascii-text",
    }
)  # fmt: skip
ALGORITHM_PREFIXES = (
    "md5", "sha", "hmac-", "des", "3des", "aes", "keyed-", "meticulous-", "cmac-", "ietf-md5", "ah-md5", "ah-sha",
    "esp-", "authentication-md5", "authentication-sha", "privacy-",
)  # fmt: skip
# Words that are never the secret itself: keywords met right after a secret keyword in policy commands
# (``password encryption aes``, ``no password strength-check``) and structure.
NOT_A_SECRET = frozenset(
    {
        "{", "}", ";", "[", "]", "##", "key", "key-string", "key-chain", "keychain", "key-id", "text", "level",
        "strength-check", "check", "encryption", "complexity", "complexity-check", "min-length", "lifetime",
        "history", "aging", "prompt", "policy", "control", "restriction", "expire", "expiry", "change", "reuse",
        "required", "recovery", "secure-mode", "length", "minimum-length", "configuration", "cipher", "simple",
        "encrypted", "hash", "irreversible-cipher", "plain", "clear", "ascii", "hex", "hexadecimal", "ascii-text",
        "address", "hostname", "local", "remote", "value", "type", "mode", "password", "secret", "view", "version",
        "read", "write", "ro", "rw", "read-only", "read-write", "authentication", "authentication-mode",
        "privacy-mode", "auth", "priv", "noauth", "localizedkey", "unencrypted", "nopassword", "group",
        "message-digest", "null", "privilege", "role", "none", "disable", "enable",
        # password-policy keywords (Junos 'system login password format', SR OS 'password { aging }')
        "format", "maximum-length", "change-type", "minimum-changes", "minimum-numerics", "minimum-upper-cases",
        "minimum-lower-cases", "minimum-punctuations", "character-sets", "minimum-reuse", "lockout", "hashing",
        "attempts", "minimum-age", "complexity-rules", "health-check", "retry-options",
        # words of the sentences rules write about such statements ('the same secret is configured...')
        "is", "are", "was", "uses", "used", "has", "have", "not", "of", "the", "a", "an", "with", "for", "on",
        "in", "from", "to", "and", "or", "only", "must", "should", "configured", "missing", "found", "without",
        "database", "integrity", "kex", "mac", "minimum", "maximum", "default",
        # options that may stand where a community would (NX-OS 'snmp-server host A use-vrf V')
        "vrf", "use-vrf", "filter-vrf", "source-interface", "udp-port", "informs", "traps", "inform", "trap",
        "timeout",
    }
)  # fmt: skip


def is_algorithm(word: str) -> bool:
    """Whether ``word`` (lower case) names a hash or cipher algorithm."""
    return word.startswith(ALGORITHM_PREFIXES)


Kind = Literal["word", "num", "any", "type", "alg", "secret", "value", "opt"]


@dataclass(frozen=True)
class Element:
    """One element of a pattern."""

    kind: Kind
    words: frozenset[str] = frozenset()
    group: tuple[Element, ...] = ()

    def accepts(self, word: str) -> bool:
        """Whether this (non-optional) element accepts one lower-case word."""
        kind = self.kind
        if kind == "word":
            return word in self.words
        if kind == "num":
            return word.isdigit()
        if kind == "any":
            return word not in ("{", "}", ";")
        if kind == "type":
            return word in TYPE_MARKERS
        if kind == "alg":
            return is_algorithm(word)
        if "<redacted>" in word:
            return True  # masked already: masking again changes nothing (redaction is idempotent)
        if not word.strip("*"):
            return False  # '*****': the device already hid the value (ASA), and rules read that
        if kind == "value":
            return word not in ("{", "}", ";")
        # the secret: never a keyword, marker, algorithm or address
        return (
            word not in NOT_A_SECRET
            and not word.startswith("<")  # placeholders in rule texts (<value>) and masks
            and word not in SECRET_KEYWORDS  # never a keyword: 'psk pass-phrase V' masks V, not pass-phrase
            and not word.endswith(SECRET_SUFFIXES)
            and not is_algorithm(word)
            and word not in TYPE_MARKERS - _DIGITS
            and _IPV4.fullmatch(word) is None
        )


_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?")
_DIGITS = frozenset({"0", "3", "4", "5", "6", "7", "8", "9", "10"})
Pattern = tuple[Element, ...]


def compile_pattern(text: str) -> Pattern:
    """Compile a pattern written in the language above."""
    stack: list[list[Element]] = [[]]
    for raw in text.split():
        word = raw
        opens = 0
        while word.startswith("["):
            opens += 1
            word = word[1:]
        closes = 0
        while word.endswith("]"):
            closes += 1
            word = word[:-1]
        for _ in range(opens):
            stack.append([])
        if word:
            stack[-1].append(_element(word))
        for _ in range(closes):
            if len(stack) < 2:
                raise ValueError(f"unbalanced ']' in secret pattern {text!r}")
            group = tuple(stack.pop())
            stack[-1].append(Element("opt", group=group))
    if len(stack) != 1:
        raise ValueError(f"unbalanced '[' in secret pattern {text!r}")
    return tuple(stack[0])


def _element(word: str) -> Element:
    special: dict[str, Kind] = {"#": "num", "*": "any", "T": "type", "A": "alg", "S": "secret", "V": "value"}
    if word in special:
        return Element(special[word])
    return Element("word", frozenset(w.lower() for w in word.split("|")))


def match_at(pattern: Pattern, words: list[str], pos: int) -> tuple[int, tuple[int, ...]] | None:
    """Match ``pattern`` at word ``pos``: the end position and the positions of the secrets, or None.

    Optional groups are tried present first, then absent; patterns are a few words long, so the work per
    start position is bounded by a constant.
    """
    if pos >= len(words) or not pattern or (pattern[0].kind == "word" and words[pos] not in pattern[0].words):
        return None if pattern else (pos, ())
    return _match(pattern, 0, words, pos)


def _match(pattern: Pattern, index: int, words: list[str], pos: int) -> tuple[int, tuple[int, ...]] | None:
    if index == len(pattern):
        return pos, ()
    element = pattern[index]
    if element.kind == "opt":
        taken = _match(element.group + pattern[index + 1 :], 0, words, pos)
        if taken is not None:
            return taken
        return _match(pattern, index + 1, words, pos)
    if pos >= len(words):
        return None
    if not element.accepts(words[pos]) and not _address_as_value(element, words, pos):
        return None
    if element.kind == "secret" and _key_number(words, pos):
        return None
    rest = _match(pattern, index + 1, words, pos + 1)
    if rest is None:
        return None
    return (rest[0], (pos, *rest[1])) if element.kind in ("secret", "value") else rest


def _address_as_value(element: Element, words: list[str], pos: int) -> bool:
    """An IPv4 address right after a secret keyword or its type marker is the value ('key 0 10.1.1.1')."""
    return (
        element.kind == "secret"
        and pos > 0
        and (words[pos - 1] in STRONG_KEYWORDS or words[pos - 1] in TYPE_MARKERS)
        and _IPV4.fullmatch(words[pos]) is not None
    )


def _key_number(words: list[str], pos: int) -> bool:
    """A number of one or two digits followed by more words (or opening a block) is a key id or a type,
    unless a type marker comes just before it."""
    word = words[pos]
    if pos > 0 and words[pos - 1] in TYPE_MARKERS:
        return False  # after its type marker a number is the value itself ('password 0 12 privilege 15')
    return word.isdigit() and len(word) <= 2 and pos + 1 < len(words) and words[pos + 1] not in (";", "##")
