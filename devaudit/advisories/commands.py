"""``devaudit advisories import|status``: fill the local advisory store from feed files and say what it holds."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["DEFAULT_MAX_AGE_DAYS", "advisories", "store_option"]

DEFAULT_MAX_AGE_DAYS = 30

store_option = click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Advisory store (default: advisories.sqlite in the user's data folder, or $DEVAUDIT_ADVISORY_STORE).",
)


@click.group()
def advisories() -> None:
    """Vendor advisories (CSAF 2.0, NVD CVE 2.0) kept offline for exposure checks."""


@advisories.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@store_option
def import_command(paths: tuple[Path, ...], store: Path | None) -> None:
    """Import CSAF 2.0 advisories and NVD CVE 2.0 feed files (files or directories of .json)."""
    from devaudit.advisories.store import default_store_path, import_feeds

    target = store or default_store_path()
    summary = import_feeds(list(paths), target)
    for file, message in summary.errors:
        click.echo(f"devaudit: {file}: {message}", err=True)
    click.echo(
        f"imported {summary.advisories} advisories from {summary.files} files into {target}"
        + (f"; {summary.skipped} named no platform devaudit audits" if summary.skipped else "")
        + (f"; {len(summary.errors)} files refused" if summary.errors else "")
    )
    sys.exit(4 if summary.errors else 0)


@advisories.command("status")
@store_option
@click.option(
    "--max-age",
    type=click.IntRange(1),
    default=DEFAULT_MAX_AGE_DAYS,
    show_default=True,
    help="Days after which the feeds count as stale.",
)
def status_command(store: Path | None, max_age: int) -> None:
    """What the advisory store holds and how old it is."""
    from devaudit.advisories.releases import FAMILIES
    from devaudit.advisories.store import default_store_path, store_status

    target = store or default_store_path()
    try:
        status = store_status(target)
    except ValueError as exc:
        click.echo(f"devaudit: {exc}", err=True)
        sys.exit(4)
    if status is None:
        click.echo(f"no advisory store at {target}: run 'devaudit advisories import FILES' first")
        sys.exit(3)
    age = status.age_days()
    click.echo(f"store: {status.path}")
    click.echo(
        f"last import: {status.imported_at or 'unknown'}" + (f" ({age:.0f} days ago)" if age is not None else "")
    )
    sources = ", ".join(
        f"{count} {'CSAF advisories' if src == 'csaf' else 'NVD CVEs'}"
        for src, count in sorted(status.by_source.items())
    )
    click.echo(f"advisories: {status.advisories} ({sources or 'none'})")
    for family, count in sorted(status.by_family.items()):
        click.echo(f"  {FAMILIES.get(family, family)}: {count}")
    if age is not None and age > max_age:
        click.echo(
            f"devaudit: the feeds are {age:.0f} days old, older than {max_age} days: import fresh feeds", err=True
        )
        sys.exit(1)
