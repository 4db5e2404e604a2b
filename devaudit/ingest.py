"""Turn the raw bytes of a saved or collected dump into clean, numbered lines.

Handles what real dumps contain: BOMs, UTF-8/GBK/Latin-1 bytes, CR, CRLF and mixed line endings,
pager debris (``--More--``, backspaces, ANSI escapes) and a missing final newline. Line numbers are
counted by LF as the file is stored (CR-only files by CR), the way ``wc -l`` and ``sed -n Np`` count.
Trailing white space is kept (parsers strip it): a ZTE line the device wrapped at a space ends in one,
and that is how the ZXROS parser tells an 80-column wrap from a line that merely ends near column 80.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from devaudit.engine.regex_cache import compile_pattern
from devaudit.errors import InputError

__all__ = ["DEFAULT_MAX_BYTES", "Dump", "decode", "looks_binary", "read_dump", "split_lines"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Pager prompts left in captures: Cisco/ZTE "--More--", Huawei/Comware "---- More ----", Junos "---(more)---".
# Linear time: a match starts only where a run of white space or of dashes starts (the lookbehinds), so a
# long run of either is scanned once, not once per character (which took 22 s on a 40k-dash line).
_PAGER = compile_pattern(
    r"((?<!\s)\s+|)((?<!-)-{2,}\s*\(?more(?:\s+\d+%)?\)?\s*-{2,}|<--- More --->)(\s*)", re.IGNORECASE
)
# Whether a text holds a pager prompt at all: _PAGER finds one exactly where this does (its leading white space
# may be empty, and a run of dashes ending in the prompt's last two is one), and this searches for its two
# dashes at memory speed instead of trying white space and a look-behind at every character.
_PAGER_PROMPT = compile_pattern(r"--\s*\(?more(?:\s+\d+%)?\)?\s*-{2,}|<--- More --->", re.IGNORECASE)
# Deletes every control character but LF: a text it leaves as long as it was has none to clean.
_CONTROL_TABLE: dict[int, None] = dict.fromkeys([*range(10), *range(11, 32), 127])
# Control bytes that mark binary data; backspace and ESC are terminal debris split_lines cleans (pager
# prompts, colours), not binary.
_BINARY_CONTROL = bytes(b for b in range(32) if (b < 9 or b > 13) and b not in (8, 27))
# Cursor-left (ESC [ n D) erases like n backspaces (Huawei/Comware pagers erase their prompt with it).
_CURSOR_LEFT = compile_pattern(r"\x1b\[(\d*)D")
_ANSI = compile_pattern(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]")
_CONTROL = compile_pattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# VRP stores the line breaks of a quoted banner as ESC/0x19 bytes: they separate words, keep a space.
_VRP_BREAK = compile_pattern(r"[\x19\x1b]+")


@dataclass(frozen=True, slots=True)
class Dump:
    """A decoded dump: numbered lines plus how it was read."""

    source: str
    lines: tuple[tuple[int, str], ...]
    encoding: str
    pager_debris: int
    size: int


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and name the encoding used: UTF-8 (with or without BOM), GBK, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gbk")
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
    if _plausible_gbk(text):
        return text, "gbk"
    return data.decode("latin-1"), "latin-1"


def _plausible_gbk(text: str) -> bool:
    """Whether a successful GBK decode is Chinese rather than Latin-1 read as GBK.

    GBK takes ASCII bytes 0x40-0x7E as second bytes, so Latin-1 text such as ``Z\xfcrich`` decodes
    "successfully" into a rare ideograph followed by ``rich``. Chinese text (GB2312 and the common
    GBK range) has both bytes of every character at or above 0x81.
    """
    for char in text:
        if ord(char) > 0x7F:
            encoded = char.encode("gbk")
            if len(encoded) != 2 or encoded[1] < 0x80:
                return False
    return True


def _apply_backspaces(text: str) -> str:
    out: list[str] = []
    for char in text:
        if char == "\b":
            if out:
                out.pop()
        else:
            out.append(char)
    return "".join(out)


def _drop_pager_prompt(match: re.Match[str]) -> str:
    """Replacement for a pager prompt that no backspaces erased (a "printable output" terminal log).

    In the middle of a line the prompt stands between two words: keep one space. At the start of a line
    the device erased the prompt by writing as many spaces as it has characters; the spaces beyond those
    are the indentation of the statement that follows.
    """
    before, prompt, after = match.group(1, 2, 3)
    # A match never starts inside a run of white space, so one past the start of the line always has
    # non-blank text before it (a word, or an earlier prompt): no need to look at that text again.
    if match.start() > 0:
        return " "
    return " " * max(0, len(before) + len(after) - len(prompt))


def _clean(line: str) -> tuple[str, bool]:
    """Remove terminal debris from one line; report whether pager debris was found."""
    debris = False
    if "\x1b[" in line and _CURSOR_LEFT.search(line):
        line = _CURSOR_LEFT.sub(lambda m: "\b" * int(m.group(1) or 1), line)
    if "\b" in line:
        line = _apply_backspaces(line)
        debris = True
    if "\x1b" in line:
        line = _ANSI.sub("", line)
    if "\x19" in line or "\x1b" in line:
        line = _VRP_BREAK.sub(" ", line)
    if "more" in line.lower() and _PAGER.search(line):
        line = _PAGER.sub(_drop_pager_prompt, line)
        if not line.strip():
            line = ""
        debris = True
    if _CONTROL.search(line):
        line = _CONTROL.sub("", line)
    if "\t" in line:
        line = line.expandtabs(1) if line.startswith("\t") else line.replace("\t", " ")
    return line, debris


def split_lines(text: str) -> tuple[list[tuple[int, str]], int]:
    """Split into (line number, text) pairs, cleaning debris; returns the pairs and the debris count.

    A CR inside an LF-terminated line (a stray CR-only line break) splits that line in two parts that
    share its line number.
    """
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")  # CRLF files then take the fast path below
    raw = text.split("\r") if "\n" not in text and "\r" in text else text.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    if (
        text.isascii()
        and len(text.translate(_CONTROL_TABLE)) == len(text)
        and ("more" not in text.lower() or _PAGER_PROMPT.search(text) is None)
    ):
        # Nothing to clean (the common case): let C do the numbering.
        return list(zip(range(1, len(raw) + 1), raw, strict=True)), 0
    out: list[tuple[int, str]] = []
    debris_count = 0
    for number, line in enumerate(raw, start=1):
        if line.endswith("\r"):
            line = line[:-1]
        parts = line.split("\r") if "\r" in line else (line,)
        for part in parts:
            if part.isascii() and part.isprintable() and "ore" not in part and "ORE" not in part:
                out.append((number, part))
                continue
            cleaned, debris = _clean(part)
            debris_count += debris
            out.append((number, cleaned))
    return out, debris_count


def looks_binary(data: bytes) -> bool:
    """Whether the first 8 KiB of ``data`` hold a NUL byte or many control bytes."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _BINARY_CONTROL))
    return control > len(sample) // 20


def read_dump(data: bytes, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Dump:
    """Decode and split ``data``; raise InputError for empty, binary or oversized input."""
    size = len(data)
    if size > max_bytes:
        raise InputError(source, f"file is {size:,} bytes, above the limit of {max_bytes:,} (--max-size)")
    if not data or data.isspace():  # nothing but ASCII white space, found without copying the file
        raise InputError(source, "file is empty")
    if looks_binary(data):
        raise InputError(source, "file is binary, not a text configuration")
    text, encoding = decode(data)
    lines, debris = split_lines(text)
    return Dump(source=source, lines=tuple(lines), encoding=encoding, pager_debris=debris, size=size)
