"""The reader's desk: ``kronologi serve`` — stories, articles, search, uploads, JSON API.

``create_app(store)`` builds the FastAPI app; ``serve_command(db, host, port)`` is what the
``serve`` command runs.
"""

from __future__ import annotations

from kronologi.web.app import create_app
from kronologi.web.server import serve_command

__all__ = ["create_app", "serve_command"]
