"""The Celery application both sides build from the engine URL: JSON only, late acks, Redis broker and results."""

from __future__ import annotations

from typing import Any

from celery import Celery

from devaudit.distributed.engine import EngineURL
from devaudit.distributed.task import WorkerSettings, WorkerState, run_device

__all__ = ["DEFAULT_QUEUE", "RESULT_TTL", "TASK_NAME", "make_app", "run_key"]

TASK_NAME = "devaudit.device"
DEFAULT_QUEUE = "default"
RESULT_TTL = 24 * 3600  # seconds a result waits in Redis for its coordinator
# Redis re-delivers a message whose worker never acknowledged it after this long. The coordinator re-queues a
# lost worker's devices itself much sooner; this is the broker's own backstop (a re-delivered task whose run
# has ended does nothing).
VISIBILITY_TIMEOUT = 3600


def run_key(run_id: str) -> str:
    """The Redis key that exists while run ``run_id`` is gathering results."""
    return f"devaudit:run:{run_id}"


def make_app(engine: EngineURL, *, worker: WorkerSettings | None = None) -> Celery:
    """A Celery app for ``engine`` with the device task registered under ``TASK_NAME``."""

    serving = worker is not None
    url = engine.redis_url()
    app = Celery("devaudit", broker=url, backend=url, set_as_current=False)
    ssl = engine.ssl_options()
    settings: dict[str, Any] = {
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "result_accept_content": ["json"],
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_track_started": True,
        "task_default_queue": DEFAULT_QUEUE,
        "task_create_missing_queues": True,
        "worker_prefetch_multiplier": 1,
        "worker_hijack_root_logger": False,
        "worker_send_task_events": False,
        "result_expires": RESULT_TTL,
        "result_extended": False,
        "task_ignore_result": True,
        "broker_connection_retry_on_startup": serving,
        "broker_connection_retry": serving,
        "broker_connection_max_retries": None if serving else 0,
        "broker_transport_options": {"visibility_timeout": VISIBILITY_TIMEOUT, "max_retries": 3 if serving else 0},
        "result_backend_transport_options": {"retry_policy": {"max_retries": 0}},
        "redis_socket_timeout": 15.0,
        "redis_socket_connect_timeout": 10.0,
        "redis_retry_on_timeout": False,
        "enable_utc": True,
    }
    if ssl is not None:
        settings["broker_use_ssl"] = ssl
        settings["redis_backend_use_ssl"] = ssl
    app.conf.update(settings)
    state = WorkerState(worker or WorkerSettings())

    def device(task: Any, payload: dict[str, Any]) -> None:
        run_device(task, payload, state=state)

    app.task(name=TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)(device)
    return app
