"""Third-party rule packs: folders of baseline YAML that installed packages declare as ``devaudit.packs`` entry points.

An entry point names a package (``acme_rules = "acme_devaudit.baselines"``: the package's folder is the pack)
or an attribute holding the folder (``"acme_devaudit:BASELINES"``, a path or a function returning one).
The default baseline is the shipped packs plus every installed pack. A pack that cannot be found is
reported (``pack_problems``) and left out; the others still load.
"""

from __future__ import annotations

import functools
import importlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from devaudit.platforms import PluginProblem
from devaudit.platforms.registry import declares

if TYPE_CHECKING:  # pragma: no cover - read only when a package declares rule packs
    from importlib.metadata import EntryPoint

__all__ = ["ENTRY_POINT_GROUP", "Pack", "installed_packs", "pack_problems"]

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "devaudit.packs"


@dataclass(frozen=True, slots=True)
class Pack:
    """An installed third-party rule pack: its entry-point name, folder and distribution."""

    name: str
    path: Path
    origin: str


def _folder(point: EntryPoint) -> Path:
    module_name, _, attr = point.value.partition(":")
    module = importlib.import_module(module_name.strip())
    if attr:
        target = getattr(module, attr.strip())
        target = target() if callable(target) else target
        return Path(str(target))
    locations = getattr(module, "__path__", None)
    if locations:
        return Path(next(iter(locations)))
    if module.__file__ is None:
        raise ValueError(f"{module_name} has no folder")
    return Path(module.__file__).parent


@functools.cache
def _scan() -> tuple[tuple[Pack, ...], tuple[PluginProblem, ...]]:
    if not declares(ENTRY_POINT_GROUP):
        return (), ()
    from importlib.metadata import entry_points

    packs: list[Pack] = []
    problems: list[PluginProblem] = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        source = point.dist.name if point.dist is not None else "an unknown package"
        try:
            folder = _folder(point)
        except Exception as exc:  # a broken pack must not stop the others
            reason = f"{point.value} could not be loaded: {exc}"
        else:
            if folder.is_dir():
                packs.append(Pack(point.name, folder, source))
                continue
            reason = f"{point.value} names {folder}, which is not a folder"
        problems.append(PluginProblem(ENTRY_POINT_GROUP, point.name, source, reason))
        log.warning("rule pack %r from %s not loaded: %s", point.name, source, reason)
    return tuple(packs), tuple(problems)


def installed_packs() -> tuple[Pack, ...]:
    """Every third-party rule pack installed, in the order the entry points were found."""
    return _scan()[0]


def pack_problems() -> tuple[PluginProblem, ...]:
    """The rule-pack entry points that could not be used, and why."""
    return _scan()[1]
