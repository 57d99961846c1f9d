"""Command-line interface: `flask --app app <group> <command>`."""

from __future__ import annotations

from flask import Flask

from mediation.cli.audit import audit
from mediation.cli.auth import auth
from mediation.cli.knowledge import knowledge


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(knowledge)
    app.cli.add_command(auth)
    app.cli.add_command(audit)
