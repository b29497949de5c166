"""`kb user …`: manage accounts from the command line; every change is audited."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from kb import audit
from kb.accounts.models import (
    ACCOUNT_ROLES,
    MIN_PASSWORD_LENGTH,
    User,
    check_password_rules,
    normalize_email,
)
from kb.extensions import db

user_group = AppGroup("user", help="Manage accounts: add, list, set-role, disable, enable.")
ROLE_CHOICE = click.Choice(ACCOUNT_ROLES)


def _read_password() -> str:
    """Prompt twice on a terminal; otherwise read one line from standard input."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        check_password_rules(password)
    except ValueError:
        raise click.ClickException(
            f"the password must have at least {MIN_PASSWORD_LENGTH} characters") from None
    return password


def _get_user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        raise click.ClickException(f"no account {normalize_email(email)}")
    return user


@user_group.command("add")
@click.argument("email")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--name", default="", help="Display name.")
def add_command(email: str, role: str, name: str) -> None:
    """Create an account (password from a prompt, or from standard input)."""
    email = normalize_email(email)
    if "@" not in email:
        raise click.ClickException(f"not an e-mail address: {email}")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise click.ClickException(f"{email} exists already")
    user = User(email=email, name=name.strip(), role=role)
    user.set_password(_read_password())
    db.session.add(user)
    audit.record("user.create", user, email=email, role=role)
    db.session.commit()
    click.echo(f"created {email} ({role})")


@user_group.command("list")
def list_command() -> None:
    """List the accounts: e-mail, role, active or disabled, last sign-in."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "active" if user.active else "disabled"
        last = user.last_login.isoformat(sep=" ") if user.last_login else "-"
        click.echo(f"{user.email}\t{user.role}\t{state}\t{last}\t{user.name}")


@user_group.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
def set_role_command(email: str, role: str) -> None:
    """Change an account's role."""
    user = _get_user(email)
    if user.role == role:
        click.echo(f"{user.email} is {role} already")
        return
    audit.record("user.role", user, old=user.role, new=role)
    user.role = role
    db.session.commit()
    click.echo(f"{user.email} is now {role}")


@user_group.command("disable")
@click.argument("email")
def disable_command(email: str) -> None:
    """Disable an account: it cannot sign in, and its sessions end."""
    user = _get_user(email)
    user.disable()
    audit.record("user.disable", user)
    db.session.commit()
    click.echo(f"{user.email} disabled")


@user_group.command("enable")
@click.argument("email")
def enable_command(email: str) -> None:
    """Enable a disabled account again."""
    user = _get_user(email)
    user.enable()
    audit.record("user.enable", user)
    db.session.commit()
    click.echo(f"{user.email} enabled")


@user_group.command("set-password")
@click.argument("email")
def set_password_command(email: str) -> None:
    """Set a new password (prompt, or standard input); signs the account out everywhere."""
    user = _get_user(email)
    user.set_password(_read_password())
    audit.record("user.password", user)
    db.session.commit()
    click.echo(f"password of {user.email} changed")
