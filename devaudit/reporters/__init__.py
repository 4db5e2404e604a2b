"""Report writers: one module per output format, each with ``render(report) -> str``."""

from __future__ import annotations

__all__ = ["FORMATS"]

# Format name -> (module under devaudit.reporters, file extension).
FORMATS: dict[str, tuple[str, str]] = {
    "console": ("console", ""),
    "json": ("json_report", "json"),
    "csv": ("csv_report", "csv"),
    "markdown": ("markdown", "md"),
    "html": ("html", "html"),
    "sarif": ("sarif", "sarif"),
    "junit": ("junit", "xml"),
}
