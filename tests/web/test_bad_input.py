"""The bad-input corpus: every path parameter and query parameter with malformed, Unicode,
oversized and traversal values, forms with missing, oversized and garbage fields, and wrong
methods. Never a 500, never a traceback, and no call to Quay for what is refused before one.

The banners' read of Quay's global messages may happen on any page, whatever the input: it is
not a call the input caused, so it is left out of the counts.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from sandbox.server import SandboxServer
from tests.routes import page_routes, parameters, sample_path

pytestmark = pytest.mark.django_db

BANNERS = "/api/v1/messages"

# Values no path parameter admits: each must be a 404 before any call.
BAD_PATH_VALUES = [
    "\u00b2",  # superscript two: isdigit() says yes
    "\u2460",  # circled one
    "\U0001d7d9",  # mathematical double-struck one: int() reads 1
    "\u0661",  # Arabic-Indic one
    "%2e%2e",
    "..",
    "a%2fb",
    "%00",
    "A" * 300,
    "x" * 5000,
    "<script>",
    "%C3%BC",
    "-1",
]
# Values every query parameter gets at once.
BAD_QUERY_VALUES = [
    "\u00b2",
    "\U0001d7d9",
    "-1",
    "99999999999999999999999999",
    "../../etc/passwd",
    "%00",
    "9999-01-01",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "",
]
QUERY_PARAMETERS = [
    "page", "limit", "next_page", "filter", "q", "namespace", "d", "l", "severity", "fixable",
    "match", "start", "end", "performer", "kind", "range", "format", "uuid", "n", "phase",
    "pb", "b", "last", "timestamps", "status", "replace", "suggest", "entity", "only",
    "refresh", "effective", "tag", "timestamps", "back", "next",
]  # fmt: skip
# What the forms send: each view reads the fields it knows.
FIELDS = [
    "amount", "unit", "quota_id", "type", "percent", "existing", "content", "severity",
    "media_type", "service", "name", "email", "username", "enabled", "kid", "kids", "action",
    "description", "visibility", "state", "confirm", "tag", "tags", "digest", "expiration",
    "key", "value", "archive_url", "dockerfile_path", "subdirectory", "context", "pull_robot",
    "member", "role", "entity", "shortname", "delegate", "delegate_kind", "activating_user",
    "prototype", "start", "end", "callback_email", "callback_url", "star", "namespace",
    "notes", "replaces", "form_token", "back", "no_expiration", "tag_expiration_s",
]  # fmt: skip


def _calls(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != BANNERS]


def _writes(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.method != "GET"]


def _check(response: object, what: str) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status < 500 or status == 503, f"{what}: {status}"
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content  # type: ignore[attr-defined]
    assert b"Traceback" not in content, what


def _parametrized_routes() -> list[str]:
    return [route for route in page_routes() if parameters(route)]


@pytest.mark.parametrize("value", BAD_PATH_VALUES)
def test_a_malformed_path_part_is_a_404_before_any_call(
    devtable: Client, sandbox: SandboxServer, value: str
) -> None:
    """Each path parameter of each route with the value: the URL does not match (a 404 before
    any view), or, where the route admits it (a `kind` word, a key id), the view refuses it
    before any call."""
    sandbox.clear_calls()
    admitted = []
    for route in _parametrized_routes():
        for name in parameters(route):
            path = sample_path(route, {name: value})
            try:
                resolve(unquote(path))
            except Resolver404:
                continue
            admitted.append(path)
            for method in ("get", "post"):
                response = getattr(devtable, method)(path)
                _check(response, f"{method} {path}")
                assert response.status_code in (302, 400, 403, 404, 405), f"{method} {path}"
    # The 404 itself, as a person would meet it.
    path = sample_path("repository/<ns:namespace>/<repo:name>/tags/", {"name": value})
    response = devtable.get(path)
    _check(response, path)
    assert response.status_code == 404
    assert _calls(sandbox) == [], admitted


def _get_pages(client: Client) -> list[str]:
    return [
        sample_path(route)
        for route in page_routes()
        if client.get(sample_path(route)).status_code not in (405,)
    ]


_pages: list[str] = []


@pytest.mark.parametrize("value", BAD_QUERY_VALUES)
def test_every_query_parameter_takes_any_value(
    devtable: Client, sandbox: SandboxServer, value: str
) -> None:
    if not _pages:
        _pages.extend(_get_pages(devtable))
    assert len(_pages) > 30
    query = {key: value for key in QUERY_PARAMETERS}
    # The fragments read the same parameters as their pages: a few values suffice for them.
    variants = [{}, {"HX-Request": "true"}] if value in ("\u00b2", "x" * 10_000) else [{}]
    sandbox.clear_calls()
    for page in _pages:
        for headers in variants:
            _check(devtable.get(page, query, headers=headers), f"{page} {value[:20]!r}")
    assert _writes(sandbox) == []


def _post_paths() -> list[str]:
    return [sample_path(route) for route in page_routes()]


GARBAGE = {
    "missing": {},
    "oversized": {field: "x" * 200_000 for field in FIELDS},
    "unicode": {field: "\u00b2\u2460\U0001d7d9\u0661\u202e\x00" for field in FIELDS},
    "traversal": {field: "../../../etc/passwd" for field in FIELDS},
}


def _post_everywhere(client: Client, fields: dict[str, str]) -> None:
    for path in _post_paths():
        for headers in ({}, {"HX-Request": "true"}):
            _check(client.post(path, fields, headers=headers), f"POST {path}")


_no_field_writes: set[str] = set()


def no_field_writes(client: Client, sandbox: SandboxServer) -> set[str]:
    """The writes an empty form makes: actions whose whole input is the URL (starring,
    deleting a named tag or notification). Found once, then the sandbox is as seeded again."""
    if not _no_field_writes:
        sandbox.clear_calls()
        _post_everywhere(client, {})
        _no_field_writes.update(_writes(sandbox))
        sandbox.reset()
        sandbox.clear_calls()
    return _no_field_writes


@pytest.mark.parametrize("kind", sorted(GARBAGE))
def test_forms_with_missing_oversized_or_garbage_fields(
    devtable: Client, sandbox: SandboxServer, kind: str
) -> None:
    allowed = no_field_writes(devtable, sandbox)
    _post_everywhere(devtable, GARBAGE[kind])
    if kind in ("oversized", "unicode"):
        # Nothing oversized, nor text with a NUL in it, makes a write an empty form would not:
        # what changes anything is refused first. (A path like "../../etc/passwd" is a fine
        # description, so the traversal case may change one.)
        unexpected = sorted(set(_writes(sandbox)) - allowed)
        assert unexpected == [], "\n".join(unexpected)


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_wrong_methods_are_refused_before_any_call(
    devtable: Client, sandbox: SandboxServer, method: str
) -> None:
    sandbox.clear_calls()
    for path in _post_paths():
        response = getattr(devtable, method)(path)
        _check(response, f"{method} {path}")
        assert response.status_code in (302, 400, 403, 404, 405), f"{method} {path}"
    assert _calls(sandbox) == []


# --- The probe's own cases ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["\u00b2", "\u2460", "\U0001d7d9", "\u0661", "1_0", "+1", " "])
def test_a_quota_id_that_is_not_ascii_digits_deletes_nothing(
    devtable: Client, reader: Client, sandbox: SandboxServer, value: str
) -> None:
    for client in (devtable, reader):
        sandbox.clear_calls()
        response = client.post("/organization/buynlarge/quota/delete/", {"quota_id": value})
        _check(response, value)
        assert _writes(sandbox) == []


@pytest.mark.parametrize("existing", ["\u00b2:Warning:50", "1:Warning:\u00b2", "\U0001d7d9:x:50"])
def test_limits_sent_back_with_unicode_digits_are_ignored(
    devtable: Client, sandbox: SandboxServer, existing: str
) -> None:
    response = devtable.post(
        "/organization/buynlarge/quota/limits/",
        {"quota_id": "1", "type": "Warning", "percent": "80", "existing": existing},
    )
    _check(response, existing)


@pytest.mark.parametrize("page", ["%C2%B2", "%E2%91%A0", "%F0%9D%9F%99", "-3", "0"])
def test_a_page_number_that_is_not_ascii_digits_is_the_first_page(
    devtable: Client, page: str
) -> None:
    response = devtable.get(f"/superuser/quotas/?page={page}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "scope",
    [
        "/user/logs/export/",
        "/organization/buynlarge/logs/export/",
        "/repository/devtable/simple/logs/export/",
        "/superuser/logs/export/",
    ],
)
@pytest.mark.parametrize(
    "dates", [{"start": "9999-01-01"}, {"end": "9999-01-01"}, {"start": "\u00b2", "end": "x"}]
)
def test_a_quay_export_with_a_refused_date_says_so(
    devtable: Client, sandbox: SandboxServer, scope: str, dates: dict[str, str]
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        scope,
        {**dates, "callback_email": "someone@example.com"},
        headers={"HX-Request": "true"},
    )
    _check(response, scope)
    assert response.status_code == 400
    assert b"alert-error" in response.content
    assert _writes(sandbox) == []


def test_a_new_repositorys_description_is_bounded(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        "/repository/new/",
        {
            "namespace": "devtable",
            "name": "huge",
            "visibility": "private",
            "description": "x" * 2_000_000,
        },
    )
    _check(response, "create")
    assert response.status_code in (200, 400, 422)
    assert b"at most 100000 characters" in response.content.replace(b",", b"")
    assert _writes(sandbox) == []
