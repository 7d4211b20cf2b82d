"""The web UI (``anecdata serve``): read-only, server-rendered pages over a store."""

from anecdata.web.app import create_app

__all__ = ["create_app"]
