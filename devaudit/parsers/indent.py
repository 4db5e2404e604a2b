"""Indentation-based configs (IOS, NX-OS, XR, ASA, EOS, VRP, Comware, ZXROS) into a ConfigTree."""

from __future__ import annotations

from collections.abc import Container, Sequence

from devaudit.parsers.flat import MAX_DEPTH, check_depth
from devaudit.parsers.merge import merge_repeated_blocks
from devaudit.parsers.syntax import SYNTAXES, Syntax
from devaudit.tree import KIND_BANNER, KIND_COMMAND, KIND_OPAQUE, ConfigTree, Node, ParseStats

__all__ = ["parse_indented"]

# First characters of the words that can open a banner ("banner", "header") or an opaque block
# ("certificate", "key-string", "public-key-code", IOS "macro name"): lines starting otherwise skip those checks.
_SPECIAL_FIRST = frozenset("bhckpmBHCKPM")
_BANNER_WORDS = ("banner", "header")
_OPAQUE_WORDS = ("certificate", "key-string", "public-key-code", "macro")
# First characters an elision marker can start with: '(...)', '...', '<snip>', '…'.
_ELISION_FIRST = frozenset("(.<…")


def _banner_delimiter(rest: str) -> str:
    """The delimiter a banner's text starts with: the two characters ``^C`` (as IOS prints it) or one."""
    if rest.startswith(("^C", "^c")):
        return rest[:2]
    return rest[0]


def restates(previous: str, line: str) -> bool:
    """A full-width statement followed by one with the same first word is two statements, not a wrap
    (two 80-column 'snmp-server community ...' lines), unless the terminal cut the first at a space."""
    if previous.endswith(" "):
        return False
    head, words = previous.split(None, 1), line.split(None, 1)
    return bool(head) and bool(words) and words[0].lower() == head[0].lower()


def starts_statement(previous: str, line: str, words: frozenset[str]) -> bool:
    """Whether ``line``, after a full-width line, is a statement of its own rather than the rest of it.

    A cut inside a word leaves the rest of that word in column 0; a cut at a space leaves the space at
    the end of the first part or the start of the rest. So a line that starts in column 0 with a word
    that starts statements (``words``), after a first part that does not end in a space, is a statement:
    the full-width line before it was complete.
    """
    if previous.endswith(" ") or line[:1] in " \t":
        return False
    end = line.find(" ")
    return (line if end < 0 else line[:end]).lower() in words


def _vocabulary(lines: Sequence[tuple[int, str]], syntax: Syntax, cache: list[frozenset[str]]) -> frozenset[str]:
    """The words that start top-level statements: the platform's own list plus, from this file, the first
    word of every column-0 statement that does not follow a full-width line (computed once per file)."""
    if cache:
        return cache[0]
    words = set(syntax.statement_words)
    width, skip = syntax.wrap_width, syntax.comment_prefixes + tuple(syntax.block_terminators)
    previous = 0
    for _, text in lines:
        if previous != width and text[:1] not in ("", " ", "\t") and not text.startswith(skip):
            end = text.find(" ")
            words.add((text if end < 0 else text[:end]).lower())
        previous = len(text)
    cache.append(frozenset(words))
    return cache[0]


def _probe(parts: list[str]) -> str:
    """A short stand-in for a wrapped statement's text: its first line and, after a space, its last."""
    return parts[0] if len(parts) == 1 else f"{parts[0]} {parts[-1]}"


def _unwrap(node: Node, parts: list[str]) -> None:
    """Give a statement the text of all the terminal lines it was wrapped over."""
    if len(parts) > 1:
        node.text = "".join(parts).strip()


class _Everything:
    """A container holding every character (an empty comment prefix makes every line a comment)."""

    def __contains__(self, item: object) -> bool:
        return True


def _first_characters(prefixes: tuple[str, ...]) -> Container[str]:
    """The characters a line must start with to start with one of ``prefixes``."""
    if any(not prefix for prefix in prefixes):
        return _Everything()
    return frozenset(prefix[0] for prefix in prefixes)


def parse_indented(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    """Build the tree of an indentation-structured config for ``platform``.

    A statement's parent is the nearest earlier statement indented less (ciscoconfparse's rule).
    Banners, certificate/key blocks and IOS macros become single nodes with their text in ``body``; comments,
    headers, elision markers and anything after the end marker are counted in the stats, not kept.

    The common line (a statement outside any banner, key block or wrapped line) takes the shortest path:
    its first character alone rules out comments, elision markers, banners and key blocks, and a statement
    as indented as the one before it is that one's sibling without a look at the open blocks.
    """
    syntax = SYNTAXES[platform]
    stats = ParseStats(total_lines=len(lines))
    comment_prefixes = syntax.comment_prefixes
    comment_first = _first_characters(comment_prefixes)
    extra_comments = syntax.extra_comments
    terminators = syntax.block_terminators
    end_markers = syntax.end_markers
    preamble_match = syntax.preamble.match if syntax.preamble is not None else None
    elision = syntax.elision
    elision_first = _ELISION_FIRST if elision is not None else frozenset()
    section_markers = syntax.section_markers
    separator_closes = syntax.separator_closes_blocks
    banner_start = syntax.banner_start
    banner_style = syntax.banner_style
    opaque_kinds = tuple(
        (start, end) for start, end, _ in ((syntax.opaque_start, syntax.opaque_end, ""), *syntax.extra_opaque)
        if start is not None
    )
    opaque_end = syntax.opaque_end
    wrap_width = syntax.wrap_width
    continuation = syntax.continuation
    end_length = max((len(marker) for marker in end_markers), default=0)
    statement_words = syntax.statement_words or None
    vocabulary: list[frozenset[str]] = []  # built on the first wrapped line, when a file has one

    roots: list[Node] = []
    # The open statements, each more indented than the one below it, and their indentations.
    opened: list[Node] = []
    indents: list[int] = []
    top = -1  # indentation of the last statement (-1: none open)
    parent: Node | None = None  # the last statement's parent
    siblings = roots  # the list the last statement was added to
    elided = False
    pending = False  # a banner, key block or wrapped line is open, or the end marker was seen
    after_end = False
    banner: Node | None = None
    banner_delim = ""
    banner_body: list[str] = []
    opaque: Node | None = None
    opaque_body: list[str] = []
    wrapped: Node | None = None  # the statement whose line filled the terminal width
    wrapped_parts: list[str] = []  # its lines so far (joined once, when the wrap ends: linear time)
    skipped = stats.skipped
    new_node = object.__new__

    for number, raw in lines:
        if pending:
            if banner is not None:
                if banner_delim != "EOF":
                    idx = raw.find(banner_delim)
                elif raw.strip() == "EOF":
                    idx = 0
                else:
                    idx = -1
                if idx < 0:
                    banner_body.append(raw.rstrip())
                    continue
                if banner_delim != "EOF" and raw[:idx].strip():
                    banner_body.append(raw[:idx].rstrip())
                banner.body = tuple(banner_body)
                banner = None
                pending = False
                continue
            if opaque is not None:
                if opaque_end is not None and opaque_end.match(raw):
                    opaque.body = tuple(opaque_body)
                    opaque = None
                    pending = False
                else:
                    opaque_body.append(raw.strip())
                continue

        stripped = raw.strip()
        if not stripped:
            skipped["blank"] = skipped.get("blank", 0) + 1
            if wrapped is not None:
                _unwrap(wrapped, wrapped_parts)
                wrapped = None
                pending = False
            continue
        if pending:
            if after_end:
                skipped["after end of configuration"] = skipped.get("after end of configuration", 0) + 1
                continue
            if wrapped is not None:
                # A line the terminal wrapped at ``wrap_width`` columns continues on this one.
                if (
                    continuation is not None
                    and continuation.match(raw)
                    and not restates(_probe(wrapped_parts), raw)
                    and not (
                        statement_words is not None
                        and starts_statement(wrapped_parts[-1], raw, _vocabulary(lines, syntax, vocabulary))
                    )
                ):
                    wrapped_parts.append(raw)
                    if len(raw) != wrap_width:
                        _unwrap(wrapped, wrapped_parts)
                        wrapped = None
                        pending = False
                    continue
                _unwrap(wrapped, wrapped_parts)
                wrapped = None
                pending = False
        first = stripped[0]
        if first in comment_first and stripped.startswith(comment_prefixes):
            if section_markers is not None and section_markers.match(stripped):
                # ZXROS '!<name>' ... '!</name>': a section never continues a block of the previous one.
                opened.clear()
                indents.clear()
                top = -1
            else:
                skipped["comment"] = skipped.get("comment", 0) + 1
                if separator_closes and raw[0] == "#":
                    opened.clear()
                    indents.clear()
                    top = -1
            continue
        if extra_comments and any(pattern.match(stripped) for pattern in extra_comments):
            skipped["comment"] = skipped.get("comment", 0) + 1
            continue
        if preamble_match is not None and preamble_match(stripped):
            skipped["preamble"] = skipped.get("preamble", 0) + 1
            continue
        if first in elision_first and elision is not None and elision.match(stripped):
            elided = True
            skipped["elided by the source"] = skipped.get("elided by the source", 0) + 1
            continue
        indent = len(raw) - len(raw.lstrip())
        if terminators and stripped in terminators:
            # ZXROS '$' closes the block opened at its own indentation.
            while indents and indents[-1] >= indent:
                indents.pop()
                opened.pop()
            top = indents[-1] if indents else -1
            parent = opened[-2] if len(opened) > 1 else None
            siblings = parent.children if parent is not None else roots
            continue
        if indent == 0 and len(stripped) <= end_length and stripped.lower() in end_markers:
            after_end = pending = True
            continue
        preamble_match = None  # a preamble only comes before the first statement
        sibling = indent == top  # of the last statement: same parent, nothing to pop
        if not sibling:
            if indent < top:
                while indents and indents[-1] >= indent:
                    indents.pop()
                    opened.pop()
            if opened:
                parent = opened[-1]
                if len(opened) >= MAX_DEPTH:
                    check_depth(len(opened) + 1, number)
                siblings = parent.children
            else:
                parent = None
                siblings = roots
        # Node(stripped, number, parent), its attributes set here: a call of the class costs more than
        # the rest of a line's work (tests check that every attribute of Node is set).
        node = new_node(Node)
        node.text = stripped
        node.key = stripped.partition(" ")[0].lower()
        node.line = number
        node.parent = parent
        node.children = []
        node.kind = KIND_COMMAND
        node.body = ()
        node.inherited = False
        siblings.append(node)
        if sibling:
            opened[-1] = node
        else:
            opened.append(node)
            indents.append(indent)
            top = indent

        if first in _SPECIAL_FIRST:
            low = stripped.lower()
            if low.startswith(_BANNER_WORDS):
                match = banner_start.match(stripped)
                if match is not None:
                    node.kind = KIND_BANNER
                    rest = stripped[match.end() :]
                    if banner_style == "single":
                        node.text = stripped[: match.end()].rstrip()
                        node.body = (rest,)
                    elif banner_style == "eof":
                        banner, banner_delim, banner_body = node, "EOF", []
                        pending = True
                    elif rest and (banner_style != "quoted" or rest.startswith('"')):
                        delim = '"' if banner_style == "quoted" else _banner_delimiter(rest)
                        after = rest[len(delim) :]
                        node.text = stripped[: match.end()] + delim
                        close = after.find(delim)
                        if close >= 0:
                            node.body = (after[:close].strip(),) if after[:close].strip() else ()
                        else:
                            banner, banner_delim = node, delim
                            banner_body = [after.rstrip()] if after.strip() else []
                            pending = True
                    continue
            if low.startswith(_OPAQUE_WORDS):
                for start, end in opaque_kinds:
                    if start.match(stripped):
                        node.kind = KIND_OPAQUE
                        opaque, opaque_body, opaque_end = node, [], end
                        pending = True
                        break
                if opaque is not None:
                    continue
        if len(raw) == wrap_width and node.kind == KIND_COMMAND:
            wrapped, wrapped_parts = node, [raw[indent:]]
            pending = True

    if wrapped is not None:
        _unwrap(wrapped, wrapped_parts)
    if banner is not None:
        banner.body = tuple(banner_body)
    if opaque is not None:
        opaque.body = tuple(opaque_body)
    # Every line is either skipped (counted once, by reason) or configuration.
    stats.config_lines = stats.total_lines - sum(skipped.values())
    if syntax.merged_blocks is not None:
        roots = merge_repeated_blocks(roots, syntax.merged_blocks)
    tree = ConfigTree(platform, roots, stats)
    tree.elided = elided
    return tree
