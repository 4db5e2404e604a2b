"""Platforms: one folder and one descriptor each; built-ins in an explicit table, plug-ins by entry point.

``PLATFORMS`` and ``PLATFORM_NAMES`` are read-only views of the registry: a built-in platform's folder
is imported the first time its descriptor is read, and installed plug-ins are looked up only when a
name is not a built-in or the whole list is wanted.
"""

from __future__ import annotations

from devaudit.platforms.descriptor import Completeness, Facts, Lazy, Platform, PlatformDescriptor
from devaudit.platforms.registry import (
    BUILTIN,
    ENTRY_POINT_GROUP,
    PlatformNames,
    Platforms,
    PlatformTable,
    PluginProblem,
    UnknownPlatform,
    all_platforms,
    get_platform,
    is_platform,
    platform_names,
    plugin_problems,
)

__all__ = [
    "BUILTIN",
    "ENTRY_POINT_GROUP",
    "PLATFORMS",
    "PLATFORM_NAMES",
    "Completeness",
    "Facts",
    "Lazy",
    "Platform",
    "PlatformDescriptor",
    "PlatformTable",
    "PluginProblem",
    "UnknownPlatform",
    "all_platforms",
    "get_platform",
    "is_platform",
    "platform_names",
    "plugin_problems",
]

PLATFORMS: Platforms = Platforms()
PLATFORM_NAMES: PlatformNames = PlatformNames()
