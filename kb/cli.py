"""The `kb` command: the one entry point for operators."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click
from flask.cli import FlaskGroup, with_appcontext

from kb import create_app
from kb.content.exporter import TYPE_ORDER, iter_records, write_jsonl
from kb.content.importer import ImportReport, import_lines
from kb.extensions import db

DEMO_FILE = Path(__file__).parent / "demo" / "content.jsonl"


@click.group(cls=FlaskGroup, create_app=lambda: create_app(), add_version_option=False)
def main() -> None:
    """Manage the knowledge base: database, content, search index, accounts."""


def _progress(total: int, label: str):
    """Return a progress bar on a terminal, else a silent stand-in."""
    if sys.stderr.isatty() and total > 200:
        return click.progressbar(length=total, label=label, file=sys.stderr)
    return nullcontext(None)


def run_import(path: Path, dry_run: bool) -> ImportReport:
    """Import one exchange file, with a progress bar on a terminal."""
    total = sum(1 for line in path.open(encoding="utf-8") if line.strip())
    with _progress(total, "Importing") as bar, path.open(encoding="utf-8") as lines:
        return import_lines(lines, dry_run=dry_run, progress=bar.update if bar else None)


def _print_report(report: ImportReport) -> None:
    if report.errors:
        for error in report.errors:
            click.echo(str(error), err=True)
        bad_lines = len({error.line for error in report.errors})
        raise click.ClickException(f"{bad_lines} bad line(s): nothing was imported")
    verb = "would be" if report.dry_run else "were"
    click.echo(
        f"{len(report.created)} created, {len(report.updated)} updated, "
        f"{report.unchanged} unchanged ({verb} written)"
        if report.changed else f"nothing changed ({report.unchanged} records unchanged)"
    )


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report, but write nothing.")
@with_appcontext
def import_command(file: Path, dry_run: bool) -> None:
    """Import an exchange file (JSON Lines): all of it, or nothing if any line is bad."""
    _print_report(run_import(file, dry_run))


@main.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--type", "types", multiple=True, type=click.Choice(TYPE_ORDER),
              help="Export only this type (repeatable).")
@with_appcontext
def export_command(file: Path, types: tuple[str, ...]) -> None:
    """Export the knowledge base as an exchange file ('-' for standard output)."""
    records = iter_records(db.session, types or TYPE_ORDER)
    if str(file) == "-":
        count = write_jsonl(records, sys.stdout)
    else:
        temporary = file.with_name(file.name + ".partial")
        with temporary.open("w", encoding="utf-8") as out:
            count = write_jsonl(records, out)
        temporary.replace(file)  # a reader never sees half a file
    click.echo(f"{count} records exported", err=True)


@main.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo content (safe to run again: it is an upsert)."""
    _print_report(run_import(DEMO_FILE, dry_run=False))
