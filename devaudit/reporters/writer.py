"""Write a report in every requested format into a directory, each file atomically."""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from devaudit.atomic import DIR_MODE, FILE_MODE, make_private_dirs, write_atomic
from devaudit.models import AuditReport, DeviceResult
from devaudit.reporters import FORMATS
from devaudit.reporters.fixes import render_device, script_path

__all__ = ["LISTED_FIX_SCRIPTS", "FixScriptFolder", "write_fix_scripts", "write_reports"]

# A run names this many fix scripts one by one; past that, only their count and folder.
LISTED_FIX_SCRIPTS = 50


def write_reports(report: AuditReport, formats: Sequence[str], directory: Path) -> list[Path]:
    """Render each file format (console excluded) to ``directory/report.<ext>``; returns the paths."""
    written: list[Path] = []
    for fmt in dict.fromkeys(formats):
        if fmt == "console":
            continue
        module_name, ext = FORMATS[fmt]
        module = importlib.import_module(f"devaudit.reporters.{module_name}")
        path = directory / f"report.{ext}"
        write_atomic(path, module.render(report))
        written.append(path)
    return written


def write_fix_scripts(report: AuditReport, directory: Path) -> list[Path]:
    """One fix script per device with FAILs, under ``directory/fixes/``."""
    written: list[Path] = []
    for device in report.devices:
        script = render_device(device)
        if script:
            path = script_path(directory / "fixes", device)
            write_atomic(path, script, durable=False)
            written.append(path)
    return written


class FixScriptFolder:
    """The ``fixes/`` folder of a fleet run, written device by device into a hidden staging folder.

    ``commit`` moves the finished folder into place with two renames (the previous run's ``fixes/`` is
    removed), so readers never see a half-written script and a fleet costs no rename per device;
    ``abort`` drops the staging folder and leaves the previous ``fixes/`` as it was.
    """

    def __init__(self, directory: Path, *, keep: int | None = None) -> None:
        """``keep``: how many script names to remember (a fleet's run names only the first few)."""
        make_private_dirs(directory)
        self.target = directory / "fixes"
        self.staging = Path(tempfile.mkdtemp(prefix=".fixes.", suffix=".tmp", dir=directory))
        self.names: list[str] = []  # the scripts' file names, the first ``keep`` of them
        self.count = 0  # how many scripts were written
        self._keep = keep

    def write(self, device: DeviceResult) -> None:
        """Add the device's fix script, if it has FAILs with remediation."""
        self.write_script(device, render_device(device))

    def write_script(self, device: DeviceResult, script: str) -> None:
        """Add ``script``, the fix script already rendered for ``device`` (which names the file; "": none)."""
        if script:
            staged = script_path(self.staging, device)
            fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(script)
            self.count += 1
            if self._keep is None or len(self.names) < self._keep:
                self.names.append(staged.name)

    def commit(self) -> None:
        """Replace ``fixes/`` with this run's scripts (no folder when no device has a fix)."""
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=".fixes.", suffix=".old", dir=self.target.parent))
            os.replace(self.target, old / "fixes")
        if self.count:
            os.chmod(self.staging, DIR_MODE)
            os.replace(self.staging, self.target)
        else:
            shutil.rmtree(self.staging, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    @property
    def paths(self) -> list[Path]:
        """Where the scripts are once committed (the first ``keep`` of them)."""
        return [self.target / name for name in self.names]

    def abort(self) -> None:
        """Drop this run's scripts."""
        with contextlib.suppress(OSError):
            shutil.rmtree(self.staging)
