"""Indentation-based configs (IOS, NX-OS, XR, ASA, EOS, VRP, Comware, ZXROS) into a ConfigTree."""

from __future__ import annotations

from collections.abc import Sequence

from devaudit.parsers.flat import check_depth
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


def parse_indented(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    """Build the tree of an indentation-structured config for ``platform``.

    A statement's parent is the nearest earlier statement indented less (ciscoconfparse's rule).
    Banners, certificate/key blocks and IOS macros become single nodes with their text in ``body``; comments,
    headers, elision markers and anything after the end marker are counted in the stats, not kept.
    """
    syntax = SYNTAXES[platform]
    stats = ParseStats(total_lines=len(lines))
    comment_prefixes = syntax.comment_prefixes
    extra_comments = syntax.extra_comments
    terminators = syntax.block_terminators
    end_markers = syntax.end_markers
    preamble = syntax.preamble
    elision = syntax.elision
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
    stack: list[tuple[int, Node]] = []
    elided = False
    seen_config = False
    after_end = False
    banner: Node | None = None
    banner_delim = ""
    banner_body: list[str] = []
    opaque: Node | None = None
    opaque_body: list[str] = []
    wrapped: Node | None = None  # the statement whose line filled the terminal width
    wrapped_parts: list[str] = []  # its lines so far (joined once, when the wrap ends: linear time)
    config = 0
    skipped = stats.skipped

    for number, raw in lines:
        if banner is not None:
            config += 1
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
            continue
        if opaque is not None:
            config += 1
            if opaque_end is not None and opaque_end.match(raw):
                opaque.body = tuple(opaque_body)
                opaque = None
            else:
                opaque_body.append(raw.strip())
            continue

        stripped = raw.strip()
        if not stripped:
            skipped["blank"] = skipped.get("blank", 0) + 1
            if wrapped is not None:
                _unwrap(wrapped, wrapped_parts)
            wrapped = None
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
                config += 1
                if len(raw) != wrap_width:
                    _unwrap(wrapped, wrapped_parts)
                    wrapped = None
                continue
            _unwrap(wrapped, wrapped_parts)
            wrapped = None
        if after_end:
            skipped["after end of configuration"] = skipped.get("after end of configuration", 0) + 1
            continue
        if stripped.startswith(comment_prefixes):
            if section_markers is not None and section_markers.match(stripped):
                # ZXROS '!<name>' ... '!</name>': a section never continues a block of the previous one.
                config += 1
                stack.clear()
            else:
                skipped["comment"] = skipped.get("comment", 0) + 1
                if separator_closes and raw[0] == "#":
                    stack.clear()
            continue
        if extra_comments and any(pattern.match(stripped) for pattern in extra_comments):
            skipped["comment"] = skipped.get("comment", 0) + 1
            continue
        if not seen_config and preamble is not None and preamble.match(stripped):
            skipped["preamble"] = skipped.get("preamble", 0) + 1
            continue
        if elision is not None and stripped[0] in _ELISION_FIRST and elision.match(stripped):
            elided = True
            skipped["elided by the source"] = skipped.get("elided by the source", 0) + 1
            continue
        indent = len(raw) - len(raw.lstrip())
        if terminators and stripped in terminators:
            # ZXROS '$' closes the block opened at its own indentation.
            config += 1
            while stack and stack[-1][0] >= indent:
                stack.pop()
            continue
        if indent == 0 and len(stripped) <= end_length and stripped.lower() in end_markers:
            after_end = True
            config += 1
            continue
        seen_config = True
        config += 1
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if stack:
            check_depth(len(stack) + 1, number)
            parent = stack[-1][1]
            node = Node(stripped, number, parent)
            parent.children.append(node)
        else:
            node = Node(stripped, number)
            roots.append(node)
        stack.append((indent, node))

        if stripped[0] in _SPECIAL_FIRST:
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
                    continue
            if low.startswith(_OPAQUE_WORDS):
                for start, end in opaque_kinds:
                    if start.match(stripped):
                        node.kind = KIND_OPAQUE
                        opaque, opaque_body, opaque_end = node, [], end
                        break
                if opaque is not None:
                    continue
        if wrap_width and len(raw) == wrap_width and node.kind == KIND_COMMAND:
            wrapped, wrapped_parts = node, [raw[indent:]]

    if wrapped is not None:
        _unwrap(wrapped, wrapped_parts)
    if banner is not None:
        banner.body = tuple(banner_body)
    if opaque is not None:
        opaque.body = tuple(opaque_body)
    stats.config_lines = config
    if syntax.merged_blocks is not None:
        roots = merge_repeated_blocks(roots, syntax.merged_blocks)
    tree = ConfigTree(platform, roots, stats)
    tree.elided = elided
    return tree
