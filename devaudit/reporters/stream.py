"""Streaming report writers for fleets: devices are written as they are audited and then dropped.

The JSON written here is the text ``json_report.render`` produces for the same devices; CSV rows are
identical too. Only per-device counts stay in memory, for the summary and the exit code. JSON goes to
``report.json`` in a folder or, with no folder, to a text stream such as stdout.

A device reaches the writer as a ``DeviceEntry``: its JSON line, CSV rows and fix script already rendered
(``prepare_entry``, run by the worker process that audited it), so the writing process only counts and
appends text.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from devaudit.atomic import FILE_MODE, make_private_dirs
from devaudit.models import AuditReport, DeviceResult, DeviceStatus, Severity, Status
from devaudit.reporters.json_report import device_json, document_head, document_tail

if TYPE_CHECKING:  # pragma: no cover
    from devaudit.reporters.console import DeviceRow
    from devaudit.reporters.writer import FixScriptFolder

__all__ = ["STREAMABLE", "DeviceEntry", "EntryParts", "StreamWriter", "Tally", "prepare_entry"]

STREAMABLE = frozenset({"json", "csv"})


@dataclass(frozen=True, slots=True)
class EntryParts:
    """Which renderings a ``DeviceEntry`` carries (the report files and views a run writes)."""

    json: bool = True
    csv: bool = False
    fixes: bool = False
    fleet_row: bool = False  # the console fleet table's row and the device's failing rules


@dataclass(frozen=True, slots=True)
class DeviceEntry:
    """One audited device, ready to write: rendered text and the counts the summary and exit code need."""

    name: str
    source: str
    identity: str
    status: DeviceStatus
    error: str
    results: tuple[tuple[str, int], ...]  # (finding status, count) for each status present
    worst_fail: int  # the rank of the most severe FAIL, -1 with none
    json: str = ""  # the device's compact JSON object (json_report.device_json)
    csv: str = ""  # its CSV rows, without the header
    fix_script: str = ""  # its fix script ("" when it has none)
    row: DeviceRow | None = None
    fails: tuple[tuple[str, Severity, str], ...] = ()  # (rule ID, severity, title) of each FAIL, in order


def prepare_entry(device: DeviceResult, parts: EntryParts) -> DeviceEntry:
    """Render ``device`` for a stream writer: the same text its ``StreamWriter.write`` would produce."""
    counts: Counter[str] = Counter()
    worst = -1
    fails: list[tuple[str, Severity, str]] = []
    for finding in device.findings:
        counts[finding.status.value] += 1
        if finding.status is Status.FAIL:
            worst = max(worst, finding.severity.rank)
            if parts.fleet_row:
                fails.append((finding.rule_id, finding.severity, finding.title))
    csv = script = ""
    row = None
    if parts.csv:
        from devaudit.reporters import csv_report

        csv = csv_report.render(AuditReport((device,), "", "", "")).split("\n", 1)[1]
    if parts.fixes:
        from devaudit.reporters.fixes import render_device

        script = render_device(device)
    if parts.fleet_row:
        from devaudit.reporters.console import DeviceRow

        row = DeviceRow.of(device)
    return DeviceEntry(
        name=device.name,
        source=device.source,
        identity=device.identity,
        status=device.status,
        error=device.error,
        results=tuple(counts.items()),
        worst_fail=worst,
        json=device_json(device) if parts.json else "",
        csv=csv,
        fix_script=script,
        row=row,
        fails=tuple(fails),
    )


@dataclass
class Tally:
    """What a streamed run still needs at the end: counts, errors, the worst failing severity."""

    devices: int = 0
    devices_error: int = 0
    devices_fail: int = 0
    results: Counter[str] = field(default_factory=Counter)
    worst_fail: int = -1

    def add(self, entry: DeviceEntry) -> None:
        self.devices += 1
        self.devices_error += entry.status is DeviceStatus.ERROR
        self.devices_fail += entry.status is DeviceStatus.FAIL
        for status, count in entry.results:
            self.results[status] += count
        self.worst_fail = max(self.worst_fail, entry.worst_fail)


class _AtomicFile:
    def __init__(self, path: Path) -> None:
        make_private_dirs(path.parent)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.path = path
        self.handle: IO[str] = os.fdopen(fd, "w", encoding="utf-8")

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.tmp, FILE_MODE)
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.handle.close()
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)


class StreamWriter:
    """Write ``report.json`` / ``report.csv`` and the fix scripts device by device into ``directory``.

    With ``directory`` None the JSON document goes to ``stdout`` instead (JSON only, no fix scripts).
    """

    def __init__(
        self,
        directory: Path | None,
        formats: frozenset[str],
        header: AuditReport,
        *,
        stdout: IO[str] | None = None,
    ) -> None:
        self.header = header
        self.tally = Tally()
        self.files: dict[str, _AtomicFile] = {}
        self.fixes: FixScriptFolder | None = None
        self.json: IO[str] | None = stdout
        if directory is None:
            if stdout is None or formats != {"json"}:
                raise ValueError("without a folder only JSON can be streamed, to stdout")
        else:
            if "json" in formats:
                self.json = (self.files.setdefault("json", _AtomicFile(directory / "report.json"))).handle
            if "csv" in formats:
                from devaudit.reporters import csv_report

                out = self.files["csv"] = _AtomicFile(directory / "report.csv")
                out.handle.write(csv_report.render(AuditReport((), "", "", "", header.fail_on)))
            from devaudit.reporters.writer import LISTED_FIX_SCRIPTS, FixScriptFolder

            # A fleet's run keeps only the names it may list (one more tells that there are more).
            self.fixes = FixScriptFolder(directory, keep=LISTED_FIX_SCRIPTS + 1)
        if self.json is not None:
            self.json.write(document_head(header))
        self.parts = EntryParts(json=self.json is not None, csv="csv" in self.files, fixes=self.fixes is not None)
        self._first = True

    def write(self, device: DeviceResult) -> None:
        """Append one device."""
        self.write_entry(prepare_entry(device, self.parts))

    def write_entry(self, entry: DeviceEntry) -> None:
        """Append one device prepared by ``prepare_entry`` (with at least this writer's ``parts``)."""
        self.tally.add(entry)
        if self.json is not None:
            self.json.write(("\n    " if self._first else ",\n    ") + entry.json)
        if "csv" in self.files:
            self.files["csv"].handle.write(entry.csv)
        if self.fixes is not None and entry.fix_script:
            named = DeviceResult(entry.name, entry.source, "", entry.status, identity=entry.identity)
            self.fixes.write_script(named, entry.fix_script)
        self._first = False

    def close(self, warnings: tuple[str, ...] = ()) -> None:
        """Finish the documents and move them (and the fix scripts) into place."""
        if self.json is not None:
            tally = self.tally
            summary = {
                "devices": tally.devices,
                "devices_error": tally.devices_error,
                "devices_fail": tally.devices_fail,
                "results": {status.value: tally.results.get(status.value, 0) for status in Status},
            }
            self.json.write(document_tail(summary, warnings, empty=self._first))
            self.json.flush()
        for file in self.files.values():
            file.commit()
        if self.fixes is not None:
            self.fixes.commit()

    def abort(self) -> None:
        """Drop the partial files."""
        for file in self.files.values():
            file.abort()
        if self.fixes is not None:
            self.fixes.abort()
