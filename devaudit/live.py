"""Live runs: collect from an inventory over SSH, archive, and audit what came back."""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from devaudit.archive import commit_archive, previous_sizes, store_device
from devaudit.collect import CollectOptions, DeviceCollection, collect_inventory
from devaudit.collectors.hostkeys import DEFAULT_OWN_FILE, KnownHosts
from devaudit.engine.loader import Baseline
from devaudit.ingest import DEFAULT_MAX_BYTES
from devaudit.inventory import Host, Inventory
from devaudit.models import DeviceResult, DeviceStatus
from devaudit.runner import AuditOptions, BaselineSpec, audit_bytes, declared_interfaces

__all__ = ["LiveOptions", "collect_hosts", "extra_commands", "results_for"]

log = logging.getLogger("devaudit.live")


@dataclass(frozen=True)
class LiveOptions:
    """Collection settings from the command line."""

    workers: int = 8
    retries: int = 2
    trust_on_first_use: bool = False
    known_hosts: tuple[Path, ...] = (Path("~/.ssh/known_hosts"),)
    own_known_hosts: Path = DEFAULT_OWN_FILE
    allow_plaintext: bool = False
    archive: Path | None = None
    keep_secrets: bool = False
    git: bool = False
    progress: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    engine: str | None = None  # --engine URL: one task per device to regional workers instead of local threads


def extra_commands(baseline: Baseline) -> dict[str, tuple[str, ...]]:
    """Show commands the rules need, per platform (the collector runs them beside the config)."""
    out: dict[str, dict[str, None]] = {}
    for compiled in baseline.rules:
        for platform in compiled.rule.platforms:
            for command in compiled.rule.needs:
                out.setdefault(platform, {})[command] = None
    return {platform: tuple(commands) for platform, commands in out.items()}


def _progress(total: int, enabled: bool) -> tuple[Callable[[DeviceCollection], None], Callable[[], None]]:
    if enabled and sys.stderr.isatty():
        from rich.progress import Progress

        progress = Progress(transient=True)
        task = progress.add_task("collecting", total=total)
        progress.start()

        def advance(result: DeviceCollection) -> None:
            progress.advance(task)

        return advance, progress.stop

    def line(result: DeviceCollection) -> None:
        state = "ok" if result.config is not None else f"ERROR {result.error}"
        log.info("collected %s: %s", result.host.name, state)

    return line, lambda: None


def collect_hosts(
    hosts: Sequence[Host],
    inventory: Inventory,
    baseline: Baseline,
    options: LiveOptions,
    *,
    audit: AuditOptions | None = None,
    spec: BaselineSpec | None = None,
) -> list[DeviceCollection]:
    """Collect; each device that answered completely is archived (if asked) as soon as it finishes.

    With ``options.engine`` the devices go to regional workers (which also audit them when ``audit`` is given).
    """
    archive = options.archive

    def store(result: DeviceCollection) -> None:
        if archive is not None and result.config is not None:
            store_device(
                archive,
                result.host.name,
                result.config,
                result.outputs or {},
                result.metadata or {},
                keep_secrets=options.keep_secrets,
                platform=result.host.platform,
            )

    if options.engine is not None:
        from devaudit.distributed.coordinator import gather

        results = gather(hosts, inventory, baseline, options, audit=audit, spec=spec, on_done=store)
        _commit(results, options)
        return results
    known = KnownHosts(options.known_hosts, options.own_known_hosts, options.trust_on_first_use)
    sizes = previous_sizes(options.archive) if options.archive else {}
    progress, finish = _progress(len(hosts), options.progress)

    def on_done(result: DeviceCollection) -> None:
        store(result)
        progress(result)

    try:
        results = collect_inventory(
            hosts,
            inventory,
            known,
            CollectOptions(
                workers=options.workers,
                retries=options.retries,
                allow_plaintext=options.allow_plaintext,
                extra_commands=extra_commands(baseline),
                previous_sizes=sizes,
                max_bytes=options.max_bytes,
            ),
            on_done=on_done,
        )
    finally:
        finish()
    _commit(results, options)
    return results


def _commit(results: Sequence[DeviceCollection], options: LiveOptions) -> None:
    if options.archive is not None and options.git:
        ok = sum(1 for r in results if r.config is not None)
        commit_archive(options.archive, f"devaudit collect: {ok}/{len(results)} devices")


def results_for(collections: Sequence[DeviceCollection], baseline: Baseline, base: AuditOptions) -> list[DeviceResult]:
    """Audit collected configs; a device that could not be collected is an ERROR result."""
    from devaudit.distributed.results import RemoteCollection

    out: list[DeviceResult] = []
    for item in collections:
        if isinstance(item, RemoteCollection) and item.result is not None:
            out.append(item.result)  # audited on the worker that collected it
            continue
        host = item.host
        source = f"ssh://{host.hostname}:{host.port}"
        options = dataclasses.replace(
            base,
            platform=host.platform,
            role=(base.role or host.role).lower(),
            tags=base.tags | frozenset(t.lower() for t in host.tags),
            interfaces=declared_interfaces(host.data),
        )
        if item.config is None:
            out.append(
                DeviceResult(
                    name=host.name, source=source, platform=host.platform, status=DeviceStatus.ERROR,
                    error=item.error, role=options.role, tags=tuple(sorted(options.tags)),
                )
            )
            continue
        out.append(
            audit_bytes(item.config.encode("utf-8"), source, baseline, options, outputs=item.outputs, name=host.name)
        )
    return out
