"""Load benchmark: collect running configs from N generated devices with netmiko in a thread pool."""

from __future__ import annotations

import resource
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from mocks.device import DeviceSpec
from mocks.fleet import Fleet

__all__ = ["Sample", "run_benchmark"]


@dataclass(frozen=True, slots=True)
class Sample:
    """One device's collection: timings, and whether the config came back identical."""

    name: str
    platform: str
    connect_seconds: float
    session_seconds: float
    identical: bool
    error: str | None = None


def _expected(device: DeviceSpec) -> str:
    body = device.config.removesuffix("\n")
    return body + ("\n" if device.profile.blank_line_after_output else "")


def _collect(fleet: Fleet, device: DeviceSpec) -> Sample:
    from netmiko import ConnectHandler

    started = time.perf_counter()
    connected = started
    try:
        connection = ConnectHandler(**fleet.netmiko_params(device.name))
        connected = time.perf_counter()
        try:
            profile = device.profile
            if profile.enable is not None and profile.user_prompt is not None:
                connection.enable()
            output = str(connection.send_command(profile.config_commands[0], read_timeout=60))
        finally:
            connection.disconnect()
    except Exception as exc:  # a benchmark reports failures instead of stopping at the first one
        now = time.perf_counter()
        return Sample(device.name, device.platform, connected - started, now - started, False, repr(exc))
    identical = output.replace("\r\n", "\n") == _expected(device)
    return Sample(device.name, device.platform, connected - started, time.perf_counter() - started, identical)


def run_benchmark(
    count: int, *, platforms: Sequence[str] | None = None, workers: int = 50, config_lines: int | None = None
) -> int:
    """Run the benchmark, print a report, and return a process exit code (0 when every config matched)."""
    fleet = Fleet.generate(count, platforms=platforms, config_lines=config_lines)
    started = time.perf_counter()
    fleet.start()
    start_seconds = time.perf_counter() - started
    try:
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            samples = list(pool.map(lambda d: _collect(fleet, d), fleet.devices))
        wall = time.perf_counter() - began
    finally:
        stopped = time.perf_counter()
        fleet.stop()
        stop_seconds = time.perf_counter() - stopped
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    by_platform: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_platform[sample.platform].append(sample)
    print(f"{'platform':<20} {'n':>4} {'connect mean':>13} {'session mean':>13} {'session max':>12} {'ok':>4}")
    for platform, group in sorted(by_platform.items()):
        print(
            f"{platform:<20} {len(group):>4} {statistics.mean(s.connect_seconds for s in group):>12.2f}s "
            f"{statistics.mean(s.session_seconds for s in group):>12.2f}s "
            f"{max(s.session_seconds for s in group):>11.2f}s {sum(s.identical for s in group):>4}"
        )
    failures = [s for s in samples if not s.identical]
    for sample in failures[:10]:
        print(f"FAILED {sample.name} ({sample.platform}): {sample.error or 'config differs'}")
    print(
        f"{count} devices: fleet start {start_seconds * 1000:.0f} ms, collection {wall:.2f} s with {workers} "
        f"workers, stop {stop_seconds * 1000:.0f} ms, peak RSS {rss_mib:.0f} MiB, "
        f"{count - len(failures)}/{count} identical"
    )
    return 0 if not failures else 1
