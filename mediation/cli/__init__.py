"""Command-line interface: `flask --app app <group> <command>`."""

from __future__ import annotations

from flask import Flask

from mediation.cli.audit import audit
from mediation.cli.auth import auth
from mediation.cli.chat_link import chat_link
from mediation.cli.compliance import compliance
from mediation.cli.knowledge import knowledge
from mediation.cli.mediation import mediation


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(knowledge)
    app.cli.add_command(auth)
    app.cli.add_command(compliance)
    if "chat-link" not in mediation.commands:
        mediation.add_command(chat_link)
    app.cli.add_command(mediation)
    app.cli.add_command(audit)
