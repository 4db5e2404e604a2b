"""Is a collected configuration complete? A truncated config must never be audited as if whole."""

from __future__ import annotations

import functools
import re

from devaudit.engine.regex_cache import compile_pattern
from devaudit.platforms import Completeness, get_platform, is_platform

__all__ = ["incomplete_reason"]

_PAGER = compile_pattern(r"--\s*More\s*--|---- More ----|---\(more[^)]*\)---", re.IGNORECASE)
_SHRINK_LIMIT = 0.5


@functools.cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _last_statement(text: str) -> str:
    for line in reversed(text.splitlines()):
        if line.strip():
            return line.strip()
    return ""


def _braces_balanced(text: str) -> bool:
    depth = 0
    in_string = False
    for char in text:
        if char == '"':
            in_string = not in_string
        elif not in_string:
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    return False
    return depth == 0


def incomplete_reason(
    platform: str, text: str, previous_size: int | None = None, *, md_cli: bool = False
) -> str | None:
    """Why ``text`` looks truncated (None when it looks complete)."""
    if not text.strip():
        return "the device returned an empty configuration"
    if _PAGER.search(text):
        return "pager prompt ('--More--') left in the output: paging was not disabled"
    complete = get_platform(platform).completeness if is_platform(platform) else Completeness()
    if complete.last_line is not None and not _compiled(complete.last_line).match(_last_statement(text)):
        return f"the configuration does not finish with '{complete.last_word}': output was cut off"
    braces = complete.braces == "always" or (complete.braces == "md_cli" and md_cli)
    if braces and "{" in text and not _braces_balanced(text):
        return "unbalanced braces: output was cut off"
    if previous_size and len(text) < previous_size * _SHRINK_LIMIT:
        return (
            f"the configuration is {len(text):,} bytes, less than half of the last run's {previous_size:,}: "
            "treating it as truncated"
        )
    return None
