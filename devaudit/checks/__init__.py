"""Python checks for what the rule language cannot express, in an explicit table of modules.

A rule names a built-in check as ``<module>.<check>`` (e.g. ``cisco.vty_acl_restricted``), looked up in
the ``CHECKS`` table of ``devaudit.checks.<module>``, or an outside check as ``package.module:function``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from devaudit.engine.outcome import PythonCheck

__all__ = ["BUILTIN_MODULES", "resolve_check"]

BUILTIN_MODULES = ("common", "cisco", "nxos", "xr", "eos", "junos", "huawei", "comware", "zte", "sros")


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
    if module_name not in BUILTIN_MODULES or not check:
        raise LookupError(
            f"unknown python check {name!r}: use <module>.<check> with module one of "
            f"{', '.join(BUILTIN_MODULES)}, or package.module:function"
        )
    module = importlib.import_module(f"devaudit.checks.{module_name}")
    table: Mapping[str, PythonCheck] = module.CHECKS
    if check not in table:
        raise LookupError(f"no check {check!r} in devaudit.checks.{module_name}; known: {', '.join(sorted(table))}")
    return table[check]
