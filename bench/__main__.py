"""``python -m bench`` (``make bench``): run every benchmark, print a table, write bench/RESULTS.md."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import measure

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MIB = 1024 * 1024


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


def _mark(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller fleets (for a fast look, not for RESULTS.md)")
    parser.add_argument("--skip-live", action="store_true", help="skip the SSH simulator fleet")
    args = parser.parse_args(argv)
    fleet_size = 1_000 if args.quick else 10_000
    live_size = 100 if args.quick else 500
    baseline = measure.load()
    rows: list[tuple[str, str, str, str]] = []

    print("throughput (20,000-line configs, full audit, one process)...", flush=True)
    tput = measure.throughput(baseline)
    worst = min(tput, key=lambda r: r["lines_per_s"])
    median = statistics.median(r["lines_per_s"] for r in tput)
    rows.append(
        (
            "Full audit, every shipped rule, lines/s per core (worst platform)",
            ">= 250,000",
            f"{worst['lines_per_s']:,.0f} ({worst['platform']} {worst['variant']}); median {median:,.0f}",
            _mark(worst["lines_per_s"] >= 250_000),
        )
    )

    print("single-file CLI wall time...", flush=True)
    cli = measure.cli_wall_time()
    rows.append(
        (
            "`devaudit audit one.cfg` (1,500 lines), wall incl. start-up",
            "<= 0.5 s",
            f"{cli['audit_one_s']:.2f} s (--help {cli['help_s']:.2f} s)",
            _mark(cli["audit_one_s"] <= 0.5),
        )
    )

    print(f"fleet audit ({fleet_size:,} configs)...", flush=True)
    fleet = measure.fleet_audit(fleet_size)
    rows.append(
        (
            f"{fleet['configs']:,} configs averaging 1,500 lines, -j {fleet['jobs']}, wall",
            "<= 60 s (10,000)",
            f"{fleet['seconds']:.1f} s ({fleet['lines']:,} lines, {fleet['lines_per_s']:,.0f} lines/s)",
            _mark(fleet["seconds"] <= 60 * fleet["configs"] / 10_000),
        )
    )
    rows.append(
        (
            "  peak RSS of that run (all processes)",
            "<= 1 GiB",
            f"{fleet['peak_rss'] / MIB:,.0f} MiB",
            _mark(fleet["peak_rss"] <= 1024 * MIB),
        )
    )

    live: dict[str, Any] | None = None
    if not args.skip_live:
        print(f"live collection + audit ({live_size} simulated devices)...", flush=True)
        live = measure.live_fleet(live_size)
        rows.append(
            (
                f"{live['devices']} simulated devices collected over SSH and audited, wall",
                "<= 60 s (500)",
                f"{live['seconds']:.1f} s ({live['errors']} errors, {live['workers']} workers)",
                _mark(live["seconds"] <= 60 and live["errors"] == 0),
            )
        )
        rows.append(
            (
                "  peak RSS of the devaudit process",
                "<= 400 MiB",
                f"{live['peak_rss'] / MIB:,.0f} MiB",
                _mark(live["peak_rss"] <= 400 * MIB),
            )
        )

    print("rule scaling (2,000 vs 20,000 lines)...", flush=True)
    scaling = measure.rule_scaling(baseline)
    superlinear = [r for r in scaling if r["ratio"] > 25 and r["large_us"] > 200]
    top = sorted(scaling, key=lambda r: r["large_us"], reverse=True)[:10]
    rows.append(
        (
            "Rules whose cost grows faster than the config (10x lines, > 25x time)",
            "none",
            ", ".join(f"{r['rule']} x{r['ratio']:.0f}" for r in superlinear) or "none",
            _mark(not superlinear),
        )
    )

    width = max(len(r[0]) for r in rows)
    print()
    for target, goal, got, verdict in rows:
        print(f"{target:<{width}}  {goal:<18}  {got}  [{verdict}]")
    flags = (" --quick" if args.quick else "") + (" --skip-live" if args.skip_live else "")
    lines = [
        "# devaudit benchmark results",
        "",
        f"Measured {datetime.now(UTC).isoformat(timespec='minutes')} on {_machine()}.",
        f"Command: `make bench` (`python -m bench{flags}`).",
        "Synthetic configs come from `bench/generate.py` (seeded; simulator configs scaled with interfaces and ACLs).",
        "",
        "| target | goal | measured | |",
        "|---|---|---|---|",
        *(f"| {t} | {g} | {m} | {v} |" for t, g, m, v in rows),
        "",
        "## Throughput per platform (20,000-line configs, one process)",
        "",
        "| platform | variant | lines | rules | seconds | lines/s |",
        "|---|---|---:|---:|---:|---:|",
        *(
            f"| {r['platform']} | {r['variant']} | {r['lines']:,} | {r['rules']} | {r['seconds']:.3f} "
            f"| {r['lines_per_s']:,.0f} |"
            for r in tput
        ),
        "",
        "## Costliest rules on a 20,000-line config",
        "",
        "| platform | rule | 2,000 lines (µs) | 20,000 lines (µs) | ratio |",
        "|---|---|---:|---:|---:|",
        *(
            f"| {r['platform']} | {r['rule']} | {r['small_us']:,.0f} | {r['large_us']:,.0f} | {r['ratio']:.1f} |"
            for r in top
        ),
        "",
        "Commands measured: `python -m devaudit audit one.cfg`; "
        f"`python -m devaudit audit CONFIGS/ -j {fleet['jobs']} -f json -o OUT`; "
        "`python -m devaudit audit --inventory INV.yaml -w 64 -f json -o OUT` against `mocks` simulators on 127.0.0.1.",
    ]
    if live and live["first_errors"]:
        lines += ["", "Live-run errors (first three): " + "; ".join(live["first_errors"])]
    if not args.quick:
        RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"\nwritten {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
