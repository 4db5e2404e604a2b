"""Which statements enclose a line: found from the indentation in one forward pass, linear overall."""

from __future__ import annotations

__all__ = ["CLOSERS", "MAX_CONTEXT", "Frame", "Outline"]

Frame = tuple[int, bool, str]  # indent, opens a brace block, the statement
CLOSERS = frozenset({"exit", "exit all", "quit", "$"})
MAX_CONTEXT = 8  # enclosing blocks looked at for a context (deeper ones never decide)


class Outline:
    """The enclosing statements of a line: the nearest earlier statements each less indented than the last.

    Devices print every syntax indented by depth (braces included), so indentation alone gives the
    blocks. Comments, blank lines and block closers (``}``, ``exit``, ``quit``, ``$``) are no statements.
    The lines are read forward, as far as the line asked about, keeping the open statements on a stack
    (each more indented than the one below it): a statement closes every statement at least as indented
    as itself. A line's enclosing statements are then the ones on the stack less indented than the line.
    Asked in file order (as redaction asks), every line is read once.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._read = 0  # lines before this one are on the stack
        self._open: list[tuple[int, int]] = []  # (indent, index) of the statements still open

    def _read_to(self, index: int) -> None:
        lines, stack = self.lines, self._open
        for i in range(self._read, index):
            line = lines[i]
            body = line.lstrip()
            if not body:
                continue
            first = body[0]
            if first in "!}" or (first == "#" and not body.startswith("##")):
                continue
            if first in "eq$" and body.rstrip() in CLOSERS:
                continue
            indent = len(line) - len(body)
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, i))
        self._read = index

    def ancestors(self, index: int) -> list[Frame]:
        """The enclosing statements, outermost first (at most the ones a context can name)."""
        if index < self._read:  # asked out of file order: read again from the start
            self._read, self._open = 0, []
        self._read_to(index)
        line = self.lines[index]
        indent = len(line) - len(line.lstrip())
        lines = self.lines
        out = [(level, False, lines[j]) for level, j in self._open if level < indent]
        return out[-MAX_CONTEXT:]
