"""Which statements enclose a line: found by walking back the indentation, in time linear overall."""

from __future__ import annotations

__all__ = ["CLOSERS", "MAX_CONTEXT", "Frame", "Outline"]

Frame = tuple[int, bool, str]  # indent, opens a brace block, the statement
CLOSERS = frozenset({"exit", "exit all", "quit", "$"})
MAX_CONTEXT = 8  # enclosing blocks looked at for a context (deeper ones never decide)
MAX_WALK = 100_000  # lines walked back to find a block's statement (beyond: no context, fail closed)


class Outline:
    """The enclosing statements of a line: the nearest earlier statements each less indented than the last.

    Devices print every syntax indented by depth (braces included), so indentation alone gives the
    blocks. Comments, blank lines and block closers (``}``, ``exit``, ``quit``, ``$``) are no statements.
    ``parent`` remembers every line it answered for and jumps over the block of such a line.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.parent: dict[int, int] = {}

    def _indent(self, index: int) -> int:
        line = self.lines[index]
        return len(line) - len(line.lstrip())

    def _statement(self, index: int) -> bool:
        body = self.lines[index].strip()
        if not body:
            return False
        first = body[0]
        return not (first in "!}" or (first == "#" and not body.startswith("##")) or body in CLOSERS)

    def _parent_of(self, index: int) -> int:
        known = self.parent.get(index)
        if known is not None:
            return known
        indent = self._indent(index)
        j = index - 1
        steps = 0
        while j >= 0 and steps < MAX_WALK:
            steps += 1
            if not self._statement(j):
                j -= 1
                continue
            if self._indent(j) < indent:
                break
            jump = self.parent.get(j)  # every line between j's parent and j is at least as indented as j
            j = jump if jump is not None else j - 1
        else:
            j = -1
        self.parent[index] = j
        return j

    def ancestors(self, index: int) -> list[Frame]:
        """The enclosing statements, outermost first (at most the ones a context can name)."""
        out: list[Frame] = []
        j = self._parent_of(index)
        while j >= 0 and len(out) < MAX_CONTEXT:
            out.append((self._indent(j), False, self.lines[j]))
            j = self._parent_of(j)
        out.reverse()
        return out
