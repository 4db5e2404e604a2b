"""Is a collected configuration complete? A truncated config must never be audited as if whole."""

from __future__ import annotations

import re

__all__ = ["incomplete_reason"]

_PAGER = re.compile(r"--\s*More\s*--|---- More ----|---\(more[^)]*\)---", re.IGNORECASE)
_LAST_LINE: dict[str, re.Pattern[str]] = {
    "cisco_ios": re.compile(r"^end\s*$"),
    "cisco_xr": re.compile(r"^end\s*$"),
    "cisco_asa": re.compile(r"^(?:end|: end)\s*$"),
    "arista_eos": re.compile(r"^end\s*$"),
    "huawei_vrp": re.compile(r"^return\s*$"),
    "hp_comware": re.compile(r"^return\s*$"),
}
_SHRINK_LIMIT = 0.5


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
    pattern = _LAST_LINE.get(platform)
    if pattern is not None and not pattern.match(_last_statement(text)):
        expected = "return" if platform in ("huawei_vrp", "hp_comware") else "end"
        return f"the configuration does not finish with '{expected}': output was cut off"
    if platform == "juniper_junos" and "{" in text and not _braces_balanced(text):
        return "unbalanced braces: output was cut off"
    if platform == "nokia_sros" and md_cli and "{" in text and not _braces_balanced(text):
        return "unbalanced braces: output was cut off"
    if previous_size and len(text) < previous_size * _SHRINK_LIMIT:
        return (
            f"the configuration is {len(text):,} bytes, less than half of the last run's {previous_size:,}: "
            "treating it as truncated"
        )
    return None
