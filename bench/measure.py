"""The measurements: each returns a dict of figures; nothing here asserts (targets live in RESULTS.md)."""

from __future__ import annotations

import functools
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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

__all__ = [
    "Measured",
    "bench_env",
    "cold_one_file",
    "export_revision",
    "fleet_audit",
    "live_fleet",
    "one_file",
    "one_file_json",
    "profile_top",
    "real_fleet",
    "revision_command",
    "rule_scaling",
    "run_checked",
    "scan_reference",
    "startup_reference",
    "throughput",
]

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


def _pss(pid: int) -> int:
    """The proportional set size of ``pid`` in bytes (Linux ``smaps_rollup``; 0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class _PeakRSS:
    """Sample the memory of a process and its children (the fleet's true footprint), summed over them.

    Two measures: RSS counts every resident page in each process, so a page a forked worker still shares
    with its parent counts once per process; PSS (proportional set size) divides each shared page among
    the processes sharing it, so its sum is the memory the run holds.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self.peak_pss = 0
        self.own_cpu = 0.0  # CPU seconds of the process itself (its workers not included), last sampled
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                processes = [root, *root.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in processes))
                self.peak_pss = max(self.peak_pss, sum(_pss(p.pid) for p in processes))
                times = root.cpu_times()
                self.own_cpu = max(self.own_cpu, times.user + times.system)
            except psutil.Error:
                pass
            self._stop.wait(0.05)

    def __enter__(self) -> _PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def bench_env(cache_home: Path) -> dict[str, str]:
    """The environment of measured runs: bytecode caching on (as in an installed package), a private
    baseline cache folder (so the first run fills it and the timed runs read it)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "DEVAUDIT_NO_CACHE")}
    env["XDG_CACHE_HOME"] = str(cache_home)
    return env


@dataclass
class Measured:
    """One measured command: wall and CPU seconds (children included), peak RSS and PSS summed over its
    processes, the CPU of the process itself (sampled: its workers' is the rest), and what it produced."""

    seconds: float
    cpu: float
    peak_rss: int
    exit_code: int
    devices: int
    errors: int
    peak_pss: int = 0
    own_cpu: float = 0.0


def _json_devices(text: str, source: str) -> tuple[int, int]:
    try:
        report = json.loads(text)
        devices = report["devices"]
        summary = report["summary"]
    except (ValueError, KeyError, TypeError) as exc:
        raise RuntimeError(f"{source} is not a devaudit JSON report: {exc}") from None
    if summary["devices"] != len(devices):
        raise RuntimeError(f"{source}: summary counts {summary['devices']} devices, the list has {len(devices)}")
    return len(devices), sum(1 for d in devices if d["status"] == "ERROR")


def run_checked(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str],
    expect_devices: int | None,
    report: Path | None = None,
    stdout_json: bool = False,
    ok_codes: tuple[int, ...] = (0, 1),
) -> Measured:
    """Run ``cmd`` and prove it did the work: an allowed exit code, no traceback, and a JSON report (on
    stdout or in ``report``) that lists ``expect_devices`` devices. An exit code alone proves nothing:
    1 is both devaudit's "findings" and Python's code for a traceback."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=dict(env))
        with _PeakRSS(proc.pid) as peak:
            proc.wait()
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    where = " ".join(cmd)
    if proc.returncode not in ok_codes or "Traceback (most recent call last)" in stderr:
        raise RuntimeError(f"{where} failed ({proc.returncode}): {stderr[-2000:]}")
    devices = errors = 0
    if report is not None:
        devices, errors = _json_devices(report.read_text(encoding="utf-8"), str(report))
    elif stdout_json:
        devices, errors = _json_devices(stdout, f"stdout of {where}")
    if expect_devices is not None and devices != expect_devices:
        raise RuntimeError(f"{where}: report lists {devices} devices, expected {expect_devices}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(seconds, cpu, peak.peak, proc.returncode, devices, errors, peak.peak_pss, peak.own_cpu)


def startup_reference(env: Mapping[str, str], repeat: int = 15) -> dict[str, float]:
    """Best wall time of ``python -c "import json"`` and ``python -c pass`` (the start-up yardstick)."""
    out = {}
    for label, code in (("import_json_s", "import json"), ("pass_s", "pass")):
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=dict(env))
            best = min(best, time.perf_counter() - start)
        out[label] = best
    return out


def scan_reference(directory: Path) -> dict[str, float]:
    """A plain Python scan of the same files (read, decode, split into lines, look at each line's first
    character), in this process: lines per CPU-second of the simplest possible line-by-line pass."""
    files = sorted(directory.iterdir())
    start = time.process_time()
    lines = marks = 0
    for path in files:
        for line in path.read_bytes().decode("utf-8", "replace").splitlines():
            lines += 1
            marks += line[:1] in ("!", "#")
    cpu = time.process_time() - start
    return {"lines": lines, "cpu_s": cpu, "lines_per_cpu_s": lines / cpu if cpu else 0.0}


def one_file(path: Path, env: Mapping[str, str], repeat: int = 9) -> dict[str, float]:
    """Best wall time of ``devaudit audit FILE`` (console) and ``-f json``, baseline cache warm."""
    run_checked([*DEVAUDIT, "audit", str(path), "-f", "json"], env=env, expect_devices=1, stdout_json=True)
    json_runs = [
        run_checked([*DEVAUDIT, "audit", str(path), "-f", "json"], env=env, expect_devices=1, stdout_json=True)
        for _ in range(repeat)
    ]
    console_runs = []
    for _ in range(repeat):
        console_runs.append(run_checked([*DEVAUDIT, "audit", str(path)], env=env, expect_devices=None))
    help_s = min(run_checked([*DEVAUDIT, "--help"], env=env, expect_devices=None).seconds for _ in range(repeat))
    return {
        "json_s": min(r.seconds for r in json_runs),
        "console_s": min(r.seconds for r in console_runs),
        "help_s": help_s,
    }


def one_file_json(path: Path, env: Mapping[str, str], command: Sequence[str], repeat: int = 5) -> float:
    """Best wall time of ``COMMAND audit FILE -f json`` after one warm-up run."""
    cmd = [*command, "audit", str(path), "-f", "json"]
    run_checked(cmd, env=env, expect_devices=1, stdout_json=True)
    return min(run_checked(cmd, env=env, expect_devices=1, stdout_json=True).seconds for _ in range(repeat))


def revision_command(source_root: Path, env: Mapping[str, str]) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run the devaudit tree in ``source_root`` (see export_revision)."""
    run_env = {**env, "DEVAUDIT_BASELINES": str(source_root / "baselines")}
    return [sys.executable, "-c", _PROFILE_LAUNCHER, "", str(source_root)], run_env


def cold_one_file(path: Path, env: Mapping[str, str]) -> float:
    """Wall time of one audit with an empty baseline cache (the packs are read and the cache written)."""
    return run_checked(
        [*DEVAUDIT, "audit", str(path), "-f", "json"], env=env, expect_devices=1, stdout_json=True
    ).seconds


def real_fleet(
    directory: Path,
    devices: int,
    env: Mapping[str, str],
    *,
    jobs: int,
    output: Path | None,
    command: Sequence[str] = tuple(DEVAUDIT),
) -> Measured:
    """``devaudit audit DIR -f json`` with ``-j jobs``, to stdout or to ``-o output``; checked."""
    cmd = [*command, "audit", str(directory), "-f", "json", "-j", str(jobs)]
    if output is None:
        return run_checked(cmd, env=env, expect_devices=devices, stdout_json=True)
    if output.exists():
        shutil.rmtree(output)
    return run_checked([*cmd, "-o", str(output)], env=env, expect_devices=devices, report=output / "report.json")


def profile_top(
    directory: Path, devices: int, env: Mapping[str, str], *, source_root: Path | None = None, top: int = 12
) -> list[dict[str, Any]]:
    """cProfile of ``-j 1 -f json`` to stdout over ``directory``: the functions with most own time.

    ``source_root``: profile the devaudit tree there instead (an earlier revision, for before/after)."""
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "profile.out"
        run_env = dict(env)
        if source_root is not None:
            run_env["DEVAUDIT_BASELINES"] = str(source_root / "baselines")
        launcher = [sys.executable, "-c", _PROFILE_LAUNCHER, str(stats_file), str(source_root or "")]
        # A warm-up on one file first: bytecode written and the baseline cache filled, as in later runs.
        warm = Path(tmp) / "warm"
        warm.mkdir()
        first = min(directory.iterdir())
        shutil.copyfile(first, warm / first.name)
        run_checked([*launcher, "audit", str(warm), "-f", "json"], env=run_env, expect_devices=1, stdout_json=True)
        cmd = [*launcher, "audit", str(directory), "-f", "json", "-j", "1"]
        run_checked(cmd, env=run_env, expect_devices=devices, stdout_json=True)
        stats = pstats.Stats(str(stats_file))
        total = stats.total_tt  # type: ignore[attr-defined]
        rows = []
        for (file, line, name), (_cc, calls, own, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            where = file if file == "~" else f"{_short(file)}:{line}"
            rows.append({"function": f"{where}({name})", "calls": calls, "own_s": own, "cum_s": cumulative})
        rows.sort(key=lambda r: r["own_s"], reverse=True)
        for row in rows:
            row["share"] = row["own_s"] / total if total else 0.0
        return [{"total_s": total}, *rows[:top]]


# Runs ``devaudit ARGS`` (under cProfile when given an output file); with a source folder, that tree's
# devaudit is imported instead of the installed (editable) one, whose import hook would take precedence.
_PROFILE_LAUNCHER = """
import cProfile, runpy, sys
out, root, *args = sys.argv[1:]
if root:
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in getattr(f, "__module__", "")]
    sys.path.insert(0, root)
    for name in [m for m in sys.modules if m == "devaudit" or m.startswith("devaudit.")]:
        del sys.modules[name]
sys.argv = ["devaudit", *args]
if out:
    cProfile.run('runpy.run_module("devaudit", run_name="__main__")', out)
else:
    runpy.run_module("devaudit", run_name="__main__")
"""


def _short(file: str) -> str:
    if "/devaudit/" in file:
        return "devaudit/" + file.rpartition("/devaudit/")[2]
    if "/lib/python3" in file:
        return file.rpartition("/lib/python3")[2].split("/", 1)[-1]
    return file


def export_revision(rev: str, target: Path) -> Path:
    """The tree of git revision ``rev`` exported to ``target`` (to profile the code before a change)."""
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def fleet_audit(
    count: int = 10_000, avg_lines: int = 1_500, jobs: int | None = None, env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Audit ``count`` synthetic configs (a mix of platforms and sizes averaging ``avg_lines``) on every core."""
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
        run = run_checked(
            [*DEVAUDIT, "audit", str(configs), "-j", str(jobs), "-f", "json", "-o", str(out)],
            env=env or os.environ,
            expect_devices=count,
            report=out / "report.json",
        )
        return {
            "configs": count,
            "lines": total_lines,
            "jobs": jobs,
            "seconds": run.seconds,
            "cpu": run.cpu,
            "peak_rss": run.peak_rss,
            "exit_code": run.exit_code,
            "errors": run.errors,
            "lines_per_s": total_lines / run.seconds,
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
            run = run_checked(
                cmd, env=env, expect_devices=count, report=tmp / "out" / "report.json", ok_codes=(0, 1, 3)
            )
            seconds, peak, code = run.seconds, run.peak_rss, run.exit_code
        finally:
            fleet.stop()
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
