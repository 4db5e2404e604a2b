"""Parsers: every platform's syntax into the same ConfigTree; each platform's descriptor names its parser."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence

from devaudit.parsers.session import SKIP_REASON, strip_session
from devaudit.platforms import PlatformTable
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


_BUILTIN_PARSERS: dict[str, ParserFn] = {"indented": _indented, "junos": _junos, "sros": _sros}


def _parser_of(kind: str) -> ParserFn:
    """A built-in parser kind ('indented', 'junos', 'sros') or an outside 'package.module:function'."""
    builtin = _BUILTIN_PARSERS.get(kind)
    if builtin is not None:
        return builtin
    module_name, sep, attr = kind.partition(":")
    if not sep:
        raise ValueError(f"unknown parser {kind!r}: use indented, junos, sros or package.module:function")
    function = getattr(importlib.import_module(module_name), attr, None)
    if not callable(function):
        raise ValueError(f"parser {kind!r}: {module_name} has no function {attr!r}")
    return function  # type: ignore[no-any-return]


# Each platform's parser, named by its descriptor.
PARSERS: Mapping[str, ParserFn] = PlatformTable(lambda p: _parser_of(p.parser))


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
