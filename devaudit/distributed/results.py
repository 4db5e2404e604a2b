"""A device collected by a worker: the collection as a local run has it, plus the worker's audit result."""

from __future__ import annotations

from dataclasses import dataclass

from devaudit.collect import DeviceCollection
from devaudit.models import DeviceResult

__all__ = ["RemoteCollection"]


@dataclass(frozen=True)
class RemoteCollection(DeviceCollection):
    """What came back for one device (config and outputs redacted); ``result`` is None when not audited."""

    result: DeviceResult | None = None
    queue: str = ""
    worker: str = ""
