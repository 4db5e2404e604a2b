"""Mask the secrets of one device's text with the platform's table, then everywhere they reappear.

One search finds the lines that can carry a secret; each is matched word by word against the table with
the statements that enclose it, so block context decides where it must (IOS ``tacacs server X`` /
`` key 7 ...``), and the work stays linear in the size of the text.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from devaudit.redaction.outline import Frame, Outline
from devaudit.redaction.propagation import MASK, replace_bounded
from devaudit.redaction.statement import LineResult, mask_value, mask_wrappers, redact_statement, table_for

__all__ = [
    "MASK",
    "LineResult",
    "Redactor",
    "mask_value",
    "may_redact",
    "redact_line",
    "redact_message",
    "redact_text",
]

log = logging.getLogger("devaudit.redaction")
_MIN_PROPAGATE = 4  # shorter values are not searched for elsewhere (they would mask ordinary words)
# Lines without any of these carry no secret the table or the fail-closed rule could find: key, pass, secret,
# token, communit, snmp, auth, priv, psk, cipher, simple, securityname, security-name, shared, pwd, pre-share,
# checkcode, encryption, aaa-server, pw (a whole word), $<id>$, %^%#, %$%$, @%@%, ://. Matched on the lower-cased
# text (ten times faster than IGNORECASE). Each word is found at one of its less common letters (c, p, k, h, v:
# a tenth of a config's characters, where the words' first letters are 29%) and the letters before that one are
# checked behind it: the search tries the pattern at a third as many places and finds exactly the same lines.
_TRIGGER = re.compile(
    r"c(?:ipher|heckcode|ommunit|(?<=sec)ret|(?<=sec)urityname|(?<=sec)urity-name|(?<=enc)ryption)"
    r"|p(?:ass|re-share|sk|wd|w\b(?<!\wpw)|riv|(?<=snmp)|(?<=simp)le)|k(?:ey|(?<=tok)en)|h(?:(?<=auth)|(?<=sh)ared)"
    r"|v(?<=aaa-serv)er|\$[0-9a-z]{1,8}\$|%\^%#|%\$%\$|@%@%|://"
)


@dataclass
class Redactor:
    """The secrets of one device's text: masks them by grammar, then wherever else they appear.

    ``Redactor.for_text(config, platform)`` reads a configuration once; ``line()`` and ``text()`` then
    mask anything derived from it (evidence, show outputs, error messages). ``fail_closed`` lists where
    the fail-closed rule masked a statement the table does not know (line number and keyword, no value).
    """

    platform: str | None = None
    secrets: set[str] = field(default_factory=set)
    fail_closed: list[str] = field(default_factory=list)
    _masked: dict[str, str] = field(default_factory=dict)
    _lines: dict[str, str] = field(default_factory=dict)  # line() results (a line is cited by many findings)
    _ordered: tuple[tuple[str, str, bool], ...] | None = None  # (secret, lower case, _case_exact), longest first

    @classmethod
    def for_text(cls, text: str, platform: str | None = None, *, source: str = "") -> Redactor:
        """Learn the secrets of one device's configuration (``source`` names it in the debug log)."""
        redactor = cls(platform)
        redactor._masked[text] = redactor._scan(text, learn=True)
        if redactor.fail_closed:
            log.debug(
                "%s: %d statement(s) not in the secret table, masked after their secret keyword: %s",
                source or "config",
                len(redactor.fail_closed),
                "; ".join(redactor.fail_closed[:20]),
            )
        return redactor

    def learn(self, values: Iterable[str]) -> None:
        """Add values found to be secret by other means (credentials, for example)."""
        for value in values:
            if len(value) >= _MIN_PROPAGATE and MASK not in value and not value.isdigit():
                self.secrets.add(value)
        self._ordered = None
        self._lines.clear()

    def text(self, text: str) -> str:
        """A whole text with its statements redacted by grammar and every learned secret masked."""
        cached = self._masked.get(text)
        if cached is not None:
            return cached
        return self._scan(text, learn=False)

    def line(self, line: str) -> str:
        """One configuration line (evidence) redacted by grammar and every learned secret masked."""
        done = self._lines.get(line)
        if done is None:
            done = self._lines[line] = self._propagate(redact_line(line, self.platform))
        return done

    def message(self, text: str) -> str:
        """A message in prose (a reason, an error) with secret statements and every learned secret masked."""
        return self._propagate(redact_message(text, self.platform))

    def _scan(self, text: str, *, learn: bool) -> str:
        """Mask the lines that can carry a secret, each with the statements that enclose it.

        The lines worth a look are found by one search over the text; the enclosing statements of such a
        line are found by walking back to the nearest less indented statement, jumping over blocks already
        walked (a line in the left margin has none), so a config with few secret lines costs little more
        than the search.
        """
        lines = text.split("\n")
        if self.platform is not None:
            unwrapped = _unwrap(lines, self.platform)
            if unwrapped is not lines:
                lines = unwrapped
                text = "\n".join(lines)
        lower = text.lower()
        search, count, find, size = _TRIGGER.search, lower.count, lower.find, len(lower)
        platform = self.platform
        outline = Outline(lines)
        changed: dict[int, str] = {}
        pos = previous = index = 0
        while True:
            found = search(lower, pos)
            if found is None:
                break
            start = found.start()
            index += count("\n", previous, start)
            previous = start
            end = find("\n", start)
            pos = size if end < 0 else end + 1  # the next line
            raw = lines[index]
            line = mask_wrappers(raw) if "%" in raw else raw
            # Only an indented line has enclosing statements (the same test of white space as lstrip's).
            context = tuple(outline.ancestors(index)) if raw[:1].isspace() else ()
            result = _redact_in_context(line, platform, context)
            if learn:
                if result.secrets:
                    self.learn(result.secrets)
                if result.fail_closed:
                    self.fail_closed.extend(f"line {index + 1}: after '{word}'" for word in result.fail_closed)
            if result.text != raw:
                changed[index] = result.text
        if not changed:
            return self._propagate(text, lower)
        for index, masked in changed.items():
            lines[index] = masked
        return self._propagate("\n".join(lines))

    def _propagate(self, text: str, folded: str | None = None) -> str:
        """``text`` with every learned secret masked where it stands alone or in a name (``folded``: its
        lower case, when the caller has it)."""
        if not self.secrets:
            return text
        if self._ordered is None:
            self._ordered = tuple(
                (s, s.lower(), _case_exact(s)) for s in sorted(self.secrets, key=lambda s: (-len(s), s))
            )
        if folded is None:
            folded = text.lower()
        for secret, lower, exact in self._ordered:
            # A secret in the text is in its lower case too, unless lower case changes its length or
            # depends on what follows it (a capital sigma): only a secret beyond ASCII is also searched as written.
            if lower in folded or (not exact and secret in text):
                text = replace_bounded(text, secret)
                folded = text.lower()
        return text


def _case_exact(secret: str) -> bool:
    """Whether ``secret`` found in a text is always found, in lower case, in the text's lower case: true of
    ASCII (one character in lower case each, none depending on its neighbours as a capital sigma does)."""
    return secret.isascii()


def redact_line(line: str, platform: str | None = None) -> str:
    """Mask every secret value in one configuration line (no block context, no propagation)."""
    if not line:
        return line
    if "%" not in line and _TRIGGER.search(line.lower()) is None:
        return line  # nothing a table, a wrapper or the fail-closed rule could mask (checked before the cache)
    if len(line) > 1000:
        return _redact_line(line, platform)
    return _redact_line_cached(line, platform)


@functools.lru_cache(maxsize=4096)
def _redact_line_cached(line: str, platform: str | None) -> str:
    return _redact_line(line, platform)


@functools.lru_cache(maxsize=8192)
def _redact_in_context(line: str, platform: str | None, ancestors: tuple[Frame, ...]) -> LineResult:
    """One statement redacted with the statements that enclose it (the same line in the same blocks recurs
    across a fleet's devices: computed once)."""
    return redact_statement(line, table_for(platform), ancestors)


def may_redact(lines: list[str]) -> list[int]:
    """The indices of the lines in which ``redact_line`` could mask anything (one search over them all)."""
    lower = "\n".join(lines).lower()
    if len(lower) != sum(map(len, lines)) + len(lines) - 1 or lower.count("\n") != len(lines) - 1:
        # lower case changed a length, or a line holds a line break: line by line
        return [i for i, line in enumerate(lines) if "%" in line or _TRIGGER.search(line.lower())]
    out = [i for i, line in enumerate(lines) if "%" in line]
    pos = previous = index = 0
    while True:
        found = _TRIGGER.search(lower, pos)
        if found is None:
            break
        index += lower.count("\n", previous, found.start())
        previous = found.start()
        end = lower.find("\n", previous)
        pos = len(lower) if end < 0 else end + 1
        out.append(index)
    return sorted(set(out))


def redact_message(text: str, platform: str | None = None) -> str:
    """Mask secrets in a message in prose (a reason, an error): the table's statements and the reversible
    forms, but not the fail-closed rule, which would take the words after 'key' in a sentence for a value."""
    if not text:
        return text
    if "%" not in text and _TRIGGER.search(text.lower()) is None:
        return text
    if len(text) > 1000:
        return _redact_message(text, platform)
    return _redact_message_cached(text, platform)


@functools.lru_cache(maxsize=4096)
def _redact_message_cached(text: str, platform: str | None) -> str:
    return _redact_message(text, platform)


def _redact_message(text: str, platform: str | None) -> str:
    masked = mask_wrappers(text) if "%" in text or "@%@%" in text else text
    if _TRIGGER.search(masked.lower()) is None:
        return masked
    return redact_statement(masked, table_for(platform), (), fail_closed=False).text


def _redact_line(line: str, platform: str | None) -> str:
    masked = mask_wrappers(line) if "%" in line or "@%@%" in line else line
    if _TRIGGER.search(masked.lower()) is None:
        return masked
    return redact_statement(masked, table_for(platform), ()).text


def redact_text(text: str, platform: str | None = None) -> str:
    """Mask secrets in a whole configuration: by grammar with block context, then wherever they reappear.

    For platforms whose captures wrap long lines at the terminal width (ZXROS), a wrapped statement is
    joined back first, so the rest of an encrypted blob on the next lines is masked too.
    """
    return Redactor.for_text(text, platform).text(text)


def _unwrap(lines: list[str], platform: str) -> list[str]:
    from devaudit.parsers.indent import restates
    from devaudit.parsers.syntax import SYNTAXES

    syntax = SYNTAXES.get(platform)
    if syntax is None or not syntax.wrap_width or syntax.continuation is None:
        return lines
    width, continuation = syntax.wrap_width, syntax.continuation
    if width not in map(len, lines):
        return lines
    lengths = list(map(len, lines))
    # Only a line of exactly the terminal width is continued by the next; the lines between such lines are
    # copied as they are, found by a search of the lengths rather than a look at every line.
    out: list[str] = []
    pos, total = 0, len(lines)
    while pos < total:
        try:
            full = lengths.index(width, pos)
        except ValueError:
            out.extend(lines[pos:])
            break
        out.extend(lines[pos : full + 1])
        pos = full + 1
        while pos < total and continuation.match(lines[pos]) and not restates(out[-1], lines[pos]):
            out[-1] += lines[pos]
            pos += 1
            if lengths[pos - 1] != width:
                break
    return out
