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
    The lines are read forward once, as far as the furthest line asked about, keeping the open statements
    on a stack (each more indented than the one below it): a statement closes every statement at least as
    indented as itself, and a line's parent is the nearest statement left on the stack that is less indented.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.parent: list[int] = []
        self.indent: list[int] = []
        self._open: list[tuple[int, int]] = []  # (indent, index) of the statements still open

    def _read_to(self, index: int) -> None:
        lines, parent, indents, stack = self.lines, self.parent, self.indent, self._open
        for i in range(len(parent), index + 1):
            line = lines[i]
            body = line.lstrip()
            indent = len(line) - len(body)
            indents.append(indent)
            body = body.rstrip()
            first = body[:1]
            if not first or first in "!}" or (first == "#" and not body.startswith("##")) or body in CLOSERS:
                # No statement: it closes no block, so the stack stays as it is.
                k = len(stack) - 1
                while k >= 0 and stack[k][0] >= indent:
                    k -= 1
                parent.append(stack[k][1] if k >= 0 else -1)
                continue
            while stack and stack[-1][0] >= indent:
                stack.pop()
            parent.append(stack[-1][1] if stack else -1)
            stack.append((indent, i))

    def ancestors(self, index: int) -> list[Frame]:
        """The enclosing statements, outermost first (at most the ones a context can name)."""
        if index >= len(self.parent):
            self._read_to(index)
        out: list[Frame] = []
        j = self.parent[index]
        while j >= 0 and len(out) < MAX_CONTEXT:
            out.append((self.indent[j], False, self.lines[j]))
            j = self.parent[j]
        out.reverse()
        return out
