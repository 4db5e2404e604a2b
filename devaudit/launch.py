"""The ``devaudit`` program: a plain ``devaudit audit`` runs without loading the command-line framework.

The words after ``audit`` are read here only when each is one that ``devaudit.cli`` would read the same way
(a test holds the two readings equal); anything else (help, live collection, an unknown option, a value out
of range, a usage mistake) goes to ``devaudit.cli``, which says what is wrong as usual.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["AUDIT_DEFAULTS", "main", "parse_audit"]

# Every option of ``devaudit audit`` and the value it has when not given (as the command line gives it).
AUDIT_DEFAULTS: dict[str, Any] = {
    "paths": (),
    "platform": None,
    "baselines": (),
    "variables": (),
    "formats": (),
    "fail_on": "high",
    "profiles": (),
    "role": "",
    "tags": (),
    "rule_ids": (),
    "jobs": 0,
    "max_size": 20 * 1024 * 1024,
    "waivers": None,
    "no_waivers": False,
    "share": False,
    "advisory_store": None,
    "no_advisories": False,
    "advisory_max_age": 30,
    "inventory": None,
    "host_patterns": (),
    "workers": 16,
    "retries": 2,
    "trust_on_first_use": False,
    "known_hosts": (),
    "own_known_hosts": None,
    "allow_plaintext_credentials": False,
    "archive": None,
    "keep_secrets": False,
    "use_git": False,
    "engine": None,
    "output_dir": None,
    "verbose": False,
    "details": False,
}


class _Option:
    """How one option of ``audit`` is read: where it goes, what kind of value, repeatable or not.

    (A plain class: the program builds no dataclass before it knows what it runs.)
    """

    __slots__ = ("choices", "dest", "high", "kind", "low", "multiple")

    def __init__(
        self,
        dest: str,
        kind: str,  # "flag", "text", "path", "choice" or "count"
        choices: tuple[str, ...] = (),
        *,
        low: int = 0,
        high: int | None = None,
        multiple: bool = False,
    ) -> None:
        self.dest = dest
        self.kind = kind
        self.choices = choices
        self.low = low
        self.high = high
        self.multiple = multiple


def _options() -> dict[str, _Option]:
    """The options read here: saved-config audits; live collection is left to ``devaudit.cli``."""
    # (Imported here, not at the top: ``main`` turns the pattern store on before anything compiles a pattern.)
    from devaudit.audit_command import FORMAT_CHOICES, PROFILE_CHOICES, SEVERITIES
    from devaudit.platforms import PLATFORM_NAMES

    baseline = _Option("baselines", "path", multiple=True)
    formats = _Option("formats", "choice", FORMAT_CHOICES, multiple=True)
    jobs = _Option("jobs", "count", low=0, high=256)
    output = _Option("output_dir", "path")
    verbose = _Option("verbose", "flag")
    details = _Option("details", "flag")
    return {
        "--platform": _Option("platform", "choice", tuple(PLATFORM_NAMES)),
        "-b": baseline,
        "--baseline": baseline,
        "--var": _Option("variables", "text", multiple=True),
        "-f": formats,
        "--format": formats,
        "--fail-on": _Option("fail_on", "choice", SEVERITIES),
        "--profile": _Option("profiles", "choice", PROFILE_CHOICES, multiple=True),
        "--role": _Option("role", "text"),
        "--tag": _Option("tags", "text", multiple=True),
        "--rule": _Option("rule_ids", "text", multiple=True),
        "-j": jobs,
        "--jobs": jobs,
        "--max-size": _Option("max_size", "count", low=1),
        "--waivers": _Option("waivers", "path"),
        "--no-waivers": _Option("no_waivers", "flag"),
        "--share": _Option("share", "flag"),
        "--no-advisories": _Option("no_advisories", "flag"),
        "--advisory-max-age": _Option("advisory_max_age", "count", low=1),
        "-o": output,
        "--output-dir": output,
        "-v": verbose,
        "--verbose": verbose,
        "-d": details,
        "--details": details,
    }


def _convert(option: _Option, value: str) -> Any:
    """The value as the command line gives it to ``audit``; None when only ``devaudit.cli`` should judge it."""
    if option.kind == "text":
        return value
    if option.kind == "path":
        return Path(value) if value else None
    if option.kind == "choice":
        folded = value.casefold()
        return next((choice for choice in option.choices if choice.casefold() == folded), None)
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    if number < option.low or (option.high is not None and number > option.high):
        return None
    return number


def parse_audit(words: Sequence[str]) -> dict[str, Any] | None:
    """The options of ``devaudit audit WORDS``, exactly as ``devaudit.cli`` reads them; None when any word
    needs ``devaudit.cli`` (help, a live-collection option, an unknown option, a value it would refuse)."""
    options = _options()
    single: dict[str, Any] = {}
    repeated: dict[str, list[Any]] = {}
    paths: list[str] = []
    position = 0
    rest_are_paths = False
    while position < len(words):
        word = words[position]
        position += 1
        if rest_are_paths or word == "-" or not word.startswith("-"):
            paths.append(word)
            continue
        if word == "--":
            rest_are_paths = True
            continue
        if word.startswith("--"):
            name, equals, attached = word.partition("=")
            option = options.get(name)
            if option is None:
                return None
            if option.kind == "flag":
                if equals:
                    return None
                single[option.dest] = True
                continue
            if equals:
                value = attached
            elif position < len(words):
                value = words[position]
                position += 1
            else:
                return None
        else:
            # Short options: flags may be run together (-vd); one that takes a value takes the rest of the
            # word (-j4, -fjson) or else the next word.
            found: _Option | None = None
            for index in range(1, len(word)):
                option = options.get(f"-{word[index]}")
                if option is None:
                    return None
                if option.kind == "flag":
                    single[option.dest] = True
                    continue
                found = option
                attached = word[index + 1 :]
                break
            if found is None:
                continue
            option = found
            if attached:
                value = attached
            elif position < len(words):
                value = words[position]
                position += 1
            else:
                return None
        converted = _convert(option, value)
        if converted is None:
            return None
        if option.multiple:
            repeated.setdefault(option.dest, []).append(converted)
        else:
            single[option.dest] = converted
    return {
        **AUDIT_DEFAULTS,
        **single,
        **{dest: tuple(values) for dest, values in repeated.items()},
        "paths": tuple(paths),
    }


def _audit(opts: dict[str, Any]) -> int | None:
    """Run the audit; None when the command line has a usage problem (``devaudit.cli`` then reports it)."""
    from devaudit import audit_command

    try:
        return audit_command.audit(opts)
    except audit_command.UsageProblem:
        return None
    except (EOFError, KeyboardInterrupt):
        sys.stderr.write("\nAborted!\n")
        return 1
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        # The reader went away (``| head``): say nothing more, and let the final flush go nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def main(argv: Sequence[str] | None = None) -> None:
    """``devaudit [ARGS]``: a plain audit of saved configs here, every other command line in ``devaudit.cli``."""
    words = list(sys.argv[1:] if argv is None else argv)
    # (On Windows the framework expands globs in the arguments itself: it reads every command line there.)
    if words[:1] == ["audit"] and os.name != "nt" and not os.environ.get("_DEVAUDIT_COMPLETE"):
        import gc

        # Start-up makes long-lived objects only (modules, the baseline): collecting them is wasted
        # work. The audit plan freezes them and turns collection back on before the first device.
        gc.disable()
        from devaudit.engine import regex_cache

        # Patterns compile from the programs stored by earlier runs; those this run compiles are stored.
        regex_cache.use_store()
        try:
            opts = parse_audit(words[1:])
            code = _audit(opts) if opts is not None else None
        finally:
            regex_cache.save_store()
        if code is not None:
            sys.exit(code)
        gc.enable()
    from devaudit.cli import main as cli

    cli.main(args=None if argv is None else list(argv))
