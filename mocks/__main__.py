"""Command line: `python -m mocks serve --inventory inventories/demo.yaml` runs a fleet until interrupted."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from collections.abc import Sequence
from types import FrameType

from mocks.fleet import DEFAULT_PLATFORMS, Fleet
from mocks.inventory import InventoryError
from mocks.platforms import PROFILES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mocks", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run simulated devices on 127.0.0.1 until interrupted")
    source = serve.add_mutually_exclusive_group(required=True)
    source.add_argument("--inventory", help="Nornir-style inventory file with data.mock sections")
    source.add_argument("--generate", type=int, metavar="N", help="run N generated devices on free ports")
    serve.add_argument(
        "--ephemeral-ports", action="store_true", help="ignore inventory ports and pick free ports instead"
    )
    serve.add_argument(
        "--platforms",
        default=",".join(DEFAULT_PLATFORMS),
        help="comma-separated profiles for --generate (default: all ten platforms)",
    )
    serve.add_argument("-v", "--verbose", action="store_true", help="log SSH sessions to stderr")
    bench = sub.add_parser("bench", help="collect configs from N generated devices with netmiko, report timings")
    bench.add_argument("--count", type=int, default=200, help="number of devices (default 200)")
    bench.add_argument("--workers", type=int, default=50, help="thread-pool size (default 50)")
    bench.add_argument("--platforms", default=",".join(DEFAULT_PLATFORMS), help="comma-separated profiles")
    bench.add_argument("--config-lines", type=int, default=None, help="pad every config to this many lines")
    sub.add_parser("platforms", help="list the platform profiles")
    return parser


def _serve(args: argparse.Namespace) -> int:
    if args.verbose:
        logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(name)s %(message)s")
        logging.getLogger("mocks.ssh").setLevel(logging.DEBUG)
    try:
        if args.inventory:
            fleet = Fleet.from_inventory(args.inventory, ephemeral_ports=args.ephemeral_ports)
        else:
            fleet = Fleet.generate(args.generate, platforms=[p for p in args.platforms.split(",") if p])
    except (InventoryError, KeyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    received: list[int] = []  # a plain list: signal handlers must not take locks (Event.set() does)

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    started = time.perf_counter()
    try:
        fleet.start()
    except OSError as exc:
        print(f"error: cannot bind: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    for endpoint in fleet:
        device = next(d for d in fleet.devices if d.name == endpoint.name)
        fault = device.fault.value if device.fault else "-"
        print(
            f"{endpoint.name:<24} {device.platform:<20} {endpoint.host}:{endpoint.port:<6} "
            f"user={endpoint.username} fault={fault}",
            flush=True,
        )
    key = fleet.host_key
    print(
        f"{len(fleet)} devices up in {elapsed * 1000:.0f} ms; host key {key.get_name()} "
        f"SHA256:{key.fingerprint.removeprefix('SHA256:')}; Ctrl-C to stop",
        flush=True,
    )
    try:
        while not received:
            time.sleep(0.2)  # interrupted by the signal; the handler has already run when it returns
    finally:
        fleet.stop()
        print("fleet stopped", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = _parser().parse_args(argv)
    if args.command == "bench":
        from mocks.bench import run_benchmark

        platforms = [p for p in args.platforms.split(",") if p]
        return run_benchmark(args.count, platforms=platforms, workers=args.workers, config_lines=args.config_lines)
    if args.command == "platforms":
        for key, profile in PROFILES.items():
            print(f"{key:<20} netmiko device_type={profile.netmiko_type}")
        return 0
    return _serve(args)


if __name__ == "__main__":
    sys.exit(main())
