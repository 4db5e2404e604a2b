"""The ``devaudit worker`` command (click only at import: the CLI must start fast)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["ENGINE_OPTION", "worker"]

ENGINE_OPTION = click.option(
    "--engine",
    metavar="URL",
    help="Send one task per device to regional workers through this broker "
    "(celery+redis://[:PASSWORD]@HOST:PORT/DB or celery+rediss:// for TLS; the password may be env:VAR or "
    "file:PATH, or come from DEVAUDIT_BROKER_PASSWORD). A host's data.queue names its queue (default: default).",
)


@click.command("worker")
@click.option("--engine", metavar="URL", required=True, help="The broker, as for audit --engine.")
@click.option("-q", "--queue", "queues", multiple=True, metavar="REGION", help="Queue(s) to serve (default: default).")
@click.option("-c", "--concurrency", type=click.IntRange(1, 512), default=8, show_default=True, help="Devices at once.")
@click.option("-n", "--name", help="Worker name (default: devaudit-QUEUES-PID@HOST).")
@click.option(
    "--known-hosts",
    "known_hosts",
    multiple=True,
    type=click.Path(path_type=Path),
    help="OpenSSH known_hosts file(s) this worker trusts (default ~/.ssh/known_hosts).",
)
@click.option(
    "--devaudit-known-hosts",
    "own_known_hosts",
    type=click.Path(path_type=Path),
    help="This worker's own known_hosts (default ~/.local/share/devaudit/known_hosts).",
)
@click.option("--trust-on-first-use", is_flag=True, help="Record unknown host keys instead of refusing them.")
@click.option(
    "--log-level", type=click.Choice(("DEBUG", "INFO", "WARNING", "ERROR")), default="INFO", show_default=True
)
def worker(
    engine: str,
    queues: tuple[str, ...],
    concurrency: int,
    name: str | None,
    known_hosts: tuple[Path, ...],
    own_known_hosts: Path | None,
    trust_on_first_use: bool,
    log_level: str,
) -> None:
    """Collect and audit the devices of one or more regional queues; credentials resolve on this host."""
    import logging

    from devaudit.distributed.engine import EngineError
    from devaudit.distributed.task import WorkerSettings
    from devaudit.distributed.worker import serve

    logging.basicConfig(level=log_level, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    for noisy in ("paramiko", "netmiko"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    defaults = WorkerSettings()
    settings = WorkerSettings(
        known_hosts=known_hosts or defaults.known_hosts,
        own_known_hosts=own_known_hosts or defaults.own_known_hosts,
        trust_on_first_use=trust_on_first_use,
    )
    try:
        serve(engine, queues or ("default",), concurrency=concurrency, settings=settings, name=name, loglevel=log_level)
    except EngineError as exc:
        click.echo(f"devaudit: --engine: {exc}", err=True)
        sys.exit(2)
