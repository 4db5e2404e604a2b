"""Work done by a call, counted as Python line events (``sys.settrace``): scaling tests compare counts, not time.

The count is the same on an idle laptop and on a loaded CI machine, so a ratio of counts between a small and a
large input shows an accidental quadratic loop without ever depending on the clock.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

__all__ = ["lines_executed"]


def lines_executed(call: Callable[[], object]) -> int:
    """Run ``call`` and return how many line, call and return events it produced in this thread."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal count
        count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(previous)
    return count
