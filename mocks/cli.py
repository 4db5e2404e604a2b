"""The simulated CLI session: line editing, echo, modes, paging and command replies (no sockets here)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from enum import Enum

from mocks.commands import ActionKind, Parsed, Refusal, build_table, parse_line
from mocks.device import DeviceSpec, Fault
from mocks.pipes import apply_pipe
from mocks.platforms import Effect, PipeKind

__all__ = ["CliSession", "Output", "split_lines"]

_CTRL_C = "\x03"
_CTRL_U = "\x15"
_CTRL_Z = "\x1a"
_ESC = "\x1b"
_BACKSPACES = ("\x7f", "\x08")


@dataclass(frozen=True, slots=True)
class Output:
    """Text to send; `reply` is False for the echo of typed keys; `close` ends the session after it.

    `endless` (the flood and drip faults): send `text` again and again until the client goes away.
    """

    text: str
    reply: bool = True
    close: bool = False
    endless: bool = False


class _Mode(Enum):
    USER = "user"
    EXEC = "exec"
    CONFIG = "config"


class _Wait(Enum):
    COMMAND = "command"
    SECRET = "secret"
    QUESTION = "question"
    PAGER = "pager"


def split_lines(text: str) -> list[str]:
    """Split a stored text into the lines a device prints (a final newline does not add a line)."""
    if not text:
        return []
    body = text[:-1] if text.endswith("\n") else text
    return [line.rstrip("\r") for line in body.split("\n")]


def _endless_block(device: DeviceSpec) -> str:
    """What a flooding device repeats: its config lines (about 32 KiB); a dripping one: one line at a time."""
    lines = split_lines(device.config) or ["!"]
    if device.fault is Fault.DRIP:
        return lines[min(1, len(lines) - 1)] + "\r\n"
    block = "\r\n".join(lines) + "\r\n"
    return block * max(1, 32768 // len(block))


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


class CliSession:
    """One interactive shell on a simulated device; feed it typed text, send what it returns."""

    def __init__(self, device: DeviceSpec, *, terminal_height: int = 24) -> None:
        self._device = device
        self._platform = device.profile
        self._table = build_table(self._platform)
        has_user_mode = self._platform.user_prompt is not None and self._platform.enable is not None
        self._mode = _Mode.USER if has_user_mode else _Mode.EXEC
        self._wait = _Wait.COMMAND
        self._buffer: list[str] = []
        self._skip_lf = False
        self._escape = 0  # 0: none, 1: after ESC, 2: inside a CSI sequence
        pager = self._platform.pager
        self._page_length = terminal_height if pager.from_terminal else pager.lines
        self._paging = True
        self._pending: list[str] = []
        self._pending_tail = ""
        self._pending_close = False
        self._closed = False

    @property
    def closed(self) -> bool:
        """True once the session asked for the connection to be closed."""
        return self._closed

    # ----------------------------------------------------------------------------------- output
    def _prompt(self) -> str:
        platform = self._platform
        if self._mode is _Mode.CONFIG and platform.config_mode is not None:
            template = platform.config_mode.prompt
        elif self._mode is _Mode.USER and platform.user_prompt is not None:
            template = platform.user_prompt
        else:
            template = platform.exec_prompt
        text = template.replace("{host}", self._device.hostname).replace("{user}", self._device.username)
        return _crlf(text)

    def _tail(self, had_output: bool) -> str:
        blank = "\r\n" if had_output and self._platform.blank_line_after_output else ""
        return blank + self._prompt()

    def _page_size(self) -> int:
        return self._page_length - 1 if self._paging and self._page_length > 1 else 0

    def _emit(self, out: list[Output], lines: list[str], *, paginate: bool, close: bool = False) -> None:
        tail = "" if close else self._tail(bool(lines))
        size = self._page_size() if paginate else 0
        if size and len(lines) > size:
            out.append(Output("\r\n".join(lines[:size]) + "\r\n" + self._platform.pager.prompt))
            self._pending, self._pending_tail, self._pending_close = lines[size:], tail, close
            self._wait = _Wait.PAGER
            return
        body = "\r\n".join(lines) + "\r\n" if lines else ""
        out.append(Output(body + tail, close=close))
        if close:
            self._closed = True

    def _pager_key(self, key: str, out: list[Output]) -> None:
        erase = self._platform.pager.erase
        if key in ("\r", "\n"):
            count = 1
        elif key == " ":
            count = self._page_size() or len(self._pending)
        else:  # q, Ctrl-C or any other key abandons the rest of the output
            self._pending = []
            count = 0
        chunk, self._pending = self._pending[:count], self._pending[count:]
        body = "\r\n".join(chunk) + "\r\n" if chunk else ""
        if self._pending:
            out.append(Output(erase + body + self._platform.pager.prompt))
            return
        self._wait = _Wait.COMMAND
        out.append(Output(erase + body + self._pending_tail, close=self._pending_close))
        if self._pending_close:
            self._closed = True

    # ------------------------------------------------------------------------------------ input
    def greeting(self) -> list[Output]:
        """What the device sends as soon as the shell opens: its login notice and first prompt."""
        notice = self._device.banner if self._device.banner is not None else self._platform.login_notice
        text = "\r\n" + _crlf(notice)
        question = self._platform.password_change_question
        if self._device.password_change_prompt and question:
            self._wait = _Wait.QUESTION
            return [Output(text + _crlf(question))]
        return [Output(text + self._prompt())]

    def feed(self, data: str) -> list[Output]:
        """Process typed text (any mix of CR, LF and CRLF line ends) and return what to send back."""
        out: list[Output] = []
        echo: list[str] = []

        def flush() -> None:
            if echo:
                out.append(Output("".join(echo), reply=False))
                echo.clear()

        for ch in data:
            if self._closed:
                break
            if self._skip_lf:
                self._skip_lf = False
                if ch == "\n":
                    continue
            if self._escape:
                if self._escape == 1:
                    self._escape = 2 if ch in "[O" else 0
                elif "@" <= ch <= "~":
                    self._escape = 0
                continue
            if ch in "\r\n":
                self._skip_lf = ch == "\r"
                flush()
                self._enter(out)
                continue
            if self._wait is _Wait.PAGER:
                flush()
                self._pager_key(ch, out)
                continue
            if ch == _ESC:
                self._escape = 1
            elif ch in _BACKSPACES:
                if self._buffer:
                    self._buffer.pop()
                    if self._wait is not _Wait.SECRET:
                        echo.append("\b \b")
            elif ch == _CTRL_U:
                if self._wait is not _Wait.SECRET:
                    echo.append("\b \b" * len(self._buffer))
                self._buffer.clear()
            elif ch == _CTRL_C:
                self._buffer.clear()
                flush()
                self._wait = _Wait.COMMAND  # abandons a password or yes/no question too
                out.append(Output("^C\r\n" + self._prompt()))
            elif ch == _CTRL_Z and self._mode is _Mode.CONFIG:
                self._buffer.clear()
                flush()
                self._mode = _Mode.EXEC
                out.append(Output("\r\n" + self._prompt()))
            elif ch >= " ":
                self._buffer.append(ch)
                if self._wait is not _Wait.SECRET:
                    echo.append(ch)
        flush()
        return out

    def _enter(self, out: list[Output]) -> None:
        if self._wait is _Wait.PAGER:
            self._pager_key("\r", out)
            return
        line = "".join(self._buffer)
        self._buffer.clear()
        out.append(Output("\r\n", reply=False))
        if self._wait is _Wait.SECRET:
            self._wait = _Wait.COMMAND
            self._check_secret(line, out)
        elif self._wait is _Wait.QUESTION:
            self._wait = _Wait.COMMAND
            out.append(Output(self._prompt()))
        elif not line.strip():
            out.append(Output(self._prompt()))
        elif self._mode is _Mode.CONFIG:
            self._config_line(line, out)
        else:
            self._execute(line, out)

    # --------------------------------------------------------------------------------- commands
    def _check_secret(self, typed: str, out: list[Output]) -> None:
        enable = self._platform.enable
        secret = self._device.enable_secret
        assert enable is not None
        if secret is not None and hmac.compare_digest(typed.encode(), secret.encode()):
            self._mode = _Mode.EXEC
            out.append(Output(self._prompt()))
        else:
            out.append(Output(_crlf(enable.denied) + "\r\n" + self._prompt()))

    def _config_line(self, line: str, out: list[Output]) -> None:
        mode = self._platform.config_mode
        assert mode is not None
        typed = " ".join(line.split())
        if typed.lower() in mode.leave:
            self._mode = _Mode.EXEC
            lines = [mode.leave_reply] if mode.leave_reply else []
            self._emit(out, lines, paginate=False)
            return
        words = typed.split(" ", 1)
        if mode.do_prefix and words[0] == mode.do_prefix and len(words) == 2:
            self._execute(words[1], out)  # runs with privilege; the prompt stays the config prompt
            return
        out.append(Output(self._prompt()))  # configuration lines are accepted and ignored

    def _refuse(self, line: str, refusal: Refusal, out: list[Output]) -> None:
        lines: list[str] = []
        if refusal.style.caret:
            column = len(self._prompt().split("\r\n")[-1]) + refusal.offset
            lines.append(" " * column + "^")
        message = refusal.style.message.format(token=refusal.token, index=refusal.index, line=line)
        lines.extend(message.split("\n"))
        self._emit(out, lines, paginate=False)

    def _execute(self, line: str, out: list[Output]) -> None:
        parsed = parse_line(line, self._platform, self._table, self._mode is not _Mode.USER)
        if isinstance(parsed, Refusal):
            self._refuse(line, parsed, out)
            return
        self._run(parsed, out)

    def _number(self, parsed: Parsed) -> int:
        for word in parsed.words:
            if word.text.isdigit():
                return int(word.text)
        return 0

    def _run(self, parsed: Parsed, out: list[Output]) -> None:
        platform = self._platform
        kind = parsed.action.kind
        close = False
        lines: list[str] = []
        if kind is ActionKind.CONFIG and self._device.fault in (Fault.FLOOD, Fault.DRIP):
            self._closed = True
            out.append(Output(_endless_block(self._device), endless=True))
            return
        if kind is ActionKind.CONFIG:
            lines = split_lines(self._device.config)
            if self._device.fault in (Fault.TRUNCATED, Fault.DISCONNECT):
                lines = lines[: max(1, len(lines) // 2)]
                close = self._device.fault is Fault.DISCONNECT
        elif kind is ActionKind.VERSION:
            lines = split_lines(self._device.version.replace("{hostname}", self._device.hostname))
        elif kind is ActionKind.CANNED:
            canned = platform.canned[parsed.action.index]
            text = canned.output
            if self._mode is not _Mode.USER and canned.privileged_output is not None:
                text = canned.privileged_output
            text = text.replace("{user}", self._device.username).replace("{host}", self._device.hostname)
            lines = split_lines(text)
        elif kind is ActionKind.TERMINAL:
            lines = self._terminal(parsed)
        elif kind is ActionKind.EXIT:
            self._closed = True
            out.append(Output("", close=True))
            return
        elif kind is ActionKind.ENABLE:
            self._enable(out)
            return
        elif kind is ActionKind.DISABLE:
            self._mode = _Mode.USER
        elif kind is ActionKind.CONFIGURE:
            assert platform.config_mode is not None
            self._mode = _Mode.CONFIG
            lines = [platform.config_mode.enter_reply] if platform.config_mode.enter_reply else []
        paginate = True
        for call in parsed.pipes:
            if call.pipe.kind is PipeKind.NO_MORE:
                paginate = False
            lines = apply_pipe(call, lines)
        self._emit(out, lines, paginate=paginate, close=close)

    def _terminal(self, parsed: Parsed) -> list[str]:
        terminal = self._platform.terminal[parsed.action.index]
        number = self._number(parsed)
        if terminal.effect is Effect.LENGTH:
            self._paging = number != 0
            if number:
                self._page_length = number
        elif terminal.effect is Effect.PAGING_OFF:
            self._paging = False
        elif terminal.effect is Effect.PAGING_ON:
            self._paging = True
        reply = terminal.reply_zero if number == 0 and terminal.reply_zero is not None else terminal.reply
        return split_lines(reply.replace("{n}", str(number)))

    def _enable(self, out: list[Output]) -> None:
        enable = self._platform.enable
        assert enable is not None
        if self._mode is not _Mode.USER:
            out.append(Output(self._prompt()))
        elif self._device.enable_secret is None:
            if enable.no_secret is None:
                self._mode = _Mode.EXEC
                out.append(Output(self._prompt()))
            else:
                self._emit(out, [enable.no_secret], paginate=False)
        else:
            self._wait = _Wait.SECRET
            out.append(Output(enable.password_prompt))
