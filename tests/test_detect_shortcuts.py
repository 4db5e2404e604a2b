"""Detection's shortcuts change no verdict: the same detection as scoring every signature on every line.

Detection skips patterns that cannot change the winner, the runner-up or their scores, skips scans a needed
string rules out, and runs line-anchored patterns from line break to line break. Here every detection is
compared with one made from plain scores: each anchored signature matched on each line its key claims,
each whole-sample signature run over the whole sample whenever the headroom rule allows it.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from itertools import islice
from typing import Any, cast

import pytest

from bench.generate import PLATFORMS, synthetic_config
from devaudit import detect
from devaudit.detect import Detection, detect_platform
from devaudit.errors import InputError
from devaudit.ingest import read_dump, split_lines
from devaudit.signature_scan import line_scan, line_starts, required_strings
from tests.conftest import CORPUS


def _plain_scores(sample: Sequence[str], text: str) -> dict[str, int]:
    """Every platform's score with no shortcut taken."""
    tables = detect._tables()
    hits: Counter[int] = Counter()
    for line in sample:
        for number in tables.claims(detect._line_key(line)):  # a key claimed twice counts twice
            if tables.anchored[number].pattern.match(line):
                hits[number] += 1
    scores = dict.fromkeys(tables.names, 0)
    for number, found in hits.items():
        sig = tables.anchored[number]
        scores[sig.platform] += sig.weight + min(found - 1, 4)
    contest = sorted(scores.values(), reverse=True)[1]
    for sig in tables.unanchored:
        if scores[sig.platform] + tables.headroom[sig.platform] < contest:
            continue
        found = len(list(islice(sig.pattern.finditer(text), 5)))
        if found:
            scores[sig.platform] += sig.weight + min(found - 1, 4)
    return scores


def _plain_detection(lines: Sequence[tuple[int, str]]) -> Detection:
    sample = [text for _, text in lines[:500]]
    if len(lines) > 500:
        sample.extend(text for _, text in lines[max(500, len(lines) - 250) :])
    text = "\n".join(sample)
    return detect._verdict(sample, text, _plain_scores(sample, text))


def _corpus() -> list[tuple[str, tuple[tuple[int, str], ...]]]:
    out = []
    for path in sorted(CORPUS.glob("*/*")):
        try:
            out.append((path.name, read_dump(path.read_bytes(), path.name).lines))
        except InputError:  # an empty or binary corpus file has nothing to detect
            continue
    return out


def _synthetic() -> list[tuple[str, tuple[tuple[int, str], ...]]]:
    out = []
    for platform in PLATFORMS:
        for size, variant in ((40, "insecure"), (300, "hardened"), (1_500, "insecure"), (20_000, "hardened")):
            text = synthetic_config(platform, size, variant=variant)
            out.append((f"{platform}-{size}-{variant}", read_dump(text.encode(), platform).lines))
    return out


def _mixtures(
    configs: list[tuple[str, tuple[tuple[int, str], ...]]], count: int
) -> list[tuple[str, list[tuple[int, str]]]]:
    """Close calls and odd files: cut, shuffled and spliced configurations of two platforms."""
    rng = random.Random(12)
    out = []
    for number in range(count):
        (_, a), (_, b) = rng.choice(configs), rng.choice(configs)
        kind = number % 4
        if kind == 0:
            texts = [t for _, t in a[: rng.randint(0, 60)]] + [t for _, t in b[: rng.randint(0, 60)]]
        elif kind == 1:
            texts = [t for _, t in rng.sample(list(a), min(len(a), 30))] + [t for _, t in b[-rng.randint(1, 30) :]]
        elif kind == 2:
            texts = [t for _, t in a]
            rng.shuffle(texts)
            texts = texts[: rng.randint(1, 900)]
        else:
            texts = [t for _, t in a[rng.randint(0, len(a)) :]]
        out.append((f"mixture {number}", list(enumerate(texts, start=1))))
    return out


@pytest.mark.corpus
def test_every_corpus_and_synthetic_config_is_detected_as_plain_scores_detect_it() -> None:
    configs = _corpus() + _synthetic()
    assert len(configs) > 60
    for name, lines in configs:
        assert detect_platform(lines) == _plain_detection(lines), name


@pytest.mark.corpus
def test_the_first_detections_of_a_run_score_with_the_patterns_as_they_are_and_agree() -> None:
    # The first detections of a process compile no scan of their own (one file need not pay for them).
    tables = detect._tables()
    configs = _corpus() + _synthetic()
    for name, lines in configs:
        tables._detections = 0
        assert detect_platform(lines) == _plain_detection(lines), name


@pytest.mark.corpus
def test_close_calls_and_odd_files_are_detected_as_plain_scores_detect_them() -> None:
    configs = _corpus() + _synthetic()
    verdicts: Counter[str] = Counter()
    for name, lines in _mixtures(configs, 600):
        found = detect_platform(lines)
        assert found == _plain_detection(lines), name
        verdicts["close" if found.close else "ambiguous" if found.runner_up and not found.platform else "other"] += 1
    # The mixtures reach the verdicts whose runner-up and scores a report shows.
    assert verdicts["close"] > 20 and verdicts["ambiguous"] > 5, verdicts


def test_texts_that_defeat_the_shortcuts_are_detected_as_plain_scores_detect_them() -> None:
    cases = [
        "hostname r1\n\tinterface mgmt0\n network-instance mgmt\n",  # a tab before the first word
        "version 15.2\nline vty 0 4\n login\t\n login local\n exit-address-family\n exit\n",
        "\n".join(["system {", "    host-name r1;", "}", "  interface mgmt0", "vlan 10", " name x"] * 3),
        'x\n"srl_nokia-system:system": {\n "generated-by": "SRLINUX",\n}',
        "sysname R1\n%^%#abc\ninterface gei-0/1/0/1\n ZXR10 config\n",
        "",
        "\n\n\n",
    ]
    for text in cases:
        lines, _ = split_lines(text)
        assert detect_platform(lines) == _plain_detection(lines), text
    embedded = [(1, "hostname r1"), (2, "banner motd x\n  interface mgmt0"), (3, "vlan 10\n name y")]
    assert detect_platform(embedded) == _plain_detection(embedded)


class _Counted:
    """A signature pattern that counts its runs: each line tried (``match``) and each scan (``finditer``)."""

    def __init__(self, pattern: re.Pattern[str], calls: Counter[str]) -> None:
        self._pattern, self._calls = pattern, calls
        self.pattern, self.flags = pattern.pattern, pattern.flags

    def match(self, text: str) -> re.Match[str] | None:
        self._calls["match"] += 1
        return self._pattern.match(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        self._calls["finditer"] += 1
        return self._pattern.finditer(text)


@contextmanager
def _counting(detections_so_far: int) -> Iterator[Counter[str]]:
    """Detection with every signature pattern counting its runs, after ``detections_so_far`` detections."""
    detect._tables.cache_clear()
    tables = detect._tables()
    calls: Counter[str] = Counter()
    tables.anchored = tuple(replace(sig, pattern=cast(Any, _Counted(sig.pattern, calls))) for sig in tables.anchored)
    tables.unanchored = tuple(
        replace(sig, pattern=cast(Any, _Counted(sig.pattern, calls))) for sig in tables.unanchored
    )
    tables._detections = detections_so_far
    try:
        yield calls
    finally:
        detect._tables.cache_clear()


def _signature_calls(lines: Sequence[tuple[int, str]], *, detections_so_far: int, plain: bool = False) -> Counter[str]:
    """How often the signature patterns ran while detecting ``lines`` (plainly: with no shortcut)."""
    with _counting(detections_so_far) as calls:
        (_plain_detection if plain else detect_platform)(lines)
    return calls


@pytest.mark.corpus
def test_an_ios_config_is_detected_without_trying_a_signature_line_by_line_or_over_every_character() -> None:
    paths = sorted((CORPUS / "cisco_ios").glob("*"))
    assert len(paths) >= 8
    warm = detect._COLD_DETECTIONS
    for path in paths:
        lines = read_dump(path.read_bytes(), path.name).lines
        assert detect_platform(lines).platform == "cisco_ios", path.name
        # Each signature ran as one search over the lines it can match, or was ruled out without a scan; the
        # plain scores try hundreds of lines one by one and scan the whole sample with every pattern.
        assert _signature_calls(lines, detections_so_far=warm) == Counter(), path.name
        plain = _signature_calls(lines, detections_so_far=warm, plain=True)
        assert plain["match"] > 100 and plain["finditer"] > 10, (path.name, plain)
        # The first detections of a process try lines one by one, but only lines that start as a pattern does.
        cold = _signature_calls(lines, detections_so_far=0)
        assert 0 < cold["match"] < plain["match"] and cold["finditer"] < plain["finditer"], (path.name, cold)


SHAPES = [
    r"^a\s*$",
    r"^\s*a",
    r"^(?:|a)",
    r"^a$\n?",
    r"^\s*b\s*$",
    r"^a(?=\n)",
    r"^a\Z",
    r"^(?<=\n)a",
    r"^ +x\s*$|^y",
    r"^a[^b]*b",
    r"^a.*",
    r"^a\nb",
    r"^a\n",
    r"^\s+",
    r"^x?ab[cd]\$",
]


def _patterns() -> list[re.Pattern[str]]:
    tables = detect._tables()
    return [sig.pattern for sig in (*tables.anchored, *tables.unanchored)] + [re.compile(s, re.M) for s in SHAPES]


def test_scans_count_the_matches_the_patterns_find() -> None:
    rng = random.Random(5)
    checked = Counter[str]()
    for pattern in _patterns():
        words = re.findall(r"[A-Za-z0-9\-_:\"%@$#{}/;]+", pattern.pattern)
        alphabet = ["\n", "\n", " ", "  ", "\t", "a", "b", "x", "y", "0", "1", ";", "{", '"', "\r", *words * 3]
        scan, alone = line_scan(pattern), line_scan(pattern, alone=True)
        needs, starts = required_strings(pattern), line_starts(pattern)
        checked.update(
            name for name, part in (("scan", scan), ("alone", alone), ("needs", needs), ("starts", starts)) if part
        )
        for _ in range(300):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            found = len(list(pattern.finditer(text)))
            lines = text.split("\n")
            if scan is not None:
                assert len(list(scan.finditer("\n" + text))) == found, (pattern.pattern, text)
            if alone is not None:
                assert len(list(alone.finditer("\n" + text))) == sum(1 for line in lines if pattern.match(line))
            if needs is not None and found:
                assert any(need in text for need in needs), (pattern.pattern, text)
            if starts is not None and found:
                assert any(line.lstrip().startswith(s) for line in lines for s in starts), (pattern.pattern, text)
    assert min(checked.values()) > 20, checked


def test_scans_are_only_offered_where_they_count_the_same() -> None:
    def shape(source: str) -> re.Pattern[str]:
        return re.compile(source, re.M)

    # An empty match, a match ending at a line break, a look behind, leading white space over lines.
    for source in (r"^(?:|a)", r"^a\n", r"^(?<=\n)a", r"^\s+", r"^\s*b\s*$"):
        assert line_scan(shape(source)) is None, source
    assert line_scan(re.compile(r"^a b")) is None  # '^' is the start of the text only
    # Matched alone, a line cannot see the text after it.
    for source in (r"^a(?=\n)", r"^a\Z", r"^\s*a"):
        assert line_scan(shape(source)) is not None and line_scan(shape(source), alone=True) is None, source
    assert required_strings(shape(r"\$[hc]\$\d+\$")) == ("$c$", "$h$")
    assert required_strings(shape(r"^ZX[RA]10|ZXROS|ZXCTN")) == ("ZXA10", "ZXCTN", "ZXR10", "ZXROS")
    assert required_strings(re.compile(r"admin", re.I)) is None
    assert line_starts(shape(r"^\s*(?:set / )?interface mgmt0\b")) == ("interface mgmt0", "set / interface mgmt0")
    assert line_starts(shape(r"^\s*\S+ x")) is None
