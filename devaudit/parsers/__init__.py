"""Parsers: every platform's syntax into the same ConfigTree. One table entry per platform."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from devaudit.parsers.session import SKIP_REASON, strip_session
from devaudit.tree import ConfigTree

__all__ = ["PARSERS", "parse"]

ParserFn = Callable[[Sequence[tuple[int, str]], str], ConfigTree]


def _indented(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    from devaudit.parsers.indent import parse_indented

    return parse_indented(lines, platform)


def _junos(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    from devaudit.parsers.junos import parse_junos

    return parse_junos(lines, platform)


def _sros(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    from devaudit.parsers.sros import parse_sros

    return parse_sros(lines, platform)


PARSERS: dict[str, ParserFn] = {
    "cisco_ios": _indented,
    "cisco_nxos": _indented,
    "cisco_xr": _indented,
    "cisco_asa": _indented,
    "arista_eos": _indented,
    "huawei_vrp": _indented,
    "hp_comware": _indented,
    "zte_zxros": _indented,
    "juniper_junos": _junos,
    "nokia_sros": _sros,
}


def parse(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    """Parse numbered lines of ``platform`` syntax into a ConfigTree.

    Terminal prompts and echoed session commands around the configuration are dropped first and
    counted as skipped lines.
    """
    try:
        parser = PARSERS[platform]
    except KeyError:
        raise ValueError(f"no parser for platform {platform!r}") from None
    kept, dropped = strip_session(lines, platform)
    if not dropped:
        return parser(lines, platform)
    tree = parser(kept, platform)
    tree.stats.total_lines = len(lines)
    tree.stats.skip(SKIP_REASON, dropped)
    return tree
