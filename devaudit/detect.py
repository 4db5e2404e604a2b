"""Tell a config's platform from its content: weighted signatures per platform, as data."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from devaudit.platforms import all_platforms

__all__ = [
    "CLOSE_SHARE",
    "CONFIDENT_MARGIN",
    "CONFIDENT_SHARE",
    "LOOKALIKES",
    "SIGNATURES",
    "Detection",
    "detect_platform",
]

# A detection is confident when the winner leads the next platform by at least this many points and
# holds at least this share of the two best scores (0.7: more than twice the runner-up's score).
CONFIDENT_MARGIN = 6
CONFIDENT_SHARE = 0.7
# A detection is a close call, audited with a warning naming the runner-up, when the winner leads by
# fewer than CONFIDENT_MARGIN points or holds less than this share of the two best scores.
CLOSE_SHARE = 0.6

_M = re.MULTILINE

# (pattern, weight) per platform, from each platform's descriptor. Patterns run over the first part of the
# text; weights favour unique markers.
SIGNATURES: dict[str, tuple[tuple[re.Pattern[str], int], ...]] = {
    platform.name: platform.signatures.get() for platform in all_platforms() if platform.signatures is not None
}

# Configurations of platforms devaudit does not audit that look like ones it does (FTD prints an ASA
# configuration; AireOS, FortiOS and PAN-OS write 'config' and 'set' lines): the name to report, its
# signatures, and the score that proves it. None of these markers occurs in a supported platform's config.
LOOKALIKES: dict[str, tuple[int, tuple[tuple[re.Pattern[str], int], ...]]] = {
    "Cisco Firepower Threat Defense (FTD)": (
        10,
        (
            (re.compile(r"^NGFW Version \d", _M), 10),
            (re.compile(r"^: Hardware: +(?:FPR|Firepower)|^Cisco Firepower Threat Defense", _M), 10),
        ),
    ),
    "Cisco Wireless LAN Controller (AireOS)": (
        6,
        (
            (
                re.compile(
                    r"^config (?:sysname|network|wlan|mgmtuser|paging|802\.11[abg]|advanced|ap|radius|"
                    r"interface|country|location|certificate|switchconfig|time|snmp|serial|sessions) ",
                    _M,
                ),
                4,
            ),
        ),
    ),
    "Fortinet FortiGate (FortiOS)": (
        6,
        (
            (re.compile(r"^#config-version=F\S*", _M), 10),
            (re.compile(r"^config (?:system|firewall|router|user|vpn|log) [\w\-]+\s*$", _M), 6),
        ),
    ),
    "Palo Alto Networks (PAN-OS)": (
        6,
        (
            (re.compile(r"^set (?:deviceconfig|mgt-config|rulebase|shared|vsys) ", _M), 6),
            (re.compile(r"^set network (?:interface|virtual-router|profiles) ", _M), 4),
            (re.compile(r"^<config version=", _M), 6),
        ),
    ),
}

# Show-command output rather than configuration: (pattern, what it looks like).
_SHOW_OUTPUT: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"Huawei Versatile Routing Platform Software|VRP \(R\) software, Version", 0),
        "display version",
    ),
    (re.compile(r"(?:uptime is|System uptime|Uptime is) ", 0), "show version"),
    # '\S.*' matches what '\S+.*' does without trying every split of a long token between the two.
    (re.compile(r"^[ \t]*(?:Interface|System Id)\s+\S.*(?:State|Type|Holdtime)", _M), "a show-command table"),
    (re.compile(r"^Interface Table \(Router:", _M), "show router interface"),
    (
        re.compile(r"Telnet server (?:status|is)|HTTP[S]? (?:server|Server) (?:Status|status)", 0),
        "a status display",
    ),
    (re.compile(r"ZTE (?:ZX\w+ )?(?:Software|software), Version|Software Version\s*:", 0), "show version"),
)


# 'display telnet server status' style listings: "<key>   : <value>" on most lines.
_KEY_VALUE = re.compile(r"^\s*\S.*?(?<!\s)\s{2,}+:\s*\S")  # the gap starts after a word: linear


@dataclass(frozen=True, slots=True)
class Detection:
    """Outcome of platform detection.

    ``score`` is the winner's signature score and ``margin`` how far ahead of the next platform
    (``runner_up``) it is: a detection is confident when both are large (see ``confident``).
    """

    platform: str | None
    confidence: float
    reason: str
    score: int = 0
    margin: int = 0
    runner_up: str | None = None

    @property
    def close(self) -> bool:
        """A narrow win: the runner-up is near enough that the content may be the runner-up's."""
        return self.platform is not None and (self.margin < CONFIDENT_MARGIN or self.confidence < CLOSE_SHARE)

    @property
    def warning(self) -> str:
        """What to tell the user about a close call ('' when the detection is not one)."""
        if not self.close:
            return ""
        return (
            f"platform detection was a close call: audited as {self.platform} ({self.score} points), ahead of "
            f"{self.runner_up} ({self.score - self.margin} points); if this is a {self.runner_up} configuration, "
            f"audit it with --platform {self.runner_up}"
        )

    @property
    def confident(self) -> bool:
        """A clear winner: well ahead of the next platform, in points and in share."""
        return self.platform is not None and self.margin >= CONFIDENT_MARGIN and self.confidence >= CONFIDENT_SHARE


_SPECIAL = set("\\.^$*+?{}[]|()")


def _alternatives(source: str) -> list[str]:
    """Split a pattern on its top-level ``|`` (outside groups, classes and escapes)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


def _line_key(line: str) -> str:
    """A line's leading spaces plus its first word, lower-cased: the index key for anchored patterns."""
    body = line.lstrip(" ")
    end = body.find(" ")
    return (line[: len(line) - len(body)] + (body if end < 0 else body[:end])).lower()


def _anchor(alternative: str) -> tuple[str, bool] | None:
    """The literal start of an anchored alternative (lower-cased) and whether it is a whole key."""
    if not alternative.startswith("^"):
        return None
    literal: list[str] = []
    i = 1
    while i < len(alternative):
        char = alternative[i]
        if char == "\\" and i + 1 < len(alternative) and not alternative[i + 1].isalnum():
            literal.append(alternative[i + 1])
            i += 2
            continue
        if char in _SPECIAL:
            break
        literal.append(char)
        i += 1
    text = "".join(literal)
    rest = alternative[i:]
    if rest[:1] in ("?", "*", "{") and text:  # the last literal character is optional
        text = text[:-1]
    body = text.lstrip(" ")
    if not body:
        return None
    space = body.find(" ")
    if space >= 0:
        return (text[: len(text) - len(body)] + body[:space]).lower(), True
    whole = rest == "" or rest.startswith(("\\s", "$", "\\b"))
    return text.lower(), whole


# '^(?:word|other word) rest': a leading group of plain words, each of which starts the line.
_LEADING_WORDS = re.compile(r"\^\(\?:([\w\- ]+(?:\|[\w\- ]+)+)\)(.*)", re.DOTALL)


def _expanded(alternative: str) -> list[str]:
    """``^(?:a|b) x`` as ``^a x`` and ``^b x`` (for finding anchors only; matching uses the real pattern)."""
    group = _LEADING_WORDS.fullmatch(alternative)
    if group is None:
        return [alternative]
    return [f"^{word}{group.group(2)}" for word in group.group(1).split("|")]


def _required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match contains (None: none found); lets a sample without any skip the scan."""
    if pattern.flags & re.IGNORECASE:
        return None
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    def leading(items: Any) -> set[str] | None:
        literal: list[str] = []
        for op, arg in items:
            if op is c.AT and not literal:
                continue
            if op is c.LITERAL:
                literal.append(chr(arg))
                continue
            if op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] == 0 and not literal:
                continue  # an optional leading part: what follows it is still required
            if not literal and op is c.SUBPATTERN:
                return None if arg[1] & re.IGNORECASE else leading(arg[3])
            if not literal and op is c.BRANCH:
                found: set[str] = set()
                for branch in arg[1]:
                    part = leading(branch)
                    if part is None:
                        return None
                    found |= part
                return found
            break
        return {"".join(literal)} if literal else None

    try:
        found = leading(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a private parser that changed shape: scan as before
        return None
    return tuple(sorted(found)) if found else None


@dataclass(frozen=True, slots=True)
class _Signature:
    platform: str
    pattern: re.Pattern[str]
    weight: int
    keys: tuple[tuple[str, bool], ...] | None  # None: the pattern must scan the whole sample
    needs: tuple[str, ...] | None = None  # scanned patterns: a sample with none of these cannot match


def _compile_signatures() -> tuple[_Signature, ...]:
    out = []
    tables = {**SIGNATURES, **{name: signatures for name, (_, signatures) in LOOKALIKES.items()}}
    for platform, signatures in tables.items():
        for pattern, weight in signatures:
            alternatives = [alt for top in _alternatives(pattern.pattern) for alt in _expanded(top)]
            anchors = [_anchor(alt) for alt in alternatives]
            spans_lines = "\\n" in pattern.pattern
            keys = None if spans_lines or any(a is None for a in anchors) else tuple(a for a in anchors if a)
            needs = _required_literals(pattern) if keys is None else None
            out.append(_Signature(platform, pattern, weight, keys, needs))
    return tuple(out)


_COMPILED = _compile_signatures()
_ANCHORED = tuple(sig for sig in _COMPILED if sig.keys is not None)
_UNANCHORED = tuple(sig for sig in _COMPILED if sig.keys is None)
# The most the whole-sample patterns can add to each platform's score.
_HEADROOM = {p: sum(s.weight + 4 for s in _UNANCHORED if s.platform == p) for p in (*SIGNATURES, *LOOKALIKES)}


def _key_tables() -> tuple[dict[str, tuple[int, ...]], tuple[tuple[str, int], ...], re.Pattern[str] | None]:
    """Anchored signatures by whole line key, by key prefix, and one regex telling if any prefix applies."""
    whole: dict[str, list[int]] = {}
    prefixes: list[tuple[str, int]] = []
    for number, sig in enumerate(_ANCHORED):
        for key, is_whole in sig.keys or ():
            if is_whole:
                whole.setdefault(key, []).append(number)
            else:
                prefixes.append((key, number))
    any_prefix = re.compile("|".join(re.escape(key) for key, _ in prefixes)) if prefixes else None
    return {k: tuple(v) for k, v in whole.items()}, tuple(prefixes), any_prefix


_BY_KEY, _BY_PREFIX, _ANY_PREFIX = _key_tables()


# A line's leading spaces and first word (``_line_key`` before lower-casing), for every line of a text.
_KEYS = re.compile(r"^ *[^ \n]*", re.MULTILINE)


def _sample_keys(sample: Sequence[str], text: str) -> list[str] | None:
    """``_line_key`` of every sampled line, found by one search over ``text`` (the lines joined); None when
    a line holds a line break of its own, so the text's lines are not the sample's."""
    keys = _KEYS.findall(text.lower())
    return keys if len(keys) == len(sample) else None


def _score(sample: Sequence[str], text: str) -> dict[str, int]:
    """Weighted signature hits per platform; anchored patterns only try lines with a matching first word."""
    keys = _sample_keys(sample, text)
    if keys is None:
        keys = [_line_key(line) for line in sample]
    # Only the lines whose key some signature is anchored on are indexed (an empty line has no key).
    index: dict[str, list[str]] = {
        key: []
        for key in dict.fromkeys(keys)
        if key and (key in _BY_KEY or (_ANY_PREFIX is not None and _ANY_PREFIX.match(key)))
    }
    for key, line in zip(keys, sample, strict=True):
        lines = index.get(key)
        if lines is not None:
            lines.append(line)
    # Lines each anchored signature must try (a line listed twice counts twice, as each key is a claim).
    candidates: dict[int, list[list[str]]] = {}
    for key, lines in index.items():
        for number in _BY_KEY.get(key, ()):
            candidates.setdefault(number, []).append(lines)
        if _ANY_PREFIX is not None and _ANY_PREFIX.match(key):
            for prefix, number in _BY_PREFIX:
                if key.startswith(prefix):
                    candidates.setdefault(number, []).append(lines)
    scores = dict.fromkeys((*SIGNATURES, *LOOKALIKES), 0)
    for number, groups in candidates.items():
        sig = _ANCHORED[number]
        match = sig.pattern.match
        hits = 0
        for lines in groups:
            for line in lines:
                if match(line):
                    hits += 1
                    if hits == 5:
                        break
            if hits == 5:
                break
        if hits:
            # Repeated hits add a little: evidence that the feature is structural, not incidental.
            scores[sig.platform] += sig.weight + min(hits - 1, 4)
    # Patterns that must scan the whole sample are costly: run them only for platforms they could still
    # lift to (or past) the second-best anchored score; they can never lower the leader's score.
    ranked = sorted(scores.values(), reverse=True)
    contest = ranked[1] if len(ranked) > 1 else 0
    for sig in _UNANCHORED:
        if scores[sig.platform] + _HEADROOM[sig.platform] < contest:
            continue
        if sig.needs is not None and not any(literal in text for literal in sig.needs):
            continue
        hits = 0
        for _ in sig.pattern.finditer(text):
            hits += 1
            if hits == 5:  # more hits add nothing: stop scanning
                break
        if hits:
            scores[sig.platform] += sig.weight + min(hits - 1, 4)
    return scores


def detect_platform(lines: Sequence[tuple[int, str]], *, sample_lines: int = 500) -> Detection:
    """Guess the platform of numbered config lines; ``platform`` is None when it cannot be told."""
    sample = [text for _, text in lines[:sample_lines]]
    # RANCID/Oxidized headers can be long: always include a later window of the file too.
    if len(lines) > sample_lines:
        sample.extend(text for _, text in lines[max(sample_lines, len(lines) - sample_lines // 2) :])
    text = "\n".join(sample)
    scores = _score(sample, text)
    for name, (proof, _) in LOOKALIKES.items():
        found = scores.pop(name)
        if found >= proof:
            # Certain, and a configuration: a directory walk reports it instead of skipping it as prose.
            return Detection(None, 1.0, f"{name} configuration: not supported", found)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (second, runner) = ranked[0], ranked[1]
    if top < 12:  # weak evidence: make sure this is a configuration at all
        config_like = sum(1 for line in sample if line.strip() and not line.lstrip().startswith(("!", "#")))
        for pattern, what in _SHOW_OUTPUT:
            if pattern.search(text):
                return Detection(None, 0.0, f"not a configuration: looks like {what} output")
        if config_like and sum(1 for line in sample if _KEY_VALUE.match(line)) * 5 >= config_like * 3:
            return Detection(None, 0.0, "not a configuration: looks like a status display output")
        if config_like == 0:
            top = 0
    if top < 5:
        return Detection(None, 0.0, f"platform cannot be told from the content (best guess {best}, score {top})")
    confidence = round(top / (top + runner), 2) if top + runner else 0.0
    reason = f"{best} scored {top}, next {second} {runner}"
    if top == runner:
        return Detection(
            None,
            0.5,
            f"platform is ambiguous: {best} and {second} both scored {top}; name it with --platform",
            top,
            0,
            second,
        )
    return Detection(best, confidence, reason, top, top - runner, second)
