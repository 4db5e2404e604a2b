"""The ``devaudit`` command line: commands, options and exit codes.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings at or above it; 2 usage error;
3 some device or file could not be audited (reports are still written); 4 invalid baseline,
inventory or waiver file; 5 (``run`` only) another run holds the output directory's lock.
When several apply the highest-priority one wins: 4, then 3, then 1.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from devaudit.platforms import PLATFORM_NAMES

if TYPE_CHECKING:  # pragma: no cover
    from devaudit.models import AuditReport

__all__ = [
    "EXIT_BAD_CONFIG",
    "EXIT_DEVICE_ERROR",
    "EXIT_FINDINGS",
    "EXIT_LOCKED",
    "EXIT_OK",
    "EXIT_USAGE",
    "exit_code",
    "main",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_DEVICE_ERROR = 3
EXIT_BAD_CONFIG = 4
EXIT_LOCKED = 5

PLATFORM_CHOICES = PLATFORM_NAMES
SEVERITIES = ("critical", "high", "medium", "low", "info")


def _parse_vars(values: tuple[str, ...]) -> dict[str, Any]:
    import yaml

    out: dict[str, Any] = {}
    for item in values:
        name, sep, raw = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--var")
        out[name] = yaml.safe_load(raw)
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="devaudit", prog_name="devaudit")
def main() -> None:
    """Audit network-device configurations against hardened-default baselines."""


def _live_options(fn: Any) -> Any:
    """Options shared by commands that collect from an inventory."""
    options = [
        click.option(
            "-i",
            "--inventory",
            type=click.Path(path_type=Path),
            help="Collect live from this inventory (Nornir YAML, directory or CSV).",
        ),
        click.option(
            "--host",
            "host_patterns",
            multiple=True,
            metavar="GLOB",
            help="Only inventory hosts whose name matches (repeatable).",
        ),
        click.option(
            "-w",
            "--workers",
            type=click.IntRange(1, 512),
            default=16,
            show_default=True,
            help="Devices collected at once.",
        ),
        click.option(
            "--retries",
            type=click.IntRange(0, 10),
            default=2,
            show_default=True,
            help="Retries for transient errors (never for authentication failures).",
        ),
        click.option(
            "--trust-on-first-use",
            is_flag=True,
            help="Record unknown host keys in devaudit's own known_hosts instead of refusing them.",
        ),
        click.option(
            "--known-hosts",
            "known_hosts",
            multiple=True,
            type=click.Path(path_type=Path),
            help="OpenSSH known_hosts file(s) to trust (default ~/.ssh/known_hosts).",
        ),
        click.option(
            "--devaudit-known-hosts",
            "own_known_hosts",
            type=click.Path(path_type=Path),
            help="devaudit's own known_hosts (default ~/.local/share/devaudit/known_hosts).",
        ),
        click.option(
            "--allow-plaintext-credentials",
            is_flag=True,
            help="Accept plaintext passwords in the inventory (refused by default).",
        ),
        click.option(
            "--archive",
            type=click.Path(path_type=Path),
            help="Store collected configs here (one file per device plus metadata).",
        ),
        click.option("--keep-secrets", is_flag=True, help="Store raw configs in the archive (masked by default)."),
        click.option("--git", "use_git", is_flag=True, help="Commit the archive after the run."),
    ]
    for option in reversed(options):
        fn = option(fn)
    from devaudit.distributed.command import ENGINE_OPTION

    return ENGINE_OPTION(fn)


def _load_inventory_hosts(inventory_path: Path, host_patterns: tuple[str, ...]) -> Any:
    from fnmatch import fnmatch

    from devaudit.errors import ConfigError
    from devaudit.inventory import load_inventory

    try:
        inventory = load_inventory(inventory_path)
    except ConfigError as exc:
        click.echo(f"devaudit: invalid inventory: {exc}", err=True)
        sys.exit(EXIT_BAD_CONFIG)
    hosts = [h for h in inventory.hosts if not host_patterns or any(fnmatch(h.name, p) for p in host_patterns)]
    return inventory, hosts


def _live(opts: dict[str, Any], baseline_obj: Any, audit: Any = None, spec: Any = None) -> Any:
    """Collect from the inventory with the options ``_live_options`` declared."""
    import logging

    from devaudit.live import LiveOptions, collect_hosts

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    # The SSH libraries log their own tracebacks for failures devaudit already reports with a reason.
    for noisy in ("paramiko", "netmiko"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    inventory, hosts = _load_inventory_hosts(opts["inventory"], opts["host_patterns"])
    defaults = LiveOptions()
    options = LiveOptions(
        workers=opts["workers"],
        retries=opts["retries"],
        trust_on_first_use=opts["trust_on_first_use"],
        allow_plaintext=opts["allow_plaintext_credentials"],
        archive=opts["archive"],
        keep_secrets=opts["keep_secrets"],
        git=opts["use_git"],
        known_hosts=tuple(opts["known_hosts"]) or defaults.known_hosts,
        own_known_hosts=opts["own_known_hosts"] or defaults.own_known_hosts,
        max_bytes=opts.get("max_size") or defaults.max_bytes,
        engine=opts.get("engine"),
    )
    if options.engine is None:
        return collect_hosts(hosts, inventory, baseline_obj, options)
    from devaudit.distributed.engine import EngineError

    if options.keep_secrets:
        raise click.UsageError("--keep-secrets cannot be used with --engine: workers send back redacted configs only")
    try:
        return collect_hosts(hosts, inventory, baseline_obj, options, audit=audit, spec=spec)
    except EngineError as exc:
        click.echo(f"devaudit: --engine: {exc}", err=True)
        sys.exit(EXIT_USAGE)


FORMAT_CHOICES = ("console", "json", "csv", "markdown", "html", "sarif", "junit")


def _audit_options(fn: Any) -> Any:
    """Options shared by ``audit`` and ``run``."""
    options = [
        click.argument("paths", nargs=-1),
        click.option("--platform", type=click.Choice(PLATFORM_CHOICES), help="Skip auto-detection."),
        click.option(
            "-b",
            "--baseline",
            "baselines",
            multiple=True,
            type=click.Path(path_type=Path),
            help="Baseline file or directory (repeatable; default: the shipped packs).",
        ),
        click.option("--var", "variables", multiple=True, metavar="NAME=VALUE", help="Override a baseline variable."),
        click.option(
            "-f",
            "--format",
            "formats",
            multiple=True,
            type=click.Choice(FORMAT_CHOICES),
            help="Output format (repeatable).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(SEVERITIES),
            default="high",
            show_default=True,
            help="Lowest severity of a FAIL that makes the exit code 1.",
        ),
        click.option(
            "--profile",
            "profiles",
            multiple=True,
            type=click.Choice(("cis-level1", "cis-level2", "stig", "nsa", "vendor")),
            help="Only rules of these profiles.",
        ),
        click.option("--role", default="", help="Device role (router, access-switch, perimeter, core, olt, ...)."),
        click.option("--tag", "tags", multiple=True, help="Device tag (repeatable)."),
        click.option("--rule", "rule_ids", multiple=True, help="Only these rule IDs."),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(0, 256),
            default=0,
            show_default=True,
            help="Worker processes for many files (0: one per CPU core; small runs stay in one process).",
        ),
        click.option(
            "--max-size",
            type=click.IntRange(1),
            default=20 * 1024 * 1024,
            show_default=True,
            help="Largest config file in bytes.",
        ),
        click.option("--waivers", type=click.Path(path_type=Path), help="Waiver file (accepted risks)."),
        click.option("--no-waivers", is_flag=True, help="Ignore every waiver."),
        click.option(
            "--share",
            is_flag=True,
            help="Replace host names and IP addresses with consistent pseudonyms in every artefact.",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return _live_options(fn)


@dataclass
class _Plan:
    """What an audit run will do, prepared from the options (fails early on invalid files)."""

    opts: dict[str, Any]
    baseline: Any
    refs: list[Any]
    problems: list[str]
    options: Any
    spec: Any
    waivers: Any
    header: AuditReport

    def devices(self) -> Iterator[Any]:
        """Every device result, files first then live devices, waivers and --share applied, as they come."""
        from devaudit.runner import audit_inputs

        opts = self.opts
        pseudonyms = None
        if opts["share"]:
            from devaudit.share import Pseudonymiser, pseudonymise_device

            pseudonyms = Pseudonymiser()

        def finish(device: Any) -> Any:
            if self.waivers is not None:
                device = self.waivers.apply(device)
            if pseudonyms is not None:
                device = pseudonymise_device(pseudonyms, device)
            return device

        jobs = opts["jobs"] or os.cpu_count() or 1
        for device in audit_inputs(self.refs, self.baseline, self.options, jobs=jobs, spec=self.spec):
            yield finish(device)
        if opts["inventory"] is not None:
            from devaudit.live import results_for

            collections = _live(opts, self.baseline, self.options, self.spec)
            for device in results_for(collections, self.baseline, self.options):
                yield finish(device)

    def warnings(self) -> tuple[str, ...]:
        """Input problems and waiver notes (complete once ``devices`` is exhausted)."""
        notes = self.waivers.warnings() if self.waivers is not None else ()
        for note in notes:
            click.echo(f"devaudit: {note}", err=True)
        return (*self.problems, *notes)


def _plan(opts: dict[str, Any]) -> _Plan:
    from devaudit import __version__
    from devaudit.engine.loader import load_baseline
    from devaudit.errors import ConfigError
    from devaudit.models import AuditReport, Severity
    from devaudit.runner import AuditOptions, BaselineSpec
    from devaudit.sources import expand_inputs

    paths, inventory = opts["paths"], opts["inventory"]
    if not paths and inventory is None:
        raise click.UsageError("give config PATHS to audit, or --inventory to collect live")
    var_values = _parse_vars(opts["variables"])
    waivers = None
    try:
        baseline = load_baseline(list(opts["baselines"]) or None, variables=var_values)
        if opts["waivers"] and not opts["no_waivers"]:
            from devaudit.waivers import WaiverSet, load_waivers

            waivers = WaiverSet(load_waivers(opts["waivers"]))
    except ConfigError as exc:
        kind = "waiver file" if "waiver" in type(exc).__name__.lower() else "baseline"
        click.echo(f"devaudit: invalid {kind}: {exc}", err=True)
        sys.exit(EXIT_BAD_CONFIG)
    refs, problems = expand_inputs(paths)
    for problem in problems:
        click.echo(f"devaudit: {problem}", err=True)
    if not refs and inventory is None:
        click.echo("devaudit: nothing to audit", err=True)
        sys.exit(EXIT_DEVICE_ERROR if problems else EXIT_USAGE)
    options = AuditOptions(
        platform=opts["platform"],
        profiles=frozenset(opts["profiles"]),
        role=opts["role"].lower(),
        tags=frozenset(t.lower() for t in opts["tags"]),
        max_bytes=opts["max_size"],
        rule_ids=frozenset(opts["rule_ids"]),
    )
    import gc

    gc.freeze()  # the compiled baseline lives for the whole run: keep it out of every collection
    header = AuditReport(
        devices=(),
        baseline=baseline.name,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
        fail_on=Severity(opts["fail_on"]),
    )
    spec = BaselineSpec(tuple(opts["baselines"]), var_values)
    return _Plan(opts, baseline, refs, problems, options, spec, waivers, header)


def _build_report(opts: dict[str, Any]) -> tuple[AuditReport, bool]:
    """Audit files and/or an inventory as the options say; returns the report and whether inputs were missing."""
    plan = _plan(opts)
    devices = tuple(plan.devices())
    report = dataclasses.replace(plan.header, devices=devices, warnings=plan.warnings())
    return report, bool(plan.problems)


@main.command()
@_audit_options
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path),
    help="Write reports (report.<format>) and fix scripts (fixes/) here.",
)
@click.option("-v", "--verbose", is_flag=True, help="Console: show every verdict, not only failures.")
def audit(**opts: Any) -> None:
    """Audit saved configs (files, directories, globs, - for stdin) or, with --inventory, live devices."""
    from devaudit.reporters.stream import STREAMABLE

    formats = opts["formats"] or ("console",)
    files = [f for f in formats if f != "console"]
    output_dir: Path | None = opts["output_dir"]
    if output_dir is not None and set(files or ["json"]) <= STREAMABLE:
        sys.exit(_audit_streaming(opts, formats, output_dir))
    report, input_problems = _build_report(opts)
    if "console" in formats:
        from devaudit.reporters import console

        click.echo(console.render(report, verbose=opts["verbose"], color=sys.stdout.isatty()), nl=False)
    if output_dir is not None:
        from devaudit.reporters.writer import write_fix_scripts, write_reports

        write_reports(report, files, output_dir)
        write_fix_scripts(report, output_dir)
        click.echo(f"reports written to {output_dir}", err=True)
    elif files:
        if len(files) > 1:
            raise click.UsageError("several file formats need --output-dir")
        import importlib

        from devaudit.reporters import FORMATS

        module = importlib.import_module(f"devaudit.reporters.{FORMATS[files[0]][0]}")
        click.echo(module.render(report), nl=False)
    sys.exit(exit_code(report, input_problems=input_problems))


def _audit_streaming(opts: dict[str, Any], formats: tuple[str, ...], output_dir: Path) -> int:
    """Fleet mode: write JSON/CSV and fix scripts device by device; keep only counts in memory."""
    from devaudit.models import DeviceStatus
    from devaudit.reporters import console
    from devaudit.reporters.stream import StreamWriter
    from devaudit.reporters.writer import write_fix_scripts

    plan = _plan(opts)
    files = frozenset(f for f in formats if f != "console") or frozenset({"json"})
    writer = StreamWriter(output_dir, files, plan.header)
    show = "console" in formats
    try:
        for device in plan.devices():
            writer.write(device)
            single = dataclasses.replace(plan.header, devices=(device,))
            write_fix_scripts(single, output_dir)
            if show and (opts["verbose"] or device.status is not DeviceStatus.PASS):
                click.echo(console.render(single, verbose=opts["verbose"], summary=False), nl=False)
        writer.close(plan.warnings())
    except BaseException:
        writer.abort()
        raise
    tally = writer.tally
    click.echo(
        f"{tally.devices} device(s): {tally.devices_fail} with findings, {tally.devices_error} not audited; "
        f"{tally.results.get('FAIL', 0)} failed rule(s) in all; reports written to {output_dir}",
        err=not show,
    )
    if plan.problems or tally.devices_error:
        return EXIT_DEVICE_ERROR
    return EXIT_FINDINGS if tally.worst_fail >= plan.header.fail_on.rank else EXIT_OK


@main.command()
@_audit_options
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path),
    required=True,
    help="Run directories go to DIR/runs/<time>/, DIR/latest points at the last complete one.",
)
@click.option("--keep", type=click.IntRange(1), default=30, show_default=True, help="Complete runs to keep.")
def run(**opts: Any) -> None:
    """Unattended audit for cron: lock, timestamped run directory, atomic 'latest', drift, one summary line."""
    from devaudit.scheduled import RunLocked, run_once, summary_line

    output_dir: Path = opts["output_dir"]
    problems: list[bool] = []

    def make() -> AuditReport:
        report, input_problems = _build_report({**opts, "use_git": opts["use_git"]})
        problems.append(input_problems)
        return report

    formats = tuple(f for f in opts["formats"] if f != "console") or (
        "json",
        "html",
        "sarif",
        "junit",
        "csv",
        "markdown",
    )
    try:
        result = run_once(output_dir, make, formats=_available_formats(formats), keep=opts["keep"])
    except RunLocked as exc:
        click.echo(f"devaudit: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    click.echo(summary_line(result))
    sys.exit(exit_code(result.report, input_problems=any(problems)))


def _available_formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    import importlib.util

    from devaudit.reporters import FORMATS

    return tuple(
        f
        for f in formats
        if f in FORMATS and importlib.util.find_spec(f"devaudit.reporters.{FORMATS[f][0]}") is not None
    )


@main.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def diff_command(old: Path, new: Path, fmt: str) -> None:
    """New, resolved and persisting findings between two reports (run directories or report.json files)."""
    import json

    from devaudit.history import diff_reports, load_report

    try:
        drift = diff_reports(load_report(old), load_report(new))
    except (OSError, ValueError, KeyError) as exc:
        click.echo(f"devaudit: cannot read reports: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if fmt == "json":
        payload = {"new": drift.new, "resolved": drift.resolved, "persisting": drift.persisting}
        click.echo(json.dumps(payload, indent=2))
        return
    for label, items in (("NEW", drift.new), ("RESOLVED", drift.resolved), ("PERSISTING", drift.persisting)):
        for item in items:
            since = f" since {item['first_seen']}" if label == "PERSISTING" and item.get("first_seen") else ""
            severity = item.get("severity") or ""
            click.echo(f"{label:10} {item['device']:20} {item['rule_id']:16} {severity:8} {item['title']}{since}")
    click.echo(drift.summary())


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


@main.command()
@click.option(
    "-b",
    "--baseline",
    "baselines",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Baseline whose rules decide which extra show commands to run.",
)
@click.option(
    "--max-size",
    type=click.IntRange(1),
    default=20 * 1024 * 1024,
    show_default=True,
    help="Largest output in bytes of one command; a device past it is an ERROR.",
)
@_live_options
def collect(**opts: Any) -> None:
    """Collect running configs from an inventory into an archive (no audit)."""
    if opts["inventory"] is None or opts["archive"] is None:
        raise click.UsageError("collect needs --inventory and --archive")
    collections = _live(opts, _load_for_cli(opts["baselines"]))
    failed = [c for c in collections if c.config is None]
    for item in failed:
        click.echo(f"{item.host.name}: ERROR {item.error}", err=True)
    click.echo(f"collected {len(collections) - len(failed)}/{len(collections)} device(s) into {opts['archive']}")
    sys.exit(EXIT_DEVICE_ERROR if failed else EXIT_OK)


def _add_worker_command() -> None:
    from devaudit.distributed.command import worker

    main.add_command(worker)


_add_worker_command()


@main.group()
def mock() -> None:
    """Simulated devices for demos and tests."""


@mock.command("serve")
@click.option("-i", "--inventory", required=True, type=click.Path(exists=True, path_type=Path))
def mock_serve(inventory: Path) -> None:
    """Serve every host of the inventory as an SSH device simulator on 127.0.0.1 until interrupted."""
    try:
        from mocks.__main__ import main as mocks_main
    except ImportError:
        click.echo("devaudit: the simulators (the 'mocks' package) are not installed", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(mocks_main(["serve", "--inventory", str(inventory)]))


@main.group()
def baseline() -> None:
    """Inspect, lint and test rule packs."""


def _load_for_cli(paths: tuple[Path, ...]) -> Any:
    from devaudit.engine.loader import load_baseline
    from devaudit.errors import ConfigError

    try:
        return load_baseline(list(paths) or None)
    except ConfigError as exc:
        click.echo(f"devaudit: invalid baseline: {exc}", err=True)
        sys.exit(EXIT_BAD_CONFIG)


_BASELINE_OPTION = click.option(
    "-b",
    "--baseline",
    "baselines",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Baseline file or directory (default: the shipped packs).",
)


@baseline.command("list")
@_BASELINE_OPTION
@click.option("--platform", type=click.Choice(PLATFORM_CHOICES))
def baseline_list(baselines: tuple[Path, ...], platform: str | None) -> None:
    """Rules per platform, with counts by severity and profile."""
    from collections import Counter

    loaded = _load_for_cli(baselines)
    rules = [r.rule for r in loaded.rules if platform is None or platform in r.rule.platforms]
    per_platform: Counter[str] = Counter(p for r in rules for p in r.platforms)
    for name in PLATFORM_CHOICES:
        if per_platform.get(name):
            sev = Counter(r.severity.value for r in rules if name in r.platforms)
            prof = Counter(p for r in rules if name in r.platforms for p in r.profiles)
            sev_text = " ".join(f"{s}={sev[s]}" for s in SEVERITIES if sev[s])
            prof_text = " ".join(f"{p}={n}" for p, n in sorted(prof.items()))
            click.echo(f"{name:14} {per_platform[name]:4} rules  {sev_text}  {prof_text}".rstrip())
    if platform:
        for rule in rules:
            click.echo(f"  {rule.id:16} {rule.severity.value:8} {rule.title}")


@baseline.command("show")
@_BASELINE_OPTION
@click.argument("rule_id")
def baseline_show(baselines: tuple[Path, ...], rule_id: str) -> None:
    """Everything about one rule."""
    import yaml

    loaded = _load_for_cli(baselines)
    for compiled in loaded.rules:
        if compiled.rule.id == rule_id:
            data = compiled.rule.model_dump(mode="json", by_alias=True, exclude_none=True)
            click.echo(f"# {compiled.source}:{compiled.line}")
            click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)
            return
    click.echo(f"devaudit: no rule {rule_id}", err=True)
    sys.exit(EXIT_USAGE)


@baseline.command("lint")
@_BASELINE_OPTION
def baseline_lint(baselines: tuple[Path, ...]) -> None:
    """Schema, examples, references, unique IDs and remediation of every rule."""
    from devaudit.engine.authoring import lint_baseline

    loaded = _load_for_cli(baselines)
    problems = lint_baseline(loaded)
    for problem in problems:
        click.echo(problem)
    click.echo(f"{len(loaded.rules)} rules linted, {len(problems)} problem(s)")
    sys.exit(EXIT_BAD_CONFIG if problems else EXIT_OK)


@baseline.command("test")
@_BASELINE_OPTION
def baseline_test(baselines: tuple[Path, ...]) -> None:
    """Run every rule's pass, fail and not-applicable examples."""
    from devaudit.engine.authoring import run_examples

    loaded = _load_for_cli(baselines)
    failures, total = run_examples(loaded)
    for failure in failures:
        click.echo(failure)
    click.echo(f"{total - len(failures)} passed, {len(failures)} failed")
    sys.exit(EXIT_FINDINGS if failures else EXIT_OK)


README_START = "<!-- controls-table:start -->"
README_END = "<!-- controls-table:end -->"


@baseline.command("table")
@_BASELINE_OPTION
@click.option(
    "--update",
    "readme",
    type=click.Path(exists=True, path_type=Path),
    help="Rewrite the table between the markers in this README instead of printing it.",
)
def baseline_table(baselines: tuple[Path, ...], readme: Path | None) -> None:
    """Markdown table of controls per platform, by severity and by standard."""
    from devaudit.atomic import write_atomic
    from devaudit.engine.authoring import controls_table

    table = controls_table(_load_for_cli(baselines))
    if readme is None:
        click.echo(table, nl=False)
        return
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        click.echo(f"devaudit: {readme} has no {README_START} / {README_END} markers", err=True)
        sys.exit(EXIT_USAGE)
    head, rest = text.split(README_START, 1)
    tail = rest.split(README_END, 1)[1]
    write_atomic(readme, f"{head}{README_START}\n{table}{README_END}{tail}")
