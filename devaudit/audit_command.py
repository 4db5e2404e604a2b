"""The audit command's work: plan, audit, write the reports, exit code; free of the command-line framework.

``devaudit.cli`` declares the options; ``devaudit.launch`` runs a plain ``devaudit audit`` straight from here,
so that auditing one file imports only what that audit and its output format need.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:  # pragma: no cover
    from devaudit.engine.loader import Baseline
    from devaudit.models import AuditReport, DeviceResult
    from devaudit.reporters.stream import DeviceEntry, EntryParts, Tally

__all__ = [
    "EXIT_BAD_CONFIG",
    "EXIT_DEVICE_ERROR",
    "EXIT_FINDINGS",
    "EXIT_LOCKED",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_USAGE",
    "FORMAT_CHOICES",
    "PROFILE_CHOICES",
    "ROLE_CHOICES",
    "SEVERITIES",
    "UsageProblem",
    "audit",
    "build_report",
    "echo",
    "exit_code",
    "output_guard",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_DEVICE_ERROR = 3
EXIT_BAD_CONFIG = 4
EXIT_LOCKED = 5
EXIT_OUTPUT = 6

FORMAT_CHOICES = ("console", "json", "csv", "markdown", "html", "sarif", "junit")
SEVERITIES = ("critical", "high", "medium", "low", "info")
# The rule language's profiles and roles (devaudit.engine.rules.PROFILES / ROLES; a test keeps them equal):
# repeated here so that --help does not import pydantic.
PROFILE_CHOICES = ("cis-level1", "cis-level2", "stig", "nsa", "vendor")
ROLE_CHOICES = ("router", "access-switch", "l3switch", "perimeter", "core", "olt", "firewall")


class UsageProblem(Exception):
    """A command line that cannot run; ``option`` names the option at fault, if one is."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.option = option


def echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Write a line for the user to standard output (or error) and flush it."""
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{message}\n" if nl else message)
    stream.flush()


def _usage_error(message: str) -> NoReturn:
    """Say what is wrong with the command line and exit with the usage-error code."""
    echo(f"devaudit: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _parse_vars(values: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not values:
        return out
    import yaml

    for item in values:
        name, sep, raw = item.partition("=")
        if not sep or not name:
            raise UsageProblem(f"{item!r} is not NAME=VALUE", option="--var")
        out[name] = yaml.safe_load(raw)
    return out


@dataclass
class _Plan:
    """What an audit run will do, prepared from the options (fails early on invalid files)."""

    opts: dict[str, Any]
    baseline: Any
    refs: Iterable[Any]  # read once, as the audit goes (``walk.InputWalk``)
    problems: list[str]
    skipped: list[str]
    options: Any
    spec: Any
    waivers: Any
    header: AuditReport
    notes: tuple[str, ...] = ()
    pseudonyms: Any = None

    def devices(self) -> Iterator[Any]:
        """Every device result, files first then live devices, waivers and --share applied, as they come."""
        from devaudit.runner import audit_inputs

        opts = self.opts
        pseudonyms = None
        if opts["share"]:
            from devaudit.share import Pseudonymiser, pseudonymise_device

            pseudonyms = self.pseudonyms = Pseudonymiser()

        def finish(device: Any) -> Any:
            if self.waivers is not None:
                device = self.waivers.apply(device)
            if pseudonyms is not None:
                device = pseudonymise_device(pseudonyms, device)
            return device

        for device in audit_inputs(self.refs, self.baseline, self.options, jobs=self._jobs(), spec=self.spec):
            yield finish(device)
        for device in self._live():
            yield finish(device)

    def entries(self, parts: EntryParts) -> Iterator[DeviceEntry]:
        """What ``devices`` gives, each device prepared for a stream writer (``stream.prepare_entry``).

        Files are prepared by the worker that audited them, unless waivers or --share must see every
        device in this process first (they keep state across devices).
        """
        from functools import partial

        from devaudit.reporters.stream import prepare_entry
        from devaudit.runner import audit_prepared

        prepare = partial(prepare_entry, parts=parts)
        if self.waivers is not None or self.opts["share"]:
            yield from map(prepare, self.devices())
            return
        yield from audit_prepared(self.refs, self.baseline, self.options, prepare, jobs=self._jobs(), spec=self.spec)
        yield from map(prepare, self._live())

    def _jobs(self) -> int:
        return int(self.opts["jobs"] or os.cpu_count() or 1)

    def _live(self) -> Iterator[Any]:
        """The live devices' results (none without --inventory)."""
        if self.opts["inventory"] is None:
            return
        from devaudit.cli import live_collect
        from devaudit.live import results_for

        collections = live_collect(self.opts, self.baseline, self.options, self.spec)
        yield from results_for(collections, self.baseline, self.options)

    def warnings(self) -> tuple[str, ...]:
        """Input problems and waiver notes (complete once ``devices`` is exhausted)."""
        notes = self.waivers.warnings() if self.waivers is not None else ()
        for note in notes:
            echo(f"devaudit: {note}", err=True)
        everything = (*self.problems, *self.skipped, *self.notes, *notes)
        if self.pseudonyms is not None:  # --share: input paths and names in the notes too
            return tuple(self.pseudonyms.text(w) for w in everything)
        return everything


def _check_role(given: str) -> str:
    role = given.strip().lower()
    if role and role not in ROLE_CHOICES:
        _usage_error(f"--role {given}: unknown role; known roles: {', '.join(ROLE_CHOICES)}")
    return role


def _rule_patterns(given: tuple[str, ...]) -> frozenset[str]:
    return frozenset(part.strip() for item in given for part in item.split(",") if part.strip())


def _close_ids(pattern: str, ids: list[str]) -> list[str]:
    """Rule IDs an operator probably meant: near spellings, or the IDs sharing the pattern's prefix."""
    import difflib

    upper = pattern.upper()
    close = difflib.get_close_matches(upper, ids, n=5, cutoff=0.75)
    if close:
        return sorted(close)
    stem = upper.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0]
    while stem and not any(i.startswith(stem) for i in ids):
        stem = stem[:-1]
    if "-" not in stem:
        return []
    matches = [i for i in ids if i.startswith(stem)]
    return matches[:5] + (["..."] if len(matches) > 5 else [])


def _check_selection(baseline: Baseline, profiles: frozenset[str], patterns: frozenset[str]) -> None:
    """Refuse a --rule or --profile selection that selects no rule at all (an audit that checks nothing)."""
    if not profiles and not patterns:
        return  # every rule is selected, and a loaded baseline has rules: nothing to compile for this check
    from devaudit.runner import rule_matches

    rule_profiles = baseline.rule_profiles()  # a cached baseline compiles no rule for this
    ids = list(rule_profiles)
    for pattern in sorted(patterns):
        if not any(rule_matches(rule_id, (pattern,)) for rule_id in ids):
            close = _close_ids(pattern, ids)
            hint = f"; close IDs: {', '.join(close)}" if close else "; 'devaudit baseline list' lists them"
            _usage_error(f"--rule {pattern} selects no rule of the baseline{hint}")
    chosen = [
        rule_id
        for rule_id, its_profiles in rule_profiles.items()
        if (not profiles or profiles & set(its_profiles)) and (not patterns or rule_matches(rule_id, patterns))
    ]
    if not chosen:
        asked = [f"--profile {p}" for p in sorted(profiles)] + [f"--rule {p}" for p in sorted(patterns)]
        _usage_error(f"no rule of the baseline is selected by {' and '.join(asked)}")


def _plan(opts: dict[str, Any]) -> _Plan:
    from datetime import UTC, datetime
    from itertools import chain

    from devaudit import __version__
    from devaudit.engine.loader import load_baseline
    from devaudit.errors import ConfigError, OptionError
    from devaudit.models import AuditReport, Severity
    from devaudit.runner import AuditOptions, BaselineSpec
    from devaudit.walk import InputWalk

    paths, inventory = opts["paths"], opts["inventory"]
    if not paths and inventory is None:
        raise UsageProblem("give config PATHS to audit, or --inventory to collect live")
    var_values = _parse_vars(opts["variables"])
    role = _check_role(opts["role"])
    rule_patterns = _rule_patterns(opts["rule_ids"])
    waivers = None
    try:
        baseline = load_baseline(list(opts["baselines"]) or None, variables=var_values, cache=True)
        if opts["waivers"] and not opts["no_waivers"]:
            from devaudit.waivers import WaiverSet, load_waivers

            waivers = WaiverSet(load_waivers(opts["waivers"]))
    except OptionError as exc:
        _usage_error(str(exc))
    except ConfigError as exc:
        kind = "waiver file" if "waiver" in type(exc).__name__.lower() else "baseline"
        echo(f"devaudit: invalid {kind}: {exc}", err=True)
        sys.exit(EXIT_BAD_CONFIG)
    profiles = frozenset(p.lower() for p in opts["profiles"])
    _check_selection(baseline, profiles, rule_patterns)
    # The inputs are walked as they are audited; bad arguments and skipped files are told as they are met.
    walk = InputWalk(paths, platform=opts["platform"], note=lambda text: echo(f"devaudit: {text}", err=True))
    problems, skipped = walk.problems, walk.skipped
    inputs = iter(walk)
    first = next(inputs, None)
    if first is None and inventory is None:
        echo("devaudit: nothing to audit", err=True)
        sys.exit(EXIT_DEVICE_ERROR if problems else EXIT_USAGE)
    refs = inputs if first is None else chain((first,), inputs)
    store, advisory_notes = _advisory_store(opts)
    options = AuditOptions(
        advisory_store=store,
        platform=opts["platform"],
        profiles=profiles,
        role=role,
        tags=frozenset(t.lower() for t in opts["tags"]),
        max_bytes=opts["max_size"],
        rule_ids=rule_patterns,
    )
    import gc

    gc.freeze()  # the compiled baseline lives for the whole run: keep it out of every collection
    gc.enable()  # start-up ran without collections (``devaudit.launch``); the audit runs with them
    header = AuditReport(
        devices=(),
        baseline=baseline.name,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
        fail_on=Severity(opts["fail_on"].lower()),
    )
    spec = BaselineSpec(tuple(opts["baselines"]), var_values)
    return _Plan(opts, baseline, refs, problems, skipped, options, spec, waivers, header, advisory_notes)


def _advisory_store(opts: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The advisory store an audit reads ("" for none) and the warnings about it."""
    if opts["no_advisories"]:
        return "", ()
    from devaudit.advisories.paths import default_store_path

    chosen = opts["advisory_store"]
    path = chosen or default_store_path()
    if chosen is None and not path.is_file():
        return "", ()  # no store imported: the advisory module (and SQLite) need not load
    from devaudit.advisories.store import store_status

    try:
        status = store_status(path)
    except ValueError as exc:
        echo(f"devaudit: {exc}", err=True)
        sys.exit(EXIT_BAD_CONFIG)
    if status is None:
        if chosen is not None:
            echo(f"devaudit: no advisory store at {path}: run 'devaudit advisories import' first", err=True)
            sys.exit(EXIT_USAGE)
        return "", ()
    age = status.age_days()
    notes: tuple[str, ...] = ()
    if age is not None and age > opts["advisory_max_age"]:
        notes = (
            f"the advisory feeds were imported {age:.0f} days ago (more than {opts['advisory_max_age']}): "
            "exposure results may miss recent advisories",
        )
        echo(f"devaudit: {notes[0]}", err=True)
    return str(path), notes


def build_report(opts: dict[str, Any]) -> tuple[AuditReport, list[str]]:
    """Audit files and/or an inventory as the options say; returns the report and the inputs that were missing."""
    plan = _plan(opts)
    devices = tuple(plan.devices())
    import dataclasses

    report = dataclasses.replace(plan.header, devices=devices, warnings=plan.warnings())
    return report, plan.problems


def audit(opts: dict[str, Any]) -> int:
    """Audit saved configs or, with --inventory, live devices, as ``devaudit audit`` does; the exit code."""
    formats = tuple(dict.fromkeys(f.lower() for f in opts["formats"])) or ("console",)
    files = [f for f in formats if f != "console"]
    output_dir: Path | None = opts["output_dir"]
    if output_dir is None and len(files) > 1:
        raise UsageProblem("several file formats need --output-dir")
    if output_dir is not None:
        from devaudit.reporters.stream import STREAMABLE

        if set(files or ["json"]) <= STREAMABLE:
            code: int = output_guard(_audit_streaming, opts, formats, output_dir)
            return code
    if output_dir is None and formats == ("json",):
        return _audit_json_stdout(opts)
    report, input_problems = build_report(opts)
    if "console" in formats:
        from devaudit.reporters import console

        echo(
            console.render(report, verbose=opts["verbose"], details=opts["details"], color=sys.stdout.isatty()),
            nl=False,
        )
    if output_dir is not None:
        from devaudit.reporters.writer import write_fix_scripts, write_reports

        written = output_guard(write_reports, report, files, output_dir)
        fixes = output_guard(write_fix_scripts, report, output_dir)
        _say_written(written, fixes, output_dir)
        _say_failed(report.devices, input_problems)
    elif files:
        import importlib

        from devaudit.reporters import FORMATS

        module = importlib.import_module(f"devaudit.reporters.{FORMATS[files[0]][0]}")
        echo(module.render(report), nl=False)
    return exit_code(report, input_problems=bool(input_problems))


def _say_written(reports: list[Path], fixes: list[Path], output_dir: Path, *, fix_count: int | None = None) -> None:
    """Name every report written, and the fix scripts (each, or their count for a large fleet).

    ``fix_count``: how many scripts were written when ``fixes`` does not list them all.
    """
    from devaudit.reporters.writer import LISTED_FIX_SCRIPTS

    for path in reports:
        echo(f"wrote {path}", err=True)
    count = len(fixes) if fix_count is None else fix_count
    if count <= LISTED_FIX_SCRIPTS:
        for path in fixes:
            echo(f"wrote {path}", err=True)
    else:
        echo(f"wrote {count} fix scripts in {output_dir / 'fixes'}", err=True)


def _say_failed(devices: Iterable[DeviceResult], problems: Sequence[str]) -> None:
    """Name every input that could not be audited, with the reason."""
    from devaudit.models import DeviceStatus

    for device in devices:
        if device.status is DeviceStatus.ERROR:
            echo(f"not audited: {device.source}: {device.error}", err=True)
    for problem in problems:
        echo(f"not audited: {problem}", err=True)


def _audit_json_stdout(opts: dict[str, Any]) -> int:
    """JSON to stdout, written device by device: the same document ``json_report.render`` gives."""
    from devaudit.reporters.stream import StreamWriter

    plan = _plan(opts)
    writer = StreamWriter(None, frozenset({"json"}), plan.header, stdout=sys.stdout)
    try:
        for entry in plan.entries(writer.parts):
            writer.write_entry(entry)
        writer.close(plan.warnings())
    except BaseException:
        writer.abort()
        raise
    return _streamed_exit(plan, writer.tally)


def _streamed_exit(plan: _Plan, tally: Tally) -> int:
    """The exit code ``exit_code`` gives for the same devices, from a streamed run's counts."""
    if plan.problems or tally.devices_error:
        return EXIT_DEVICE_ERROR
    return EXIT_FINDINGS if tally.worst_fail >= plan.header.fail_on.rank else EXIT_OK


def _audit_streaming(opts: dict[str, Any], formats: tuple[str, ...], output_dir: Path) -> int:
    """Fleet mode: write JSON/CSV and fix scripts device by device; keep only summary rows in memory."""
    import dataclasses

    from devaudit.models import DeviceStatus, Status
    from devaudit.reporters import console
    from devaudit.reporters.stream import StreamWriter, prepare_entry
    from devaudit.reporters.writer import LISTED_FIX_SCRIPTS

    plan = _plan(opts)
    files = frozenset(f for f in formats if f != "console") or frozenset({"json"})
    writer = StreamWriter(output_dir, files, plan.header)
    show = "console" in formats
    color = sys.stdout.isatty()
    fleet = console.FleetSummary()
    failed: list[str] = []
    parts = dataclasses.replace(writer.parts, fleet_row=show)
    each = show and (opts["verbose"] or opts["details"])
    try:
        if each:  # every device is shown as it comes: results are prepared here, where they are shown
            stream = ((device, prepare_entry(device, parts)) for device in plan.devices())
        else:
            stream = ((None, entry) for entry in plan.entries(parts))
        for device, entry in stream:
            writer.write_entry(entry)
            if show:
                _add_to_fleet(fleet, entry)
            if entry.status is DeviceStatus.ERROR:
                failed.append(f"not audited: {entry.source}: {entry.error}")
            if device is not None:
                echo(
                    console.render_device(device, verbose=opts["verbose"], details=opts["details"], color=color),
                    nl=False,
                )
        warnings = plan.warnings()
        writer.close(warnings)
    except BaseException:
        writer.abort()
        raise
    tally = writer.tally
    fails = tally.results.get(Status.FAIL.value, 0)
    if show:
        echo(console.render_summary(fleet, fails=fails, color=color), nl=False)
    else:
        echo(
            f"{tally.devices} device(s): {tally.devices_fail} with findings, {tally.devices_error} not audited; "
            f"{fails} failed rule(s) in all",
            err=True,
        )
    fixes = writer.fixes
    _say_written(
        [file.path for file in writer.files.values()],
        fixes.paths if fixes is not None and fixes.count <= LISTED_FIX_SCRIPTS else [],
        output_dir,
        fix_count=fixes.count if fixes is not None else 0,
    )
    for line in failed:
        echo(line, err=True)
    _say_failed((), plan.problems)
    return _streamed_exit(plan, tally)


def _add_to_fleet(fleet: Any, entry: DeviceEntry) -> None:
    """``console.FleetSummary.add`` for a device already prepared (its row and failing rules)."""
    fleet.rows.append(entry.row)
    for rule_id in {rule_id for rule_id, _, _ in entry.fails}:
        fleet.rule_devices[rule_id] += 1
    for rule_id, severity, title in entry.fails:
        if rule_id not in fleet.rule_info:
            fleet.rule_info[rule_id] = (severity, title)


def output_guard(write: Any, *args: Any) -> Any:
    """Run a writer; a write that fails (disk full, permissions) exits 6 with the file and the reason."""
    from devaudit.errors import OutputError

    try:
        return write(*args)
    except OutputError as exc:
        echo(f"devaudit: {exc}", err=True)
        sys.exit(EXIT_OUTPUT)
    except OSError as exc:
        from devaudit.atomic import describe_os_error

        echo(f"devaudit: cannot write {exc.filename or 'the output'}: {describe_os_error(exc)}", err=True)
        sys.exit(EXIT_OUTPUT)


def exit_code(report: AuditReport, *, input_problems: bool = False) -> int:
    """The documented exit code for a finished audit."""
    from devaudit.models import DeviceStatus, Status

    if input_problems or any(d.status is DeviceStatus.ERROR for d in report.devices):
        return EXIT_DEVICE_ERROR
    threshold = report.fail_on.rank
    for device in report.devices:
        for finding in device.findings:
            if finding.status is Status.FAIL and finding.severity.rank >= threshold:
                return EXIT_FINDINGS
    return EXIT_OK
