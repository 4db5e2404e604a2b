"""Write a report in every requested format into a directory, each file atomically."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

from devaudit.atomic import write_atomic
from devaudit.models import AuditReport
from devaudit.reporters import FORMATS
from devaudit.reporters.fixes import render_device, script_path

__all__ = ["write_fix_scripts", "write_reports"]


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
