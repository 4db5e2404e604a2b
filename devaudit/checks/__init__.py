"""Python checks for what the rule language cannot express, in the modules the platform descriptors name.

A rule names a check as ``<platform>.<check>`` (e.g. ``cisco_ios.ios_banner_text``): the check is looked up
in the ``CHECKS`` table of the module the platform's descriptor names as its ``check_module`` (its folder's
``checks.py``), or ``common.<check>`` for checks every platform shares. An outside check is named
``package.module:function``.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping

from devaudit.engine.outcome import PythonCheck
from devaudit.platforms import all_platforms

__all__ = ["COMMON_MODULE", "check_modules", "resolve_check"]

# Checks shared by every platform; each platform's own module is named by its descriptor.
COMMON_MODULE = "devaudit.checks.common"


@functools.cache
def check_modules() -> Mapping[str, str]:
    """The name rules use -> module: ``common``, then each platform's check module by the platform's name."""
    modules = {"common": COMMON_MODULE}
    for platform in all_platforms():
        if platform.check_module:
            modules.setdefault(platform.name, platform.check_module)
    return modules


def resolve_check(name: str) -> PythonCheck:
    """Find the check called ``name``; raise LookupError with a helpful message."""
    if ":" in name:
        module_name, _, attr = name.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise LookupError(f"cannot import {module_name!r} for python check {name!r}: {exc}") from None
        fn = getattr(module, attr, None)
        if not callable(fn):
            raise LookupError(f"{module_name!r} has no callable {attr!r}")
        return fn  # type: ignore[no-any-return]
    module_name, _, check = name.partition(".")
    modules = check_modules()
    if module_name not in modules or not check:
        raise LookupError(
            f"unknown python check {name!r}: use <module>.<check> with module one of "
            f"{', '.join(modules)}, or package.module:function"
        )
    module = importlib.import_module(modules[module_name])
    table: Mapping[str, PythonCheck] = module.CHECKS
    if check not in table:
        raise LookupError(f"no check {check!r} in {modules[module_name]}; known: {', '.join(sorted(table))}")
    return table[check]
