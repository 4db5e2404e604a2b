"""Python checks for what the rule language cannot express, in the modules the platform descriptors name.

A rule names a check as ``<module>.<check>`` (e.g. ``cisco.vty_acl_restricted``): ``<module>`` is the last
part of a platform descriptor's ``check_module`` in this package (or ``common``), or the platform's name
when its check module is elsewhere (its own folder); the check is looked up in that module's ``CHECKS``
table. An outside check is named ``package.module:function``.
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
    """Short module name -> module, for ``common`` and every platform's check module."""
    modules = {"common": COMMON_MODULE}
    for platform in all_platforms():
        module = platform.check_module
        if module:
            # devaudit.checks.cisco is 'cisco'; a module in a platform's own folder goes by the platform's name.
            short = module.rsplit(".", 1)[-1] if module.startswith("devaudit.checks.") else platform.name
            modules.setdefault(short, module)
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
