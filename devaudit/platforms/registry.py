"""Which platforms exist: built-ins in an explicit table, others through the ``devaudit.platforms`` entry points.

Nothing is imported until asked for: naming a built-in platform needs no import, reading its descriptor
imports its folder's ``__init__`` only, and the entry points are read the first time a name is not a
built-in or the whole list is wanted. A plug-in that fails to load is reported (``plugin_problems``)
and left out; every other platform still works.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple, TypeVar, overload

from devaudit.platforms.descriptor import Platform

__all__ = [
    "BUILTIN",
    "ENTRY_POINT_GROUP",
    "PlatformTable",
    "PluginProblem",
    "UnknownPlatform",
    "all_platforms",
    "declares",
    "get_platform",
    "is_platform",
    "platform_names",
    "plugin_problems",
]

T = TypeVar("T")

ENTRY_POINT_GROUP = "devaudit.platforms"

# The built-in platforms, in the order devaudit lists them. A folder of this package holding a descriptor
# that this table does not name is a built-in too, listed after these by name: adding a platform is
# adding its folder.
_ORDER: tuple[str, ...] = (
    "cisco_ios",
    "cisco_nxos",
    "cisco_xr",
    "cisco_asa",
    "juniper_junos",
    "arista_eos",
    "huawei_vrp",
    "zte_zxros",
    "hp_comware",
    "nokia_sros",
)


@functools.cache
def _builtin_table() -> Mapping[str, str]:
    names = list(_ORDER)
    here = os.path.dirname(__file__)
    try:
        entries = sorted(os.listdir(here))
    except OSError:  # not on a file system: the table alone
        entries = []
    for entry in entries:
        if entry not in names and entry.isidentifier() and os.path.isfile(os.path.join(here, entry, "__init__.py")):
            names.append(entry)
    return MappingProxyType({name: f"{__package__}.{name}" for name in names})


class _Builtins(Mapping[str, str]):
    """Built-in platform name -> the module whose PLATFORM attribute is its descriptor (read on first use)."""

    def __getitem__(self, name: str) -> str:
        return _builtin_table()[name]

    def __contains__(self, name: object) -> bool:
        return name in _builtin_table()

    def __iter__(self) -> Iterator[str]:
        return iter(_builtin_table())

    def __len__(self) -> int:
        return len(_builtin_table())


BUILTIN: Mapping[str, str] = _Builtins()


class UnknownPlatform(KeyError):
    """A platform name no built-in or installed plug-in provides."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"unknown platform {self.name!r}; known: {', '.join(platform_names())}"


class PluginProblem(NamedTuple):
    """A platform or rule-pack plug-in that could not be used, and why, in plain words."""

    group: str
    name: str
    source: str  # the distribution that declares it
    reason: str


_lock = threading.Lock()
_loaded: dict[str, Platform] = {}
_plugins: dict[str, Platform] = {}
_problems: list[PluginProblem] = []
_scanned = threading.Event()


def _builtin(name: str) -> Platform:
    platform = _loaded.get(name)
    if platform is None:
        module = importlib.import_module(BUILTIN[name])
        platform = module.PLATFORM
        if not isinstance(platform, Platform) or platform.name != name:
            raise TypeError(f"{BUILTIN[name]}.PLATFORM must be the Platform descriptor named {name!r}")
        _loaded[name] = platform
    return platform


def declares(group: str) -> bool:
    """Whether an installed distribution on ``sys.path`` declares entry points of ``group``.

    A text search of the ``entry_points.txt`` files: reading them costs far less than importing
    ``importlib.metadata``, which is needed only when some distribution does declare the group. The
    files are read once for every group asked about (again only if ``sys.path`` changes).
    """
    return f"[{group}]" in _entry_point_files(tuple(sys.path))


@functools.lru_cache(maxsize=4)
def _entry_point_files(path: tuple[str, ...]) -> str:
    """The text of every ``entry_points.txt`` of the distributions in the folders ``path`` names."""
    texts: list[str] = []
    for entry in path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as handle:
                    texts.append(handle.read())
            except OSError:
                continue
    return "\n".join(texts)


def _load_plugins() -> dict[str, Platform]:
    if _scanned.is_set():
        return _plugins
    with _lock:
        if _scanned.is_set():
            return _plugins
        if not declares(ENTRY_POINT_GROUP):
            _scanned.set()
            return _plugins
        from importlib.metadata import entry_points

        found: dict[str, Platform] = {}
        for point in entry_points(group=ENTRY_POINT_GROUP):
            source = point.dist.name if point.dist is not None else "an unknown package"
            problem = _plugin(point.name, point.value, source, point.load, found)
            if problem:
                import logging  # only when a plug-in is broken: an audit need not load it

                _problems.append(PluginProblem(ENTRY_POINT_GROUP, point.name, source, problem))
                log = logging.getLogger(__name__)
                log.warning("platform plug-in %r from %s not loaded: %s", point.name, source, problem)
        _plugins.update(found)
        _scanned.set()
        return _plugins


def _plugin(name: str, value: str, source: str, load: object, found: dict[str, Platform]) -> str:
    """Load one entry point into ``found``; return the problem in plain words, or ''."""
    if name in BUILTIN or name in found:
        return f"the platform name {name!r} is already taken by {'devaudit' if name in BUILTIN else found[name].origin}"
    try:
        loaded = load()  # type: ignore[operator]
        platform = loaded() if callable(loaded) and not isinstance(loaded, Platform) else loaded
    except Exception as exc:  # a broken plug-in must not stop the other platforms
        return f"{value} could not be loaded: {exc}"
    if not isinstance(platform, Platform):
        return f"{value} is not a platform descriptor (devaudit.platforms.Platform)"
    if platform.name != name:
        return f"the entry point is called {name!r} but its descriptor is named {platform.name!r}"
    found[name] = dataclasses.replace(platform, origin=source)
    return ""


def is_platform(name: str) -> bool:
    """Whether ``name`` is a built-in platform or one an installed plug-in provides."""
    return name in BUILTIN or name in _load_plugins()


def get_platform(name: str) -> Platform:
    """The descriptor of platform ``name``; UnknownPlatform (a KeyError) if there is none."""
    if name in BUILTIN:
        return _builtin(name)
    plugin = _load_plugins().get(name)
    if plugin is None:
        raise UnknownPlatform(name)
    return plugin


def platform_names() -> tuple[str, ...]:
    """Every platform name: built-ins in table order, then plug-ins in the order they were found."""
    return (*BUILTIN, *_load_plugins())


def all_platforms() -> tuple[Platform, ...]:
    """Every platform's descriptor (imports each platform's folder)."""
    return tuple(get_platform(name) for name in platform_names())


def plugin_problems() -> tuple[PluginProblem, ...]:
    """The platform plug-ins that could not be loaded, and why."""
    _load_plugins()
    return tuple(_problems)


class PlatformNames(Sequence[str]):
    """Every platform name, read from the registry when first used (membership of a built-in costs nothing)."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and is_platform(name)

    def __iter__(self) -> Iterator[str]:
        return iter(platform_names())

    def __len__(self) -> int:
        return len(platform_names())

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return platform_names()[index]

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Sequence) else other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(platform_names())


class Platforms(Mapping[str, Platform]):
    """Every platform's descriptor by name, each imported when first read."""

    def __getitem__(self, name: str) -> Platform:
        return get_platform(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and is_platform(name)

    def __iter__(self) -> Iterator[str]:
        return iter(platform_names())

    def __len__(self) -> int:
        return len(platform_names())

    def __repr__(self) -> str:
        return f"Platforms({', '.join(platform_names())})"


class PlatformTable(Mapping[str, T]):
    """A table derived from the descriptors: platform name -> what ``pick`` reads from its descriptor.

    Platforms for which ``pick`` returns None have no entry. Nothing is read until a name is looked up.
    """

    def __init__(self, pick: Callable[[Platform], T | None]) -> None:
        self._pick = pick

    def __getitem__(self, name: str) -> T:
        if not is_platform(name):
            raise KeyError(name)
        value = self._pick(get_platform(name))
        if value is None:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name in platform_names() if self._pick(get_platform(name)) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)
