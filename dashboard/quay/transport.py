"""The one place Quayside speaks HTTP to Quay.

Every call goes through `QuayTransport.request()`: one pooled `requests.Session` for the whole
process, the person's token passed per call, a timeout always, our own User-Agent, canonical
paths with their parts encoded, redirects never followed, and Quay's answers turned into data or
into one of the errors in `errors.py`. The token never reaches a log line or an exception.
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from requests.adapters import HTTPAdapter

from .errors import (
    QuayAuthError,
    QuayBadRequest,
    QuayError,
    QuayNotFound,
    QuayPermissionDenied,
    QuayUnavailable,
)

logger = logging.getLogger("dashboard.quay")

USER_AGENT = "Quayside/0.1 (+https://github.com/quayside)"
API_PREFIX = "/api/v1/"

_session_lock = threading.Lock()
_session: requests.Session | None = None


def shared_session() -> requests.Session:
    """One connection pool for the process: pages make many calls to one host."""
    global _session
    with _session_lock:
        if _session is None:
            session = requests.Session()
            # Enough kept-alive connections for a page's concurrent calls (up to a screenful of
            # digests at once) from several request threads.
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=128, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            # Quay rejects API GETs with a browser User-Agent unless they carry
            # X-Requested-With (BROWSER_API_CALLS_XHR_ONLY): a server-side client names itself.
            session.headers["User-Agent"] = USER_AGENT
            session.headers["Accept"] = "application/json"
            # Proxies and netrc from the environment must not add credentials of their own.
            session.trust_env = False
            _session = session
        return _session


def api_path(template: str, **parts: str | int) -> str:
    """Fill an API path template, encoding each part so `/`, `..` and `?` stay inside it.

    `api_path("repository/{ns}/{name}/tag/", ns="devtable", name="simple")`
    gives `/api/v1/repository/devtable/simple/tag/`.
    """
    encoded = {key: quote(str(value), safe="") for key, value in parts.items()}
    return API_PREFIX + template.format(**encoded)


def given(**fields: Any) -> dict[str, Any]:
    """The fields passed (not None): Quay's changes touch only what their body names, so a field
    left out must be left out of the body, not sent as null."""
    return {key: value for key, value in fields.items() if value is not None}


def filled(**fields: Any) -> dict[str, Any]:
    """The optional fields that hold something: Quay reads a missing one as "none", and an
    empty one is not the same to it."""
    return {key: value for key, value in fields.items() if value}


# What reading an answer of the wrong shape raises: a missing key, an item of the wrong type, a
# string where a number goes, a list where an object goes.
READING_ERRORS = (LookupError, TypeError, ValueError, AttributeError, ArithmeticError)

# Answers received on this thread, so an error of reading is told from a mistake of the caller
# (a wrong argument raises before anything was sent).
_received = threading.local()


def _answers_received() -> int:
    return getattr(_received, "count", 0)


def not_understood(operation: str) -> QuayUnavailable:
    return QuayUnavailable(f"Quay answered something Quayside does not understand ({operation}).")


def _reading_answers(method: Callable[..., Any]) -> Callable[..., Any]:
    """A client method whose answer, whatever its shape, is data or `QuayUnavailable`.

    Every public method of every client mixin is wrapped once, by `QuayTransport`, so the
    `from_api` constructors and parsers may simply index and convert: an answer they cannot
    read (`[1, "x", null]`, `{}`, a missing key, a string for a number) names the operation
    instead of becoming a 500. An iterator the method returns (a streamed build log) is read
    under the same rule.
    """
    operation = method.__name__

    def read_lazily(items: Iterator[Any]) -> Iterator[Any]:
        try:
            yield from items
        except READING_ERRORS as exc:
            raise not_understood(operation) from exc

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        before = _answers_received()
        try:
            result = method(*args, **kwargs)
        except READING_ERRORS as exc:
            if _answers_received() == before:
                raise
            raise not_understood(operation) from exc
        if inspect.isgenerator(result):
            return read_lazily(result)
        return result

    wrapper.reads_answers = True  # type: ignore[attr-defined]
    return wrapper


def redact(text: str, secret: str) -> str:
    return text.replace(secret, "[redacted]") if secret else text


def error_message(body: Any, fallback: str) -> str:
    """Quay's own words for an error: `detail`, then `error_message`, then `title`, then the
    plain `{"message": ...}` body some endpoints answer with, else the fallback."""
    if isinstance(body, dict):
        for key in ("detail", "error_message", "title", "message", "error_description", "error"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return fallback


class QuayTransport:
    """A connection to one Quay on behalf of one person (or anonymously, with no token)."""

    def __init__(
        self,
        base_url: str,
        token: str = "",
        *,
        timeout: float = 15.0,
        connect_timeout: float = 3.0,
        verify: bool | str = True,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout = (connect_timeout, timeout)
        self.verify = verify
        self.session = session or shared_session()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, member in list(vars(cls).items()):
            if name.startswith("_") or not inspect.isfunction(member):
                continue
            if getattr(member, "reads_answers", False):
                continue
            setattr(cls, name, _reading_answers(member))

    def __repr__(self) -> str:
        # Never the token: objects end up in tracebacks and debug pages.
        return f"<{type(self).__name__} {self.base_url}>"

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
    ) -> Any:
        """Call Quay and return the decoded JSON body (None for an empty one)."""
        if not path.startswith(API_PREFIX):
            raise ValueError(f"not an API path: {path}")
        clean_params = {k: v for k, v in (params or {}).items() if v is not None and v != ""}
        response = self._send(
            method, self.base_url + path, params=clean_params, json=json, data=data
        )
        return self._decode(response)

    def stream(self, url: str, *, authorized: bool = True) -> requests.Response:
        """GET a large answer to read as it arrives (a build log of 100,000 lines), with the
        same timeouts and error mapping as `request()`. `authorized=False` sends no token: for
        URLs Quay hands out that may point at another host (archived logs in storage)."""
        response = self._send("GET", url, stream=True, authorized=authorized)
        if not 200 <= response.status_code < 300:
            try:
                self._decode(response)
            finally:
                response.close()
            raise QuayUnavailable(f"Quay answered {response.status_code} unexpectedly.")
        return response

    def _send(
        self, method: str, url: str, *, authorized: bool = True, **kwargs: Any
    ) -> requests.Response:
        """The one place a request leaves for Quay."""
        headers = {"Authorization": f"Bearer {self._token}"} if authorized and self._token else {}
        path = urlsplit(url).path
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                url,
                headers=headers,
                timeout=self.timeout,
                verify=self.verify,
                allow_redirects=False,
                **kwargs,
            )
        except requests.Timeout:
            self._log(method, path, "timeout", started)
            raise QuayUnavailable("Quay did not answer in time.") from None
        except requests.RequestException as exc:
            self._log(method, path, "unreachable", started)
            reason = redact(type(exc).__name__, self._token)
            raise QuayUnavailable(f"Quay could not be reached ({reason}).") from None
        self._log(method, path, str(response.status_code), started)
        _received.count = _answers_received() + 1
        return response

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params=params)

    def _decode(self, response: requests.Response) -> Any:
        status = response.status_code
        body: Any = None
        if response.content:
            try:
                body = response.json()
            except ValueError:
                # A proxy's error page, or a login page in front of Quay: never what Quay sends
                # on success (even `PUT .../tag/x` answers with the JSON string "Updated").
                if 200 <= status < 300:
                    raise QuayUnavailable(
                        "Quay answered with something that is not JSON."
                    ) from None
        if 200 <= status < 300:
            return body
        if 300 <= status < 400:
            # Canonical paths never redirect; a redirect means a wrong QUAY_URL or a proxy in
            # the way, and following it could send the token to another host.
            raise QuayUnavailable(
                f"Quay answered with a redirect ({status}); check that QUAY_URL points at Quay."
            )
        message = redact(error_message(body, response.reason or f"HTTP {status}"), self._token)
        error_type = body.get("error_type", "") if isinstance(body, dict) else ""
        error_class: type[QuayError]
        if status == 401:
            error_class = QuayAuthError
        elif status == 403:
            error_class = QuayPermissionDenied
        elif status == 404:
            error_class = QuayNotFound
        elif 400 <= status < 500:
            error_class = QuayBadRequest
        else:
            error_class = QuayUnavailable
            message = f"Quay had a problem ({status}): {message}"
        raise error_class(message, status=status, error_type=str(error_type or ""))

    def _log(self, method: str, path: str, outcome: str, started: float) -> None:
        elapsed_ms = (time.monotonic() - started) * 1000
        logger.debug("quay %s %s -> %s in %.0f ms", method, path, outcome, elapsed_ms)
