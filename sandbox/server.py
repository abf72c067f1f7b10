"""The sandbox as an HTTP server: a threading server in a background thread over a `World`.

    with SandboxServer() as sandbox:          # or SandboxServer(port=8081).start()
        requests.get(f"{sandbox.url}/api/v1/user/",
                     headers={"Authorization": f"Bearer {DEMO_TOKENS['devtable']}"})

Requests run concurrently (one thread each); handlers take the world's lock, the optional
latency sleep happens outside it so that slow calls overlap as they would against Quay.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from sandbox.api import seed_areas
from sandbox.api.common import not_found
from sandbox.router import ROUTER, HttpError, Principal, Request, Response
from sandbox.world import World, build_world

_LATENCY_PREFIXES = ("/api/v1", "/oauth/")


@dataclass(frozen=True)
class CallRecord:
    method: str
    path: str
    query: str
    status: int


def fresh_world() -> World:
    world = build_world()
    seed_areas(world)
    return world


class SandboxServer:
    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, latency_ms: int = 0, serial: bool = False
    ) -> None:
        self.host = host
        self.port = port
        # Read on every call, so tests and benchmarks may change them while the server runs.
        self.latency_ms = latency_ms
        # Quay's cost shape: a worker checks each token call's token (about 0.3 s) and one
        # worker may serve them in turn. Serial: token calls answer one at a time.
        self.serial = serial
        self._serial_lock = threading.Lock()
        self.world = fresh_world()
        self._calls: list[CallRecord] = []
        self._calls_lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- Life cycle ---

    def start(self) -> SandboxServer:
        handler = type("SandboxRequestHandler", (_RequestHandler,), {"sandbox": self})
        httpd = _HTTPServer((self.host, self.port), handler)
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, name=f"quay-sandbox:{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def reset(self) -> None:
        """Back to the seeded world (OAuth codes and issued tokens included); calls are kept."""
        world = fresh_world()
        with self.world.lock:
            self.world = world

    # --- Call log ---

    @property
    def calls(self) -> list[CallRecord]:
        with self._calls_lock:
            return list(self._calls)

    def clear_calls(self) -> None:
        with self._calls_lock:
            self._calls.clear()

    # --- Dispatch ---

    def handle(
        self, method: str, target: str, headers: dict[str, str], body: bytes, base_url: str
    ) -> Response:
        split = urlsplit(target)
        path, query = unquote(split.path), split.query
        if self.serial and "Authorization" in headers:
            with self._serial_lock:
                return self._answer(method, path, query, headers, body, base_url)
        return self._answer(method, path, query, headers, body, base_url)

    def _answer(
        self,
        method: str,
        path: str,
        query: str,
        headers: dict[str, str],
        body: bytes,
        base_url: str,
    ) -> Response:
        if self.latency_ms > 0 and path.startswith(_LATENCY_PREFIXES):
            time.sleep(self.latency_ms / 1000)
        world = self.world
        with world.lock:
            request = Request(method, path, query, headers, body, world, base_url)
            request.principal = _authenticate(world, headers.get("Authorization", ""))
            try:
                response = self._dispatch(request)
            except HttpError as error:
                response = error.response
            except Exception:
                detail = traceback.format_exc()
                response = (500, {"error": "sandbox handler failed", "detail": detail}, {})
        with self._calls_lock:
            self._calls.append(CallRecord(method, path, query, response[0]))
        return response

    def _dispatch(self, req: Request) -> Response:
        found = ROUTER.match(req.method, req.path)
        if found is not None:
            route, req.params = found
            return route.handler(req)
        if ROUTER.path_exists(req.path):
            return 405, {"message": "The method is not allowed for the requested URL."}, {}
        if req.path.startswith("/api/v1"):
            if not req.path.endswith("/"):
                # Quay's router (Werkzeug) redirects a path without its canonical trailing slash,
                # and so, first, any unknown path: 308 to path + "/", which then answers 404.
                return _redirect_308(req)
            raise not_found(req)
        return 404, "<!doctype html>\n<title>404 Not Found</title>\n", {"Content-Type": "text/html"}


def _authenticate(world: World, authorization: str) -> Principal | None:
    """Bearer tokens only; an unknown token or other scheme is treated as no token at all."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None
    grant = world.access_tokens.get(token.strip())
    user = world.user(grant.username) if grant else None
    if grant is None or user is None or not user.enabled:
        return None
    return Principal(user, grant.scopes, grant)


def _redirect_308(req: Request) -> Response:
    location = f"{req.base_url}{req.path}/" + (f"?{req.query_string}" if req.query_string else "")
    page = (
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"
        "<p>You should be redirected automatically to the target URL: "
        f'<a href="{location}">{location}</a>. If not, click the link.\n'
    )
    return 308, page, {"Content-Type": "text/html; charset=utf-8", "Location": location}


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # Keep-alive connections park their threads; don't wait for them when closing.
    block_on_close = False
    allow_reuse_address = True
    # The default backlog of 5 drops bursts of concurrent connections (a page's fan-out of
    # digests), and the client's SYN retry then costs a whole second.
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (its timeout passed while the sandbox slept) is normal here.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    sandbox: SandboxServer
    protocol_version = "HTTP/1.1"  # keep-alive, so clients with a session reuse connections
    # Headers and body go out in two writes; with Nagle on, the second waits for the client's
    # delayed ACK (about 40 ms) on every keep-alive call, which would swamp the latency figures.
    disable_nagle_algorithm = True
    server_version = "QuaySandbox/1.0"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        host = self.headers.get("Host") or f"{self.sandbox.host}:{self.sandbox.port}"
        # Title-cased names, so that handlers can look up "Authorization" whatever the client sent.
        headers = {key.title(): value for key, value in self.headers.items()}
        status, payload, extra = self.sandbox.handle(
            self.command, self.path, headers, body, f"http://{host}"
        )
        data = _encode(payload)
        self.send_response(status)
        response_headers = {"Content-Type": "application/json", **extra}
        for key, value in response_headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the call log (`SandboxServer.calls`) records what was served."""


def _encode(payload: Any) -> bytes:
    if payload is None:
        return b""
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, str):
        return payload.encode()
    return json.dumps(payload).encode()
