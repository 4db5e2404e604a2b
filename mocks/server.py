"""SSH side of a simulated device: a paramiko server, one listener thread per port, one thread per session."""

from __future__ import annotations

import codecs
import contextlib
import hmac
import io
import logging
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import paramiko
from paramiko.common import (
    AUTH_FAILED,
    AUTH_SUCCESSFUL,
    OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED,
    OPEN_SUCCEEDED,
)

from mocks.cli import CliSession, Output
from mocks.device import DeviceSpec, Fault, KeyType

__all__ = ["BIND_HOST", "AuthAttempt", "DeviceServer", "generate_host_key"]

BIND_HOST = "127.0.0.1"
"""Simulators listen on loopback only; there is deliberately no option to change this."""

_LOG = logging.getLogger("mocks.server")
logging.getLogger("mocks").addHandler(logging.NullHandler())
# paramiko logs every client that hangs up abruptly as an ERROR; for a simulator that is routine, so the
# transport logs (channel "mocks.ssh") are quiet unless someone lowers this level (`serve --verbose` does).
logging.getLogger("mocks.ssh").setLevel(logging.CRITICAL)
_AUTH_WINDOW = 30.0  # seconds a client has to authenticate and open its session channel
_SHELL_WINDOW = 10.0  # seconds between opening the channel and asking for a shell
_RECV_SIZE = 4096
_LINGER = 2.0  # seconds to wait for the client to hang up after the shell ends


def generate_host_key(kind: KeyType = "ecdsa-sha2-nistp256") -> paramiko.PKey:
    """A fresh host key of ``kind`` (ECDSA P-256 by default: fast to generate, unlike RSA)."""
    if kind == "ssh-rsa":
        return paramiko.RSAKey.generate(bits=2048)
    if kind == "ssh-ed25519":
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
        )
        return paramiko.Ed25519Key.from_private_key(io.StringIO(pem.decode("ascii")))
    return paramiko.ECDSAKey.generate(bits=256)


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class AuthAttempt:
    """One authentication request a client made (the password itself is never kept)."""

    method: str
    username: str


class _SshInterface(paramiko.ServerInterface):
    """Authentication and channel policy for one connection."""

    def __init__(self, device: DeviceSpec, record: Callable[[AuthAttempt], None]) -> None:
        self._device = device
        self._record = record
        self.shell_requested = threading.Event()
        self.terminal_height = 24
        # Port forwards asked for (a device used as an SSH jump host): channel id -> (host, port).
        self.forwards: dict[int, tuple[str, int]] = {}

    def get_allowed_auths(self, username: str) -> str:
        return "password,publickey" if self._device.accept_publickey else "password"

    def check_auth_none(self, username: str) -> int:
        self._record(AuthAttempt("none", username))
        return AUTH_FAILED

    def check_auth_password(self, username: str, password: str) -> int:
        self._record(AuthAttempt("password", username))
        device = self._device
        if device.fault is Fault.AUTH_FAIL:
            return AUTH_FAILED
        if _same(username, device.username) and _same(password, device.password):
            return AUTH_SUCCESSFUL
        return AUTH_FAILED

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        self._record(AuthAttempt("publickey", username))
        device = self._device
        allowed = device.accept_publickey and device.fault is not Fault.AUTH_FAIL
        return AUTH_SUCCESSFUL if allowed and _same(username, device.username) else AUTH_FAILED

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return OPEN_SUCCEEDED
        return OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_direct_tcpip_request(
        self, chanid: int, origin: tuple[str, int], destination: tuple[str, int]
    ) -> int:
        # Like a bastion with 'AllowTcpForwarding yes', but only towards loopback (the simulated fleet).
        if destination[0] in ("127.0.0.1", "localhost", "::1"):
            self.forwards[chanid] = (destination[0], int(destination[1]))
            return OPEN_SUCCEEDED
        return OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_pty_request(
        self,
        channel: paramiko.Channel,
        term: bytes,
        width: int,
        height: int,
        pixelwidth: int,
        pixelheight: int,
        modes: bytes,
    ) -> bool:
        if height > 0:
            self.terminal_height = height
        return True

    def check_channel_window_change_request(
        self, channel: paramiko.Channel, width: int, height: int, pixelwidth: int, pixelheight: int
    ) -> bool:
        return True

    def check_channel_shell_request(self, channel: paramiko.Channel) -> bool:
        self.shell_requested.set()
        return True


class DeviceServer:
    """Serves one simulated device on 127.0.0.1; `bind()` then `start()`, and `stop()` when done."""

    def __init__(
        self, device: DeviceSpec, host_key: paramiko.PKey, *, extra_keys: tuple[paramiko.PKey, ...] = ()
    ) -> None:
        self._device = device
        self._host_key = host_key
        self._extra_keys = extra_keys
        self._auth_attempts: list[AuthAttempt] = []
        self._bytes_sent = 0
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._transports: set[paramiko.Transport] = set()
        self._held: list[socket.socket] = []  # blackhole connections, kept open and silent
        self._port = 0

    @property
    def device(self) -> DeviceSpec:
        """The device this server simulates."""
        return self._device

    @property
    def host_key(self) -> paramiko.PKey:
        """The host key this server presents."""
        return self._host_key

    @property
    def host_keys(self) -> tuple[paramiko.PKey, ...]:
        """Every host key this server offers (its own first)."""
        return (self._host_key, *self._extra_keys)

    @property
    def auth_attempts(self) -> tuple[AuthAttempt, ...]:
        """Every authentication request received so far (a client that refused the host key sends none)."""
        with self._lock:
            return tuple(self._auth_attempts)

    @property
    def bytes_sent(self) -> int:
        """Bytes of shell output sent to clients so far (the flood fault's cost is bounded by the client)."""
        with self._lock:
            return self._bytes_sent

    def _record(self, attempt: AuthAttempt) -> None:
        with self._lock:
            self._auth_attempts.append(attempt)

    def _sent(self, size: int) -> None:
        with self._lock:
            self._bytes_sent += size

    @property
    def port(self) -> int:
        """The TCP port actually bound (known after `bind()`)."""
        return self._port

    def bind(self) -> int:
        """Bind the listening socket (port 0 picks a free port) and return the port."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((BIND_HOST, self._device.port))
            listener.listen(128)
        except OSError:
            listener.close()
            raise
        self._listener = listener
        self._port = int(listener.getsockname()[1])
        return self._port

    def start(self) -> None:
        """Start the listener thread (binds first if `bind()` was not called)."""
        if self._listener is None:
            self.bind()
        self._thread = threading.Thread(target=self._accept_loop, name=f"mock-listen-{self._device.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop listening, drop every open connection and wait for the listener thread."""
        self._stopping.set()
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes a blocked accept() on Linux
            listener.close()
        with self._lock:
            transports, self._transports = list(self._transports), set()
            held, self._held = self._held, []
        for transport in transports:
            transport.close()
        for sock in held:
            sock.close()
        if self._thread is not None:
            self._thread.join(timeout)

    # ------------------------------------------------------------------------------ internals
    def _accept_loop(self) -> None:
        listener = self._listener
        assert listener is not None
        while not self._stopping.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                if self._stopping.wait(0.05):  # back off instead of spinning on e.g. EMFILE
                    return
                continue
            if self._device.fault is Fault.BLACKHOLE:
                with self._lock:
                    self._held.append(conn)
                continue
            threading.Thread(
                target=self._session, args=(conn,), name=f"mock-session-{self._device.name}", daemon=True
            ).start()

    def _session(self, conn: socket.socket) -> None:
        device = self._device
        transport: paramiko.Transport | None = None
        try:
            transport = paramiko.Transport(conn)
            transport.local_version = device.profile.ssh_version
            transport.set_log_channel("mocks.ssh")
            for key in self.host_keys:
                transport.add_server_key(key)
            with self._lock:
                if self._stopping.is_set():
                    return
                self._transports.add(transport)
            interface = _SshInterface(device, self._record)
            transport.start_server(server=interface)
            channel = transport.accept(timeout=_AUTH_WINDOW)
            while channel is not None and channel.get_id() in interface.forwards:
                # A jump-host client: relay each forwarded channel, and keep serving the connection.
                _start_forward(channel, interface.forwards[channel.get_id()])
                channel = transport.accept(timeout=_AUTH_WINDOW)
            if channel is None or not interface.shell_requested.wait(_SHELL_WINDOW):
                return
            self._shell(channel, interface.terminal_height)
            if device.fault is not Fault.DISCONNECT and not self._stopping.is_set():
                transport.join(_LINGER)  # let the client close first, as a device does after `exit`
        except (paramiko.SSHException, EOFError, OSError) as exc:
            _LOG.debug("%s: session ended: %s", device.name, exc)
        finally:
            if transport is not None:
                with self._lock:
                    self._transports.discard(transport)
                transport.close()
            else:
                conn.close()

    def _shell(self, channel: paramiko.Channel, terminal_height: int) -> None:
        session = CliSession(self._device, terminal_height=terminal_height)
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        if not self._send(channel, session.greeting()):
            return
        while not self._stopping.is_set():
            data = channel.recv(_RECV_SIZE)
            if not data:
                return
            if not self._send(channel, session.feed(decoder.decode(data))):
                return

    def _send(self, channel: paramiko.Channel, outputs: Iterable[Output]) -> bool:
        """Send outputs in order (delaying replies for the slow fault); False once the session must end."""
        device = self._device
        pending: list[str] = []

        def flush() -> None:
            if pending:
                data = "".join(pending).encode("utf-8")
                channel.sendall(data)
                self._sent(len(data))
                pending.clear()

        for output in outputs:
            if output.endless:
                flush()
                self._endless(channel, output.text.encode("utf-8"))
                return False
            if output.reply and device.fault is Fault.SLOW and device.slow_seconds > 0:
                flush()
                if self._stopping.wait(device.slow_seconds):
                    return False
            pending.append(output.text)
            if output.close:
                flush()
                if device.fault is not Fault.DISCONNECT:
                    channel.send_exit_status(0)
                    channel.close()
                return False
        flush()
        return True

    def _endless(self, channel: paramiko.Channel, block: bytes) -> None:
        """Send ``block`` until the client goes away (sendall then fails) or the server stops."""
        pause = self._device.slow_seconds if self._device.fault is Fault.DRIP else 0.0
        while not self._stopping.is_set():
            channel.sendall(block)  # blocks while the client's SSH window is full: memory stays bounded
            self._sent(len(block))
            if pause and self._stopping.wait(pause):
                return


def _start_forward(channel: paramiko.Channel, destination: tuple[str, int]) -> None:
    """Relay a direct-tcpip channel to ``destination`` in both directions until either side closes."""
    try:
        upstream = socket.create_connection(destination, timeout=5)
    except OSError:
        channel.close()
        return

    def pump(read: Callable[[int], bytes], write: Callable[[bytes], object], done: Callable[[], None]) -> None:
        try:
            while data := read(32768):
                write(data)
        except (OSError, EOFError, paramiko.SSHException):
            pass
        finally:
            done()

    closed = threading.Lock()

    def close_both() -> None:
        # Both pumps end here; only the first closes. The SSH connection may already be gone (the client
        # hung up): then there is no peer to tell, and paramiko's close would fail writing to it.
        if not closed.acquire(blocking=False):
            return
        transport = channel.get_transport()
        if transport is not None and transport.is_active():
            with contextlib.suppress(EOFError, OSError):
                channel.close()
        with contextlib.suppress(OSError):
            upstream.close()

    upstream.settimeout(None)
    threading.Thread(target=pump, args=(channel.recv, upstream.sendall, close_both), daemon=True).start()
    threading.Thread(target=pump, args=(upstream.recv, channel.sendall, close_both), daemon=True).start()
