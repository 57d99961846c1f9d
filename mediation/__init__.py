"""Compliance-first collections and dispute-mediation assistant."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

from mediation.config import PROJECT_ROOT, Settings


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration, then integrations, then blueprints."""
    from mediation import cli, db, http_errors, services, web
    from mediation.api import bp as api_bp

    settings = Settings.load(test_config)
    app = Flask(
        __name__,
        instance_path=str(settings.instance_dir),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(
        SECRET_KEY=settings.resolved_secret_key(),
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    services.init_app(app, settings)
    db.init_app(app)
    http_errors.init_app(app)
    cli.init_app(app)
    csrf = web.init_app(app, production=settings.env == "production")
    csrf.exempt(api_bp)  # the JSON API authenticates with bearer keys, not cookies
    app.register_blueprint(api_bp)
    for blueprint in web.BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.add_url_rule("/healthz", endpoint="healthz", view_func=app.view_functions["api.healthz"])
    return app
