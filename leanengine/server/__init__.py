"""A self-hostable LeanCloud-compatible storage API server (``leanengine serve``)."""

from .app import ServerApp, create_app

__all__ = ["ServerApp", "create_app"]
