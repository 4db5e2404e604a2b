"""Tell a config's platform from its content: weighted signatures per platform, as data."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice, repeat
from operator import itemgetter
from typing import Any

from devaudit.engine.regex_cache import compile_pattern
from devaudit.platforms import all_platforms
from devaudit.regex_literal import literal_start
from devaudit.signature_scan import alternatives as _alternatives
from devaudit.signature_scan import line_scan, line_starts, rare_characters, required_strings

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
_COMMON_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 -./:,=")
# Detections scored with the patterns as they are, before scans built from them are compiled.
_COLD_DETECTIONS = 2

Signatures = tuple[tuple[re.Pattern[str], int], ...]


class _Signatures(dict[str, Signatures]):
    """Platform name -> its (pattern, weight) pairs, filled the first time the table is read: importing
    this module imports no platform's patterns."""

    __slots__ = ("_filled",)

    def __init__(self) -> None:
        super().__init__()
        self._filled = False

    def _fill(self) -> None:
        if not self._filled:
            super().update((p.name, p.signatures.get()) for p in all_platforms() if p.signatures is not None)
            self._filled = True

    def __getitem__(self, name: str) -> Signatures:
        self._fill()
        return super().__getitem__(name)

    def __contains__(self, name: object) -> bool:
        self._fill()
        return super().__contains__(name)

    def __iter__(self) -> Iterator[str]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __repr__(self) -> str:
        self._fill()
        return super().__repr__()

    def get(self, name: str, default: Any = None) -> Any:
        self._fill()
        return super().get(name, default)

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def items(self) -> Any:
        self._fill()
        return super().items()


# (pattern, weight) per platform, from each platform's descriptor. Patterns run over the first part of the
# text; weights favour unique markers.
SIGNATURES: Mapping[str, Signatures] = _Signatures()

_c = compile_pattern

# Configurations of platforms devaudit does not audit that look like ones it does (FTD prints an ASA
# configuration; AireOS, FortiOS and PAN-OS write 'config' and 'set' lines): the name to report, its
# signatures, and the score that proves it. None of these markers occurs in a supported platform's config.
LOOKALIKES: dict[str, tuple[int, Signatures]] = {
    "Cisco Firepower Threat Defense (FTD)": (
        10,
        (
            (_c(r"^NGFW Version \d", _M), 10),
            (_c(r"^: Hardware: +(?:FPR|Firepower)|^Cisco Firepower Threat Defense", _M), 10),
        ),
    ),
    "Cisco Wireless LAN Controller (AireOS)": (
        6,
        (
            (
                _c(
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
            (_c(r"^#config-version=F\S*", _M), 10),
            (_c(r"^config (?:system|firewall|router|user|vpn|log) [\w\-]+\s*$", _M), 6),
        ),
    ),
    "Palo Alto Networks (PAN-OS)": (
        6,
        (
            (_c(r"^set (?:deviceconfig|mgt-config|rulebase|shared|vsys) ", _M), 6),
            (_c(r"^set network (?:interface|virtual-router|profiles) ", _M), 4),
            (_c(r"^<config version=", _M), 6),
        ),
    ),
}

# Show-command output rather than configuration: (pattern, what it looks like).
_SHOW_OUTPUT: tuple[tuple[re.Pattern[str], str], ...] = (
    (_c(r"Huawei Versatile Routing Platform Software|VRP \(R\) software, Version", 0), "display version"),
    (_c(r"(?:uptime is|System uptime|Uptime is) ", 0), "show version"),
    # '\S.*' matches what '\S+.*' does without trying every split of a long token between the two.
    (_c(r"^[ \t]*(?:Interface|System Id)\s+\S.*(?:State|Type|Holdtime)", _M), "a show-command table"),
    (_c(r"^Interface Table \(Router:", _M), "show router interface"),
    (_c(r"Telnet server (?:status|is)|HTTP[S]? (?:server|Server) (?:Status|status)", 0), "a status display"),
    (_c(r"ZTE (?:ZX\w+ )?(?:Software|software), Version|Software Version\s*:", 0), "show version"),
)

# 'display telnet server status' style listings: "<key>   : <value>" on most lines.
_KEY_VALUE = _c(r"^\s*\S.*?(?<!\s)\s{2,}+:\s*\S")  # the gap starts after a word: linear


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


def _line_key(line: str) -> str:
    """A line's leading spaces plus its first word, lower-cased: the index key for anchored patterns."""
    body = line.lstrip(" ")
    end = body.find(" ")
    return (line[: len(line) - len(body)] + (body if end < 0 else body[:end])).lower()


def _anchor(alternative: str) -> tuple[str, bool] | None:
    """The literal start of an anchored alternative (lower-cased) and whether it is a whole key."""
    start = literal_start(alternative)
    if start is None:
        return None
    text, rest = start
    body = text.lstrip(" ")
    if not body:
        return None
    space = body.find(" ")
    if space >= 0:
        return (text[: len(text) - len(body)] + body[:space]).lower(), True
    whole = rest == "" or rest.startswith(("\\s", "$", "\\b"))
    return text.lower(), whole


# '^(?:word|other word) rest': a leading group of plain words, each of which starts the line.
_LEADING_WORDS = _c(r"\^\(\?:([\w\- ]+(?:\|[\w\- ]+)+)\)(.*)", re.DOTALL)


def _expanded(alternative: str) -> list[str]:
    """``^(?:a|b) x`` as ``^a x`` and ``^b x`` (for finding anchors only; matching uses the real pattern)."""
    group = _LEADING_WORDS.fullmatch(alternative)
    if group is None:
        return [alternative]
    return [f"^{word}{group.group(2)}" for word in group.group(1).split("|")]


@dataclass(frozen=True, slots=True)
class _Signature:
    """One (pattern, weight) pair of a platform, with what scoring it needs to know about the pattern."""

    platform: str
    pattern: re.Pattern[str]
    weight: int
    keys: tuple[tuple[str, bool], ...] | None  # None: the pattern must scan the whole sample
    # Anchored patterns: a line break and the text each alternative's matches start with; a group of lines
    # holding none of these at a line start has no match (None: not known, every line is tried).
    starts: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class _Scan:
    """What rules a whole-sample pattern out before it runs: strings one of which a text must hold."""

    needs: tuple[str, ...] | None
    # Patterns of '^\s*' and text: (lower-cased first word of a line, or what it starts with; which) one of
    # which the first word of some line of a matching text is, or starts with.
    first_words: tuple[tuple[str, bool], ...] | None = None
    # Each needed string with a seldom character of it ('' if none): a text without that character (found
    # at memory speed) cannot hold the string. Then what all of them hold: a seldom character, the text they
    # all start with ('ZX' of 'ZXR10' and 'ZXROS'); a text without one of these holds none of them.
    checks: tuple[tuple[str, str], ...] = ()
    shared: tuple[str, ...] = ()

    @property
    def cost(self) -> int:
        """How dear ruling the pattern out is: by first words, by a seldom character, by a search, not at all."""
        if self.first_words is not None:
            return 0
        if self.needs is None:
            return 3
        seldom = bool(self.shared) and self.shared[0][:1] not in _COMMON_CHARACTERS
        return 1 if seldom or all(rare for rare, _ in self.checks) else 2


class _Tables:
    """The signatures, indexed for scoring; built on the first detection."""

    def __init__(self) -> None:
        signatures = {**dict(SIGNATURES.items()), **{name: sigs for name, (_, sigs) in LOOKALIKES.items()}}
        self.names: tuple[str, ...] = (*SIGNATURES, *LOOKALIKES)
        self.supported: dict[str, int] = {name: position for position, name in enumerate(SIGNATURES)}
        anchored: list[_Signature] = []
        unanchored: list[_Signature] = []
        for platform, sigs in signatures.items():
            for pattern, weight in sigs:
                found = [alt for top in _alternatives(pattern.pattern) for alt in _expanded(top)]
                anchors = [_anchor(alt) for alt in found]
                if "\\n" in pattern.pattern or any(a is None for a in anchors):
                    unanchored.append(_Signature(platform, pattern, weight, None))
                    continue
                starts: tuple[str, ...] | None = None
                if not pattern.flags & (re.IGNORECASE | re.VERBOSE):
                    starts = tuple(dict.fromkeys("\n" + start[0] for alt in found if (start := literal_start(alt))))
                keys = tuple(a for a in anchors if a)
                anchored.append(_Signature(platform, pattern, weight, keys, starts))
        self.anchored = tuple(anchored)
        self.unanchored = tuple(unanchored)
        # The most the whole-sample patterns can add to each platform's score.
        self.headroom = {p: sum(s.weight + 4 for s in self.unanchored if s.platform == p) for p in self.names}
        whole: dict[str, list[int]] = {}
        prefixes: list[tuple[str, int]] = []
        for number, sig in enumerate(self.anchored):
            for key, is_whole in sig.keys or ():
                if is_whole:
                    whole.setdefault(key, []).append(number)
                else:
                    prefixes.append((key, number))
        self.by_key = {k: tuple(v) for k, v in whole.items()}
        self.by_prefix = tuple(prefixes)
        self.any_prefix = compile_pattern("|".join(re.escape(key) for key, _ in prefixes)) if prefixes else None
        self._claims: dict[str, tuple[int, ...]] = {}
        self._scans: dict[int, _Scan] = {}
        self._line_scans: dict[tuple[bool, int], re.Pattern[str] | None] = {}
        self._detections = 0

    def warm(self) -> bool:
        """Count a detection; whether enough have run for scans built from the patterns to pay off (building
        one compiles a pattern: a single file is scored with the patterns as they are)."""
        self._detections += 1
        return self._detections > _COLD_DETECTIONS

    def line_scan(self, number: int, anchored: bool) -> re.Pattern[str] | None:
        """Anchored signature ``number``'s scan of a key's lines joined (one match per line the pattern
        matches on its own), or whole-sample signature ``number``'s scan of the sample; None: no such scan."""
        key = (anchored, number)
        try:
            return self._line_scans[key]
        except KeyError:
            pattern = (self.anchored if anchored else self.unanchored)[number].pattern
            found = self._line_scans[key] = line_scan(pattern, alone=anchored)
            return found

    def claims(self, key: str) -> tuple[int, ...]:
        """The anchored signatures a line with this key is tried by, once per claim of the key."""
        found = self._claims.get(key)
        if found is None:
            numbers = list(self.by_key.get(key, ()))
            if key and self.any_prefix is not None and self.any_prefix.match(key):
                numbers.extend(number for prefix, number in self.by_prefix if key.startswith(prefix))
            found = tuple(numbers)
            if len(self._claims) > 4096:  # keys of lines no signature claims come and go with the files
                self._claims.clear()
            self._claims[key] = found
        return found

    def scan(self, number: int) -> _Scan:
        """How to run whole-sample signature ``number``, worked out the first time it runs."""
        found = self._scans.get(number)
        if found is None:
            pattern = self.unanchored[number].pattern
            starts = line_starts(pattern)
            words = None
            if starts is not None:
                words = tuple((s.lower().split(" ")[0], True) if " " in s else (s.lower(), False) for s in starts)
            needs = required_strings(pattern)
            checks: tuple[tuple[str, str], ...] = ()
            shared: tuple[str, ...] = ()
            if needs is not None:
                checks = tuple((rare_characters(need)[:1], need) for need in needs)
                common = set.intersection(*(set(rare_characters(need)) for need in needs))
                start = _common_start(needs) if len(needs) > 1 else ""
                shared = (*(sorted(common)[:1]), *([start] if len(start) > 1 else []))
            found = _Scan(needs, words, checks, shared)
            self._scans[number] = found
        return found


def _common_start(texts: Sequence[str]) -> str:
    """The longest text all of ``texts`` start with."""
    first, last = min(texts), max(texts)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]


@functools.cache
def _tables() -> _Tables:
    """The signature tables, built on the first detection."""
    return _Tables()


# A line's leading spaces and first word (``_line_key`` before lower-casing), for every line of a text
# preceded by a line break: each match starts at a line break and takes none, so every line has one.
_KEYS = _c(r"\n( *[^ \n]*)")


def _sample_keys(sample: Sequence[str], text: str) -> list[str] | None:
    """``_line_key`` of every sampled line, found by one search over ``text`` (the lines joined); None when
    a line holds a line break of its own, so the text's lines are not the sample's."""
    keys: list[str] = _KEYS.findall("\n" + text.lower())
    return keys if len(keys) == len(sample) else None


def _leaders(scores: dict[str, int], supported: dict[str, int]) -> list[tuple[int, int, str]]:
    """The two best supported platforms as (score, -position, name), best first."""
    return sorted(((scores[name], -position, name) for name, position in supported.items()), reverse=True)[:2]


def _score(sample: Sequence[str], text: str) -> dict[str, int]:
    """Weighted signature hits per platform; anchored patterns only try lines with a matching first word."""
    tables = _tables()
    keys = _sample_keys(sample, text)
    lines_are_text = keys is not None
    if keys is None:
        keys = [_line_key(line) for line in sample]
    claims = tables.claims
    distinct = dict.fromkeys(keys)
    # Only the lines whose key some signature is anchored on are indexed (an empty line has no key).
    index: dict[str, list[str]] = {key: [] for key in distinct if claims(key)}
    get = index.get
    for key, line in zip(keys, sample, strict=True):
        lines = get(key)
        if lines is not None:
            lines.append(line)
    anchored = tables.anchored
    warm = tables.warm()
    line_scan = tables.line_scan
    hits: dict[int, int] = {}
    for key, lines in index.items():
        joined = None
        # A line listed twice counts twice, as each key is a claim; five hits are as good as more.
        for number in claims(key):
            done = hits.get(number, 0)
            if done == 5:
                continue
            sig = anchored[number]
            scan = line_scan(number, True) if warm else None
            if scan is not None or sig.starts is not None:
                if joined is None:
                    joined = "\n" + "\n".join(lines)
                if scan is not None:
                    hits[number] = done + len(list(islice(scan.finditer(joined), 5 - done)))
                    continue
                if not any(start in joined for start in sig.starts or ()):
                    continue
            hits[number] = done + len(list(islice(filter(None, map(sig.pattern.match, lines)), 5 - done)))
    scores = dict.fromkeys(tables.names, 0)
    for number, found in hits.items():
        if found:
            # Repeated hits add a little: evidence that the feature is structural, not incidental.
            sig = anchored[number]
            scores[sig.platform] += sig.weight + min(found - 1, 4)
    _score_whole_sample(tables, scores, text, distinct if lines_are_text else None, warm=warm)
    return scores


def _first_words(keys: Iterable[str]) -> frozenset[str] | None:
    """The first words of the lines (lower-cased), from their keys; None when a line's indentation holds
    white space other than spaces (its first word is not known)."""
    words = frozenset(map(str.lstrip, keys, repeat(" ")))
    return None if any(map(str.isspace, map(itemgetter(0), filter(None, words)))) else words


def _may_start(words: frozenset[str], wanted: tuple[tuple[str, bool], ...]) -> bool:
    """Whether a line's first word is one of ``wanted`` (exact) or starts with it."""
    return any(word in words if exact else any(map(str.startswith, words, repeat(word))) for word, exact in wanted)


def _may_hold(text: str, scan: _Scan) -> bool:
    """Whether ``text`` holds what all the needed strings share, and one of them."""
    for part in scan.shared:
        if part not in text:
            return False
    for rare, need in scan.checks:
        if rare and rare not in text:
            continue  # found at memory speed: the string cannot be there
        if need in text:
            return True
    return False


def _score_whole_sample(
    tables: _Tables, scores: dict[str, int], text: str, keys: dict[str, None] | None = None, *, warm: bool = True
) -> None:
    """Add the hits of the patterns that must scan the whole sample.

    They are costly: run them only for platforms they could still lift to (or past) the second-best
    anchored score; they can never lower the leader's score. Of those, a pattern is skipped when two
    other platforms already score more than its platform can reach: it cannot change the winner, the
    runner-up or their scores, which are all a detection reports. ``keys`` are the distinct line keys when
    the sample's lines are the text's: patterns that start a line then need a line starting as they do.
    """
    ranked = sorted(scores.values(), reverse=True)
    contest = ranked[1] if len(ranked) > 1 else 0
    headroom = tables.headroom
    runs = [n for n, sig in enumerate(tables.unanchored) if scores[sig.platform] + headroom[sig.platform] >= contest]
    # The best-placed platforms first: their scores, raised, rule out more of the others' patterns. Within a
    # platform, the patterns cheapest to rule out and worth most first: each one ruled out lowers what the
    # platform can reach, and when that falls behind the two best, the rest are not even looked at.
    runs.sort(key=lambda n: (-scores[tables.unanchored[n].platform], tables.scan(n).cost, -tables.unanchored[n].weight))
    reach: dict[str, int] = {}
    for number in runs:
        sig = tables.unanchored[number]
        reach[sig.platform] = reach.get(sig.platform, 0) + sig.weight + 4
    supported = tables.supported
    leaders = _leaders(scores, supported)
    lined: str | None = None
    words: frozenset[str] | None = None
    for number in runs:
        sig = tables.unanchored[number]
        platform = sig.platform
        most = scores[platform] + reach[platform]
        reach[platform] -= sig.weight + 4
        position = supported.get(platform)
        if position is not None and len(leaders) == 2:
            (best, best_minus, best_name), (next_, next_minus, next_name) = leaders
            if (
                platform not in (best_name, next_name)
                and (best > most or (best == most and -best_minus < position))
                and (next_ > most or (next_ == most and -next_minus < position))
            ):
                continue
        scan = tables.scan(number)
        if scan.first_words is not None and keys is not None:
            if words is None:
                words = _first_words(keys) or frozenset()
                if not words:
                    keys = None  # some line's first word is not known: look for the needed strings instead
            if words and not _may_start(words, scan.first_words):
                continue
        if scan.needs is not None and not _may_hold(text, scan):
            continue
        fast = tables.line_scan(number, False) if warm else None
        if fast is not None:
            if lined is None:
                lined = "\n" + text
            found = len(list(islice(fast.finditer(lined), 5)))
        else:
            found = len(list(islice(sig.pattern.finditer(text), 5)))  # more hits add nothing: stop scanning
        if found:
            scores[platform] += sig.weight + min(found - 1, 4)
            leaders = _leaders(scores, supported)


_TEXT = itemgetter(1)  # a numbered line's text


def detect_platform(lines: Sequence[tuple[int, str]], *, sample_lines: int = 500) -> Detection:
    """Guess the platform of numbered config lines; ``platform`` is None when it cannot be told."""
    sample = list(map(_TEXT, lines[:sample_lines]))
    # RANCID/Oxidized headers can be long: always include a later window of the file too.
    if len(lines) > sample_lines:
        sample.extend(map(_TEXT, lines[max(sample_lines, len(lines) - sample_lines // 2) :]))
    text = "\n".join(sample)
    return _verdict(sample, text, _score(sample, text))


def _verdict(sample: Sequence[str], text: str, scores: dict[str, int]) -> Detection:
    """The detection the scores of every platform and look-alike make (only the two best platforms' count)."""
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
        key_value = _KEY_VALUE.match
        if config_like and sum(1 for line in sample if key_value(line)) * 5 >= config_like * 3:
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
