"""A digest of a compiled baseline, so a worker proves it audits with the coordinator's rules."""

from __future__ import annotations

import hashlib
import json

from devaudit.engine.loader import Baseline

__all__ = ["baseline_digest"]


def baseline_digest(baseline: Baseline) -> str:
    """SHA-256 over every rule's definition, the variables and the platform defaults."""
    body = {
        "rules": [compiled.rule.model_dump(mode="json") for compiled in baseline.rules],
        "variables": baseline.variables,
        # Name, value and release range only: a default read from the baseline cache and one read from its
        # pack are different types with the same meaning.
        "defaults": {
            platform: [[entry.name, entry.value, entry.versions] for entry in entries]
            for platform, entries in baseline.defaults.items()
        },
    }
    text = json.dumps(body, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
