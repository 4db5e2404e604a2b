"""``devaudit worker``: a Celery worker (threads: collection waits on the network) serving regional queues."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence

from devaudit.distributed.app import make_app
from devaudit.distributed.engine import parse_engine
from devaudit.distributed.task import WorkerSettings

__all__ = ["default_name", "serve"]


def default_name(queues: Sequence[str]) -> str:
    """A worker name unique on this host: the queues it serves, its process ID and the host name."""
    return f"devaudit-{'+'.join(queues)}-{os.getpid()}@{socket.gethostname()}"


def serve(
    engine_text: str,
    queues: Sequence[str],
    *,
    concurrency: int,
    settings: WorkerSettings,
    name: str | None = None,
    loglevel: str = "INFO",
) -> None:
    """Run the worker until it is stopped (SIGTERM finishes the devices in hand; SIGINT twice stops at once)."""
    engine = parse_engine(engine_text)
    app = make_app(engine, worker=settings)
    app.worker_main(
        [
            "worker",
            "--pool=threads",
            f"--concurrency={concurrency}",
            f"--queues={','.join(queues)}",
            f"--hostname={name or default_name(queues)}",
            f"--loglevel={loglevel}",
            "--without-mingle",
            "--without-gossip",
        ]
    )
