"""kb: a knowledge base for municipal migration and integration work."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from kb.config import PROJECT_ROOT, load_settings
from kb.extensions import babel, csrf, db, login_manager, migrate

MIGRATIONS_PATH = PROJECT_ROOT / "kb" / "migrations"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config -> extensions -> blueprints -> signal handlers."""
    settings = load_settings(config)
    app = Flask(
        __name__,
        instance_path=str(settings["KB_INSTANCE_PATH"]),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
    )
    app.config.update(settings)
    _trust_proxies(app)
    _configure_logging(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_signal_handlers(app)
    return app


def _configure_logging(app: Flask) -> None:
    if not app.debug and not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )


def _trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client address and scheme from their headers.

    Without this, login throttling per IP would see only the proxy's address.
    """
    hops = app.config.get("KB_PROXIES", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _select_locale() -> str:
    lang = getattr(g, "lang", None) or (request.view_args or {}).get("lang")
    if lang in ("de", "en"):
        return lang
    return request.accept_languages.best_match(["de", "en"]) or "de"


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_PATH), render_as_batch=True)
    babel.init_app(app, locale_selector=_select_locale,
                   default_translation_directories=str(PROJECT_ROOT / "translations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    from kb import accounts

    accounts.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from kb.browse.blueprint import bp as browse_bp

    app.register_blueprint(browse_bp)
    from kb.browse.blueprint import root_bp

    app.register_blueprint(root_bp)
    from kb.accounts.views import bp as accounts_bp

    app.register_blueprint(accounts_bp)
    from kb.audit.views import bp as audit_bp

    app.register_blueprint(audit_bp)
    from kb.editing.blueprint import bp as editing_bp

    app.register_blueprint(editing_bp)
    from kb.api.blueprint import bp as api_bp

    app.register_blueprint(api_bp)
    from kb.search.admin import bp as glossary_bp

    app.register_blueprint(glossary_bp)
    from kb import health, static_assets

    health.init_app(app)
    static_assets.init_app(app)
    from kb.site import blueprint as site

    site.init_app(app)


def _register_signal_handlers(app: Flask) -> None:
    from kb.content import events

    events.install()
    from kb.core import templating

    templating.init_app(app)
    from kb.search import service

    service.init_app(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Make SQLite enforce foreign keys and let readers work while one process writes."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
