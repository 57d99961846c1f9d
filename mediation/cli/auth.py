"""`flask --app app auth ...`: API keys."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlmodel import Session

from mediation.auth import create_key
from mediation.cli.common import domain_errors
from mediation.models import ROLES
from mediation.services import services

auth = AppGroup("auth", help="Manage API keys and logins.")


@auth.command("create-key")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", required=True, help="Who or what uses the key.")
def create_key_command(role: str, name: str) -> None:
    """Create an API key and print it once."""
    with domain_errors(), Session(services().engine) as session:
        click.echo(create_key(session=session, name=name, role=role))
