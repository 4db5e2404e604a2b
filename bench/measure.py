"""The measurements: each returns a dict of figures; nothing here asserts (targets live in RESULTS.md)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import psutil

from bench.generate import PLATFORMS, synthetic_config
from devaudit.engine.conditions import Scope
from devaudit.engine.loader import Baseline, load_baseline
from devaudit.engine.outcome import CheckContext
from devaudit.facts import facts_from_config
from devaudit.ingest import read_dump
from devaudit.parsers import parse
from devaudit.runner import AuditOptions, audit_bytes

__all__ = ["cli_wall_time", "fleet_audit", "live_fleet", "rule_scaling", "throughput"]

ROOT = Path(__file__).resolve().parent.parent
DEVAUDIT = [sys.executable, "-m", "devaudit"]


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def throughput(baseline: Baseline, lines: int = 20_000, repeat: int = 3) -> list[dict[str, Any]]:
    """Config lines per second per core, full audit (read, detect, parse, all rules), per platform."""
    rows = []
    for platform in PLATFORMS:
        for variant in ("insecure", "hardened"):
            text = synthetic_config(platform, lines, variant=variant).encode()
            count = text.count(b"\n")
            rules = len(baseline.for_platform(platform))
            seconds = _best(functools.partial(audit_bytes, text, "bench", baseline, AuditOptions()), repeat)
            rows.append(
                {
                    "platform": platform,
                    "variant": variant,
                    "lines": count,
                    "rules": rules,
                    "seconds": seconds,
                    "lines_per_s": count / seconds,
                }
            )
    return rows


def rule_scaling(baseline: Baseline, small: int = 2_000, large: int = 20_000) -> list[dict[str, Any]]:
    """Time of each rule on a small and a 10x larger config: a ratio far above 10 means super-linear cost."""
    rows = []
    for platform in PLATFORMS:
        timings: dict[str, list[float]] = {}
        for size in (small, large):
            dump = read_dump(synthetic_config(platform, size).encode(), "bench")
            tree = parse(dump.lines, platform)
            facts = facts_from_config(tree, dump.lines)
            ctx = CheckContext(
                tree=tree,
                facts=facts,
                variables=baseline.variables,
                defaults=baseline.defaults_for(platform, facts.os_version),
            )
            for compiled in baseline.for_platform(platform):

                def run(compiled: Any = compiled, ctx: CheckContext = ctx) -> None:
                    if compiled.when is not None:
                        compiled.when.evaluate(ctx, Scope(ctx, None))
                    compiled.check.evaluate(ctx, Scope(ctx, None))

                run()  # warm the tree's indices
                timings.setdefault(compiled.rule.id, []).append(_best(run, 3))
        for rule_id, (t_small, t_large) in timings.items():
            rows.append(
                {
                    "platform": platform,
                    "rule": rule_id,
                    "small_us": t_small * 1e6,
                    "large_us": t_large * 1e6,
                    "ratio": t_large / t_small if t_small > 0 else 0.0,
                }
            )
    return rows


class _PeakRSS:
    """Sample the resident memory of a process and its children (the fleet's true footprint)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                total = root.memory_info().rss + sum(c.memory_info().rss for c in root.children(recursive=True))
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(0.05)

    def __enter__(self) -> _PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _run_measured(cmd: Sequence[str], **kwargs: Any) -> tuple[float, int, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    with _PeakRSS(proc.pid) as peak:
        _, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1, 3):
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return seconds, peak.peak, proc.returncode


def cli_wall_time(repeat: int = 5) -> dict[str, Any]:
    """Wall time of ``devaudit audit one.cfg`` (1,500 lines), start-up included, and of ``--help``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.cfg"
        path.write_text(synthetic_config("cisco_ios", 1_500), encoding="utf-8")
        audit = min(_run_measured([*DEVAUDIT, "audit", str(path)])[0] for _ in range(repeat))
        help_time = min(_run_measured([*DEVAUDIT, "--help"])[0] for _ in range(repeat))
    return {"audit_one_s": audit, "help_s": help_time}


def fleet_audit(count: int = 10_000, avg_lines: int = 1_500, jobs: int | None = None) -> dict[str, Any]:
    """Audit ``count`` configs (a mix of platforms and sizes averaging ``avg_lines``) on every core."""
    jobs = jobs or os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="devaudit-fleet-"))
    try:
        configs = tmp / "configs"
        configs.mkdir()
        templates: dict[tuple[str, int, str], str] = {}
        sizes = (300, 800, 1_500, 2_200, 2_700)  # mean 1,500
        total_lines = 0
        for index in range(count):
            platform = PLATFORMS[index % len(PLATFORMS)]
            size = sizes[(index // len(PLATFORMS)) % len(sizes)]
            variant = ("insecure", "hardened")[(index // 50) % 2]
            key = (platform, size, variant)
            if key not in templates:
                templates[key] = synthetic_config(platform, size, variant=variant, seed=index)
            text = templates[key]
            total_lines += text.count("\n")
            (configs / f"dev{index:05d}.cfg").write_text(text, encoding="utf-8")
        out = tmp / "out"
        seconds, peak, code = _run_measured(
            [*DEVAUDIT, "audit", str(configs), "-j", str(jobs), "-f", "json", "-o", str(out)]
        )
        return {
            "configs": count,
            "lines": total_lines,
            "jobs": jobs,
            "seconds": seconds,
            "peak_rss": peak,
            "exit_code": code,
            "lines_per_s": total_lines / seconds,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def live_fleet(count: int = 500, workers: int = 64) -> dict[str, Any]:
    """Collect and audit ``count`` simulated devices over SSH on 127.0.0.1 (simulators in their own process)."""
    import yaml

    from mocks.fleet import Fleet

    tmp = Path(tempfile.mkdtemp(prefix="devaudit-live-"))
    try:
        fleet = Fleet.generate(count)
        fleet.start()
        try:
            known = tmp / "known_hosts"
            known.write_text(fleet.known_hosts(), encoding="utf-8")
            hosts = {}
            for endpoint in fleet:
                data: dict[str, Any] = {"credentials": {"password": "env:BENCH_PW"}}
                if endpoint.secret:
                    data["credentials"]["secret"] = "env:BENCH_ENABLE"
                hosts[endpoint.name] = {
                    "hostname": endpoint.host,
                    "port": endpoint.port,
                    "platform": endpoint.device_type,
                    "username": endpoint.username,
                    "data": data,
                }
            first = next(iter(fleet))
            inventory = tmp / "inventory.yaml"
            inventory.write_text(yaml.safe_dump({"hosts": hosts}), encoding="utf-8")
            env = {**os.environ, "BENCH_PW": first.password, "BENCH_ENABLE": first.secret or ""}
            cmd = [
                *DEVAUDIT,
                "audit",
                "--inventory",
                str(inventory),
                "--known-hosts",
                str(known),
                "--devaudit-known-hosts",
                str(tmp / "own"),
                "-w",
                str(workers),
                "-f",
                "json",
                "-o",
                str(tmp / "out"),
            ]
            seconds, peak, code = _run_measured(cmd, env=env)
        finally:
            fleet.stop()
        import json

        report = json.loads((tmp / "out" / "report.json").read_text())
        errors = [d for d in report["devices"] if d["status"] == "ERROR"]
        return {
            "devices": count,
            "workers": workers,
            "seconds": seconds,
            "peak_rss": peak,
            "exit_code": code,
            "errors": len(errors),
            "first_errors": [f"{d['name']}: {d['error']}" for d in errors[:3]],
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load() -> Baseline:
    """The shipped baseline."""
    return load_baseline()
