"""A fault proxy: an HTTP server between the dashboard and the sandbox that passes calls through,
or answers each one with one of the faults a real Quay (or what stands in front of it) can give.

    proxy = FaultProxy(sandbox.url).start()
    proxy.fault = "truncated-json"      # every call from now on
    proxy.fault = None                  # through to the sandbox again
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

# Valid JSON of the wrong shape, and real answers bent out of shape.
WRONG_SHAPES = ("shape-list", "shape-empty", "shape-strings", "shape-nulls")

FAULTS = (
    "500",
    "502",
    "non-json",
    "truncated-json",
    "html-200",
    "redirect",
    "reset",
    "reset-mid-body",
    "short-body",
    *WRONG_SHAPES,
    "401",
)

RENDEZVOUS_SECONDS = 2

QUAY_401 = {
    "detail": "Could not find a valid token",
    "error_message": "Could not find a valid token",
    "error_type": "invalid_token",
    "title": "invalid_token",
    "status": 401,
}


def strings_for_numbers(value: Any) -> Any:
    """Every number (and boolean) of an answer as a string Quayside cannot count with."""
    if isinstance(value, dict):
        return {key: strings_for_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strings_for_numbers(item) for item in value]
    if isinstance(value, bool | int | float):
        return "x"
    return value


def nulls_for_values(value: Any) -> Any:
    """Every key kept, every value below the top null: lists and objects that are not there."""
    if isinstance(value, dict):
        return {key: None for key in value}
    return None


class FaultProxy:
    def __init__(self, upstream: str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.upstream = urlsplit(upstream)
        self.host = host
        self.port = port
        # Read on every call: tests switch it while the proxy runs.
        self.fault: str | None = None
        self.release = threading.Event()
        # With `rendezvous`, the banners' call (`/api/v1/messages`) and the page's own calls
        # wait for each other (up to `RENDEZVOUS_SECONDS`): a call that waited in vain is
        # listed in `alone`, so a test sees whether they overlapped, whatever the timing.
        self.rendezvous = False
        self.messages_seen = threading.Event()
        self.other_seen = threading.Event()
        self.alone: list[str] = []
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FaultProxy:
        handler = type("FaultHandler", (_Handler,), {"proxy": self})
        httpd = _Server((self.host, self.port), handler)
        self.port = httpd.server_address[1]
        self._httpd = httpd
        threading.Thread(target=httpd.serve_forever, name="fault-proxy", daemon=True).start()
        return self

    def start_rendezvous(self) -> None:
        self.messages_seen.clear()
        self.other_seen.clear()
        self.alone.clear()
        self.rendezvous = True

    def meet(self, path: str) -> None:
        if path.startswith("/api/v1/messages"):
            self.messages_seen.set()
            if not self.other_seen.wait(RENDEZVOUS_SECONDS):
                self.alone.append(path)
        else:
            self.other_seen.set()
            if not self.messages_seen.wait(RENDEZVOUS_SECONDS):
                self.alone.append(path)

    def stop(self) -> None:
        self.release.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def forward(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(
            self.upstream.hostname or "127.0.0.1", self.upstream.port, timeout=30
        )
        try:
            connection.request(method, target, body=body or None, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.getheaders(), answer.read()
        finally:
            connection.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A connection the proxy reset on purpose is not an error worth a traceback.
        pass


class _Handler(BaseHTTPRequestHandler):
    proxy: FaultProxy

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def finish(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            super().finish()

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_GET

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fault = self.proxy.fault
        if self.proxy.rendezvous:
            self.proxy.meet(self.path)
        if fault == "hang":
            self.proxy.release.wait(30)
            return self._reset()
        if fault == "reset":
            return self._reset()
        passed = {
            key: value
            for key, value in self.headers.items()
            if key.lower() in ("authorization", "content-type", "accept", "user-agent")
        }
        status, headers, content = self.proxy.forward(self.command, self.path, passed, body)
        kind = next((value for key, value in headers if key.lower() == "content-type"), "")
        if fault is None:
            return self._answer(status, content, kind, extra=_kept(headers))
        if fault == "500":
            problem = {"detail": "Internal Server Error", "status": 500}
            return self._answer(500, json.dumps(problem).encode(), "application/json")
        if fault == "502":
            page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
            return self._answer(502, page, "text/html")
        if fault == "non-json":
            return self._answer(200, b"this is not JSON", "text/plain")
        if fault == "html-200":
            page = b"<!doctype html><html><title>Sign in</title><form></form></html>"
            return self._answer(200, page, "text/html")
        if fault == "redirect":
            return self._answer(302, b"", "text/html", extra=[("Location", "http://elsewhere/")])
        if fault == "401":
            return self._answer(401, json.dumps(QUAY_401).encode(), "application/json")
        if fault == "truncated-json":
            content = content or b'{"a": 1}'
            return self._answer(200, content[: max(1, len(content) // 2)], "application/json")
        if fault == "reset-mid-body":
            content = content or b'{"a": 1}'
            return self._answer(status, content, kind, cut=max(1, len(content) // 2))
        if fault == "short-body":
            # Three quarters of the answer, then the connection closes politely.
            content = content or b'{"a": 1}'
            return self._answer(status, content, kind, cut=max(1, len(content) * 3 // 4), rst=False)
        if fault in WRONG_SHAPES:
            return self._answer(200, self._bent(fault, content), "application/json")
        raise ValueError(f"no such fault: {fault}")

    @staticmethod
    def _bent(fault: str, content: bytes) -> bytes:
        if fault == "shape-list":
            return b'[1, "x", null]'
        if fault == "shape-empty":
            return b"{}"
        try:
            real = json.loads(content or b"null")
        except ValueError:
            real = None
        bent = strings_for_numbers(real) if fault == "shape-strings" else nulls_for_values(real)
        return json.dumps(bent).encode()

    def _answer(
        self,
        status: int,
        content: bytes,
        kind: str,
        *,
        extra: list[tuple[str, str]] | None = None,
        cut: int | None = None,
        rst: bool = True,
    ) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        for key, value in extra or []:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if cut is None:
            self.wfile.write(content)
            return
        self.wfile.write(content[:cut])
        self.wfile.flush()
        if rst:
            self._reset()

    def _reset(self) -> None:
        """Close with a TCP reset, not a polite end of stream."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass


def _kept(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key, value in headers
        if key.lower() in ("location", "link", "content-encoding")
    ]
