"""Detection's first-word index: the keys found by one search are the keys of the lines, one by one."""

from __future__ import annotations

import random

import pytest

from devaudit.detect import _line_key, _sample_keys, detect_platform
from tests.conftest import CORPUS


def test_keys_of_odd_lines_are_those_of_each_line() -> None:
    sample = ["", "   ", "Hostname R1", "  Interface Gi0/1", "\tkey x", " İnterface x", "a\rb c", "x  y"]
    assert _sample_keys(sample, "\n".join(sample)) == [_line_key(line) for line in sample]
    assert _sample_keys(sample, "\n".join(sample))[2:4] == ["hostname", "  interface"]
    rng = random.Random(3)
    for _ in range(500):
        lines = ["".join(rng.choice(" aB\tİ\rx") for _ in range(rng.randint(0, 6))) for _ in range(6)]
        assert _sample_keys(lines, "\n".join(lines)) == [_line_key(line) for line in lines]


def test_a_line_holding_a_line_break_falls_back_to_line_by_line() -> None:
    sample = ["hostname r1", "banner x\ny", "interface a"]
    assert _sample_keys(sample, "\n".join(sample)) is None
    assert _sample_keys([], "") is None
    lines = [(1, "hostname r1"), (2, "banner motd x\ny"), (3, "interface Gi0/1"), (4, " ip address 10.0.0.1 255.0.0.0")]
    assert detect_platform(lines).platform == detect_platform([lines[0], *lines[2:]]).platform


@pytest.mark.corpus
def test_keys_of_real_configs_are_those_of_each_line() -> None:
    for path in sorted(CORPUS.glob("*/*")):
        sample = path.read_text(encoding="utf-8", errors="replace").split("\n")[:500]
        assert _sample_keys(sample, "\n".join(sample)) == [_line_key(line) for line in sample], path.name
