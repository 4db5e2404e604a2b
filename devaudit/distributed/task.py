"""The device task, run on a worker: resolve credentials here, collect, audit, redact, send back JSON."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from devaudit.collectors.hostkeys import DEFAULT_OWN_FILE, KnownHosts
from devaudit.distributed.wire import BaselineRef, TaskPayload, TaskResult
from devaudit.engine.loader import Baseline

__all__ = ["EVENTS_TTL", "WorkerSettings", "WorkerState", "claim_key", "events_key", "run_device"]

EVENTS_TTL = 24 * 3600  # seconds the claim and event keys outlive an abandoned run

log = logging.getLogger("devaudit.worker")


@dataclass(frozen=True)
class WorkerSettings:
    """This worker host's own collection settings (its known_hosts, never the coordinator's)."""

    known_hosts: tuple[Path, ...] = (Path("~/.ssh/known_hosts"),)
    own_known_hosts: Path = DEFAULT_OWN_FILE
    trust_on_first_use: bool = False


@dataclass
class WorkerState:
    """Settings plus the baselines this worker has compiled, keyed by paths and variables."""

    settings: WorkerSettings
    _baselines: dict[str, tuple[Baseline, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _known: tuple[tuple[tuple[int, int] | None, ...], KnownHosts] | None = None

    def known_hosts(self) -> KnownHosts:
        """This worker's known hosts, read again whenever one of its files has changed."""
        settings = self.settings
        files = (*settings.known_hosts, settings.own_known_hosts)
        stamp = tuple(_stamp(path) for path in files)
        with self._lock:
            if self._known is None or self._known[0] != stamp:
                known = KnownHosts(settings.known_hosts, settings.own_known_hosts, settings.trust_on_first_use)
                self._known = (stamp, known)
            return self._known[1]

    def baseline(self, ref: BaselineRef) -> Baseline:
        """The baseline the task names, compiled once; raises ValueError when it differs from the coordinator's."""
        from devaudit.distributed.fingerprint import baseline_digest
        from devaudit.engine.loader import load_baseline

        key = ref.model_dump_json()
        with self._lock:
            if key not in self._baselines:
                loaded = load_baseline([Path(p) for p in ref.paths] or None, variables=ref.variables)
                self._baselines[key] = (loaded, baseline_digest(loaded))
            baseline, digest = self._baselines[key]
        if digest != ref.digest:
            where = ", ".join(ref.paths) or "the shipped baselines"
            raise ValueError(
                f"this worker's rules ({where}) differ from the coordinator's: install the same devaudit "
                "version and baseline files on the worker"
            )
        return baseline


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.expanduser().stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


def claim_key(task_id: str, attempt: int) -> str:
    """Held by the worker collecting one delivery of a task (a duplicate delivery finds it taken)."""
    return f"devaudit:claim:{task_id}:{attempt}"


def events_key(run_id: str) -> str:
    """The Redis list where workers report to the coordinator of run ``run_id`` (started, result)."""
    return f"devaudit:events:{run_id}"


def _report(client: Any, run_id: str, event: dict[str, Any]) -> None:
    import json

    key = events_key(run_id)
    pipe = client.pipeline()
    pipe.rpush(key, json.dumps(event, separators=(",", ":")))
    pipe.expire(key, EVENTS_TTL)
    pipe.execute()


def _collect_and_audit(payload: TaskPayload, state: WorkerState, worker: str) -> TaskResult:
    from devaudit.collect import CollectOptions, collect_inventory
    from devaudit.inventory import Inventory
    from devaudit.live import results_for
    from devaudit.redact import redact_text
    from devaudit.reporters.json_report import device_to_dict
    from devaudit.runner import AuditOptions

    host = payload.host
    known = state.known_hosts()
    hosts = (host,) if payload.jump is None else (host, payload.jump)
    options = CollectOptions(
        workers=1,
        retries=payload.retries,
        extra_commands={host.platform: payload.extra_commands},
        previous_sizes={host.name: payload.previous_size} if payload.previous_size is not None else None,
        max_bytes=payload.max_bytes,
    )
    baseline = None
    if payload.mode == "audit" and payload.baseline is not None:
        try:
            baseline = state.baseline(payload.baseline)
        except (ValueError, OSError) as exc:
            return TaskResult(error=f"worker {worker}: {exc}", worker=worker)
        except Exception as exc:  # an invalid baseline file on this worker
            return TaskResult(error=f"worker {worker}: cannot load the baseline: {exc}", worker=worker)
    collection = collect_inventory([host], Inventory(source=f"task {payload.run}", hosts=hosts), known, options)[0]
    device: dict[str, Any] | None = None
    if baseline is not None and payload.audit is not None:
        settings_ = payload.audit
        base = AuditOptions(
            platform=settings_.platform,
            profiles=frozenset(settings_.profiles),
            role=settings_.role,
            tags=frozenset(settings_.tags),
            max_bytes=settings_.max_bytes,
            rule_ids=frozenset(settings_.rule_ids),
        )
        device = device_to_dict(results_for([collection], baseline, base)[0])
    config = redact_text(collection.config, host.platform) if collection.config is not None else None
    outputs = {command: redact_text(text) for command, text in (collection.outputs or {}).items()}
    return TaskResult(
        device=device,
        config=config,
        outputs=outputs,
        metadata=dict(collection.metadata or {}),
        error=collection.error,
        attempts=collection.attempts,
        worker=worker,
    )


def run_device(task: Any, raw: dict[str, Any], *, state: WorkerState) -> None:
    """Celery task body: one device, start to end; every failure is a result, never an exception.

    Results go to the run's event list, not Celery's result store: a late duplicate delivery can then never
    overwrite a result the coordinator has not read yet.
    """
    from devaudit.distributed.app import run_key

    worker = str(task.request.hostname or "")
    task_id = str(task.request.id)
    client = task.app.backend.client
    run = str(raw.get("run", "")) if isinstance(raw, dict) else ""
    try:
        payload = TaskPayload.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        if run:
            bad = TaskResult(error=f"the task could not be read ({where}: {first['msg']})", worker=worker)
            _report(client, run, {"kind": "result", "task": task_id, "attempt": 0, "result": bad.model_dump()})
        return
    name = payload.host.name
    if not client.exists(run_key(payload.run)):
        log.info("%s: skipped, run %s has ended", name, payload.run)
        return
    # One delivery of a task attempt collects; a duplicate delivery of the same attempt does nothing.
    if not client.set(claim_key(task_id, payload.attempt), worker, nx=True, ex=EVENTS_TTL):
        log.info("%s: skipped, another delivery of this task is running", name)
        return
    _report(client, payload.run, {"kind": "started", "task": task_id, "attempt": payload.attempt, "worker": worker})
    try:
        result = _collect_and_audit(payload, state, worker)
    except Exception as exc:  # a bug must come back as this device's error, not a lost task
        from devaudit.redact import redact_line

        result = TaskResult(error=redact_line(f"worker {worker}: {type(exc).__name__}: {exc}"), worker=worker)
    log.info("%s: %s", name, "ok" if result.config is not None else f"ERROR {result.error}")
    event = {"kind": "result", "task": task_id, "attempt": payload.attempt, "result": result.model_dump(mode="json")}
    _report(client, payload.run, event)
