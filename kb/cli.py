"""The `kb` command: the one entry point for operators."""

from __future__ import annotations

import json
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import click
from flask.cli import AppGroup, FlaskGroup, with_appcontext
from sqlalchemy import select

from kb import audit, create_app
from kb.accounts.cli import user_group
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
    with path.open(encoding="utf-8") as lines:
        total = sum(1 for line in lines if line.strip())
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
    report = run_import(file, dry_run)
    _print_report(report)
    if not dry_run:
        audit.record("import", file=file.name, created=len(report.created),
                     updated=len(report.updated), unchanged=report.unchanged)
        db.session.commit()
    _sync_index_after(report)


def _begin_snapshot() -> None:
    """Read everything that follows from one snapshot, so a backup is consistent.

    The export reads in many queries while editors may be saving: on PostgreSQL one
    REPEATABLE READ, read-only transaction sees a single moment; on SQLite an explicit
    BEGIN pins the WAL snapshot at the first read.
    """
    db.session.rollback()
    connection = db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"}
                                       if db.engine.dialect.name == "postgresql" else {})
    if db.engine.dialect.name == "postgresql":
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    elif db.engine.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


@main.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--type", "types", multiple=True, type=click.Choice(TYPE_ORDER),
              help="Export only this type (repeatable).")
@with_appcontext
def export_command(file: Path, types: tuple[str, ...]) -> None:
    """Export the knowledge base as an exchange file ('-' for standard output)."""
    _begin_snapshot()
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
    report = run_import(DEMO_FILE, dry_run=False)
    _print_report(report)
    _sync_index_after(report)


def _sync_index_after(report: ImportReport) -> None:
    """Bring this node's index up to date after an import (rebuilding when far behind)."""
    if report.changed and not report.dry_run:
        from kb.search.sync import catch_up

        catch_up()


@main.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the search index from the database; searches use the old one meanwhile."""
    from kb.search.sync import count_live_articles, rebuild

    total = count_live_articles()
    with _progress(total, "Indexing") as bar:
        done = {"count": 0}

        def advance(count: int) -> None:
            if bar is not None:
                bar.update(count - done["count"])
            done["count"] = count

        started = time.perf_counter()
        count = rebuild(progress=advance)
    elapsed = time.perf_counter() - started
    click.echo(f"{count} articles indexed in {elapsed:.1f} s", err=True)


@main.command("search")
@click.argument("query", nargs=-1)
@click.option("--lang", type=click.Choice(["de", "en"]), default="de")
@click.option("--filter", "filters", multiple=True, metavar="FIELD=VALUE",
              help="Facet filter, e.g. --filter type=contact --filter regions=DE-NW")
@click.option("--page", type=int, default=1)
@click.option("--per-page", type=int, default=10)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON response.")
@click.option("--as-role", type=click.Choice(["public", "staff", "editor"]), default="public",
              help="Search as this kind of reader (default: the public).")
@with_appcontext
def search_command(query, lang, filters, page, per_page, as_json, as_role) -> None:
    """Search the knowledge base as the search API does."""
    from flask import current_app
    from werkzeug.datastructures import MultiDict

    from kb.api.search import result_to_json
    from kb.core.permissions import Role, audience_for
    from kb.search import service
    from kb.search.params import ParameterError, parse_search_args
    from kb.search.sync import catch_up

    args = MultiDict([("q", " ".join(query)), ("lang", lang), ("page", str(page)),
                      ("per_page", str(per_page))])
    for item in filters:
        name, _, value = item.partition("=")
        args.add(name.strip(), value.strip())
    try:
        request = parse_search_args(args)
    except ParameterError as error:
        raise click.BadParameter(error.message, param_hint=error.field) from None
    catch_up()
    result = service.search(request, audience_for(Role[as_role]))
    with current_app.test_request_context():
        payload = result_to_json(result, request.text, lang)
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _print_hits(payload)


def _print_hits(payload: dict) -> None:
    click.echo(f"{payload['total']} results")
    for number, hit in enumerate(payload["results"], start=1):
        click.echo(f"{number:>3}. [{hit['type']}] {hit['title']}  ({hit['id']}, {hit['score']})")
    if payload["suggestion"]:
        click.echo(f"Did you mean: {payload['suggestion']}")


main.add_command(user_group)


# --- API tokens ---------------------------------------------------------------------

token_group = AppGroup("token", help="Manage API tokens: create, list, revoke.")


@token_group.command("create")
@click.argument("email")
@click.option("--name", default="", help="What the token is for.")
def token_create_command(email: str, name: str) -> None:
    """Create a token acting with EMAIL's role; the secret is printed once."""
    from kb.accounts import tokens
    from kb.accounts.models import User, normalize_email

    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        raise click.ClickException(f"no account {email}")
    token, secret = tokens.issue(user, name)
    db.session.commit()
    click.echo(f"token {token.id} for {user.email} ({user.role}); copy it now, it is not stored:",
               err=True)
    click.echo(secret)


@token_group.command("list")
def token_list_command() -> None:
    """List every token: id, owner, name, created, last used, revoked."""
    from kb.accounts import tokens

    for token in tokens.tokens_of():
        status = "revoked" if token.revoked else ("live" if token.is_live else "owner disabled")
        last = token.last_used.isoformat(timespec="minutes") if token.last_used else "never"
        click.echo(f"{token.id}\t{token.user.email}\t{token.name or '-'}\t{token.hint}…\t"
                   f"{token.created.isoformat(timespec='minutes')}\t{last}\t{status}")


@token_group.command("revoke")
@click.argument("token_id", type=int)
def token_revoke_command(token_id: int) -> None:
    """Revoke the token with id TOKEN_ID."""
    from kb.accounts import tokens

    token = db.session.get(tokens.ApiToken, token_id)
    if token is None:
        raise click.ClickException(f"no token {token_id}")
    if tokens.revoke(token):
        db.session.commit()
        click.echo(f"token {token_id} revoked")
    else:
        click.echo(f"token {token_id} was revoked already")


main.add_command(token_group)


def _add_serve_command() -> None:
    from kb.serve import serve_command

    main.add_command(serve_command)


_add_serve_command()
