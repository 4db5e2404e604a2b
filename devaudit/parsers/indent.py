"""Indentation-based configs (IOS, NX-OS, XR, ASA, EOS, VRP, Comware, ZXROS) into a ConfigTree."""

from __future__ import annotations

from collections.abc import Sequence

from devaudit.parsers.syntax import SYNTAXES, Syntax
from devaudit.tree import KIND_BANNER, KIND_OPAQUE, ConfigTree, Node, ParseStats

__all__ = ["parse_indented", "rejoin_wrapped"]

_BANNER_WORDS = ("banner", "header")
_OPAQUE_WORDS = ("certificate", "key-string", "public-key-code")


def rejoin_wrapped(lines: Sequence[tuple[int, str]], width: int) -> list[tuple[int, str]]:
    """Join lines a terminal wrapped at ``width`` columns back onto the line they continue."""
    out: list[tuple[int, str]] = []
    joining = False
    for number, text in lines:
        if joining and out:
            prev_number, prev_text = out[-1]
            out[-1] = (prev_number, prev_text + text)
        else:
            out.append((number, text))
        joining = len(text) == width
    return out


def _banner_delimiter(rest: str) -> str:
    if rest.startswith(("^C", "^c")):
        return rest[:2]
    return rest[0]


class _Builder:
    """Stack-based tree builder shared by every indentation syntax."""

    def __init__(self, syntax: Syntax, stats: ParseStats) -> None:
        self.syntax = syntax
        self.stats = stats
        self.roots: list[Node] = []
        self.stack: list[tuple[int, Node]] = []
        self.elided = False

    def add(self, indent: int, text: str, number: int) -> Node:
        stack = self.stack
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else None
        node = Node(text, number, parent)
        if parent is None:
            self.roots.append(node)
        else:
            parent.children.append(node)
        stack.append((indent, node))
        return node


def parse_indented(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    """Build the tree of an indentation-structured config for ``platform``."""
    syntax = SYNTAXES[platform]
    if syntax.wrap_width:
        lines = rejoin_wrapped(lines, syntax.wrap_width)
    stats = ParseStats(total_lines=len(lines))
    builder = _Builder(syntax, stats)
    comment_prefixes = syntax.comment_prefixes
    terminators = syntax.block_terminators
    end_markers = syntax.end_markers
    preamble = syntax.preamble
    banner_style = syntax.banner_style

    seen_config = False
    after_end = False
    banner: Node | None = None
    banner_delim = ""
    banner_body: list[str] = []
    opaque: Node | None = None
    opaque_body: list[str] = []
    config = 0

    for number, raw in lines:
        if banner is not None:
            config += 1
            idx = raw.find(banner_delim) if banner_delim != "EOF" else (0 if raw.strip() == "EOF" else -1)
            if idx < 0:
                banner_body.append(raw)
                continue
            if banner_delim != "EOF" and raw[:idx].strip():
                banner_body.append(raw[:idx])
            banner.body = tuple(banner_body)
            banner = None
            continue
        if opaque is not None:
            config += 1
            if syntax.opaque_end is not None and syntax.opaque_end.match(raw):
                opaque.body = tuple(opaque_body)
                opaque = None
            else:
                opaque_body.append(raw.strip())
            continue

        stripped = raw.strip()
        if not stripped:
            stats.skip("blank")
            continue
        if after_end:
            stats.skip("after end of configuration")
            continue
        if stripped.startswith(comment_prefixes):
            if syntax.section_markers is not None and syntax.section_markers.match(stripped):
                config += 1
            else:
                stats.skip("comment")
            continue
        if not seen_config and preamble is not None and preamble.match(stripped):
            stats.skip("preamble")
            continue
        if syntax.elision is not None and syntax.elision.match(stripped):
            builder.elided = True
            stats.skip("elided by the source")
            continue
        low = stripped.lower()
        indent = len(raw) - len(raw.lstrip())
        if low in terminators:
            config += 1
            continue
        if indent == 0 and low in end_markers:
            after_end = True
            config += 1
            continue
        seen_config = True
        config += 1
        node = builder.add(indent, stripped, number)

        if low.startswith(_BANNER_WORDS):
            match = syntax.banner_start.match(stripped)
            if match is not None:
                node.kind = KIND_BANNER
                rest = stripped[match.end() :]
                if banner_style == "single":
                    node.text = stripped[: match.end()].rstrip()
                    node.body = (rest,)
                elif banner_style == "eof":
                    banner, banner_delim, banner_body = node, "EOF", []
                elif rest:
                    delim = '"' if banner_style == "quoted" else _banner_delimiter(rest)
                    if banner_style == "quoted" and not rest.startswith('"'):
                        continue
                    after = rest[len(delim) :]
                    node.text = stripped[: match.end()] + delim
                    close = after.find(delim)
                    if close >= 0:
                        node.body = (after[:close],) if after[:close] else ()
                    else:
                        banner, banner_delim = node, delim
                        banner_body = [after] if after.strip() else []
                continue
        opaque_start = syntax.opaque_start
        if low.startswith(_OPAQUE_WORDS) and opaque_start is not None and opaque_start.match(stripped):
            node.kind = KIND_OPAQUE
            opaque, opaque_body = node, []

    if banner is not None:
        banner.body = tuple(banner_body)
    if opaque is not None:
        opaque.body = tuple(opaque_body)
    stats.config_lines = config
    tree = ConfigTree(platform, builder.roots, stats)
    tree.elided = builder.elided
    return tree
