"""`flask --app app auth ...`: API keys and logins for the pages."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlmodel import Session

from mediation.auth import create_key
from mediation.cli.common import domain_errors
from mediation.models import ROLES
from mediation.services import services
from mediation.users import create_user

auth = AppGroup("auth", help="Manage API keys and logins.")


@auth.command("create-key")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", required=True, help="Who or what uses the key.")
def create_key_command(role: str, name: str) -> None:
    """Create an API key and print it once."""
    with domain_errors(), Session(services().engine) as session:
        click.echo(create_key(session=session, name=name, role=role))


def _read_password() -> str:
    """The password from standard input when piped, else prompted twice without echo."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise click.ClickException("no password on standard input")
        return line
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@auth.command("create-user")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--username", required=True, help="The login name.")
def create_user_command(role: str, username: str) -> None:
    """Create a login for the pages; the password comes from standard input (or a prompt), never an argument."""
    password = _read_password()
    with domain_errors(), Session(services().engine) as session:
        user = create_user(session=session, username=username, role=role, password=password)
    click.echo(f"created {user.role} {user.username}")
