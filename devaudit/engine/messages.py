"""A rule's written texts: ``expected`` with variables in words, ``found`` filled from an evaluation.

Text a rule author wrote is never passed through redaction; only values taken from the device are, by
masking the words that redaction hides in that device's configuration.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome
from devaudit.redact import MASK, redact_line
from devaudit.redaction.redactor import may_redact

__all__ = [
    "PLACEHOLDERS",
    "Messages",
    "compile_messages",
    "internals",
    "masker",
    "render_found",
    "words",
]

# What a ``found`` text may quote from the evaluation.
PLACEHOLDERS = {
    "count": "how many lines (or distinct values) a count saw",
    "value": "the captured values that failed a comparison",
    "block": "the blocks (interfaces, lines, sections) that failed",
    "lines": "how many lines are shown as evidence",
    "details": "what a Python check wrote about the failure",
}
_VAR = re.compile(r"\$\{([A-Za-z_]\w*)\}")
_LIST_LIMIT = 5
_TOKEN = re.compile(r"[^\s'\",;()]+")

# Engine internals that must never reach an operator: regex syntax, unfilled variables and
# placeholders, group names, Python reprs.
_INTERNALS = re.compile(
    r"""
      \\[sSdDwWbB]                      # regex escapes
    | \(\?                              # (?: (?P< (?! (?=
    | \$\{                              # an unfilled ${variable}
    | <value>                           # the placeholder of generated text
    | \bgroup\s+'\w+'                   # a regex group name
    | (?:^|[\s'"(])\^[\w\\(\[]          # a start anchor
    | [\w)\]+*?]\$(?=$|[\s'")])         # an end anchor
    | \[\^ | \[[^\]\s]*[a-z0-9]-[a-z0-9][^\]\s]*\]  # a character class
    | (?<![.\w])\.[+*]                  # .+ and .*
    | \{[a-z_]+\}                       # an unfilled placeholder
    | \['|'\]                           # a Python list repr
    """,
    re.VERBOSE,
)


_CRYPT_PREFIX = re.compile(r"\$\w{1,8}\$")


def internals(text: str) -> list[str]:
    """The pieces of ``text`` that are engine internals (empty when the text is plain words)."""
    return [m.group().strip() for m in _INTERNALS.finditer(_CRYPT_PREFIX.sub("", text))]


def words(value: Any) -> str:
    """A variable's value as an operator reads it: lists as ``'a', 'b' or 'c'``, numbers as numbers."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | set | frozenset):
        items = [f"'{item}'" for item in value]
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + " or " + items[-1]
    return str(value)


@dataclass(frozen=True, slots=True)
class Messages:
    """A rule's texts with variables substituted: ``found`` keeps its ``{placeholders}``."""

    expected: str = ""
    found: str = ""
    not_applicable: str = ""


def _substituted(text: str, variables: Mapping[str, Any]) -> str:
    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            raise LookupError(f"unknown variable ${{{name}}}")
        return words(variables[name])

    return _VAR.sub(repl, text)


def compile_messages(
    expected: str | None, found: str | None, not_applicable: str | None, variables: Mapping[str, Any]
) -> Messages:
    """Substitute variables and check placeholders; LookupError/ValueError name the problem."""
    messages = Messages(
        *(_substituted(" ".join((text or "").split()), variables) for text in (expected, found, not_applicable))
    )
    for name, text in (("found", messages.found), ("not_applicable", messages.not_applicable)):
        for _, field, spec, conversion in string.Formatter().parse(text):
            if field is None:
                continue
            if name != "found" or field not in PLACEHOLDERS or spec or conversion:
                allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS) if name == "found" else "none"
                raise ValueError(f"{name}: unknown placeholder {{{field}}}; allowed: {allowed}")
    return messages


def _texts(ctx: CheckContext) -> list[str]:
    """The text of every statement of the device, in file order (as ``ConfigTree.walk`` gives them)."""
    texts: list[str] = []
    stack = ctx.tree.roots[::-1]
    while stack:
        node = stack.pop()
        texts.append(node.text)
        if node.children:
            stack.extend(reversed(node.children))
    return texts


def _secret_words(ctx: CheckContext) -> frozenset[str]:
    """Words of this device's configuration that redaction masks, found once per device."""
    if not ctx.secrets:
        hidden: set[str] = set()
        texts = _texts(ctx)
        for index in may_redact(texts):
            text = texts[index]
            masked = redact_line(text)
            if masked != text:
                hidden.update(map(str.lower, _TOKEN.findall(text)))
                hidden.difference_update(map(str.lower, _TOKEN.findall(masked)))
        ctx.secrets.append(frozenset(hidden))
    return ctx.secrets[0]


def masker(ctx: CheckContext) -> Any:
    """A function that masks this device's secret words in a text taken from the device.

    The secret words are looked for when the first text is masked (most found texts quote nothing).
    """

    def mask(text: str) -> str:
        if not text:
            return text
        secrets = _secret_words(ctx)
        if not secrets or secrets.isdisjoint([token.lower() for token in _TOKEN.findall(text)]):
            return text
        return _TOKEN.sub(lambda m: MASK if m.group().lower() in secrets else m.group(), text)

    return mask


def _listed(items: Iterable[str]) -> str:
    unique = list(dict.fromkeys(item for item in items if item))
    if len(unique) > _LIST_LIMIT:
        return ", ".join(unique[:_LIST_LIMIT]) + f" and {len(unique) - _LIST_LIMIT} more"
    return ", ".join(unique)


def _sentence_on(text: str) -> str:
    """A sentence continued after a semicolon: 'No source' becomes 'no source'; 'SSH', 'Diffie-Hellman' stay."""
    word = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if text[:1].isupper() and (len(word) == 1 or word[1:].islower()) else text


def _told(parts: Iterable[str], mask: Any) -> str:
    """Parts' written texts: one sentence each, or after the (masked) block they failed in, grouped.

    ``line vty 0 4: exec-timeout ..., ...; line con 0: ...``: parts of one block are joined by commas,
    blocks and parts outside blocks by semicolons.
    """
    groups: dict[str, list[str]] = {}
    for part in dict.fromkeys(parts):
        block, _, text = part.rpartition("\t")
        groups.setdefault(block, []).append(text)
    told: list[str] = []
    for block, texts in groups.items():
        if block:
            told.append(f"{mask(redact_line(block.replace(chr(9), ' > ')))}: {', '.join(texts)}")
        else:
            told.extend(texts)
    return "; ".join([told[0], *(_sentence_on(text) for text in told[1:])]) if told else ""


@functools.lru_cache(maxsize=4096)
def _fields(template: str) -> tuple[str, ...]:
    """The placeholders of a ``found`` template, in order (a rule's template is read once per run)."""
    return tuple(field for _, field, _, _ in string.Formatter().parse(template) if field is not None)


def render_found(template: str, outcome: Outcome, notes: Sequence[str], ctx: CheckContext) -> tuple[str, list[str]]:
    """The written ``found`` text filled from ``outcome``, and the placeholders it had no value for.

    When the parts that failed carry their own written texts, those are told instead of the rule's text.
    Python check notes (``notes``) are added after the text when it does not place ``{details}`` itself.
    """
    mask = masker(ctx)
    fill = outcome.fill
    parts = [value for name, value in fill if name == "part"] if fill else None
    told = _told(parts, mask) if parts else ""
    if told:
        template = told.replace("{", "{{").replace("}", "}}")
    fields = _fields(template)
    details = "; ".join(mask(note) for note in notes) if notes else ""
    missing: list[str] = []
    if not fields:  # the rule's own words, or the parts' (braces written doubled): nothing to fill in
        text = template.format() if template else ""
    else:
        # Only the placeholders the text shows are filled (masking a value costs a look at the device's secrets).
        values = dict.fromkeys(PLACEHOLDERS, "none")
        for field in fields:
            if field == "details":
                value = details
            elif field == "lines":
                value = str(len({id(n) for n in outcome.evidence})) if outcome.evidence else ""
            else:
                given = [v for name, v in fill if name == field]
                if field == "count":
                    value = given[0] if given else ""
                elif field == "block":
                    value = _listed(mask(redact_line(b)) for b in given)
                else:
                    value = _listed(mask(v) for v in given)
            if value:
                values[field] = value
            else:
                missing.append(field)
        text = template.format(**values)
    if details and "{details}" not in template:
        text = f"{text}: {details}" if text else details
    return text, missing
