"""Streaming report writers for fleets: devices are written as they are audited and then dropped.

The JSON written here is the same document ``json_report.render`` produces (same schema); CSV rows are
identical too. Only per-device counts stay in memory, for the summary and the exit code.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from devaudit.atomic import FILE_MODE, make_private_dirs
from devaudit.models import AuditReport, DeviceResult, DeviceStatus, Severity, Status
from devaudit.reporters import csv_report
from devaudit.reporters.json_report import SCHEMA_VERSION, device_to_dict

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
    """Write ``report.json`` / ``report.csv`` device by device into ``directory``."""

    def __init__(self, directory: Path, formats: frozenset[str], header: AuditReport) -> None:
        self.header = header
        self.tally = Tally()
        self.files: dict[str, _AtomicFile] = {}
        if "json" in formats:
            out = self.files["json"] = _AtomicFile(directory / "report.json")
            prefix = {
                "schema_version": SCHEMA_VERSION,
                "tool": {"name": "devaudit", "version": header.tool_version},
                "generated_at": header.generated_at,
                "baseline": header.baseline,
                "fail_on": header.fail_on.value,
            }
            out.handle.write(json.dumps(prefix, indent=2, ensure_ascii=False)[:-2] + ',\n  "devices": [')
        if "csv" in formats:
            out = self.files["csv"] = _AtomicFile(directory / "report.csv")
            out.handle.write(csv_report.render(AuditReport((), "", "", "", Severity.HIGH)))
        self._first = True

    def write(self, device: DeviceResult) -> None:
        """Append one device."""
        self.tally.add(device)
        if "json" in self.files:
            # One compact line per device: the C encoder is several times faster than indented output.
            chunk = json.dumps(device_to_dict(device), ensure_ascii=False, separators=(",", ":"))
            self.files["json"].handle.write(("\n    " if self._first else ",\n    ") + chunk)
        if "csv" in self.files:
            rows = csv_report.render(AuditReport((device,), "", "", "", Severity.HIGH))
            self.files["csv"].handle.write(rows.split("\n", 1)[1])
        self._first = False

    def close(self, warnings: tuple[str, ...] = ()) -> None:
        """Finish the documents and move them into place."""
        if "json" in self.files:
            tally = self.tally
            tail = {
                "summary": {
                    "devices": tally.devices,
                    "devices_error": tally.devices_error,
                    "devices_fail": tally.devices_fail,
                    "results": {status.value: tally.results.get(status.value, 0) for status in Status},
                },
                "warnings": list(warnings),
            }
            body = json.dumps(tail, indent=2, ensure_ascii=False)[1:]
            self.files["json"].handle.write(("\n  ]," if not self._first else "],") + body + "\n")
        for file in self.files.values():
            file.commit()

    def abort(self) -> None:
        """Drop the partial files."""
        for file in self.files.values():
            file.abort()
