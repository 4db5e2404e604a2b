"""Collect running configs over SSH with netmiko: the only module that imports netmiko.

Host keys are verified before any credential is sent: a pre-flight SSH handshake (offering only the key
types known for the host, as OpenSSH orders them) checks the key against known_hosts, then netmiko connects
strictly with exactly that key pinned. Jump hosts get the same treatment. Each command's output is capped
at the --max-size limit and each device has an overall deadline. Netmiko and paramiko errors are
translated into devaudit's exception tree; secret values are scrubbed from every message.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import socket
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import paramiko
from paramiko.ssh_exception import IncompatiblePeer

from devaudit import __version__
from devaudit.collectors.bounds import Meter, MeteredClient
from devaudit.collectors.cancel import Cancellation
from devaudit.collectors.hostkeys import KnownHosts, host_entry_name, key_algorithms
from devaudit.credentials import Secret
from devaudit.errors import (
    AuthenticationFailed,
    CollectionError,
    HostKeyError,
    TransientCollectionError,
)
from devaudit.ingest import DEFAULT_MAX_BYTES
from devaudit.inventory import Host, SSHOptions
from devaudit.platforms import PLATFORMS

__all__ = ["CollectRequest", "Collected", "collect_device"]


@dataclass(frozen=True)
class JumpHop:
    """A jump host (ProxyJump) with its own credentials."""

    host: Host
    password: Secret | None


@dataclass(frozen=True)
class CollectRequest:
    """Everything needed to collect one device."""

    host: Host
    password: Secret | None
    secret: Secret | None
    known_hosts: KnownHosts
    extra_commands: tuple[str, ...] = ()
    jump: JumpHop | None = None
    cancel: Cancellation | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    deadline: float | None = None  # seconds for the whole device; None: see device_budget()


@dataclass(frozen=True)
class Collected:
    """A device's running config, other command outputs and collection metadata."""

    host: Host
    config: str
    outputs: dict[str, str]
    metadata: dict[str, Any] = field(default_factory=dict)


def _paramiko_names(attr: str) -> tuple[str, ...]:
    return tuple(getattr(paramiko.Transport, attr, ()))


def _host_key_choice(options: SSHOptions, known_types: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Host-key algorithms to offer, best first: for a known host only those of its known key types."""
    if known_types is None:
        return options.host_key_algorithms or None
    supported = _paramiko_names("_preferred_keys")
    chosen = tuple(name for name in key_algorithms(known_types) if name in supported)
    if options.host_key_algorithms:
        chosen = tuple(name for name in chosen if name in options.host_key_algorithms)
    return chosen


def _disabled_algorithms(
    options: SSHOptions, host_keys: tuple[str, ...] | None = None
) -> dict[str, list[str]] | None:
    """Turn allow-lists into paramiko's ``disabled_algorithms`` (everything else it knows)."""
    keys = host_keys if host_keys is not None else options.host_key_algorithms
    spec = {
        "kex": (options.kex, _paramiko_names("_preferred_kex")),
        "ciphers": (options.ciphers, _paramiko_names("_preferred_ciphers")),
        "macs": (options.macs, _paramiko_names("_preferred_macs")),
        "keys": (keys, _paramiko_names("_preferred_keys")),
    }
    disabled: dict[str, list[str]] = {}
    for kind, (allowed, names) in spec.items():
        # An empty allow-list means "no restriction", except for the host-key types chosen for a known host.
        if allowed or (kind == "keys" and host_keys is not None):
            disabled[kind] = [name for name in names if name not in (allowed or ())]
    return disabled or None


def _scrub(message: str, secrets: Sequence[Secret | None]) -> str:
    for secret in secrets:
        if secret:
            message = message.replace(secret.reveal(), "<redacted>")
    return message


class _NoKnownKeyType(Exception):
    """The device offered none of the host-key types known for it (raised by the pre-flight handshake)."""


def _host_key(
    host: Host,
    sock: socket.socket | paramiko.Channel | None,
    timeout: float,
    algorithms: tuple[str, ...] | None,
    *,
    known_types_only: bool = False,
) -> paramiko.PKey:
    """Pre-flight handshake: the key the device presents (no authentication is attempted).

    ``algorithms`` are the host-key algorithms offered, best first (None: paramiko's defaults). With
    ``known_types_only`` they are the known host's key types, and a device offering none of them raises
    _NoKnownKeyType.
    """
    own_sock = sock is None
    transport: paramiko.Transport | None = None
    try:
        if sock is None:
            sock = socket.create_connection((host.hostname, host.port), timeout=timeout)
        transport = paramiko.Transport(sock, disabled_algorithms=_disabled_algorithms(host.ssh, algorithms))
        offered = [name for name in algorithms or () if name in _paramiko_names("_preferred_keys")]
        if offered:
            transport.get_security_options().key_types = offered  # best first, as OpenSSH orders them
        transport.banner_timeout = timeout
        transport.start_client(timeout=timeout)
        return transport.get_remote_server_key()
    except ConnectionRefusedError:
        raise TransientCollectionError(host.name, f"connection refused by {host.hostname}:{host.port}") from None
    except TimeoutError:
        reason = f"no SSH answer from {host.hostname}:{host.port} within {timeout:.0f} s"
        raise TransientCollectionError(host.name, reason) from None
    except IncompatiblePeer as exc:
        if known_types_only and "host key" in str(exc):
            raise _NoKnownKeyType from None
        reason = f"SSH handshake with {host.hostname}:{host.port} failed: {exc}"
        raise TransientCollectionError(host.name, reason) from None
    except (OSError, paramiko.SSHException, EOFError) as exc:
        if transport is not None and not transport.remote_version:
            # TCP was accepted but the server never sent its "SSH-2.0-..." greeting.
            reason = (
                f"{host.hostname}:{host.port} accepted the connection but sent no SSH greeting "
                f"within {timeout:.0f} s (a hung service, or not an SSH port)"
            )
        else:
            reason = f"SSH handshake with {host.hostname}:{host.port} failed: {exc}"
        raise TransientCollectionError(host.name, reason) from None
    finally:
        if transport is not None:
            transport.close()
        if own_sock and sock is not None and not isinstance(sock, paramiko.Channel):
            with contextlib.suppress(OSError):
                sock.close()


def _checked_key(
    device: str,
    host: Host,
    known_hosts: KnownHosts,
    open_sock: Callable[[], socket.socket | paramiko.Channel | None],
    timeout: float,
) -> tuple[paramiko.PKey, str]:
    """The host's verified key and its fingerprint, or HostKeyError; no credential is sent before this."""
    known_types = known_hosts.known_key_types(host.hostname, host.port)
    algorithms = _host_key_choice(host.ssh, known_types or None)
    if algorithms == ():
        entry = host_entry_name(host.hostname, host.port)
        raise HostKeyError(
            device,
            f"host key for {entry} is known only as {', '.join(known_types)}, which devaudit cannot check "
            "(not supported by its SSH library, or excluded by host_key_algorithms); it sent no password. Add the "
            f"device's ssh-ed25519, ECDSA or RSA key to known_hosts (ssh-keyscan -p {host.port} {host.hostname}) "
            "after checking its fingerprint with the device owner.",
        )
    key: paramiko.PKey | None = None
    try:
        key = _host_key(host, open_sock(), timeout, algorithms, known_types_only=bool(known_types))
    except _NoKnownKeyType:
        key = None
    if key is None:
        # The device offers none of the key types known for it. Learn which key it does present (still
        # without authenticating) so the error shows both fingerprints, exactly as for a changed key.
        key = _host_key(host, open_sock(), timeout, _host_key_choice(host.ssh, None))
    return key, known_hosts.verify(device, host.hostname, host.port, key)


class _Jump:
    """An open SSH connection to a jump host that hands out direct-tcpip channels."""

    def __init__(self, device: str, hop: JumpHop, known_hosts: KnownHosts, timeout: float) -> None:
        host = hop.host
        label = f"jump host {host.name}"
        try:
            key, _ = _checked_key(label, host, known_hosts, lambda: None, timeout)
        except CollectionError as exc:
            raise type(exc)(device, f"{label}: {exc.reason}") from None
        self.client = paramiko.SSHClient()
        # Exactly the verified key is accepted for the session that authenticates.
        self.client.get_host_keys().add(host_entry_name(host.hostname, host.port), key.get_name(), key)
        self.client.set_missing_host_key_policy(paramiko.RejectPolicy())
        try:
            self.client.connect(
                host.hostname,
                port=host.port,
                username=host.username,
                password=hop.password.reveal() if hop.password else None,
                key_filename=host.key_file,
                allow_agent=host.ssh.use_agent,
                look_for_keys=False,
                timeout=timeout,
                banner_timeout=timeout,
                auth_timeout=timeout,
                disabled_algorithms=_disabled_algorithms(host.ssh, _host_key_choice(host.ssh, (key.get_name(),))),
            )
        except paramiko.BadHostKeyException:
            self.client.close()
            raise HostKeyError(device, f"{label}: host key changed between the check and the session") from None
        except paramiko.AuthenticationException:
            self.client.close()
            raise AuthenticationFailed(device, f"{label}: authentication failed") from None
        except (OSError, paramiko.SSHException, EOFError) as exc:
            self.client.close()
            raise TransientCollectionError(device, f"{label}: {type(exc).__name__}: {exc}") from None

    def channel(self, host: str, port: int) -> paramiko.Channel:
        transport = self.client.get_transport()
        if transport is None:
            raise TransientCollectionError(host, "jump host connection is closed")
        return transport.open_channel("direct-tcpip", (host, port), ("127.0.0.1", 0))

    def close(self) -> None:
        self.client.close()


@contextlib.contextmanager
def _pinned_key_file(entry: str) -> Iterator[str]:
    with tempfile.NamedTemporaryFile("w", prefix="devaudit-kh-", suffix=".txt", encoding="utf-8") as handle:
        handle.write(entry)
        handle.flush()
        yield handle.name


def _hang_up(sock: socket.socket | paramiko.Channel) -> None:
    """End the session at once without a polite logout; the SSH library then sees end-of-file and stops."""
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    else:
        sock.close()


def _abort(sock: socket.socket | paramiko.Channel) -> None:
    """Close a session's socket from another thread: its blocked reads fail at once."""
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def _config_command(platform: str, prompt: str) -> tuple[str, bool]:
    """The running-config command, and whether the session is SR OS MD-CLI."""
    if platform == "nokia_sros":
        md_cli = "@" in prompt
        return ("admin show configuration" if md_cli else "admin display-config"), md_cli
    return PLATFORMS[platform].running_config, False


def device_budget(host: Host, extra_commands: int) -> float:
    """Seconds one device may take in all: the connect timeout, plus the command timeout for the login,
    enable, prompt, running config, version and each extra command."""
    return host.timeouts.connect + host.timeouts.command * (5 + extra_commands)


def _connection_class(device_type: str, meter: Meter) -> Callable[..., Any]:
    """Netmiko's class for ``device_type``, with every read of the interactive session metered."""
    from netmiko.ssh_dispatcher import ssh_dispatcher

    base = ssh_dispatcher(device_type)

    def ssh_client(self: object) -> paramiko.SSHClient:
        return MeteredClient(meter)

    return type(f"Metered{base.__name__}", (base,), {"_get_ssh_client_instance": ssh_client})


def _translated(exc: Exception, device: str, secrets: Sequence[Secret | None]) -> CollectionError:
    """A netmiko or paramiko failure as devaudit's error, secret values scrubbed."""
    from netmiko.exceptions import NetmikoTimeoutException, ReadTimeout

    if isinstance(exc, CollectionError):
        return exc
    if isinstance(exc, NetmikoTimeoutException | ReadTimeout):
        return TransientCollectionError(device, _scrub(f"timed out: {str(exc).strip().splitlines()[0]}", secrets))
    if isinstance(exc, EOFError | ConnectionResetError | BrokenPipeError):
        return TransientCollectionError(device, f"connection lost during collection ({type(exc).__name__})")
    if isinstance(exc, paramiko.BadHostKeyException):
        return HostKeyError(device, "host key changed between the check and the session")
    if isinstance(exc, paramiko.SSHException):
        return TransientCollectionError(device, _scrub(f"SSH error: {exc}", secrets))
    if isinstance(exc, OSError):
        return TransientCollectionError(device, _scrub(f"{type(exc).__name__}: {exc}", secrets))
    raise exc


def collect_device(request: CollectRequest) -> Collected:
    """Connect, verify the host key, collect config and outputs, disconnect. Raises CollectionError."""
    from netmiko.exceptions import NetmikoAuthenticationException

    host = request.host
    secrets = (request.password, request.secret, request.jump.password if request.jump else None)
    timeout = host.timeouts.connect
    started = time.monotonic()
    budget = request.deadline or device_budget(host, len(request.extra_commands))
    meter = Meter(host.name, request.max_bytes, budget)
    jump = _Jump(host.name, request.jump, request.known_hosts, timeout) if request.jump else None

    def open_sock() -> socket.socket | paramiko.Channel | None:
        return jump.channel(host.hostname, host.port) if jump is not None else None

    try:
        key, key_fp = _checked_key(host.name, host, request.known_hosts, open_sock, timeout)
        with _pinned_key_file(request.known_hosts.entry_for(host.hostname, host.port, key)) as pinned:
            params: dict[str, Any] = {
                "device_type": host.platform,
                "host": host.hostname,
                "port": host.port,
                "username": host.username,
                "password": request.password.reveal() if request.password else "",
                "secret": request.secret.reveal() if request.secret else "",
                "ssh_strict": True,
                "system_host_keys": False,
                "alt_host_keys": True,
                "alt_key_file": pinned,
                "conn_timeout": timeout,
                "auth_timeout": timeout,
                "banner_timeout": timeout,
                "read_timeout_override": host.timeouts.command,
                "use_keys": bool(host.key_file),
                "key_file": host.key_file,
                "allow_agent": host.ssh.use_agent,
                "disabled_algorithms": _disabled_algorithms(host.ssh, _host_key_choice(host.ssh, (key.get_name(),))),
                "fast_cli": True,
            }
            # devaudit opens the session's socket itself, so an interrupted run can close it at any time,
            # even while netmiko is still logging in.
            sock = open_sock() or socket.create_connection((host.hostname, host.port), timeout=timeout)
            params["sock"] = sock
            cancel = request.cancel or Cancellation()
            with contextlib.closing(sock), cancel.closing(host.name, functools.partial(_abort, sock)):
                try:
                    conn = _connection_class(host.platform, meter)(**params)
                except NetmikoAuthenticationException:
                    raise AuthenticationFailed(
                        host.name, "authentication failed: the device refused the username or credentials"
                    ) from None
                try:
                    commands: list[str] = []
                    platform = PLATFORMS[host.platform]
                    if platform.enable and request.secret is not None:
                        meter.start(f"running '{platform.enable}'")
                        conn.enable()
                        commands.append(platform.enable)
                    meter.start("reading the prompt")
                    prompt = conn.find_prompt()
                    config_cmd, md_cli = _config_command(host.platform, prompt)
                    meter.start(f"running '{config_cmd}'")
                    config = str(conn.send_command(config_cmd, read_timeout=host.timeouts.command))
                    commands.append(config_cmd)
                    outputs: dict[str, str] = {}
                    for command in dict.fromkeys((platform.version_command, *request.extra_commands)):
                        meter.start(f"running '{command}'")
                        outputs[command] = str(conn.send_command(command, read_timeout=host.timeouts.command))
                        commands.append(command)
                finally:
                    if meter.tripped is not None:
                        _hang_up(sock)  # a device being dropped gets no polite logout
                    with contextlib.suppress(Exception):
                        conn.disconnect()
    except Exception as exc:
        if meter.tripped is not None:
            raise meter.tripped from None
        raise _translated(exc, host.name, secrets) from None
    finally:
        if jump is not None:
            jump.close()
    config = config.replace("\r\n", "\n")
    metadata = {
        "host": host.name,
        "address": host.hostname,
        "port": host.port,
        "platform": host.platform,
        "md_cli": md_cli,
        "collected_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(time.monotonic() - started, 3),
        "commands": commands,
        "prompt": prompt,
        "host_key": {"type": key.get_name(), "fingerprint": key_fp},
        "sha256": hashlib.sha256(config.encode("utf-8")).hexdigest(),
        "size": len(config.encode("utf-8")),
        "devaudit_version": __version__,
    }
    return Collected(host=host, config=config, outputs=outputs, metadata=metadata)
