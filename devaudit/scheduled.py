"""Unattended runs (cron, systemd timers): one lock, timestamped run directories, an atomic ``latest``.

``DIR/runs/<timestamp>/`` holds a complete run (reports, fix scripts, drift against the previous run);
it is built under ``DIR/runs/.incomplete-*`` and renamed only when complete, then ``DIR/latest`` is
switched to it with an atomic symlink replace, so a killed run never leaves a half-written ``latest``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from devaudit.atomic import DIR_MODE, FILE_MODE, describe_os_error, make_private_dirs, write_atomic
from devaudit.errors import OutputError
from devaudit.history import Drift, annotate, diff_reports, load_report
from devaudit.models import AuditReport, DeviceStatus, Status
from devaudit.reporters import json_report
from devaudit.reporters.writer import write_fix_scripts, write_reports

__all__ = ["RunLocked", "RunResult", "run_once", "summary_line"]

INCOMPLETE_PREFIX = ".incomplete-"


class RunLocked(Exception):
    """Another run holds the lock on this output directory."""


@dataclass(frozen=True)
class RunResult:
    """Where a finished run went and what changed."""

    directory: Path
    report: AuditReport
    drift: Drift | None
    previous_problem: str = ""


def _open_lock(lock_path: Path) -> int:
    """Open (creating if needed) the lock file without following a link planted in its place.

    The lock is created with O_CREAT|O_EXCL|O_NOFOLLOW; an existing one is opened with O_NOFOLLOW and
    must be a regular file with a single link, so a symlink or hard link to another file is never written.
    """
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    try:
        try:
            fd = os.open(lock_path, flags | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            fd = os.open(lock_path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(
                str(lock_path), "it is a symbolic link; devaudit does not follow links for its lock file"
            ) from None
        raise OutputError(str(lock_path), describe_os_error(exc)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        what = "not a regular file" if not stat.S_ISREG(info.st_mode) else "a hard link to another file"
        raise OutputError(str(lock_path), f"it is {what}; devaudit only locks with a file of its own")
    return fd


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    try:
        make_private_dirs(directory)
    except OSError as exc:
        raise OutputError(str(directory), describe_os_error(exc)) from None
    lock_path = directory / ".devaudit.lock"
    handle = os.fdopen(_open_lock(lock_path), "r+")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunLocked(f"another devaudit run holds {lock_path}; not starting a second one") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


def _previous(directory: Path) -> tuple[dict[str, Any] | None, str]:
    """The previous run's report, or None and why it cannot be used ('' when there is none)."""
    latest = directory / "latest"
    if not latest.exists():
        return None, ""
    try:
        return load_report(latest), ""
    except ValueError as exc:
        return None, f"previous report ignored, drift starts again from this run: {exc}"


def _publish(directory: Path, run_dir: Path) -> None:
    link = directory / "latest"
    tmp = directory / f".latest-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(os.path.relpath(run_dir, directory), tmp)
    os.replace(tmp, link)


def _retain(runs: Path, keep: int, current: Path) -> None:
    complete = sorted(p for p in runs.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in complete[: max(0, len(complete) - keep)]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)


def run_once(
    directory: Path,
    make_report: Callable[[], AuditReport],
    *,
    formats: Sequence[str] = ("json",),
    keep: int = 30,
    now: datetime | None = None,
) -> RunResult:
    """One complete scheduled run under the lock; raises RunLocked when another run is active.

    A write that fails (disk full, permissions) raises OutputError: the partial run stays under
    ``runs/.incomplete-*`` (removed by the next run) and ``latest`` still points at the last complete run.
    """
    with _locked(directory):
        try:
            return _run_locked(directory, make_report, formats, keep, now)
        except OSError as exc:
            raise OutputError(str(exc.filename or directory), describe_os_error(exc)) from None


def _run_locked(
    directory: Path,
    make_report: Callable[[], AuditReport],
    formats: Sequence[str],
    keep: int,
    now: datetime | None,
) -> RunResult:
    runs = directory / "runs"
    runs.mkdir(mode=DIR_MODE, exist_ok=True)
    for stale in runs.glob(INCOMPLETE_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    work = runs / f"{INCOMPLETE_PREFIX}{stamp}-{os.getpid()}"
    work.mkdir(mode=DIR_MODE)
    previous, problem = _previous(directory)
    report = annotate(make_report(), previous)
    if problem:
        report = dataclasses.replace(report, warnings=(*report.warnings, problem))
    write_reports(report, tuple(dict.fromkeys(("json", *formats))), work)
    write_fix_scripts(report, work)
    drift = diff_reports(previous, json_report.report_to_dict(report)) if previous is not None else None
    if drift is not None:
        payload = {"new": drift.new, "resolved": drift.resolved, "persisting": drift.persisting}
        write_atomic(work / "drift.json", json.dumps(payload, indent=2) + "\n")
    final = runs / stamp
    suffix = 1
    while final.exists():
        suffix += 1
        final = runs / f"{stamp}-{suffix}"
    os.rename(work, final)
    _publish(directory, final)
    _retain(runs, keep, final)
    return RunResult(final, report, drift, problem)


def summary_line(result: RunResult) -> str:
    """The one-line summary a cron job prints."""
    report = result.report
    errors = sum(1 for d in report.devices if d.status is DeviceStatus.ERROR)
    fails = sum(1 for d in report.devices for f in d.findings if f.status is Status.FAIL)
    waived = sum(1 for d in report.devices for f in d.findings if f.status is Status.WAIVED)
    if result.drift is not None:
        drift = f" ({result.drift.summary()})"
    else:
        drift = f" ({result.previous_problem})" if result.previous_problem else " (first run)"
    return (
        f"devaudit run {report.generated_at}: {len(report.devices)} device(s), {errors} error(s), "
        f"{fails} FAIL, {waived} WAIVED{drift}; {result.directory / 'report.json'}"
    )
