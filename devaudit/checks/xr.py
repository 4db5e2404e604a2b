"""Python checks for xr rules (referenced from YAML as ``xr.<name>``)."""

from __future__ import annotations

from collections.abc import Mapping

from devaudit.engine.outcome import PythonCheck

__all__ = ["CHECKS"]

CHECKS: Mapping[str, PythonCheck] = {}
