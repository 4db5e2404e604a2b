"""``python -m bench.distributed``: N simulated devices through Redis and three ``devaudit worker`` processes,
against the same inventory with the local thread pool; writes bench/RESULTS-distributed.md.

Figures: wall time and throughput of each run, the broker's work per device (Redis commands, bytes in and
out, redis-server CPU time), the coordinator's peak memory, and whether each run produced its full report.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS-distributed.md"
DEVAUDIT = [sys.executable, "-m", "devaudit"]
QUEUES = ("east", "west", "south")
PASSWORD = "bench-broker-password"
MIB = 1024 * 1024


class _PeakRSS:
    """Polls a process tree's resident memory; ``peak`` is the largest sum seen."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            process = psutil.Process(self.pid)
            while not self._stop.wait(0.05):
                tree = [process, *process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            return

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _redis(tmp: Path) -> tuple[subprocess.Popen[bytes], int]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (make redis)")
    port = _free_port()
    conf = tmp / "redis.conf"
    conf.write_text(f'port {port}\nbind 127.0.0.1\nrequirepass "{PASSWORD}"\nsave ""\ndir "{tmp}"\n')
    process = subprocess.Popen([binary, str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    import redis

    for _ in range(300):
        try:
            redis.Redis(port=port, password=PASSWORD).ping()
            return process, port
        except redis.exceptions.ConnectionError:
            time.sleep(0.1)
    raise SystemExit("redis-server did not start")


def _broker_stats(port: int, process: subprocess.Popen[bytes]) -> dict[str, float]:
    import redis

    info = redis.Redis(port=port, password=PASSWORD).info("all")
    calls = sum(int(v["calls"]) for k, v in info.items() if k.startswith("cmdstat_"))
    cpu = psutil.Process(process.pid).cpu_times()
    return {
        "calls": calls,
        "bytes_in": int(info["total_net_input_bytes"]),
        "bytes_out": int(info["total_net_output_bytes"]),
        "cpu_s": cpu.user + cpu.system,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, int, int, str, float]:
    """Wall seconds, peak memory, exit code, stderr and CPU seconds of one command run to its end."""
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    meter = _PeakRSS(process.pid)
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    return seconds, meter.stop(), process.returncode, err.decode(errors="replace"), _children_cpu() - cpu


def _cpu_of(processes: Sequence[subprocess.Popen[bytes]]) -> float:
    total = 0.0
    for process in processes:
        times = psutil.Process(process.pid).cpu_times()
        total += times.user + times.system
    return total


def _report(out: Path, count: int) -> dict[str, Any]:
    path = out / "report.json"
    if not path.exists():
        return {"written": False, "devices": 0, "errors": count, "first_errors": ["no report.json"]}
    devices = json.loads(path.read_text())["devices"]
    errors = [d for d in devices if d["status"] == "ERROR"]
    return {
        "written": True,
        "devices": len(devices),
        "errors": len(errors),
        "first_errors": [f"{d['name']}: {d['error']}" for d in errors[:3]],
    }


def _wait_for_workers(engine: str, names: set[str], env: dict[str, str], procs: list[subprocess.Popen[bytes]]) -> None:
    from devaudit.distributed.app import make_app
    from devaudit.distributed.engine import parse_engine

    os.environ["DEVAUDIT_BROKER_PASSWORD"] = env["DEVAUDIT_BROKER_PASSWORD"]
    app = make_app(parse_engine(engine))
    for _ in range(120):
        replies = app.control.ping(destination=sorted(names), timeout=1.0) or []
        if names <= {name for reply in replies for name in reply}:
            return
        if any(p.poll() is not None for p in procs):
            break
    raise SystemExit("the workers did not start")


def measure(count: int, concurrency: int) -> dict[str, Any]:
    """Both runs over one simulated fleet of ``count`` devices."""
    from mocks.fleet import Fleet

    tmp = Path(tempfile.mkdtemp(prefix="devaudit-distributed-"))
    fleet = Fleet.generate(count)
    fleet.start()
    redis_process, port = _redis(tmp)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        known = tmp / "known_hosts"
        known.write_text(fleet.known_hosts(), encoding="utf-8")
        hosts: dict[str, Any] = {}
        for number, endpoint in enumerate(fleet):
            credentials = {"password": "env:BENCH_PW", **({"secret": "env:BENCH_ENABLE"} if endpoint.secret else {})}
            hosts[endpoint.name] = {
                "hostname": endpoint.host,
                "port": endpoint.port,
                "platform": endpoint.device_type,
                "username": endpoint.username,
                "groups": [QUEUES[number % len(QUEUES)]],
                "data": {"credentials": credentials},
            }
        groups = {queue: {"data": {"queue": queue}} for queue in QUEUES}
        inventory = tmp / "inventory.yaml"
        inventory.write_text(yaml.safe_dump({"hosts": hosts, "groups": groups}), encoding="utf-8")
        first = next(iter(fleet))
        device_env = {"BENCH_PW": first.password, "BENCH_ENABLE": first.secret or ""}
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DEVAUDIT_BROKER_PASSWORD": PASSWORD}
        engine = f"celery+redis://127.0.0.1:{port}/0"
        names = set()
        for queue in QUEUES:
            name = f"bench-{queue}@localhost"
            names.add(name)
            command = [
                *DEVAUDIT, "worker", "--engine", engine, "--queue", queue, "--concurrency", str(concurrency),
                "--name", name, "--known-hosts", str(known), "--devaudit-known-hosts", str(tmp / f"own-{queue}"),
                "--log-level", "WARNING",
            ]  # fmt: skip
            log = (tmp / f"worker-{queue}.log").open("wb")
            env_worker = {**env, **device_env}
            workers.append(
                subprocess.Popen(command, env=env_worker, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
            )
        _wait_for_workers(engine, names, env, workers)
        before = _broker_stats(port, redis_process)
        workers_cpu = _cpu_of(workers)
        remote_cmd = [*DEVAUDIT, "audit", "--inventory", str(inventory), "--engine", engine, "-f", "json"]
        seconds, peak, code, err, cpu = _run([*remote_cmd, "-o", str(tmp / "remote")], env)
        after = _broker_stats(port, redis_process)
        remote = {"seconds": seconds, "peak_rss": peak, "exit_code": code, **_report(tmp / "remote", count)}
        remote["broker"] = {key: (after[key] - before[key]) / count for key in before}
        remote["cpu"] = {"coordinator": cpu, "workers": _cpu_of(workers) - workers_cpu}
        remote["log_tail"] = err[-600:]
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
        local_cmd = [
            *DEVAUDIT, "audit", "--inventory", str(inventory), "--known-hosts", str(known),
            "--devaudit-known-hosts", str(tmp / "own-local"), "-w", str(concurrency * len(QUEUES)), "-f", "json",
            "-o", str(tmp / "local"),
        ]  # fmt: skip
        seconds, peak, code, err, cpu = _run(local_cmd, {**env, **device_env})
        local = {"seconds": seconds, "peak_rss": peak, "exit_code": code, **_report(tmp / "local", count)}
        local["cpu"] = {"coordinator": cpu}
        return {"devices": count, "concurrency": concurrency, "remote": remote, "local": local}
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        redis_process.kill()
        fleet.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def render(result: dict[str, Any], machine: str) -> str:
    """RESULTS-distributed.md."""
    count, remote, local = result["devices"], result["remote"], result["local"]
    broker = remote["broker"]
    workers = f"3 workers x {result['concurrency']} threads"

    def row(label: str, run: dict[str, Any], how: str) -> str:
        rate = count / run["seconds"]
        ok = "yes" if run["written"] and run["devices"] == count else "NO"
        return (
            f"| {label} ({how}) | {run['seconds']:.1f} s | {rate:.1f} devices/s | {run['peak_rss'] / MIB:.0f} MiB "
            f"| {ok} ({run['devices']} devices, {run['errors']} errors) |"
        )

    lines = [
        "# Regional collectors: distributed run against the local pool",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {machine}, with "
        f"`python -m bench.distributed --devices {count} --concurrency {result['concurrency']}`.",
        "",
        f"**N = {count} simulated devices** (the issue asks for 2,000; this shared 2-core machine ran {count}).",
        "Simulators, redis-server, the three workers and the coordinator all share the same two cores, so the",
        "distributed run measures the engine's overhead, not the gain of spreading a fleet over regions.",
        "",
        "| run | wall | throughput | coordinator peak memory | full report |",
        "|---|---|---|---|---|",
        row("Celery + Redis", remote, workers),
        row("local thread pool", local, f"-w {result['concurrency'] * 3}"),
        "",
        "Broker work per device (Redis `INFO` before and after the distributed run):",
        "",
        f"- {broker['calls']:.1f} Redis commands per device (task publish, delivery, acknowledgement, the",
        "  started and result events, liveness pings)",
        f"- {broker['bytes_in'] / 1024:.1f} KiB in and {broker['bytes_out'] / 1024:.1f} KiB out per device "
        "(the result carries the redacted config, show outputs and the audit result)",
        f"- {broker['cpu_s'] * 1000:.2f} ms of redis-server CPU time per device",
        "",
        "CPU time per device (on a shared machine the wall times above depend on everyone else's load; CPU time",
        "does not):",
        "",
        f"- distributed: {remote['cpu']['coordinator'] / count * 1000:.0f} ms in the coordinator, "
        f"{remote['cpu']['workers'] / count * 1000:.0f} ms in the workers, "
        f"{broker['cpu_s'] * 1000:.1f} ms in redis-server",
        f"- local: {local['cpu']['coordinator'] / count * 1000:.0f} ms in the one devaudit process",
        "",
        "The coordinator's peak memory is the resident memory of the `devaudit audit --engine` process tree; in",
        "the local run the same process also holds the SSH sessions and audits every config.",
    ]
    for label, run in (("distributed", remote), ("local", local)):
        if run["first_errors"]:
            lines += ["", f"First errors of the {label} run: " + "; ".join(run["first_errors"])]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run both measurements and write the results file."""
    from bench.__main__ import _machine

    parser = argparse.ArgumentParser(prog="python -m bench.distributed", description=__doc__)
    parser.add_argument("--devices", type=int, default=2000, help="simulated devices (default 2000)")
    parser.add_argument("--concurrency", type=int, default=8, help="threads per worker (local pool: three times)")
    args = parser.parse_args(argv)
    print(f"{args.devices} simulated devices, three workers x {args.concurrency} threads ...", flush=True)
    result = measure(args.devices, args.concurrency)
    text = render(result, _machine())
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    remote, local = result["remote"], result["local"]
    complete = all(run["written"] and run["devices"] == args.devices for run in (remote, local))
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
