"""The coordinator: one task per device to its region's queue, results gathered into the run as they come.

Every device ends with a result. A worker that stops answering loses its devices once (they are sent again);
a second loss, a queue nobody serves, or a broker that goes away make the affected devices ERROR with the
reason. Ctrl-C revokes the run's outstanding tasks.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from devaudit.collect import DeviceCollection
from devaudit.distributed.app import DEFAULT_QUEUE, RESULT_TTL, TASK_NAME, make_app, run_key
from devaudit.distributed.engine import EngineURL, parse_engine
from devaudit.distributed.progress import QueueProgress
from devaudit.distributed.results import RemoteCollection
from devaudit.distributed.task import events_key
from devaudit.distributed.wire import AuditSettings, BaselineRef, TaskPayload, TaskResult, device_from_dict
from devaudit.distributed.wire import plaintext_fields as _plaintext
from devaudit.inventory import Host, Inventory

if TYPE_CHECKING:  # pragma: no cover
    from celery import Celery

    from devaudit.engine.loader import Baseline
    from devaudit.live import LiveOptions
    from devaudit.runner import AuditOptions, BaselineSpec

__all__ = ["GatherSettings", "gather", "task_id_for", "task_limit"]

log = logging.getLogger("devaudit.distributed")
AUDIT_MARGIN = 10.0  # seconds on top of the collection budget: audit, reporting, a busy worker
PING_EVERY = 3.0  # seconds between liveness checks of the workers holding devices
PING_TIMEOUT = 2.0  # seconds a worker has to answer one check (its control thread shares the CPU with audits)
PING_MISSES = 3  # unanswered checks in a row before a worker counts as lost


@dataclass(frozen=True)
class GatherSettings:
    """How the coordinator waits (tests and benchmarks shorten the intervals)."""

    ping_every: float = PING_EVERY
    ping_misses: int = PING_MISSES
    ping_timeout: float = PING_TIMEOUT
    poll: float = 0.5


def task_id_for(run_id: str, device: str) -> str:
    """A task's ID: the same for every delivery of one device in one run, so duplicates are recognised."""
    return f"devaudit-{run_id}-{device}"


def task_limit(host: Host, extra_commands: int, retries: int) -> float:
    """Seconds a started device may take before its worker counts as lost: every attempt's budget plus backoff."""
    from devaudit.collectors.ssh import device_budget

    budget = float(device_budget(host, extra_commands))
    backoff = sum(1 << attempt for attempt in range(retries))
    return budget * (retries + 1) + backoff + AUDIT_MARGIN


@dataclass
class _Device:
    host: Host
    queue: str
    task_id: str
    limit: float
    payload: TaskPayload
    state: str = "pending"  # pending, running, done, failed
    worker: str = ""
    started: float = 0.0
    lost: tuple[str, ...] = ()
    outcome: RemoteCollection | None = None


class _BrokerGone(Exception):
    """The broker stopped answering."""


def _broker_errors() -> tuple[type[BaseException], ...]:
    import kombu.exceptions
    import redis.exceptions

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, kombu.exceptions.OperationalError, OSError)


class _Run:
    """One distributed run's state and its loop."""

    def __init__(
        self,
        app: Celery,
        engine: EngineURL,
        devices: list[_Device],
        on_done: Callable[[DeviceCollection], None],
        settings: GatherSettings,
        progress: bool,
    ) -> None:
        self.app = app
        self.engine = engine
        self.devices = devices
        self.by_task = {d.task_id: d for d in devices}
        self.on_done = on_done
        self.settings = settings
        self.run_id = devices[0].payload.run if devices else ""
        self.client: Any = app.backend.client
        self.activity: dict[str, float] = {}
        self.pickup: dict[str, float] = {}
        for device in devices:
            self.pickup[device.queue] = max(self.pickup.get(device.queue, 0.0), device.limit)
        self.misses: Counter[str] = Counter()
        self.progress = QueueProgress(self.pickup, len(devices), enabled=progress)
        self.broker_errors = _broker_errors()

    # ------------------------------------------------------------------ settling
    def settle(self, device: _Device, outcome: RemoteCollection) -> None:
        if device.outcome is not None:
            return
        device.outcome = outcome
        device.state = "done" if outcome.config is not None and not outcome.error else "failed"
        self.on_done(outcome)

    def fail(self, device: _Device, reason: str) -> None:
        self.settle(device, RemoteCollection(device.host, error=reason, queue=device.queue, worker=device.worker))

    def unsettled(self) -> list[_Device]:
        return [d for d in self.devices if d.outcome is None]

    def counts(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = {queue: Counter() for queue in self.pickup}
        for device in self.devices:
            out[device.queue][device.state] += 1
        return out

    # ------------------------------------------------------------------ messages
    def send(self, device: _Device) -> None:
        self.app.send_task(
            TASK_NAME,
            args=[device.payload.model_dump(mode="json")],
            task_id=device.task_id,
            queue=device.queue,
            expires=RESULT_TTL,
        )

    def on_event(self, event: dict[str, Any], now: float) -> None:
        device = self.by_task.get(str(event.get("task")))
        if device is None or device.outcome is not None:
            return  # a duplicate, or a device already settled
        self.activity[device.queue] = now
        if event.get("kind") == "started":
            if event.get("attempt") == device.payload.attempt:
                device.state, device.worker, device.started = "running", str(event.get("worker", "")), now
                self.misses.pop(device.worker, None)
            return
        if event.get("kind") != "result":
            return
        try:
            result = TaskResult.model_validate(event.get("result"))
        except ValueError:
            self.fail(device, "the worker sent back a result that could not be read")
            return
        audited = device_from_dict(result.device) if result.device is not None else None
        if audited is not None and device.lost:
            note = f"collected after worker {', '.join(device.lost)} was lost and the device was sent again"
            audited = dataclasses.replace(audited, warnings=(*audited.warnings, note))
        error = result.error
        if error and result.worker and not error.startswith("worker "):
            error = f"{error} (on worker {result.worker})"  # which collector failed: its credentials, its reach
            if audited is not None and audited.error:
                audited = dataclasses.replace(audited, error=f"{audited.error} (on worker {result.worker})")
        self.settle(
            device,
            RemoteCollection(
                device.host,
                config=result.config,
                outputs=result.outputs or None,
                metadata=result.metadata or None,
                error=error,
                attempts=result.attempts,
                result=audited,
                queue=device.queue,
                worker=result.worker,
            ),
        )

    def drain(self, timeout: float) -> None:
        key = events_key(self.run_id)
        first = self.client.blpop([key], timeout=timeout)
        if first is None:
            return
        raw = [first[1]]
        more = self.client.lpop(key, 500)
        raw.extend(more or [])
        now = time.monotonic()
        for item in raw:
            try:
                event = json.loads(item)
            except ValueError:
                continue
            if isinstance(event, dict):
                self.on_event(event, now)

    # ------------------------------------------------------------------ faults
    def lose(self, device: _Device, why: str) -> None:
        worker = device.worker or "unknown"
        if device.payload.attempt == 1:
            log.warning("%s: worker %s %s; sending it again to queue %s", device.host.name, worker, why, device.queue)
            device.lost = (*device.lost, worker)
            device.payload = device.payload.model_copy(update={"attempt": 2})
            device.state, device.worker, device.started = "pending", "", 0.0
            self.activity[device.queue] = time.monotonic()
            self.send(device)
            return
        earlier = (
            f" (it had already been sent again after losing worker {', '.join(device.lost)})" if device.lost else ""
        )
        self.fail(device, f"worker lost: {worker} {why}{earlier}")

    def check_limits(self, now: float) -> None:
        for device in self.unsettled():
            if device.state == "running" and now - device.started > device.limit:
                self.lose(device, f"sent no result within {device.limit:.0f} s of starting this device")
        for queue, window in self.pickup.items():
            waiting = [d for d in self.unsettled() if d.queue == queue and d.state == "pending"]
            if not waiting or now - self.activity.get(queue, now) <= window:
                continue
            for device in waiting:
                if device.lost:
                    self.fail(
                        device,
                        f"worker lost: {', '.join(device.lost)} stopped while collecting this device; it was sent "
                        f"again to queue {queue!r}, but no worker took it within {window:.0f} s",
                    )
                else:
                    self.fail(
                        device,
                        f"no worker took this device from queue {queue!r} within {window:.0f} s "
                        f"(is a worker running with --queue {queue}?)",
                    )

    def check_workers(self) -> None:
        holders = sorted({d.worker for d in self.unsettled() if d.state == "running" and d.worker})
        if not holders:
            return
        replies = (
            self.app.control.ping(destination=holders, timeout=self.settings.ping_timeout, limit=len(holders)) or []
        )
        alive = {name for reply in replies for name in reply}
        for worker in holders:
            if worker in alive:
                self.misses.pop(worker, None)
                continue
            self.misses[worker] += 1
            if self.misses[worker] >= self.settings.ping_misses:
                self.misses.pop(worker, None)
                for device in self.unsettled():
                    if device.state == "running" and device.worker == worker:
                        self.lose(device, "stopped answering while collecting this device")

    # ------------------------------------------------------------------ the loop
    def loop(self) -> None:
        start = time.monotonic()
        for queue in self.pickup:
            self.activity[queue] = start
        last_ping = start
        while self.unsettled():
            self.drain(self.settings.poll)
            now = time.monotonic()
            if now - last_ping >= self.settings.ping_every:
                self.check_workers()
                last_ping = time.monotonic()
                self.client.expire(run_key(self.run_id), RESULT_TTL)
            self.check_limits(now)
            self.progress.update(self.counts())
        self.progress.update(self.counts(), force=True)

    def revoke(self) -> None:
        outstanding = [d.task_id for d in self.unsettled()]
        with contextlib.suppress(*self.broker_errors):
            self.client.delete(run_key(self.run_id))  # a task still queued does nothing once the run key is gone
            if outstanding:
                self.app.control.revoke(outstanding)
        for device in self.unsettled():
            self.fail(device, "collection interrupted (Ctrl-C) before this device finished; its task was revoked")

    def execute(self) -> None:
        try:
            self.client.ping()
        except self.broker_errors as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.error("cannot reach the broker at %s: %s", self.engine.display, reason)
            for device in self.devices:
                self.fail(device, f"cannot reach the broker at {self.engine.display}: {reason}")
            self.progress.stop()
            return
        try:
            self.client.set(run_key(self.run_id), "1", ex=RESULT_TTL)
            for device in self.devices:
                if device.outcome is None:
                    self.send(device)
            self.loop()
        except KeyboardInterrupt:
            log.warning("interrupted: revoking %d outstanding task(s)", len(self.unsettled()))
            self.revoke()
        except self.broker_errors as exc:
            reason = type(exc).__name__ if not str(exc) else str(exc).splitlines()[0]
            log.error("the broker at %s went away: %s", self.engine.display, reason)
            for device in self.unsettled():
                self.fail(
                    device, f"the broker at {self.engine.display} went away before this device's result came back"
                )
        finally:
            self.progress.stop()
            with contextlib.suppress(*self.broker_errors):
                self.client.delete(run_key(self.run_id), events_key(self.run_id))


def _payloads(
    hosts: Sequence[Host],
    inventory: Inventory,
    baseline: Baseline,
    options: LiveOptions,
    audit: AuditOptions | None,
    spec: BaselineSpec | None,
    run_id: str,
) -> tuple[list[_Device], list[RemoteCollection]]:
    from devaudit.archive import previous_sizes
    from devaudit.distributed.fingerprint import baseline_digest
    from devaudit.live import extra_commands

    extras = extra_commands(baseline)
    sizes = previous_sizes(options.archive) if options.archive else {}
    audit_settings = None
    ref = None
    if audit is not None:
        audit_settings = AuditSettings(
            platform=audit.platform,
            profiles=tuple(sorted(audit.profiles)),
            role=audit.role,
            tags=tuple(sorted(audit.tags)),
            max_bytes=audit.max_bytes,
            rule_ids=tuple(sorted(audit.rule_ids)),
        )
        paths = tuple(str(p) for p in spec.paths) if spec is not None else ()
        variables = dict(spec.variables) if spec is not None else {}
        ref = BaselineRef(paths=paths, variables=variables, digest=baseline_digest(baseline))
    devices: list[_Device] = []
    refused: list[RemoteCollection] = []
    for host in hosts:
        queue = host.data.get("queue", DEFAULT_QUEUE)
        jump = inventory.get(host.jump_host) if host.jump_host else None
        literal = _plaintext(host) + (tuple(f"jump host {f}" for f in _plaintext(jump)) if jump else ())
        if not isinstance(queue, str) or not queue.strip():
            refused.append(RemoteCollection(host, error="data.queue must name a queue (a region), such as east"))
            continue
        if literal:
            refused.append(
                RemoteCollection(
                    host,
                    error=f"the inventory gives a plaintext {' and '.join(literal)}: credentials are never sent to "
                    "workers, use env:, file:, keyring: or cmd: references that each worker resolves",
                    queue=queue,
                )
            )
            continue
        commands = extras.get(host.platform, ())
        payload = TaskPayload(
            run=run_id,
            queue=queue,
            mode="audit" if audit is not None else "collect",
            host=host,
            jump=jump,
            retries=options.retries,
            extra_commands=commands,
            previous_size=sizes.get(host.name),
            max_bytes=options.max_bytes,
            audit=audit_settings,
            baseline=ref,
        )
        devices.append(
            _Device(
                host, queue, task_id_for(run_id, host.name), task_limit(host, len(commands), options.retries), payload
            )
        )
    return devices, refused


def gather(
    hosts: Sequence[Host],
    inventory: Inventory,
    baseline: Baseline,
    options: LiveOptions,
    *,
    audit: AuditOptions | None = None,
    spec: BaselineSpec | None = None,
    on_done: Callable[[DeviceCollection], None] | None = None,
    settings: GatherSettings | None = None,
) -> list[DeviceCollection]:
    """Send one task per host to the queue its ``data.queue`` names and gather what comes back, in host order.

    With ``audit`` the workers audit too (results carry the device result); without, they only collect.
    """
    if options.engine is None:
        raise ValueError("gather needs options.engine")
    engine = parse_engine(options.engine)
    run_id = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"
    devices, refused = _payloads(hosts, inventory, baseline, options, audit, spec, run_id)
    done = on_done or (lambda item: None)
    for item in refused:
        done(item)
    if devices:
        app = make_app(engine)
        log.info(
            "run %s: %d device(s) to %s through %s",
            run_id,
            len(devices),
            ", ".join(sorted({d.queue for d in devices})),
            engine.display,
        )
        _Run(app, engine, devices, done, settings or GatherSettings(), options.progress).execute()
    outcomes: dict[str, DeviceCollection] = {item.host.name: item for item in refused}
    outcomes.update({d.host.name: d.outcome for d in devices if d.outcome is not None})
    return [outcomes[h.name] for h in hosts if h.name in outcomes]
