"""The ``devaudit`` command line: commands, options and exit codes.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings at or above it; 2 usage error;
3 some device or file could not be audited (reports are still written); 4 invalid baseline,
inventory or waiver file; 5 (``run`` only) another run holds the output directory's lock;
6 reports, archives or the run directory cannot be written (disk full, permissions, a planted lock link).
When several apply the highest-priority one wins: 4, then 3, then 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from devaudit.advisories.commands import advisories as _advisories_group
from devaudit.audit_command import (
    EXIT_BAD_CONFIG,
    EXIT_DEVICE_ERROR,
    EXIT_FINDINGS,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    FORMAT_CHOICES,
    PROFILE_CHOICES,
    ROLE_CHOICES,
    SEVERITIES,
    UsageProblem,
    build_report,
    exit_code,
)
from devaudit.platforms import PLATFORM_NAMES, platform_names

if TYPE_CHECKING:  # pragma: no cover
    from devaudit.models import AuditReport

__all__ = [
    "EXIT_BAD_CONFIG",
    "EXIT_DEVICE_ERROR",
    "EXIT_FINDINGS",
    "EXIT_LOCKED",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_USAGE",
    "PROFILE_CHOICES",
    "ROLE_CHOICES",
    "SEVERITIES",
    "exit_code",
    "live_collect",
    "main",
]

PLATFORM_CHOICES = PLATFORM_NAMES


class _PlatformChoice(click.Choice[str]):
    """The platform names (built-in and plug-ins), read from the registry when first checked or shown."""

    def __init__(self, *, case_sensitive: bool = True) -> None:
        super().__init__((), case_sensitive=case_sensitive)

    @property
    def choices(self) -> tuple[str, ...]:
        return platform_names()

    @choices.setter
    def choices(self, _value: object) -> None:
        pass



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
    for host in inventory.hosts:
        if host.role and host.role.lower() not in ROLE_CHOICES:
            click.echo(
                f"devaudit: invalid inventory: {inventory_path}: host {host.name}: unknown role {host.role}; "
                f"known roles: {', '.join(ROLE_CHOICES)}",
                err=True,
            )
            sys.exit(EXIT_BAD_CONFIG)
    hosts = [h for h in inventory.hosts if not host_patterns or any(fnmatch(h.name, p) for p in host_patterns)]
    return inventory, hosts


def live_collect(opts: dict[str, Any], baseline_obj: Any, audit: Any = None, spec: Any = None) -> Any:
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


def _audit_options(fn: Any) -> Any:
    """Options shared by ``audit`` and ``run``."""
    options = [
        click.argument("paths", nargs=-1),
        click.option(
            "--platform",
            type=_PlatformChoice(case_sensitive=False),
            help="Skip auto-detection (a confident detection of another platform adds a warning).",
        ),
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
            type=click.Choice(FORMAT_CHOICES, case_sensitive=False),
            help="Output format (repeatable).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(SEVERITIES, case_sensitive=False),
            default="high",
            show_default=True,
            help="Lowest severity of a FAIL that makes the exit code 1.",
        ),
        click.option(
            "--profile",
            "profiles",
            multiple=True,
            type=click.Choice(PROFILE_CHOICES, case_sensitive=False),
            help="Only rules of these profiles.",
        ),
        click.option("--role", default="", help=f"Device role ({', '.join(ROLE_CHOICES)})."),
        click.option("--tag", "tags", multiple=True, help="Device tag (repeatable)."),
        click.option(
            "--rule",
            "rule_ids",
            multiple=True,
            metavar="ID",
            help="Only these rules: IDs or globs such as 'IOS-SNMP-*', any case (repeatable, or comma-separated).",
        ),
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
        click.option(
            "--advisories",
            "advisory_store",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="Advisory store to check releases against (default: the user's store, when one was imported).",
        ),
        click.option("--no-advisories", is_flag=True, help="Do not check releases against vendor advisories."),
        click.option(
            "--advisory-max-age",
            type=click.IntRange(1),
            default=30,
            show_default=True,
            help="Days after which imported advisory feeds count as stale (a warning in the report).",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return _live_options(fn)


@main.command()
@_audit_options
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path),
    help="Write reports (report.<format>) and fix scripts (fixes/) here.",
)
@click.option("-v", "--verbose", is_flag=True, help="Console: show every verdict, not only failures.")
@click.option(
    "-d",
    "--details",
    is_flag=True,
    help="Console: every finding of every device with its evidence and fix (default for several devices: a summary).",
)
def audit(**opts: Any) -> None:
    """Audit saved configs (files, directories, globs, - for stdin) or, with --inventory, live devices."""
    from devaudit import audit_command

    try:
        code = audit_command.audit(opts)
    except UsageProblem as exc:
        raise _click_error(exc) from None
    sys.exit(code)


def _click_error(problem: UsageProblem) -> click.UsageError:
    """The command-line framework's error for a usage problem (it prints the usage line and exits 2)."""
    if problem.option is not None:
        return click.BadParameter(problem.message, param_hint=problem.option)
    return click.UsageError(problem.message)


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
    from devaudit.errors import OutputError
    from devaudit.scheduled import RunLocked, run_once, summary_line

    output_dir: Path = opts["output_dir"]
    problems: list[bool] = []

    def make() -> AuditReport:
        report, input_problems = build_report({**opts, "use_git": opts["use_git"]})
        problems.append(bool(input_problems))
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
    except UsageProblem as exc:
        raise _click_error(exc) from None
    except RunLocked as exc:
        click.echo(f"devaudit: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except OutputError as exc:
        click.echo(f"devaudit: {exc}", err=True)
        sys.exit(EXIT_OUTPUT)
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
@click.option("--all", "show_all", is_flag=True, help="Also list the findings that persist (text format).")
def diff_command(old: Path, new: Path, fmt: str, show_all: bool) -> None:
    """New and resolved findings between two reports (run directories or report.json files).

    Findings that persist are counted, and listed with --all; the JSON format always lists all three.
    """
    import json

    from devaudit.history import diff_reports, drift_lines, load_report

    try:
        drift = diff_reports(load_report(old), load_report(new))
    except (OSError, ValueError, KeyError) as exc:
        click.echo(f"devaudit: cannot read reports: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if fmt == "json":
        payload = {"new": drift.new, "resolved": drift.resolved, "persisting": drift.persisting}
        click.echo(json.dumps(payload, indent=2))
        return
    for line in drift_lines(drift, persisting=show_all):
        click.echo(line)
    click.echo(drift.summary())


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
    collections = live_collect(opts, _load_for_cli(opts["baselines"]))
    failed = [c for c in collections if c.config is None]
    for item in failed:
        click.echo(f"{item.host.name}: ERROR {item.error}", err=True)
    click.echo(f"collected {len(collections) - len(failed)}/{len(collections)} device(s) into {opts['archive']}")
    sys.exit(EXIT_DEVICE_ERROR if failed else EXIT_OK)


main.add_command(_advisories_group)


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
    checkout = Path(__file__).resolve().parent.parent  # a source checkout keeps mocks/ beside devaudit/
    if (checkout / "mocks" / "__main__.py").is_file() and str(checkout) not in sys.path:
        sys.path.append(str(checkout))
    try:
        from mocks.__main__ import main as mocks_main
    except ImportError:
        click.echo(
            "devaudit: the device simulators are not part of the installed package; "
            "run 'devaudit mock serve' from a source checkout of devaudit (git clone or sdist)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    sys.exit(mocks_main(["serve", "--inventory", str(inventory)]))


@main.command("about")
def about_command() -> None:
    """devaudit's version, its rule packs (rules, content hash) and the libraries it runs on."""
    from devaudit.about import describe, render
    from devaudit.engine.loader import builtin_baselines_dir

    click.echo(render(describe(_load_for_cli(()), builtin_baselines_dir())), nl=False)


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
@click.option("--platform", type=_PlatformChoice())
def baseline_list(baselines: tuple[Path, ...], platform: str | None) -> None:
    """Rules per platform, with counts by severity and profile."""
    from collections import Counter

    from devaudit.packs import installed_packs
    from devaudit.platforms import PLATFORMS

    loaded = _load_for_cli(baselines)
    rules = [r.rule for r in loaded.rules if platform is None or platform in r.rule.platforms]
    per_platform: Counter[str] = Counter(p for r in rules for p in r.platforms)
    for name in PLATFORM_CHOICES:
        if per_platform.get(name):
            sev = Counter(r.severity.value for r in rules if name in r.platforms)
            prof = Counter(p for r in rules if name in r.platforms for p in r.profiles)
            sev_text = " ".join(f"{s}={sev[s]}" for s in SEVERITIES if sev[s])
            prof_text = " ".join(f"{p}={n}" for p, n in sorted(prof.items()))
            origin = PLATFORMS[name].origin
            plugin = f"  [third-party platform from {origin}]" if origin != "devaudit" else ""
            click.echo(f"{name:14} {per_platform[name]:4} rules  {sev_text}  {prof_text}".rstrip() + plugin)
    if not baselines:
        for pack in installed_packs():
            click.echo(f"third-party rule pack {pack.name} from {pack.origin}: {pack.path}")
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
