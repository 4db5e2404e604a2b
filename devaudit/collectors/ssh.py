"""Collect running configs over SSH with netmiko: the only module that imports netmiko.

Host keys are verified before any credential is sent (a pre-flight SSH handshake checks the key
against known_hosts, then netmiko connects strictly with exactly that key pinned). Netmiko and paramiko
errors are translated into devaudit's exception tree; secret values are scrubbed from every message.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import socket
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import paramiko

from devaudit import __version__
from devaudit.collectors.cancel import Cancellation
from devaudit.collectors.hostkeys import KnownHosts
from devaudit.credentials import Secret
from devaudit.errors import (
    AuthenticationFailed,
    CollectionError,
    HostKeyError,
    TransientCollectionError,
)
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


@dataclass(frozen=True)
class Collected:
    """A device's running config, other command outputs and collection metadata."""

    host: Host
    config: str
    outputs: dict[str, str]
    metadata: dict[str, Any] = field(default_factory=dict)


def _disabled_algorithms(options: SSHOptions) -> dict[str, list[str]] | None:
    """Turn allow-lists into paramiko's ``disabled_algorithms`` (everything else it knows)."""

    def known(attr: str) -> tuple[str, ...]:
        return tuple(getattr(paramiko.Transport, attr, ()))

    spec = {
        "kex": (options.kex, known("_preferred_kex")),
        "ciphers": (options.ciphers, known("_preferred_ciphers")),
        "macs": (options.macs, known("_preferred_macs")),
        "keys": (options.host_key_algorithms, known("_preferred_keys")),
    }
    disabled: dict[str, list[str]] = {}
    for kind, (allowed, names) in spec.items():
        if allowed:
            disabled[kind] = [name for name in names if name not in allowed]
    return disabled or None


def _scrub(message: str, secrets: Sequence[Secret | None]) -> str:
    for secret in secrets:
        if secret:
            message = message.replace(secret.reveal(), "<redacted>")
    return message


class _Jump:
    """An open SSH connection to a jump host that hands out direct-tcpip channels."""

    def __init__(self, hop: JumpHop, known_hosts: KnownHosts, timeout: float) -> None:
        self.client = paramiko.SSHClient()
        host = hop.host
        verified: dict[str, bool] = {}

        class Policy(paramiko.MissingHostKeyPolicy):
            def missing_host_key(self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey) -> None:
                known_hosts.verify(f"jump host {host.name}", host.hostname, host.port, key)
                verified["ok"] = True

        self.client.set_missing_host_key_policy(Policy())
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
                disabled_algorithms=_disabled_algorithms(host.ssh),
            )
        except paramiko.AuthenticationException:
            raise AuthenticationFailed(host.name, f"jump host {host.name}: authentication failed") from None
        except (OSError, paramiko.SSHException, EOFError) as exc:
            if isinstance(exc, HostKeyError):
                raise
            raise TransientCollectionError(host.name, f"jump host {host.name}: {type(exc).__name__}: {exc}") from None

    def channel(self, host: str, port: int) -> paramiko.Channel:
        transport = self.client.get_transport()
        if transport is None:
            raise TransientCollectionError(host, "jump host connection is closed")
        return transport.open_channel("direct-tcpip", (host, port), ("127.0.0.1", 0))

    def close(self) -> None:
        self.client.close()


def _host_key(host: Host, sock: socket.socket | paramiko.Channel | None, timeout: float) -> paramiko.PKey:
    """Pre-flight handshake: the key the device presents (no authentication is attempted)."""
    own_sock = sock is None
    transport: paramiko.Transport | None = None
    try:
        if sock is None:
            sock = socket.create_connection((host.hostname, host.port), timeout=timeout)
        transport = paramiko.Transport(sock, disabled_algorithms=_disabled_algorithms(host.ssh))
        transport.banner_timeout = timeout
        transport.start_client(timeout=timeout)
        return transport.get_remote_server_key()
    except ConnectionRefusedError:
        raise TransientCollectionError(host.name, f"connection refused by {host.hostname}:{host.port}") from None
    except TimeoutError:
        reason = f"no SSH answer from {host.hostname}:{host.port} within {timeout:.0f} s"
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


@contextlib.contextmanager
def _pinned_key_file(entry: str) -> Iterator[str]:
    with tempfile.NamedTemporaryFile("w", prefix="devaudit-kh-", suffix=".txt", encoding="utf-8") as handle:
        handle.write(entry)
        handle.flush()
        yield handle.name


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


def collect_device(request: CollectRequest) -> Collected:
    """Connect, verify the host key, collect config and outputs, disconnect. Raises CollectionError."""
    from netmiko import ConnectHandler
    from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException, ReadTimeout

    host = request.host
    secrets = (request.password, request.secret, request.jump.password if request.jump else None)
    timeout = host.timeouts.connect
    started = time.monotonic()
    jump = _Jump(request.jump, request.known_hosts, timeout) if request.jump else None
    try:
        key = _host_key(host, jump.channel(host.hostname, host.port) if jump else None, timeout)
        key_fp = request.known_hosts.verify(host.name, host.hostname, host.port, key)
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
                "disabled_algorithms": _disabled_algorithms(host.ssh),
                "fast_cli": True,
            }
            # devaudit opens the session's socket itself, so an interrupted run can close it at any time,
            # even while netmiko is still logging in.
            if jump is not None:
                sock: socket.socket | paramiko.Channel = jump.channel(host.hostname, host.port)
            else:
                sock = socket.create_connection((host.hostname, host.port), timeout=timeout)
            params["sock"] = sock
            cancel = request.cancel or Cancellation()
            with contextlib.closing(sock), cancel.closing(host.name, functools.partial(_abort, sock)):
                try:
                    conn = ConnectHandler(**params)
                except NetmikoAuthenticationException:
                    raise AuthenticationFailed(
                        host.name, "authentication failed: the device refused the username or credentials"
                    ) from None
                try:
                    commands: list[str] = []
                    platform = PLATFORMS[host.platform]
                    if platform.enable and request.secret is not None:
                        conn.enable()
                        commands.append(platform.enable)
                    prompt = conn.find_prompt()
                    config_cmd, md_cli = _config_command(host.platform, prompt)
                    config = str(conn.send_command(config_cmd, read_timeout=host.timeouts.command))
                    commands.append(config_cmd)
                    outputs: dict[str, str] = {}
                    for command in dict.fromkeys((platform.version_command, *request.extra_commands)):
                        outputs[command] = str(conn.send_command(command, read_timeout=host.timeouts.command))
                        commands.append(command)
                finally:
                    with contextlib.suppress(Exception):
                        conn.disconnect()
    except (NetmikoTimeoutException, ReadTimeout) as exc:
        raise TransientCollectionError(host.name, _scrub(f"timed out: {str(exc).splitlines()[0]}", secrets)) from None
    except (EOFError, ConnectionResetError, BrokenPipeError) as exc:
        raise TransientCollectionError(host.name, f"connection lost during collection ({type(exc).__name__})") from None
    except paramiko.BadHostKeyException:
        raise HostKeyError(host.name, "host key changed between the check and the session") from None
    except paramiko.SSHException as exc:
        raise TransientCollectionError(host.name, _scrub(f"SSH error: {exc}", secrets)) from None
    except CollectionError:
        raise
    except OSError as exc:
        raise TransientCollectionError(host.name, _scrub(f"{type(exc).__name__}: {exc}", secrets)) from None
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
