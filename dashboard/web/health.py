"""A health listener of its own, beside gunicorn's worker threads.

When every worker thread waits on a slow Quay, a request to `/healthz` on the main port waits
in line behind them, past any health check's timeout. Each gunicorn worker therefore also
answers `GET`/`HEAD /healthz` on `HEALTH_PORT` (shared by the workers with SO_REUSEPORT) from a
thread that serves nothing else: it proves that the worker lives and its database answers,
whatever Quay does. `gunicorn.conf.py` starts it; the image's HEALTHCHECK asks it.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import close_old_connections

logger = logging.getLogger(__name__)


def health() -> tuple[bool, dict[str, object]]:
    """The liveness answer: the process answers, and its database does."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        ok = True
    except Exception:
        logger.exception("database check failed")
        ok = False
    return ok, {"status": "ok" if ok else "fail", "database": ok}


class _HealthHandler(BaseHTTPRequestHandler):
    server_version = "quayside-health"

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, *, with_body: bool) -> None:
        if self.path.split("?", 1)[0] != "/healthz":
            self.send_error(404)
            return
        try:
            ok, payload = health()
        finally:
            close_old_connections()
        body = json.dumps(payload).encode()
        self.send_response(200 if ok else 503)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        # A probe every few seconds is not news.
        pass


class _SharedPortServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def server_bind(self) -> None:
        # Every worker of the instance listens on the same port; the kernel spreads the probes.
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()


def serve_health(host: str, port: int) -> ThreadingHTTPServer:
    """Start answering `/healthz` on host:port in a daemon thread; returns the server."""
    server = _SharedPortServer((host, port), _HealthHandler)
    thread = threading.Thread(target=server.serve_forever, name="health", daemon=True)
    thread.start()
    return server
