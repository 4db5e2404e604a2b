"""Nokia SR Linux configs (``info`` braces, ``info flat`` ``set /`` lines, JSON) into one flat tree.

Every leaf becomes its schema path from the root with single spaces, e.g.
``system ssh-server mgmt admin-state enable`` or ``system aaa authentication idle-timeout 600``. List
keys follow the list name (``interface ethernet-1/1``; a second key as ``type ipv4``), leaf-lists give one
path per element (``... authentication-method TACACS``), quotes around a single word are dropped, and a
path that only creates a container or list entry that other paths fill in is not a leaf of its own, so
the three forms give identical trees.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from devaudit.engine.regex_cache import compile_pattern
from devaudit.errors import ParseError
from devaudit.parsers.flat import ExpansionBudget, build_flat_tree, check_depth, split_words
from devaudit.tree import ConfigTree, ParseStats

__all__ = ["PROMPT_CONTEXT", "SESSION_COMMANDS", "parse_srl"]

SESSION_REASON = "terminal prompt or command"

# The first line of the two-line SR Linux prompt: '--{ running }--[  ]--', '--{ +* candidate shared default
# }--[ system aaa ]--'; the second is 'A:srl1#' followed by what was typed.
PROMPT_CONTEXT = compile_pattern(r"^--\{.*\}--\[.*\]--\s*$")
_PROMPT_LINE = compile_pattern(r"^[A-Z]:[\w.\-@]+#(?:\s.*)?$")
# Commands typed in a session or written into a config script around the statements.
SESSION_COMMANDS = compile_pattern(
    r"^(?:enter (?:candidate|running|state|show)(?: .*)?|commit(?: (?:now|stay|save|validate|checkpoint|"
    r"confirmed)(?: .*)?)?|discard(?: now| stay)?|save (?:startup|file)(?: .*)?|quit|exit(?: all| to .*)?|"
    r"environment .*|info(?: .*)?|show .*|tools .*|load (?:startup|file|checkpoint)(?: .*)?|baseline .*|"
    r"All changes have been committed\..*|Warning: .*)$"
)
# Leaves whose value may be followed, on one 'set' line, by more statements of the same container:
# 'set / system json-rpc-server admin-state enable network-instance mgmt http admin-state enable'.
# Only names that are a leaf wherever they appear in the SR Linux schema are listed.
_COMPOUND_LEAVES = frozenset({
    "admin-state", "tls-profile", "default-tls-profile", "security-level", "use-authentication",
    "metadata-authentication", "disable-shell", "port", "remote-port", "rate-limit", "timeout", "idle-timeout",
    "session-limit", "description", "iburst", "prefer", "host-name", "domain-name", "secret-key",
})  # fmt: skip
# JSON list entries: the key leaves of the lists whose key is not 'name' (SR Linux YANG models).
_LIST_KEYS: dict[str, tuple[str, ...]] = {
    "acl-filter": ("name", "type"),
    "address": ("ip-prefix",),
    "buffer": ("buffer-name",),
    "entry": ("sequence-id",),
    "event": ("event-type",),
    "facility": ("facility-name",),
    "file": ("file-name",),
    "filter": ("filter-name",),
    "group": ("group-name",),
    "interface": ("name", "interface-id"),
    "management-address": ("subinterface",),
    "neighbor": ("peer-address",),
    "prefix": ("ip-prefix", "mask-length-range"),
    "remote-server": ("host",),
    "role": ("rolename", "name"),
    "rule": ("path-reference",),
    "server": ("address",),
    "statement": ("name", "sequence-id"),
    "subinterface": ("index",),
    "subsystem": ("subsystem-name",),
    "type": ("type",),
    "user": ("username",),
    "vxlan-interface": ("index",),
}
_GENERIC_KEYS = ("name", "index", "id", "sequence-id", "address")
_BARE_WORD = compile_pattern(r'^"([^\s"{}\[\];\\]+)"$')
_VALUE_PREFIX = compile_pattern(r"^srl_nokia-[\w\-]+:")


def _word(word: str) -> str:
    """A word as the tree keeps it: '"mgmt"' becomes 'mgmt'; a quoted text with blanks keeps its quotes."""
    if word[:1] == '"':
        match = _BARE_WORD.match(word)
        if match is not None:
            return match.group(1)
    return word


def _scalar(value: object) -> str:
    """A JSON leaf value as the CLI prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    text = _VALUE_PREFIX.sub("", str(value))
    if not text or any(c.isspace() or c in '"{}[];' for c in text):
        return json.dumps(text)
    return text


@dataclass
class _State:
    """The leaves found so far, the open brace blocks and the pieces of a statement spanning lines."""

    budget: ExpansionBudget
    leaves: list[tuple[str, int]] = field(default_factory=list)
    # Open blocks: (path, whether anything was written inside, line of the head).
    blocks: list[list[object]] = field(default_factory=list)
    pending: list[str] | None = None  # the lines of a quoted string still open
    pending_line: int = 0
    list_head: str | None = None  # a leaf-list opened with '[' at the end of a line
    list_items: list[str] = field(default_factory=list)
    list_line: int = 0

    def add(self, path: str, line: int) -> None:
        self.budget.charge(len(path), line)
        self.leaves.append((path, line))

    def prefix(self) -> str:
        return str(self.blocks[-1][0]) if self.blocks else ""

    def joined(self, words: Sequence[str]) -> str:
        text = " ".join(_word(w) for w in words)
        base = self.prefix()
        if self.blocks:
            self.blocks[-1][1] = True
        return f"{base} {text}" if base else text


def _path_words(text: str) -> list[str]:
    """The words of a path, without the leading '/' of an absolute path ('/ system', '/system')."""
    words = split_words(text)
    if words and words[0] == "/":
        words = words[1:]
    elif words and words[0].startswith("/"):
        words[0] = words[0][1:]
    return words


def _segments(words: list[str]) -> Iterator[list[str]]:
    """The leaf paths of one ``set`` line: leaf-lists in ``[ ]`` expanded, compound statements split."""
    base: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "[":
            end = words.index("]", i) if "]" in words[i:] else len(words)
            items = words[i + 1 : end]
            for item in items:
                yield [*base, item]
            if not items:
                yield list(base)
            if end + 1 < len(words) and base:
                base = base[:-1]  # the list was a leaf's value: what follows belongs to its container
            i = end + 1
            continue
        if word in _COMPOUND_LEAVES and i + 2 < len(words) and words[i + 1] != "[":
            yield [*base, word, words[i + 1]]
            i += 2
            continue
        base.append(word)
        i += 1
    if base and (not words or words[-1] != "]"):
        yield base


def _set_line(state: _State, verb: str, body: str, number: int) -> None:
    words = _path_words(body)
    if not words:
        return
    if verb == "delete":
        gone = " ".join(_word(w) for w in words if w not in "[]")
        state.budget.charge(len(state.leaves), number)
        state.leaves = [(t, n) for t, n in state.leaves if t != gone and not t.startswith(gone + " ")]
        return
    for segment in _segments(words):
        state.add(" ".join(_word(w) for w in segment), number)


def _open_string(text: str) -> bool:
    """Whether ``text`` ends inside a double-quoted string."""
    inside = False
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            inside = not inside
    return inside


def _brace_line(state: _State, stripped: str, number: int) -> None:
    if stripped == "}":
        if state.blocks:
            path, filled, start = state.blocks.pop()
            if not filled and path:
                state.add(str(path), int(str(start)))
        return
    if stripped.endswith(("{ }", "{}")):  # an empty block on one line
        words = _path_words(stripped[: stripped.rindex("{")])
        if words:
            state.add(state.joined(words), number)
        return
    if stripped.endswith("{"):
        words = _path_words(stripped[:-1])
        check_depth(len(state.blocks) + 1, number)
        path = state.joined(words) if words else state.prefix()
        state.budget.charge(len(path), number)
        state.blocks.append([path, False, number])
        return
    if stripped.endswith("[") and not stripped.endswith("[ ]"):
        state.list_head = state.joined(_path_words(stripped[:-1]))
        state.list_items = []
        state.list_line = number
        return
    words = _path_words(stripped)
    if "[" in words:
        for segment in _segments(words):
            state.add(state.joined(segment), number)
        return
    state.add(state.joined(words), number)


def _cli_lines(lines: Sequence[tuple[int, str]], stats: ParseStats, budget: ExpansionBudget) -> list[tuple[str, int]]:
    state = _State(budget)
    config = 0
    for number, raw in lines:
        if state.pending is not None:  # a quoted string spanning lines (banner, certificate)
            state.pending.append(raw)
            budget.charge(len(raw), number)
            if _open_string(raw):
                config += 1
                text = "\\n".join(state.pending)
                state.pending = None
                _statement(state, text, state.pending_line)
            continue
        stripped = raw.strip()
        if not stripped:
            stats.skip("blank")
            continue
        if state.list_head is not None:
            config += 1
            if stripped == "]":
                for item in state.list_items or [""]:
                    path = f"{state.list_head} {_word(item)}" if item else state.list_head
                    state.add(path, state.list_line)
                state.list_head = None
            else:
                state.list_items.extend(split_words(stripped))
            continue
        first = stripped[0]
        if first == "#":
            stats.skip("comment")
            continue
        if first == "-" and PROMPT_CONTEXT.match(stripped):
            stats.skip(SESSION_REASON)
            continue
        if _PROMPT_LINE.match(stripped) or SESSION_COMMANDS.match(stripped):
            stats.skip(SESSION_REASON)
            continue
        if _open_string(stripped):
            state.pending = [stripped]
            state.pending_line = number
            continue
        config += 1
        _statement(state, stripped, number)
    stats.config_lines = config
    while state.blocks:  # an unclosed block at the end: keep what it held
        _brace_line(state, "}", lines[-1][0] if lines else 0)
    return state.leaves


def _statement(state: _State, stripped: str, number: int) -> None:
    head, _, rest = stripped.partition(" ")
    if head in ("set", "delete") and not state.blocks and rest.lstrip().startswith("/"):
        _set_line(state, head, rest, number)
    elif head == "/" and not stripped.endswith("{") and not state.blocks:
        _set_line(state, "set", stripped, number)
    else:
        _brace_line(state, stripped, number)


# --- JSON -------------------------------------------------------------------------------------------

_JSON_TOKEN = compile_pattern(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+\-]?\d+)?|true|false|null|[{}\[\]:,]|\S')


class _Json:
    """A small JSON reader that remembers the line of every value, so evidence names the file's lines."""

    def __init__(self, lines: Sequence[tuple[int, str]], budget: ExpansionBudget) -> None:
        self.tokens: list[tuple[str, int]] = [
            (m.group(), number) for number, text in lines for m in _JSON_TOKEN.finditer(text)
        ]
        self.pos = 0
        self.budget = budget
        self.leaves: list[tuple[str, int]] = []

    def _next(self) -> tuple[str, int]:
        if self.pos >= len(self.tokens):
            last = self.tokens[-1][1] if self.tokens else 0
            raise ParseError(last, "the JSON configuration ends before it is complete")
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def _expect(self, want: str) -> None:
        token, number = self._next()
        if token != want:
            raise ParseError(number, f"the JSON configuration has {token!r} where {want!r} belongs")

    def value(self, depth: int) -> object:
        """Read one value: objects as lists of (key, value, line), arrays as lists, scalars as Python values."""
        token, number = self._next()
        if token == "{":
            check_depth(depth, number)
            items: list[tuple[str, object, int]] = []
            token, number = self._next()
            while token != "}":
                if not token.startswith('"'):
                    raise ParseError(number, f"the JSON configuration has {token!r} where a name belongs")
                self._expect(":")
                key = json.loads(token)
                items.append((key, self.value(depth + 1), number))
                token, number = self._next()
                if token == ",":
                    token, number = self._next()
            return _Object(items, number)
        if token == "[":
            check_depth(depth, number)
            out: list[object] = []
            if self.tokens[self.pos][0] == "]":
                self.pos += 1
                return out
            while True:
                out.append(self.value(depth + 1))
                token, number = self._next()
                if token == "]":
                    return out
                if token != ",":
                    raise ParseError(number, f"the JSON configuration has {token!r} inside a list")
        try:
            return _Scalar(json.loads(token), number)
        except ValueError:
            raise ParseError(number, f"the JSON configuration has {token!r} where a value belongs") from None


@dataclass
class _Object:
    items: list[tuple[str, object, int]]
    end: int


@dataclass
class _Scalar:
    value: object
    line: int


def _strip_module(key: str) -> str:
    return key.rpartition(":")[2]


def _entry_keys(list_name: str, entry: _Object) -> list[str]:
    names = [_strip_module(k) for k, _, _ in entry.items]
    known = _LIST_KEYS.get(list_name)
    if known is not None:
        found = [k for k in known if k in names]
        if found:
            return found if list_name in ("acl-filter", "prefix") else found[:1]
    for key in _GENERIC_KEYS:
        if key in names:
            return [key]
    for key, value, _ in entry.items:
        if isinstance(value, _Scalar):
            return [_strip_module(key)]
    return []


def _walk_json(node: _Object, path: str, state: _State, depth: int) -> None:
    check_depth(depth, node.end)
    for raw_key, value, line in node.items:
        key = _strip_module(raw_key)
        if not path and raw_key.startswith("_"):  # '_preamble': who saved the file and when
            continue
        here = f"{path} {key}" if path else key
        state.budget.charge(len(here), line)
        if isinstance(value, _Scalar):
            text = _scalar(value.value)
            state.add(f"{here} {text}" if text else here, line)
        elif isinstance(value, _Object):
            if value.items:
                _walk_json(value, here, state, depth + 1)
            else:
                state.add(here, line)
        elif isinstance(value, list):
            for element in value:
                if isinstance(element, _Scalar):
                    state.add(f"{here} {_scalar(element.value)}", element.line)
                elif isinstance(element, _Object):
                    _json_entry(key, here, element, state, depth + 1, line)


def _json_entry(name: str, here: str, element: _Object, state: _State, depth: int, line: int) -> None:
    keys = _entry_keys(name, element)
    values = {_strip_module(k): v for k, v, _ in element.items}
    parts = [here]
    for position, key in enumerate(keys):
        scalar = values[key]
        text = _scalar(scalar.value) if isinstance(scalar, _Scalar) else ""
        parts.append(text if position == 0 else f"{key} {text}")
    entry_path = " ".join(parts)
    rest = _Object([(k, v, n) for k, v, n in element.items if _strip_module(k) not in keys], element.end)
    first = element.items[0][2] if element.items else line
    if rest.items:
        _walk_json(rest, entry_path, state, depth)
    else:
        state.add(entry_path, first)


def _json_leaves(lines: Sequence[tuple[int, str]], stats: ParseStats, budget: ExpansionBudget) -> list[tuple[str, int]]:
    start = next(i for i, (_, text) in enumerate(lines) if text.strip().startswith("{"))
    if start:
        stats.skip(SESSION_REASON, start)
    reader = _Json(lines[start:], budget)
    top = reader.value(1)
    used = {number for _, number in reader.tokens[: reader.pos]}
    for token, number in reader.tokens[reader.pos :]:
        text = next(t for n, t in lines if n == number).strip()
        if number in used or not (PROMPT_CONTEXT.match(text) or _PROMPT_LINE.match(text)):
            raise ParseError(number, f"the JSON configuration goes on after its end with {token!r}")
    stats.config_lines = len(used)
    state = _State(budget)
    if isinstance(top, _Object):
        _walk_json(top, "", state, 1)
    return state.leaves


def _is_json(lines: Sequence[tuple[int, str]]) -> bool:
    for _, text in lines:
        stripped = text.strip()
        if not stripped or stripped[0] == "#" or PROMPT_CONTEXT.match(stripped) or _PROMPT_LINE.match(stripped):
            continue
        return stripped.startswith("{") and (stripped == "{" or stripped.startswith('{"'))
    return False


def _prune_containers(leaves: list[tuple[str, int]], budget: ExpansionBudget) -> list[tuple[str, int]]:
    """Drop paths that only create a container or list entry which longer paths fill in (``info flat``
    prints ``set / interface ethernet-1/1`` before its leaves; the brace form has no such line)."""
    inner: set[str] = set()
    for text, number in leaves:
        end = text.find(" ")
        while end > 0:
            budget.charge(end, number)
            inner.add(text[:end])
            end = text.find(" ", end + 1)
    return [(text, number) for text, number in leaves if text not in inner]


def parse_srl(lines: Sequence[tuple[int, str]], platform: str) -> ConfigTree:
    """Parse SR Linux configuration lines in any of its three forms into a flat tree of schema paths."""
    stats = ParseStats(total_lines=len(lines))
    budget = ExpansionBudget(lines)
    leaves = _json_leaves(lines, stats, budget) if _is_json(lines) else _cli_lines(lines, stats, budget)
    return build_flat_tree(platform, _prune_containers(leaves, budget), stats)
