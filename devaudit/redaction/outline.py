"""Which statements enclose a line: found by walking back from it over the blocks before it, linear overall."""

from __future__ import annotations

__all__ = ["CLOSERS", "MAX_CONTEXT", "Frame", "Outline"]

Frame = tuple[int, bool, str]  # indent, opens a brace block, the statement
CLOSERS = frozenset({"exit", "exit all", "quit", "$"})
MAX_CONTEXT = 8  # enclosing blocks looked at for a context (deeper ones never decide)


class Outline:
    """The enclosing statements of a line: the nearest earlier statement less indented than the line, then
    the nearest earlier statement less indented than that one, and so on.

    Devices print every syntax indented by depth (braces included), so indentation alone gives the
    blocks. Comments, blank lines and block closers (``}``, ``exit``, ``quit``, ``$``) are no statements.
    A line in the left margin has none (most lines redaction asks about: no work at all). For an indented
    line the lines before it are read backwards; each enclosing statement found is remembered for the line
    it encloses, and a walk that meets a statement already answered for jumps to that statement's answer,
    over the whole block between them. So, in whatever order lines are asked about, every line is read at
    most about once, and a config whose secrets sit in few blocks costs little more than those blocks.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        # Line index -> the index of its nearest earlier statement less indented than it (-1: none).
        self._up: dict[int, int] = {}

    def _enclosing(self, index: int, indent: int) -> int:
        """The nearest statement before line ``index`` indented less than ``indent`` columns (-1: none)."""
        lines, up = self.lines, self._up
        j = index - 1
        while j >= 0:
            line = lines[j]
            body = line.lstrip()
            if body:
                first = body[0]
                if not (
                    first in "!}"
                    or (first == "#" and not body.startswith("##"))
                    or (first in "eq$" and body.rstrip() in CLOSERS)
                ):
                    if len(line) - len(body) < indent:
                        return j
                    # A statement as indented as the line or more: the statements between its own
                    # enclosing statement and it are more indented still, so none of them is the answer.
                    jump = up.get(j)
                    if jump is not None:
                        if jump < 0:
                            return -1
                        j = jump
                        continue
            j -= 1
        return -1

    def ancestors(self, index: int) -> list[Frame]:
        """The enclosing statements, outermost first (at most the ones a context can name)."""
        lines, up = self.lines, self._up
        line = lines[index]
        level = len(line) - len(line.lstrip())
        out: list[Frame] = []
        current = index
        while level > 0 and len(out) < MAX_CONTEXT:
            parent = up.get(current)
            if parent is None:
                parent = up[current] = self._enclosing(current, level)
            if parent < 0:
                break
            text = lines[parent]
            level = len(text) - len(text.lstrip())
            out.append((level, False, text))
            current = parent
        out.reverse()
        return out
