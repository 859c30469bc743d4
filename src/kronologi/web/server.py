"""Running the app: ``serve_command`` is what ``kronologi serve`` runs.

Stories are computed (or loaded) once before the server accepts connections, so the first
reader does not wait for it.
"""

from __future__ import annotations

import logging

import uvicorn

from kronologi.store import Store
from kronologi.web.app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve_command(db: str | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the store at ``db`` (URL or path; the default store when None) until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    with Store(db) as store:
        app = create_app(store)
        app.state.library.rows()  # warm the caches before the first request
        logging.getLogger("kronologi.web").info(
            "serving %s on http://%s:%d/", store.display_url, host, port
        )
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
