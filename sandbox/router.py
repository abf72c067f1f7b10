"""A small method + path router for the sandbox.

Patterns use `{name}` for one path segment and `{name:path}` for the rest of the path
(slashes included). Area modules register handlers on import with the `route` decorator:

    @route("GET", "/api/v1/repository/{namespace}/{repository}")
    def get_repository(req: Request) -> Response: ...

A handler gets a `Request` and returns `(status, body, headers)`; raising `HttpError` is the
other way out (see `api/common.py` for Quay's error bodies and the scope checks).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from sandbox.world import AccessToken, User, World

# (status, body, extra headers). A dict/list body is sent as JSON; a str as it is; None as "".
Response = tuple[int, Any, dict[str, str]]
Handler = Callable[["Request"], Response]


class HttpError(Exception):
    """Raised by handlers and helpers to answer at once with `response`."""

    def __init__(self, response: Response) -> None:
        super().__init__(response[0])
        self.response = response


@dataclass
class Principal:
    """Who a request acts for: the token's user and the scopes granted to the token."""

    user: User
    scopes: frozenset[str]
    token: AccessToken | None = None

    @property
    def username(self) -> str:
        return self.user.username


@dataclass
class Request:
    method: str
    path: str
    query_string: str
    headers: Mapping[str, str]
    body: bytes
    world: World
    base_url: str  # scheme://host:port the client used, for absolute URLs in answers
    principal: Principal | None = None
    params: dict[str, str] = field(default_factory=dict)

    @property
    def query(self) -> dict[str, str]:
        """Query parameters, the first value of each."""
        result: dict[str, str] = {}
        for key, value in parse_qsl(self.query_string, keep_blank_values=True):
            result.setdefault(key, value)
        return result

    def json(self) -> Any:
        """The JSON body, or None when there is none or it isn't JSON."""
        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def form(self) -> dict[str, str]:
        """An application/x-www-form-urlencoded body, the first value of each field."""
        result: dict[str, str] = {}
        for key, value in parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True):
            result.setdefault(key, value)
        return result


@dataclass
class Route:
    method: str
    pattern: str
    handler: Handler
    regex: re.Pattern[str]


def _compile(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    for literal, name, kind in re.findall(r"([^{]*)(?:\{(\w+)(?::(\w+))?\})?", pattern):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+)" if kind == "path" else f"(?P<{name}>[^/]+)")
    return re.compile("".join(parts) + r"\Z")


class Router:
    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, pattern: str, handler: Handler, *, first: bool = False) -> None:
        """Register a route; `first` puts it before every route registered so far, for a
        literal path that an earlier pattern would swallow (`/repository/mirror/health` is
        not the repository `mirror/health`)."""
        method = method.upper()
        if any(r.method == method and r.pattern == pattern for r in self.routes):
            raise ValueError(f"route registered twice: {method} {pattern}")
        entry = Route(method, pattern, handler, _compile(pattern))
        if first:
            self.routes.insert(0, entry)
        else:
            self.routes.append(entry)

    def route(
        self, method: str, pattern: str, *, first: bool = False
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.add(method, pattern, handler, first=first)
            return handler

        return register

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for candidate in self.routes:
            if candidate.method == method.upper():
                found = candidate.regex.match(path)
                if found:
                    return candidate, found.groupdict()
        return None

    def has_route(self, method: str, path: str) -> bool:
        """Whether the sandbox implements this method on this concrete path."""
        return self.match(method, path) is not None

    def path_exists(self, path: str) -> bool:
        return any(r.regex.match(path) for r in self.routes)

    def endpoints(self) -> list[tuple[str, str]]:
        return [(r.method, r.pattern) for r in self.routes]


# The one router the server dispatches to; area modules register on it when imported.
ROUTER = Router()
route = ROUTER.route
