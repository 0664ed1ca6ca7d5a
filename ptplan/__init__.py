"""ptplan: treatment plans for physical-therapy clinics.

``create_app`` reads like a table of contents; each ``register_*`` lives with what it registers.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from config import INSTANCE_DIR, Config, ProductionConfig, config_from_env

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    config = config or config_from_env()
    if issubclass(config, ProductionConfig):
        config.check()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(INSTANCE_DIR),
    )
    app.config.from_object(config)
    app.config.update(overrides)
    app.extensions["ptplan.create_app"] = create_app  # for commands that build a sibling app
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from ptplan import cli, errors, security, web
    from ptplan.extensions_setup import register_extensions

    register_extensions(app)
    web.register_blueprints(app)
    web.register_request_commit(app)  # views flush; the request commits once, here
    web.register_chart_providers(app)
    security.register_security(app)
    errors.register_error_handlers(app)
    web.register_template_helpers(app)
    cli.register_commands(app)
    return app
