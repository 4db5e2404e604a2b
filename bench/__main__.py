"""``python -m bench`` (``make bench``): measure devaudit on real corpus configs first, synthetic ones second,
with reference timings taken in the same run; print a table and write bench/RESULTS.md.

Every measured run is checked to have produced its report (the JSON is parsed and its devices counted).
Each target is given as a ratio to an in-run reference, so it reads the same on a faster or busier machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import corpus, measure

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MIB = 1024 * 1024
# External reference from the issue (same 1,000-config IOS fleet, 271,625 lines, a 2-core machine).
SENTRIFLOW_FLEET_S = 2.85
Row = tuple[str, str, str, str]


def _machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{os.cpu_count()} cores ({cpu or platform.processor() or 'unknown CPU'}), {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _mark(ok: bool) -> str:
    return "met" if ok else "NOT MET"


# The speed-up over the code before this work that each target asks for, from the issue's own figures for
# that code on its machine: one file 0.68 s -> 0.12 s; -j 1 29.6k -> 150k lines/s; default workers
# 47.6k -> 250k lines/s; the IOS fleet 5.71 s -> under half of SentriFlow's 2.85 s.
ISSUE_NEEDS = {"one": 0.68 / 0.12, "j1": 150_000 / 29_600, "jd": 250_000 / 47_600, "ios": 5.71 / (2.85 / 2)}


def _speedup(what: str, old: float, new: float, needed: float, rev: str) -> Row:
    """A row comparing this tree with revision ``rev`` measured in the same run."""
    return (
        f"  speed-up over {rev} (same run): {what}",
        f">= {needed:.1f}x",
        f"{old / new:.2f}x ({old:.2f} -> {new:.2f} s)",
        _mark(old / new >= needed),
    )


def _profile_table(title: str, rows: list[dict[str, Any]]) -> list[str]:
    total = rows[0]["total_s"]
    out = [
        f"### {title} (profiled total {total:.2f} s)",
        "",
        "| function | calls | own s | share | cumulative s |",
        "|---|---:|---:|---:|---:|",
    ]
    out += [
        f"| `{r['function']}` | {r['calls']:,} | {r['own_s']:.3f} | {r['share']:.0%} | {r['cum_s']:.3f} |"
        for r in rows[1:]
    ]
    return [*out, ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller fleets (for a fast look, not for RESULTS.md)")
    parser.add_argument("--skip-live", action="store_true", help="skip the SSH simulator fleet")
    parser.add_argument("--skip-synthetic", action="store_true", help="skip the synthetic-config measurements")
    parser.add_argument("--before", metavar="REV", help="also profile git revision REV (top costs before/after)")
    args = parser.parse_args(argv)
    quick = args.quick
    cores = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="devaudit-bench-"))
    env = measure.bench_env(tmp / "cache")
    rows: list[Row] = []
    notes: list[str] = []
    load_before = _load()
    try:
        before: tuple[list[str], dict[str, str]] | None = None
        if args.before:
            tree = measure.export_revision(args.before, tmp / "before")
            before = measure.revision_command(tree, {**env, "XDG_CACHE_HOME": str(tmp / "cache-before")})
        print("references: interpreter start-up...", flush=True)
        refs = measure.startup_reference(env)
        startup = refs["import_json_s"]

        # ---- one real-shaped 2,000-line IOS file
        big = tmp / "one-2k-line.cfg"
        big.write_text(corpus.large_ios_config(2_000), encoding="utf-8")
        print("one 2,000-line file (cold cache, then warm)...", flush=True)
        cold = measure.cold_one_file(big, env)
        one = measure.one_file(big, env)
        rows.append(
            (
                "`devaudit audit one-2k-line.cfg -f json`, wall / `python -c 'import json'`",
                "<= 3.0x",
                f"{one['json_s'] / startup:.2f}x ({one['json_s']:.3f} s / {startup:.3f} s)",
                _mark(one["json_s"] <= 3 * startup),
            )
        )
        rows.append(
            (
                "  same, absolute wall",
                "<= 0.12 s",
                f"{one['json_s']:.3f} s",
                _mark(one["json_s"] <= 0.12),
            )
        )
        rows.append(
            (
                "  `devaudit audit one-2k-line.cfg` (console), wall / start-up",
                "<= 3.0x",
                f"{one['console_s'] / startup:.2f}x ({one['console_s']:.3f} s)",
                _mark(one["console_s"] <= 3 * startup),
            )
        )
        if before is not None:
            old_one = measure.one_file_json(big, before[1], before[0])
            rows.append(
                _speedup("one-2k-line.cfg -f json, wall", old_one, one["json_s"], ISSUE_NEEDS["one"], args.before)
            )
        notes.append(
            f"First run with an empty baseline cache (packs read, cache written): {cold:.2f} s; "
            f"`devaudit --help` {one['help_s']:.3f} s; `python -c pass` {refs['pass_s']:.3f} s."
        )

        # ---- real corpus fleet: every platform's configs copied to 2,000 files
        real_files = corpus.corpus_configs()
        real_count = 400 if quick else 2_000
        real_dir = tmp / "real"
        real_lines = corpus.build_fleet(real_dir, real_files, real_count)
        platforms = sorted({f.platform for f in real_files})
        print(f"real fleet: {real_count:,} configs, {real_lines:,} lines...", flush=True)
        scan = measure.scan_reference(real_dir)
        j1 = measure.real_fleet(real_dir, real_count, env, jobs=1, output=None)
        j1o = measure.real_fleet(real_dir, real_count, env, jobs=1, output=tmp / "out-j1")
        jd = measure.real_fleet(real_dir, real_count, env, jobs=cores, output=None)
        jdo = measure.real_fleet(real_dir, real_count, env, jobs=cores, output=tmp / "out-jd")
        # The -j 1 / default-workers pair to stdout is timed twice, in turn, and the faster of each kept: one
        # busy moment of a shared machine must not decide the parallel-efficiency row.
        j1 = min(j1, measure.real_fleet(real_dir, real_count, env, jobs=1, output=None), key=lambda r: r.seconds)
        jd = min(jd, measure.real_fleet(real_dir, real_count, env, jobs=cores, output=None), key=lambda r: r.seconds)
        for label, run in (("JSON to stdout", j1), ("JSON to -o", j1o)):
            per_cpu = real_lines / run.cpu
            rows.append(
                (
                    f"Real fleet ({real_count:,} corpus configs), `-j 1`, {label}: lines per CPU-second",
                    ">= 150,000",
                    f"{per_cpu:,.0f} ({run.cpu:.2f} CPU-s; 1/{scan['lines_per_cpu_s'] / per_cpu:.0f} "
                    "of a plain Python line scan)",
                    _mark(per_cpu >= 150_000),
                )
            )
        if before is not None:
            old_j1 = measure.real_fleet(real_dir, real_count, before[1], jobs=1, output=None, command=before[0])
            rows.append(_speedup("real fleet -j 1, CPU", old_j1.cpu, j1.cpu, ISSUE_NEEDS["j1"], args.before))
            old_jd = measure.real_fleet(real_dir, real_count, before[1], jobs=cores, output=None, command=before[0])
            rows.append(
                _speedup("real fleet default workers, wall", old_jd.seconds, jd.seconds, ISSUE_NEEDS["jd"], args.before)
            )
        for label, run in (("JSON to stdout", jd), ("JSON to -o", jdo)):
            rows.append(
                (
                    f"Real fleet, default workers (-j {cores}), {label}: lines/s wall",
                    ">= 250,000",
                    f"{real_lines / run.seconds:,.0f} ({run.seconds:.2f} s, {run.cpu:.2f} CPU-s, "
                    f"{run.peak_rss / MIB:,.0f} MiB)",
                    _mark(real_lines / run.seconds >= 250_000),
                )
            )
        if cores > 1:
            rows.append(
                (
                    f"Real fleet, parallel efficiency: `-j 1` wall / `-j {cores}` wall, JSON to stdout",
                    f">= {0.9 * cores:.1f}x",
                    f"{j1.seconds / jd.seconds:.2f}x ({j1.seconds:.2f} -> {jd.seconds:.2f} s); the writing process "
                    f"used {jd.own_cpu:.2f} of {jd.cpu:.2f} CPU-s (-o: {jdo.own_cpu:.2f} of {jdo.cpu:.2f})",
                    _mark(j1.seconds / jd.seconds >= 0.9 * cores),
                )
            )
        notes.append(
            f"Real fleet: the {len(real_files)} configurations (kinds config and config-fragment) of "
            f"{len(platforms)} platforms in `../shared/corpus/MANIFEST.tsv` ({', '.join(platforms)}), copied "
            "round-robin with every copy made distinct in its platform's own syntax (the device name gets "
            "the copy's number, and one comment or description line too, or a comment line is added): no two "
            "files of a fleet have the same bytes (checked when the fleet is built), so no cache keyed by "
            "content can spare an audit. The "
            "corpus has no ZTE ZXROS configuration, only show outputs, so ZXROS is measured on synthetic "
            f"configs only. {j1.errors} of {real_count:,} devices are ERROR results (files devaudit "
            "declines, reported as such). "
            f"Plain Python line scan of the same files: {scan['lines_per_cpu_s']:,.0f} lines per CPU-second. "
            "The `-j 1` and default-worker runs with JSON to stdout are each the faster of two, timed in turn."
        )

        # ---- 1,000-config real IOS fleet (the issue's comparison with SentriFlow)
        ios_files = corpus.corpus_configs("cisco_ios", ("config",))
        ios_count = 200 if quick else 1_000
        ios_dir = tmp / "ios"
        ios_lines = corpus.build_fleet(ios_dir, ios_files, ios_count)
        print(f"IOS fleet: {ios_count:,} configs, {ios_lines:,} lines...", flush=True)
        ios = measure.real_fleet(ios_dir, ios_count, env, jobs=cores, output=None)
        scaled = ios.seconds * 1_000 / ios_count
        rows.append(
            (
                f"{ios_count:,} real IOS configs ({ios_lines:,} lines), default workers, wall / SentriFlow's",
                "< 0.5x",
                f"{scaled / SENTRIFLOW_FLEET_S:.2f}x ({ios.seconds:.2f} s vs {SENTRIFLOW_FLEET_S} s; "
                f"{ios_lines / ios.seconds:,.0f} lines/s, {ios.peak_rss / MIB:,.0f} MiB)",
                _mark(scaled < SENTRIFLOW_FLEET_S / 2),
            )
        )
        if before is not None:
            old_ios = measure.real_fleet(ios_dir, ios_count, before[1], jobs=cores, output=None, command=before[0])
            rows.append(
                _speedup(
                    "IOS fleet default workers, wall", old_ios.seconds, ios.seconds, ISSUE_NEEDS["ios"], args.before
                )
            )
        notes.append(
            f"SentriFlow's {SENTRIFLOW_FLEET_S} s for the same 1,000-config IOS fleet is the figure recorded in "
            "the issue on a 2-core machine (an external reference; SentriFlow is not run by this bench)."
        )

        # ---- growth: 100, 1,000, 10,000 devices
        sizes = (100, 1_000) if quick else (100, 1_000, 10_000)
        growth: list[dict[str, Any]] = []
        for size in sizes:
            print(f"growth: {size:,} devices...", flush=True)
            grow_dir = tmp / f"grow-{size}"
            grow_lines = corpus.build_fleet(grow_dir, real_files, size)
            run = measure.real_fleet(grow_dir, size, env, jobs=cores, output=tmp / f"out-grow-{size}")
            growth.append(
                {
                    "devices": size,
                    "lines": grow_lines,
                    "seconds": run.seconds,
                    "cpu": run.cpu,
                    "peak_rss": run.peak_rss,
                    "peak_pss": run.peak_pss,
                    "ms_per_device": run.seconds / size * 1000,
                    "cpu_ms_per_device": run.cpu / size * 1000,
                }
            )
            shutil.rmtree(grow_dir, ignore_errors=True)
        small, large = growth[-2], growth[-1]
        slope = (large["seconds"] - small["seconds"]) / (large["devices"] - small["devices"])
        extrapolated = large["seconds"] + slope * (100_000 - large["devices"])
        cpu_ratio = large["cpu_ms_per_device"] / small["cpu_ms_per_device"]
        first, last = growth[0], growth[-1]
        rss_ratio = last["peak_rss"] / first["peak_rss"]
        pss_ratio = last["peak_pss"] / first["peak_pss"] if first["peak_pss"] else 0.0
        rows.append(
            (
                f"Growth: CPU per device at {large['devices']:,} / at {small['devices']:,} devices",
                "<= 1.2x",
                f"{cpu_ratio:.2f}x; 100,000 devices extrapolated from the slope: {extrapolated:,.0f} s "
                f"({slope * 1000:.2f} ms/device)",
                _mark(cpu_ratio <= 1.2),
            )
        )
        if pss_ratio:
            rows.append(
                (
                    f"Growth: peak memory (PSS, summed over the processes) at {last['devices']:,} / at "
                    f"{first['devices']:,} devices (streaming)",
                    "<= 1.25x",
                    f"{pss_ratio:.2f}x ({first['peak_pss'] / MIB:,.0f} -> {last['peak_pss'] / MIB:,.0f} MiB)",
                    _mark(pss_ratio <= 1.25),
                )
            )
        rows.append(
            (
                f"  {'same, RSS summed' if pss_ratio else 'Growth: peak RSS'} at {last['devices']:,} / at "
                f"{first['devices']:,} devices (streaming)",
                "<= 1.25x",
                f"{rss_ratio:.2f}x ({first['peak_rss'] / MIB:,.0f} -> {last['peak_rss'] / MIB:,.0f} MiB)",
                _mark(rss_ratio <= 1.25),
            )
        )
        notes.append(
            "Peak memory is sampled every 50 ms over the devaudit process and its workers and summed. The target "
            "is read on PSS (each page shared by several processes counted once, split among them: the memory "
            "the run holds); summed RSS counts a page a forked worker still shares with the parent once per "
            "process, so it overstates the footprint and moves with how many inherited pages the workers "
            "happen to touch. Both are shown."
        )

        # ---- profile of the real fleet, -j 1, JSON to stdout (before/after)
        prof_count = 350
        prof_dir = tmp / "prof"
        corpus.build_fleet(prof_dir, real_files, prof_count)
        print("profile (after)...", flush=True)
        profiles = [
            (f"After: {prof_count} corpus configs, `-j 1 -f json`", measure.profile_top(prof_dir, prof_count, env))
        ]
        if args.before:
            print(f"profile (before: {args.before})...", flush=True)
            old = measure.export_revision(args.before, tmp / "before")
            before_env = {**env, "XDG_CACHE_HOME": str(tmp / "cache-before")}
            profiles.insert(
                0,
                (
                    f"Before ({args.before}): same files and command",
                    measure.profile_top(prof_dir, prof_count, before_env, source_root=old),
                ),
            )

        # ---- synthetic configs (second)
        tput: list[dict[str, Any]] = []
        scaling: list[dict[str, Any]] = []
        live: dict[str, Any] | None = None
        if not args.skip_synthetic:
            baseline = measure.load()
            print("synthetic: throughput per platform (20,000-line configs, one process)...", flush=True)
            tput = measure.throughput(baseline)
            worst = min(tput, key=lambda r: r["lines_per_s"])
            median = statistics.median(r["lines_per_s"] for r in tput)
            rows.append(
                (
                    "Synthetic 20,000-line configs, full audit, lines/s per core (worst platform)",
                    ">= 250,000",
                    f"{worst['lines_per_s']:,.0f} ({worst['platform']} {worst['variant']}); median {median:,.0f}",
                    _mark(worst["lines_per_s"] >= 250_000),
                )
            )
            fleet_size = 1_000 if quick else 4_000
            print(f"synthetic fleet ({fleet_size:,} configs)...", flush=True)
            fleet = measure.fleet_audit(fleet_size, env=env)
            rows.append(
                (
                    f"Synthetic fleet: {fleet['configs']:,} configs averaging 1,500 lines, -j {fleet['jobs']}, wall",
                    f"<= {60 * fleet['configs'] / 10_000:.0f} s ({fleet['configs']:,}; 60 s per 10,000)",
                    f"{fleet['seconds']:.1f} s ({fleet['lines']:,} lines, {fleet['lines_per_s']:,.0f} lines/s, "
                    f"{fleet['peak_rss'] / MIB:,.0f} MiB)",
                    _mark(fleet["seconds"] <= 60 * fleet["configs"] / 10_000),
                )
            )
            if not args.skip_live:
                live_size = 100 if quick else 500
                print(f"live collection + audit ({live_size} simulated devices)...", flush=True)
                live = measure.live_fleet(live_size)
                rows.append(
                    (
                        f"{live['devices']} simulated devices collected over SSH and audited, wall",
                        "<= 60 s (500)",
                        f"{live['seconds']:.1f} s ({live['errors']} errors, {live['workers']} workers, "
                        f"{live['peak_rss'] / MIB:,.0f} MiB)",
                        _mark(live["seconds"] <= 60 and live["errors"] == 0),
                    )
                )
            print("synthetic: rule scaling (2,000 vs 20,000 lines)...", flush=True)
            scaling = measure.rule_scaling(baseline)
            superlinear = [r for r in scaling if r["ratio"] > 25 and r["large_us"] > 200]
            rows.append(
                (
                    "Rules whose cost grows faster than the config (10x lines, > 25x time)",
                    "none",
                    ", ".join(f"{r['rule']} x{r['ratio']:.0f}" for r in superlinear) or "none",
                    _mark(not superlinear),
                )
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    print()
    for target, goal, got, verdict in rows:
        print(f"{target:<{width}}  {goal:<18}  {got}  [{verdict}]")
    flags = "".join(
        f" {flag}"
        for flag, on in (
            ("--quick", quick),
            ("--skip-live", args.skip_live),
            ("--skip-synthetic", args.skip_synthetic),
            (f"--before {args.before}", bool(args.before)),
        )
        if on
    )
    lines = [
        "# devaudit benchmark results",
        "",
        f"Measured {datetime.now(UTC).isoformat(timespec='minutes')} on {_machine()}; load average "
        f"{load_before} at the start, {_load()} at the end (the machine was shared: absolute figures are "
        "noisy, the ratios to the references measured in the same run are what count).",
        f"Command: `make bench` (`python -m bench{flags}`). Measured runs use installed-style bytecode "
        "caching and their own baseline cache folder; each run's JSON report is parsed and its devices "
        "counted, or the bench stops.",
        "",
        f"References in this run: `python -c 'import json'` {startup:.3f} s (best of 15).",
        "",
        "| target | goal | measured | |",
        "|---|---|---|---|",
        *(f"| {t} | {g} | {m} | {v} |" for t, g, m, v in rows),
        "",
        *(f"- {note}" for note in notes),
        "",
        "## Growth (real corpus configs, default workers, JSON to -o)",
        "",
        "| devices | lines | wall s | CPU s | ms/device | CPU ms/device | peak PSS | peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {g['devices']:,} | {g['lines']:,} | {g['seconds']:.2f} | {g['cpu']:.2f} | "
            f"{g['ms_per_device']:.2f} | {g['cpu_ms_per_device']:.2f} | {g['peak_pss'] / MIB:,.0f} MiB | "
            f"{g['peak_rss'] / MIB:,.0f} MiB |"
            for g in growth
        ),
        "",
        "## Where the time goes (cProfile, own time)",
        "",
    ]
    for title, table in profiles:
        lines += _profile_table(title, table)
    if tput:
        lines += [
            "## Synthetic: throughput per platform (20,000-line configs, one process)",
            "",
            "| platform | variant | lines | rules | seconds | lines/s |",
            "|---|---|---:|---:|---:|---:|",
            *(
                f"| {r['platform']} | {r['variant']} | {r['lines']:,} | {r['rules']} | {r['seconds']:.3f} "
                f"| {r['lines_per_s']:,.0f} |"
                for r in tput
            ),
            "",
        ]
    if scaling:
        top = sorted(scaling, key=lambda r: r["large_us"], reverse=True)[:10]
        lines += [
            "## Synthetic: costliest rules on a 20,000-line config",
            "",
            "| platform | rule | 2,000 lines (µs) | 20,000 lines (µs) | ratio |",
            "|---|---|---:|---:|---:|",
            *(
                f"| {r['platform']} | {r['rule']} | {r['small_us']:,.0f} | {r['large_us']:,.0f} | {r['ratio']:.1f} |"
                for r in top
            ),
            "",
        ]
    if live and live["first_errors"]:
        lines += ["Live-run errors (first three): " + "; ".join(live["first_errors"]), ""]
    if not quick:
        RESULTS.write_text("\n".join(lines), encoding="utf-8")
        print(f"\nwritten {RESULTS}")
    else:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
