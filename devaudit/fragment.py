"""Configuration fragments: tell a one-section dump from a whole configuration, and which rules it can decide.

A dump such as ASA ``show running-config tunnel-group`` or Junos ``show configuration interfaces |
display set`` holds one part of a device's configuration. Audited as a whole device, every rule that
expects a line elsewhere would FAIL. A configuration is a fragment when it has none of the statements
every complete configuration of its platform prints (``WHOLE_CONFIG_MARKERS``); only the rules whose
scope (the top-level sections their checks read) lies inside the fragment are then audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from devaudit.platforms import PlatformTable
from devaudit.regex_literal import literal_start
from devaudit.tree import ConfigTree, first_two_words

__all__ = ["WHOLE_CONFIG_MARKERS", "Fragment", "find_fragment", "rule_scope"]

# Top-level statements (first word, or first two words) at least one of which every complete running
# configuration of the platform prints: the device's name, release, or its management-plane sections
# (each platform's descriptor lists them).
WHOLE_CONFIG_MARKERS: Mapping[str, frozenset[str]] = PlatformTable(lambda p: p.whole_config_markers or None)

# Words before a statement in remediation lines, stripped in this order ('set / system ...' on SR Linux).
_PREFIXES = ("no ", "undo ", "set ", "delete ", "/configure ", "/ ")


@dataclass(frozen=True, slots=True)
class Fragment:
    """The top-level sections a fragment holds (first words and first two words, lower-case)."""

    words: frozenset[str]
    pairs: frozenset[str]
    label: str  # for a report: 'tunnel-group', 'interfaces, routing-instances', 'system login'

    def contains(self, scope: Iterable[str]) -> bool:
        """Whether every section in ``scope`` is in the fragment."""
        return all((key in self.pairs) if " " in key else (key in self.words) for key in scope)


def find_fragment(tree: ConfigTree) -> Fragment | None:
    """The fragment's sections when ``tree`` lacks every whole-configuration marker; None for a whole config."""
    markers = WHOLE_CONFIG_MARKERS.get(tree.platform)
    if not markers or not tree.roots:
        return None
    words = frozenset(node.key for node in tree.roots)
    if not markers.isdisjoint(words):  # the usual case, a whole configuration: no need for the pairs
        return None
    pairs = frozenset(first_two_words(node.text).lower() for node in tree.roots)
    if not markers.isdisjoint(pairs):
        return None
    return Fragment(words, pairs, _label(words, pairs, flat=tree.flat))


def _label(words: frozenset[str], pairs: frozenset[str], *, flat: bool) -> str:
    """Flat trees (Junos, SR OS) name a hierarchy in two words ('system login') unless it has many."""
    parts: list[str] = []
    for word in sorted(words):
        below = sorted(p for p in pairs if p.split(" ", 1)[0] == word and " " in p)
        parts.extend(below if flat and 0 < len(below) <= 3 else [word])
    return ", ".join(parts)


def _pattern_key(source: str) -> str | None:
    """The literal first word (or first two words) every match of an anchored pattern starts with."""
    start = literal_start(source)
    if start is None:
        return None
    text, rest = start[0].lower(), start[1]
    complete = rest == "" or rest.startswith(("\\s", "\\b", "$"))
    words = text.split(" ")
    if not complete:
        words = words[:-1]  # the last word may continue: only the words before it are certain
    words = [w for w in words if w]
    if not words:
        return None
    return " ".join(words[:2])


def _match_of(spec: Any) -> tuple[str | None, str]:
    if isinstance(spec, str):
        return spec, "scope"
    if isinstance(spec, Mapping):
        match = spec.get("match")
        return (match if isinstance(match, str) else None), str(spec.get("in", "scope"))
    return None, "scope"


def _condition_scope(cond: Any, top: bool) -> set[str] | None:
    """Sections a condition reads at the top level; None when that cannot be told (python, any depth)."""
    if not isinstance(cond, Mapping):
        return None
    parts = [(key, value) for key, value in cond.items() if key != "found"]  # 'found': the part's own message
    if len(parts) != 1:
        return None
    (op, spec), = parts
    if op in ("present", "absent", "count", "value"):
        match, depth = _match_of(spec)
        if depth == "top" or (top and depth == "scope"):
            key = _pattern_key(match) if match else None
            return {key} if key else None
        return set() if depth == "scope" else None
    if op == "each":
        if not isinstance(spec, Mapping):
            return None
        found: set[str] = set()
        if top:
            block = spec.get("block")
            first = block[0] if isinstance(block, list) and block else block
            key = _pattern_key(first) if isinstance(first, str) else None
            if key is None:
                return None
            found.add(key)
        for part in ("where", "check"):
            if part in spec:
                inner = _condition_scope(spec[part], False)
                if inner is None:
                    return None
                found |= inner
        return found
    if op in ("all", "any"):
        if not isinstance(spec, list):
            return None
        found = set()
        for item in spec:
            inner = _condition_scope(item, top)
            if inner is None:
                return None
            found |= inner
        return found
    if op == "not":
        return _condition_scope(spec, top)
    if op in ("fact", "role", "tag", "default", "output"):
        return set()
    return None  # python checks read whatever they like


def _remediation_scope(lines: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for line in lines:
        if not line or line[0].isspace():
            continue
        text = line.lower()
        for prefix in _PREFIXES:
            if text.startswith(prefix):
                text = text[len(prefix) :]
        words = [w for w in first_two_words(text).split(" ") if w]
        if words and "<" in words[-1]:
            words = words[:-1]
        if words and "<" not in words[0]:
            found.add(" ".join(words))
    return found


# rule_scope's answers by the identity of the rule's parts (kept here, so an id is never reused meanwhile).
_SCOPES: dict[tuple[int, int, int], tuple[object, object, object, frozenset[str] | None]] = {}


def rule_scope(
    check: Mapping[str, Any], when: Mapping[str, Any] | None, remediation: Sequence[str]
) -> frozenset[str] | None:
    """The top-level sections a rule reads: from its check and applicability patterns, or, where a
    Python check hides them, from the statements its remediation writes. None when neither tells.

    Read once per rule: every fragment of a fleet asks again for the same rules.
    """
    key = (id(check), id(when), id(remediation))
    known = _SCOPES.get(key)
    if known is not None and known[0] is check and known[1] is when and known[2] is remediation:
        return known[3]
    scope = _rule_scope(check, when, remediation)
    found = None if scope is None else frozenset(scope)
    if len(_SCOPES) > 20_000:  # baselines loaded again and again in one process: start afresh
        _SCOPES.clear()
    _SCOPES[key] = (check, when, remediation, found)
    return found


def _rule_scope(
    check: Mapping[str, Any], when: Mapping[str, Any] | None, remediation: Sequence[str]
) -> set[str] | None:
    scope = _condition_scope(check, True)
    if scope is not None and when is not None:
        gate = _condition_scope(when, True)
        scope = None if gate is None else scope | gate
    if scope is None:
        fixed = _remediation_scope(remediation)
        return fixed or None
    return scope
