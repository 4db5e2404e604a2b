"""Command-line parsing for simulated CLIs: keyword abbreviation, pipes, and where a device puts its caret."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from mocks.pipes import PipeCall
from mocks.platforms import ErrorStyle, Pipe, Platform

__all__ = ["Action", "ActionKind", "Entry", "Parsed", "Refusal", "Word", "build_table", "parse_line"]


class ActionKind(Enum):
    """What a recognised command does."""

    CONFIG = "config"
    VERSION = "version"
    TERMINAL = "terminal"
    CANNED = "canned"
    ENABLE = "enable"
    DISABLE = "disable"
    EXIT = "exit"
    CONFIGURE = "configure"


@dataclass(frozen=True, slots=True)
class Action:
    """A command's effect; `index` points into the profile's terminal or canned table."""

    kind: ActionKind
    index: int = 0


@dataclass(frozen=True, slots=True)
class Entry:
    """One known command: canonical keywords, action, and whether it needs privileged mode."""

    tokens: tuple[str, ...]
    action: Action
    privileged: bool


@dataclass(frozen=True, slots=True)
class Word:
    """A typed word and its character offset in the line."""

    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class Parsed:
    """A line the device accepts: the action, the typed words and the pipes to apply."""

    action: Action
    words: tuple[Word, ...]
    pipes: tuple[PipeCall, ...]


@dataclass(frozen=True, slots=True)
class Refusal:
    """A line the device refuses, with what it needs to print the caret and message."""

    style: ErrorStyle
    offset: int
    index: int
    token: str


def build_table(platform: Platform) -> tuple[Entry, ...]:
    """All commands a profile knows, in exec mode (configuration-mode lines are handled separately)."""
    entries: list[Entry] = []

    def add(command: str, action: Action, privileged: bool) -> None:
        entries.append(Entry(tuple(command.split()), action, privileged))

    for command in platform.config_commands:
        add(command, Action(ActionKind.CONFIG), True)
    for command in platform.version_commands:
        add(command, Action(ActionKind.VERSION), False)
    for index, terminal in enumerate(platform.terminal):
        add(terminal.command, Action(ActionKind.TERMINAL, index), False)
    for index, canned in enumerate(platform.canned):
        add(canned.command, Action(ActionKind.CANNED, index), False)
    for command in platform.exit_commands:
        add(command, Action(ActionKind.EXIT), False)
    if platform.enable is not None:
        add(platform.enable.command, Action(ActionKind.ENABLE), False)
        add(platform.enable.disable, Action(ActionKind.DISABLE), True)
    if platform.config_mode is not None:
        for command in platform.config_mode.enter:
            add(command, Action(ActionKind.CONFIGURE), True)
    return tuple(entries)


def _words(text: str, base: int = 0) -> tuple[Word, ...]:
    return tuple(Word(m.group(0), base + m.start()) for m in re.finditer(r"\S+", text))


def _token_matches(typed: str, canonical: str, abbreviate: bool) -> bool:
    if canonical == "<n>":
        return typed.isdigit()
    typed_l, canonical_l = typed.lower(), canonical.lower()
    return typed_l == canonical_l or (abbreviate and canonical_l.startswith(typed_l))


def _exactness(words: tuple[Word, ...], entry: Entry) -> int:
    return sum(1 for w, t in zip(words, entry.tokens, strict=False) if w.text.lower() == t.lower())


@dataclass(frozen=True, slots=True)
class _Miss:
    index: int  # word index where matching failed; == len(words) when the command is incomplete


def _lookup(words: tuple[Word, ...], entries: tuple[Entry, ...], abbreviate: bool) -> Entry | _Miss:
    candidates = entries
    for index, word in enumerate(words):
        candidates = tuple(
            e for e in candidates if len(e.tokens) > index and _token_matches(word.text, e.tokens[index], abbreviate)
        )
        if not candidates:
            return _Miss(index)
    complete = [e for e in candidates if len(e.tokens) == len(words)]
    if not complete:
        return _Miss(len(words))
    return max(complete, key=lambda e: _exactness(words, e))


def _split_pipes(line: str, chain: bool) -> list[tuple[str, int]]:
    """Split a line at `|` outside quotes; return (segment, offset) pairs. IOS-like CLIs split once."""
    segments: list[tuple[str, int]] = []
    start, quoted = 0, False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "|" and not quoted:
            segments.append((line[start:i], start))
            start = i + 1
            if not chain:
                break
    segments.append((line[start:], start))
    return segments


def _refusal(style: ErrorStyle, line: str, offset: int, token: str) -> Refusal:
    return Refusal(style=style, offset=offset, index=len(line[:offset].split()), token=token)


def _parse_pipe(segment: str, offset: int, line: str, platform: Platform) -> PipeCall | Refusal:
    words = _words(segment, offset)
    if not words:
        return _refusal(platform.incomplete, line, len(line.rstrip()), "")
    best: tuple[int, Pipe] | None = None
    for pipe in platform.pipes:
        keyword = pipe.keyword.split()
        if len(words) < len(keyword):
            continue
        pairs = list(zip(words[: len(keyword)], keyword, strict=True))
        if all(_token_matches(w.text, k, platform.abbreviations) for w, k in pairs):
            score = sum(1 for w, k in pairs if w.text.lower() == k) + len(keyword)
            if best is None or score > best[0]:
                best = (score, pipe)
    if best is None:
        return _refusal(platform.bad_pipe, line, words[0].offset, words[0].text)
    pipe = best[1]
    used = words[len(pipe.keyword.split()) - 1]
    argument = line[used.offset + len(used.text) : offset + len(segment)].strip()
    if pipe.argument == "required" and not argument:
        return _refusal(platform.incomplete, line, len(line.rstrip()), "")
    if pipe.argument == "none" and argument:
        extra = words[len(pipe.keyword.split())]
        return _refusal(platform.bad_pipe, line, extra.offset, extra.text)
    return PipeCall(pipe=pipe, argument=argument)


def parse_line(line: str, platform: Platform, table: tuple[Entry, ...], privileged: bool) -> Parsed | Refusal:
    """Parse an exec-mode line the way the device would, or say where and how it refuses it."""
    segments = _split_pipes(line, platform.chain_pipes)
    command, command_offset = segments[0]
    words = _words(command, command_offset)
    allowed = table if privileged else tuple(e for e in table if not e.privileged)
    found = _lookup(words, allowed, platform.abbreviations)
    if isinstance(found, _Miss):
        if (
            not privileged
            and platform.privilege is not None
            and isinstance(_lookup(words, table, platform.abbreviations), Entry)
        ):
            return _refusal(platform.privilege, line, words[0].offset, words[0].text)
        if found.index >= len(words):
            return _refusal(platform.incomplete, line, len(command.rstrip()) + command_offset, "")
        bad = words[found.index]
        return _refusal(platform.unknown, line, bad.offset, bad.text)
    pipes: list[PipeCall] = []
    for segment, offset in segments[1:]:
        call = _parse_pipe(segment, offset, line, platform)
        if isinstance(call, Refusal):
            return call
        pipes.append(call)
    return Parsed(action=found.action, words=words, pipes=tuple(pipes))
