"""Accounts and sign-in."""

from flask import Flask

from kb.extensions import login_manager


def init_app(app: Flask) -> None:
    """Bind the user loader; no accounts exist yet, so nobody is signed in."""
    login_manager.user_loader(lambda user_id: None)
