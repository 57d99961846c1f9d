"""`flask --app app mediation chat-link`: a signed link that opens the borrower chat for one account."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import click
from flask import current_app
from flask.cli import with_appcontext

from mediation.chat_links import sign_chat_link
from mediation.cli.common import domain_errors


@click.command("chat-link")
@with_appcontext
@click.option("--account", required=True, help="The account as JSON, e.g. '{\"principal\": 5000, ...}'.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True, help="Where the service is reached.")
def chat_link(account: str, lang: str, base_url: str) -> None:
    """Print a signed chat link carrying the account (signed with the app's secret key)."""
    try:
        parsed = json.loads(account)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not valid JSON ({exc.msg})", param_hint="--account") from None
    with domain_errors():
        token = sign_chat_link(current_app.config["SECRET_KEY"], parsed, lang=lang)
    click.echo(f"{base_url.rstrip('/')}/chat?{urlencode({'a': token})}")
