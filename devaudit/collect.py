"""Collect from many devices at once, safely: bounded workers, timeouts, retries for transient errors only.

Each device's work is bounded: every command's output is capped (the --max-size limit) and each device has
an overall deadline, so one device that floods or drips output ends as an ERROR while the others finish.

A failing device becomes an error result with a clear reason and never stops the others; Ctrl-C stops
cleanly and keeps what finished.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from devaudit.collectors.cancel import Cancellation
from devaudit.collectors.completeness import incomplete_reason
from devaudit.collectors.hostkeys import KnownHosts
from devaudit.credentials import CredentialError, Secret, resolve_secret
from devaudit.errors import CollectionError, IncompleteConfig, TransientCollectionError
from devaudit.ingest import DEFAULT_MAX_BYTES
from devaudit.inventory import Host, Inventory
from devaudit.redact import redact_message

__all__ = ["CollectOptions", "DeviceCollection", "collect_inventory"]

log = logging.getLogger("devaudit.collect")
_INTERRUPTED = "collection interrupted (Ctrl-C) before this device finished"


@dataclass(frozen=True)
class CollectOptions:
    """How to collect."""

    workers: int = 8
    retries: int = 2
    backoff: float = 1.0
    allow_plaintext: bool = False
    extra_commands: dict[str, tuple[str, ...]] | None = None
    previous_sizes: dict[str, int] | None = None
    max_bytes: int = DEFAULT_MAX_BYTES  # each command's output; past it the device is an ERROR
    device_timeout: float | None = None  # seconds for one device in all; None: from its timeouts


@dataclass(frozen=True)
class DeviceCollection:
    """The outcome of collecting one device: a config, or an error with its reason."""

    host: Host
    config: str | None = None
    outputs: dict[str, str] | None = None
    metadata: dict[str, object] | None = None
    error: str = ""
    attempts: int = 0


def _credentials(host: Host, allow_plaintext: bool) -> tuple[Secret | None, Secret | None]:
    password = resolve_secret(host.password, allow_plaintext=allow_plaintext) if host.password else None
    secret = (
        resolve_secret(host.secret, allow_plaintext=allow_plaintext, what="enable secret") if host.secret else None
    )
    return password, secret


def _one(
    host: Host, inventory: Inventory, known_hosts: KnownHosts, options: CollectOptions, cancel: Cancellation
) -> DeviceCollection:
    from devaudit.collectors.ssh import CollectRequest, JumpHop, collect_device

    try:
        password, secret = _credentials(host, options.allow_plaintext)
        jump: JumpHop | None = None
        if host.jump_host:
            jump_host = inventory.get(host.jump_host)
            if jump_host is None:
                user, _, rest = host.jump_host.rpartition("@")
                address, _, port = rest.partition(":")
                jump_host = Host(
                    name=host.jump_host, hostname=address, port=int(port or 22), platform=host.platform,
                    username=user or host.username,
                )
            jump = JumpHop(jump_host, _credentials(jump_host, options.allow_plaintext)[0])
    except CredentialError as exc:
        return DeviceCollection(host, error=f"credentials: {exc}")
    extra = (options.extra_commands or {}).get(host.platform, ())
    request = CollectRequest(
        host, password, secret, known_hosts, extra, jump, cancel, options.max_bytes, options.device_timeout
    )
    attempts = 0
    while True:
        attempts += 1
        try:
            collected = collect_device(request)
            break
        except CollectionError as exc:
            if cancel.cancelled:
                return DeviceCollection(host, error=_INTERRUPTED, attempts=attempts)
            if not isinstance(exc, TransientCollectionError):  # authentication, host key: never retried
                return DeviceCollection(host, error=redact_message(exc.reason), attempts=attempts)
            if attempts > options.retries:
                return DeviceCollection(host, error=redact_message(exc.reason), attempts=attempts)
            delay = options.backoff * (2 ** (attempts - 1))
            log.info("%s: %s; retrying in %.1f s", host.name, redact_message(exc.reason), delay)
            if cancel.wait(delay):
                return DeviceCollection(host, error=_INTERRUPTED, attempts=attempts)
        except Exception as exc:  # a bug or an unexpected library error must not stop the fleet
            return DeviceCollection(host, error=redact_message(f"{type(exc).__name__}: {exc}"), attempts=attempts)
    previous = (options.previous_sizes or {}).get(host.name)
    md_cli = bool(collected.metadata.get("md_cli"))
    problem = incomplete_reason(host.platform, collected.config, previous, md_cli=md_cli)
    if problem:
        error = IncompleteConfig(host.name, problem)
        return DeviceCollection(host, error=error.reason, metadata=collected.metadata, attempts=attempts)
    return DeviceCollection(host, collected.config, collected.outputs, collected.metadata, attempts=attempts)


def collect_inventory(
    hosts: Sequence[Host],
    inventory: Inventory,
    known_hosts: KnownHosts,
    options: CollectOptions,
    *,
    on_done: Callable[[DeviceCollection], None] | None = None,
    stop: threading.Event | None = None,
) -> list[DeviceCollection]:
    """Collect ``hosts`` with ``options.workers`` threads; results in inventory order.

    The threads are daemons: on Ctrl-C (or ``stop``) the open sessions are closed, what finished is kept,
    every other device is an ERROR "interrupted", and nothing waits for a device that does not answer.
    """
    stop = stop or threading.Event()
    cancel = Cancellation()
    todo: queue.SimpleQueue[Host] = queue.SimpleQueue()
    finished: queue.SimpleQueue[DeviceCollection] = queue.SimpleQueue()
    for host in hosts:
        todo.put(host)

    def worker() -> None:
        while not stop.is_set():
            try:
                host = todo.get_nowait()
            except queue.Empty:
                return
            try:
                finished.put(_one(host, inventory, known_hosts, options, cancel))
            except BaseException as exc:  # never leave the coordinator waiting for a device
                finished.put(DeviceCollection(host, error=redact_message(f"{type(exc).__name__}: {exc}")))

    threads = [
        threading.Thread(target=worker, name=f"collect-{index}", daemon=True)
        for index in range(max(1, min(options.workers, len(hosts))))
    ]
    for thread in threads:
        thread.start()
    results: dict[str, DeviceCollection] = {}
    try:
        while len(results) < len(hosts) and not stop.is_set():
            try:
                result = finished.get(timeout=0.2)
            except queue.Empty:
                continue
            results[result.host.name] = result
            if on_done is not None:
                on_done(result)
    except KeyboardInterrupt:
        stop.set()
    if stop.is_set():
        # Ctrl-C: close the sessions still open so their threads stop talking to the devices.
        log.warning("interrupted: %d device(s) not finished", len(hosts) - len(results))
        cancel.cancel()
    return [results.get(h.name) or DeviceCollection(h, error=_INTERRUPTED) for h in hosts]
