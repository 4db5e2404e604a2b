"""Streaming report writers for fleets: devices are written as they are audited and then dropped.

The JSON written here is the text ``json_report.render`` produces for the same devices; CSV rows are
identical too. Only per-device counts stay in memory, for the summary and the exit code. JSON goes to
``report.json`` in a folder or, with no folder, to a text stream such as stdout.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from devaudit.atomic import FILE_MODE, make_private_dirs
from devaudit.models import AuditReport, DeviceResult, DeviceStatus, Status
from devaudit.reporters.json_report import device_text, document_head, document_tail

if TYPE_CHECKING:  # pragma: no cover
    from devaudit.reporters.writer import FixScriptFolder

__all__ = ["STREAMABLE", "StreamWriter", "Tally"]

STREAMABLE = frozenset({"json", "csv"})


@dataclass
class Tally:
    """What a streamed run still needs at the end: counts, errors, the worst failing severity."""

    devices: int = 0
    devices_error: int = 0
    devices_fail: int = 0
    results: Counter[str] = field(default_factory=Counter)
    worst_fail: int = -1

    def add(self, device: DeviceResult) -> None:
        self.devices += 1
        self.devices_error += device.status is DeviceStatus.ERROR
        self.devices_fail += device.status is DeviceStatus.FAIL
        for finding in device.findings:
            self.results[finding.status.value] += 1
            if finding.status is Status.FAIL:
                self.worst_fail = max(self.worst_fail, finding.severity.rank)


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
            from devaudit.reporters.writer import FixScriptFolder

            self.fixes = FixScriptFolder(directory)
        if self.json is not None:
            self.json.write(document_head(header))
        self._first = True

    def write(self, device: DeviceResult) -> None:
        """Append one device."""
        self.tally.add(device)
        if self.json is not None:
            self.json.write(device_text(device, first=self._first))
        if "csv" in self.files:
            from devaudit.reporters import csv_report

            rows = csv_report.render(AuditReport((device,), "", "", "", self.header.fail_on))
            self.files["csv"].handle.write(rows.split("\n", 1)[1])
        if self.fixes is not None:
            self.fixes.write(device)
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
