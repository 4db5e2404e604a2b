"""Mask the secrets of one statement: the table's forms, the reversible forms, and the fail-closed rule.

Each statement is matched word by word against its platform's compiled table (and the statements that
enclose it), so the work per line is linear in its words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from devaudit.platforms import get_platform, is_platform
from devaudit.redaction.forms import SecretForm
from devaudit.redaction.outline import MAX_CONTEXT, Frame
from devaudit.redaction.patterns import (
    NOT_A_SECRET,
    TYPE_MARKERS,
    Pattern,
    compile_pattern,
    is_algorithm,
    match_at,
)
from devaudit.redaction.propagation import MASK
from devaudit.redaction.tables import (
    COMMON,
    KNOWN_WORDS,
    PLATFORM_FORMS,
    SECRET_KEYWORDS,
    SECRET_SUFFIXES,
    STRONG_KEYWORDS,
)
from devaudit.redaction.tokens import Token, tokenize

__all__ = ["LineResult", "mask_value", "mask_wrappers", "redact_statement", "table_for"]

_WRAPPERS = ("%^%#", "%$%$", "@%@%")
# Words before the statement proper are each platform's descriptor's ``statement_leads``; after a "flat"
# lead (Junos ``set``, SR OS ``/configure``) the enclosing blocks are written in the line itself, so
# statements and contexts may match anywhere in it.
_FLAT = frozenset({"set", "delete", "deactivate", "activate", "protect", "/configure", "edit", "insert"})
_DEFAULT_LEADS = frozenset({"no", "default"})
_ALL_LEADS = frozenset({"no", "default", "undo", "configure", "inactive:"}) | _FLAT


def _leads(platform: str) -> frozenset[str]:
    return get_platform(platform).statement_leads if is_platform(platform) else _DEFAULT_LEADS


_CRYPT = re.compile(r"\$[0-9a-z]{1,8}\$", re.IGNORECASE)
_ZTE = re.compile(r"\*\d{1,2}\*")
_TYPE7 = re.compile(r"[0-1][0-9][0-9A-Fa-f]{2,}")
_URL_CREDENTIALS = "://"


def mask_value(value: str) -> str:
    """Mask one value, keeping quotes, crypt prefixes (``$1$``, ``$9$``) and Huawei wrappers."""
    if MASK in value:
        return value
    quoted = len(value) >= 2 and value[0] == '"' and value[-1] == '"'
    inner = value[1:-1] if quoted else value
    q = '"' if quoted else ""
    if inner.startswith(_WRAPPERS):
        wrapper = inner[:4]
        return q + wrapper + MASK + wrapper + q
    crypt = _CRYPT.match(inner)
    prefix = crypt.group() if crypt else ""
    zte = _ZTE.match(inner) if not prefix else None
    if zte:
        prefix = zte.group()
    return q + prefix + MASK + q


@dataclass(frozen=True)
class _Compiled:
    form: SecretForm
    secret: Pattern
    statement: Pattern
    context: Pattern


@dataclass(frozen=True)
class _Table:
    """A platform's forms, indexed by the first word of their secret pattern."""

    by_anchor: dict[str, tuple[_Compiled, ...]]
    known: tuple[_Compiled, ...]
    known_by_first: dict[str, tuple[_Compiled, ...]]
    words: frozenset[str]
    leads: frozenset[str]


@functools.cache
def table_for(platform: str | None) -> _Table:
    if platform is None:
        seen: dict[SecretForm, None] = {}
        for forms in PLATFORM_FORMS.values():
            seen.update(dict.fromkeys(forms))
        forms = tuple(seen)
    else:
        forms = PLATFORM_FORMS.get(platform, ())
    anchors: dict[str, list[_Compiled]] = {}
    known: list[_Compiled] = []
    words: set[str] = set(KNOWN_WORDS)
    for form in (*forms, *COMMON):
        compiled = _Compiled(
            form, compile_pattern(form.secret), compile_pattern(form.statement), compile_pattern(form.context)
        )
        for pattern in (compiled.secret, compiled.statement):
            for element in pattern:
                words.update(element.words)
        if not compiled.secret:
            known.append(compiled)
            continue
        first = compiled.secret[0]
        if first.kind != "word":
            raise ValueError(f"secret pattern must start with a word: {form.secret!r}")
        for word in first.words:
            anchors.setdefault(word, []).append(compiled)
    words -= SECRET_KEYWORDS
    # Longer forms first, and among equals those bound to a statement or context: the most specific wins.
    ordered = {w: tuple(sorted(c, key=_specificity)) for w, c in anchors.items()}
    leads = _ALL_LEADS if platform is None else _leads(platform)
    by_first: dict[str, list[_Compiled]] = {}
    for compiled in known:
        if not compiled.statement or compiled.statement[0].kind != "word":
            raise ValueError(f"a known statement must start with a word: {compiled.form.statement!r}")
        for word in compiled.statement[0].words:
            by_first.setdefault(word, []).append(compiled)
    known_by_first = {w: tuple(c) for w, c in by_first.items()}
    return _Table(ordered, tuple(known), known_by_first, frozenset(words), leads)


def _specificity(compiled: _Compiled) -> tuple[int, int]:
    return -_longest(compiled.secret), 0 if compiled.statement or compiled.context else 1


def _longest(pattern: Pattern) -> int:
    return sum(_longest(e.group) if e.kind == "opt" else 1 for e in pattern)


def _lead(words: Sequence[str], leads: frozenset[str]) -> int:
    start = 0
    while start < len(words) - 1 and words[start] in leads:
        start += 1
    return start


def _match_from(pattern: Pattern, words: list[str], start: int, flat: bool) -> tuple[int, int] | None:
    """Where ``pattern`` matches: at ``start``, or (flat lines) at any later word. Returns (begin, end)."""
    for begin in range(start, len(words) if flat else start + 1):
        found = match_at(pattern, words, begin)
        if found is not None:
            return begin, found[0]
    return None


def _word(text: str) -> str:
    """A token as the tables see it: lower case, without the quotes and brackets of prose around it."""
    word = text.lower()
    if word[:1] in "'(" or word[-1:] in "'),":
        word = word.strip("'(),") or word
    return word


def _is_keyword(word: str) -> bool:
    return word in SECRET_KEYWORDS or word.endswith(SECRET_SUFFIXES)


def _is_strong(word: str) -> bool:
    return word in STRONG_KEYWORDS or word.endswith(SECRET_SUFFIXES)


def _small_number(word: str) -> bool:
    return word.isdigit() and len(word) <= 2


@functools.lru_cache(maxsize=512)
def _frame_words(line: str) -> list[str]:
    return [_word(t.text) for t in tokenize(line[:400])]


@dataclass(frozen=True)
class LineResult:
    """One line with its secrets masked, the values masked, and the keywords the fail-closed rule met."""

    text: str
    secrets: tuple[str, ...] = ()
    fail_closed: tuple[str, ...] = ()


def redact_statement(line: str, table: _Table, ancestors: Sequence[Frame], *, fail_closed: bool = True) -> LineResult:
    tokens = tokenize(line)
    if not tokens:
        return LineResult(line)
    words = [_word(t.text) for t in tokens]
    n = len(words)
    start = _lead(words, table.leads)
    flat = start > 0 and words[start - 1] in _FLAT
    masked: set[int] = set()
    handled = bytearray(n)
    statement_cache: dict[int, tuple[int, int] | None] = {}

    def context_ok(compiled: _Compiled) -> bool:
        if not compiled.context:
            return True
        if _match_from(compiled.context, words, start, flat) is not None:
            return True
        for frame in ancestors[-MAX_CONTEXT:]:
            frame_words = _frame_words(frame[2])
            if _match_from(compiled.context, frame_words, _lead(frame_words, table.leads), False) is not None:
                return True
        return False

    def statement_ok(compiled: _Compiled) -> tuple[int, int] | None:
        """The words the statement pattern covered (empty span if it has none), or None if it does not apply."""
        key = id(compiled)
        if key not in statement_cache:
            span = (start, start) if not compiled.statement else _match_from(compiled.statement, words, start, flat)
            statement_cache[key] = span if span is not None and context_ok(compiled) else None
        return statement_cache[key]

    known = False
    excused = bytearray(n)  # words of known statements: the fail-closed rule leaves them alone
    for compiled in table.known if flat else table.known_by_first.get(words[start], ()):
        span = statement_ok(compiled)
        if span is not None:
            known = True
            for j in range(*span):
                excused[j] = 1
    for i in range(start, n):
        if handled[i]:
            continue
        for compiled in table.by_anchor.get(words[i], ()):
            span = statement_ok(compiled)  # cached per line: cheaper than matching at every word
            if span is None:
                continue
            found = match_at(compiled.secret, words, i)
            if found is None:
                continue
            end, secrets = found
            masked.update(secrets)
            for j in (*range(*span), *range(i, end)):
                handled[j] = 1
            break
    _always(tokens, words, masked, line)
    reasons: list[str] = []
    for j in range(n):
        handled[j] |= excused[j]
    if fail_closed:
        _fail_closed(words, tokens, start, handled, masked, reasons, table.words, strong_only=known)
    if not masked:
        return LineResult(line)
    pieces: list[str] = []
    learned: list[str] = []
    last = 0
    for i in sorted(masked):
        token = tokens[i]
        if MASK in token.text:
            continue
        pieces.append(line[last : token.start])
        pieces.append(mask_value(token.text))
        last = token.end
        learned.append(token.text.strip('"'))
    pieces.append(line[last:])
    return LineResult("".join(pieces), tuple(learned), tuple(reasons))


def _always(tokens: list[Token], words: list[str], masked: set[int], line: str) -> None:
    """Reversible and hashed forms, masked wherever they are: ``$9$``, crypt, Huawei wrappers, type 7."""
    n = len(tokens)
    for i, token in enumerate(tokens):
        text = token.text.strip('"')
        if MASK in text:
            continue
        if text.startswith(_WRAPPERS) or _CRYPT.match(text) or (_ZTE.match(text) and len(text) > 8):
            masked.add(i)
        elif words[i] == "7" and i + 1 < n and i > 0 and _TYPE7.fullmatch(tokens[i + 1].text):
            masked.add(i + 1)
        elif words[i] == "##" and i + 1 < n and words[i + 1] == "secret-data":
            j = i - 1
            while j >= 0 and words[j] in (";", "{"):
                j -= 1
            if j >= 0:
                masked.add(j)
        elif _URL_CREDENTIALS in text:
            _url_credentials(tokens, i, masked)


def _url_credentials(tokens: list[Token], index: int, masked: set[int]) -> None:
    text = tokens[index].text
    scheme = text.find("://")
    at = text.find("@", scheme + 3)
    colon = text.find(":", scheme + 3)
    if scheme >= 0 and 0 <= colon < at:
        masked.add(index)


def _fail_closed(
    words: list[str],
    tokens: list[Token],
    start: int,
    handled: bytearray,
    masked: set[int],
    reasons: list[str],
    known: frozenset[str],
    *,
    strong_only: bool,
) -> None:
    """After each secret keyword no entry accounted for, mask its first unknown word and the unknown words after it.

    In a known statement (``strong_only``) only keywords whose value is always a secret count.
    One pass from the right gives, for every position, the next word that is not readable and where a run
    of unknown words ends, so the rule is linear however many keywords a line repeats.
    """
    n = len(words)
    next_unknown = [n] * (n + 1)
    run_end = [n] * (n + 1)
    for j in range(n - 1, start - 1, -1):
        readable = _readable(words[j], known)
        next_unknown[j] = next_unknown[j + 1] if readable else j
        run_end[j] = j if readable or words[j] in _STOP else run_end[j + 1]
    for i in range(start, n):
        if handled[i] or not _is_keyword(words[i]) or (strong_only and not _is_strong(words[i])):
            continue
        j = next_unknown[i + 1]
        if j >= n or words[j] in _STOP or j in masked:
            continue
        after = words[i + 2] if i + 2 < n else ""
        if words[i + 1].isdigit() and after in known and after not in TYPE_MARKERS and not after.isdigit():
            continue  # 'key 1 source mgmt': a key referred to by its number, then other settings
        for k in range(j, run_end[j]):
            if MASK.lower() not in words[k]:
                masked.add(k)
        reasons.append(tokens[i].text)


_STOP = frozenset({"{", ";", "##", "}"})
_ADDRESS = re.compile(r"[0-9a-f:.]{2,45}(?:/\d{1,3})?")  # IPv4 and IPv6 addresses (a run of one character class)


def _readable(word: str, known: frozenset[str]) -> bool:
    if word in _STOP:
        return False
    return (
        word in known
        or not word.strip("*")
        or _ADDRESS.fullmatch(word) is not None
        or word in TYPE_MARKERS
        or word in NOT_A_SECRET
        or is_algorithm(word)
        or _small_number(word)
        or _is_keyword(word)
    )


def mask_wrappers(line: str) -> str:
    """Huawei ``%^%#...%^%#`` values, found by position rather than by words (they may hold blanks)."""
    for wrapper in _WRAPPERS:
        if wrapper not in line:
            continue
        out: list[str] = []
        pos = 0
        while True:
            begin = line.find(wrapper, pos)
            if begin < 0:
                break
            close = line.find(wrapper, begin + 4)
            if close < 0:
                break
            out.append(line[pos : begin + 4])
            inner = line[begin + 4 : close]
            out.append(inner if inner == MASK else MASK)
            out.append(wrapper)
            pos = close + 4
        out.append(line[pos:])
        line = "".join(out)
    return line
