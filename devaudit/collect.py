"""Collect from many devices at once, safely: bounded workers, timeouts, retries for transient errors only.

A failing device becomes an error result with a clear reason and never stops the others; Ctrl-C stops
cleanly and keeps what finished.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from devaudit.collectors.completeness import incomplete_reason
from devaudit.collectors.hostkeys import KnownHosts
from devaudit.credentials import CredentialError, Secret, resolve_secret
from devaudit.errors import CollectionError, IncompleteConfig, TransientCollectionError
from devaudit.inventory import Host, Inventory
from devaudit.redact import redact_line

__all__ = ["CollectOptions", "DeviceCollection", "collect_inventory"]

log = logging.getLogger("devaudit.collect")


@dataclass(frozen=True)
class CollectOptions:
    """How to collect."""

    workers: int = 8
    retries: int = 2
    backoff: float = 1.0
    allow_plaintext: bool = False
    extra_commands: dict[str, tuple[str, ...]] | None = None
    previous_sizes: dict[str, int] | None = None


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


def _one(host: Host, inventory: Inventory, known_hosts: KnownHosts, options: CollectOptions) -> DeviceCollection:
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
    request = CollectRequest(host, password, secret, known_hosts, extra, jump)
    attempts = 0
    while True:
        attempts += 1
        try:
            collected = collect_device(request)
            break
        except TransientCollectionError as exc:
            if attempts > options.retries:
                return DeviceCollection(host, error=redact_line(exc.reason), attempts=attempts)
            delay = options.backoff * (2 ** (attempts - 1))
            log.info("%s: %s; retrying in %.1f s", host.name, redact_line(exc.reason), delay)
            time.sleep(delay)
        except CollectionError as exc:  # authentication, host key: never retried
            return DeviceCollection(host, error=redact_line(exc.reason), attempts=attempts)
        except Exception as exc:  # a bug or an unexpected library error must not stop the fleet
            return DeviceCollection(host, error=redact_line(f"{type(exc).__name__}: {exc}"), attempts=attempts)
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
    """Collect ``hosts`` with a bounded pool; results in inventory order (interrupted ones omitted)."""
    results: dict[str, DeviceCollection] = {}
    stop = stop or threading.Event()
    pool = ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="collect")
    try:
        pending: dict[Future[DeviceCollection], Host] = {}
        queue = list(hosts)
        while (queue or pending) and not stop.is_set():
            while queue and len(pending) < options.workers * 2:
                host = queue.pop(0)
                pending[pool.submit(_one, host, inventory, known_hosts, options)] = host
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                host = pending.pop(future)
                result = future.result()
                results[host.name] = result
                if on_done is not None:
                    on_done(result)
    except KeyboardInterrupt:
        stop.set()
    finally:
        pool.shutdown(wait=not stop.is_set(), cancel_futures=True)
    return [results[h.name] for h in hosts if h.name in results]
