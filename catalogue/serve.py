"""Serving the site with gunicorn, a production WSGI server."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """Gunicorn driven from code: each worker builds its own app (its own searcher)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from catalogue import create_app

        return create_app()


def serve_forever(host: str, port: int, workers: int) -> None:
    """Run gunicorn until it is stopped."""
    _Gunicorn(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "sync",
            "accesslog": "-",
            "timeout": 30,
            "graceful_timeout": 10,
        }
    ).run()
