"""Answers the client cannot read: every method turns valid JSON of the wrong shape, and a body
that breaks off, into `QuayUnavailable` naming the operation, never another exception."""

from __future__ import annotations

import gzip
import io
import json
import re
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import requests
import responses

from dashboard.quay.builds import _decoded_chunks
from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayUnavailable
from dashboard.quay.usagelogs import DateRange, LogScope, LogScopeKind

QUAY = "https://quay.example.com"
TOKEN = "A" * 40
SHAPES = ['[1, "x", null]', "{}", '"a string"', "42", "null"]


@pytest.fixture
def client() -> QuayClient:
    return QuayClient(QUAY, TOKEN, session=requests.Session())


# A method of each area, with the arguments a page would give it.
CALLS: dict[str, Callable[[QuayClient], Any]] = {
    "get_user": lambda c: c.get_user(),
    "list_global_messages": lambda c: c.list_global_messages(),
    "get_repository": lambda c: c.get_repository("devtable", "simple"),
    "list_repos": lambda c: c.list_repos(namespace="devtable"),
    "list_repo_tags": lambda c: c.list_repo_tags("devtable", "simple"),
    "get_repo_manifest": lambda c: c.get_repo_manifest("devtable", "simple", "sha256:" + "a" * 64),
    "get_repo_manifest_security": lambda c: c.get_repo_manifest_security(
        "devtable", "simple", "sha256:" + "a" * 64
    ),
    "list_repo_builds": lambda c: c.list_repo_builds("devtable", "simple"),
    "get_organization": lambda c: c.get_organization("buynlarge"),
    "list_organization_quota": lambda c: c.list_organization_quota("buynlarge"),
    "list_all_users": lambda c: c.list_all_users(),
    "list_service_keys": lambda c: c.list_service_keys(),
    "get_aggregate_logs": lambda c: c.get_aggregate_logs(
        LogScope(LogScopeKind.USER), DateRange(date(2020, 1, 1), date(2020, 1, 2))
    ),
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("operation", sorted(CALLS))
@responses.activate
def test_an_answer_of_the_wrong_shape_names_the_operation(
    client: QuayClient, operation: str, shape: str
) -> None:
    responses.add(
        responses.Response(
            method=responses.GET,
            url=re.compile(rf"{QUAY}/api/v1/.*"),
            body=shape,
            content_type="application/json",
        )
    )
    try:
        CALLS[operation](client)
    except QuayUnavailable as exc:
        assert "Quay answered something Quayside does not understand" in exc.message
        assert operation in exc.message
    # An answer that happens to fit (an empty list from `{}`) is fine too: no other exception.


@responses.activate
def test_a_string_for_a_number_is_not_understood(client: QuayClient) -> None:
    responses.get(
        f"{QUAY}/api/v1/repository/devtable/simple",
        json={"namespace": "devtable", "name": "simple", "stats": [{"count": "many"}]},
    )
    with pytest.raises(QuayUnavailable, match=r"does not understand \(get_repository\)"):
        client.get_repository("devtable", "simple")


def test_a_mistake_of_the_caller_is_not_blamed_on_quay(client: QuayClient) -> None:
    # Nothing was sent: the TypeError is ours and must stay visible.
    with pytest.raises(TypeError):
        client.get_repository("devtable")  # type: ignore[call-arg]


# --- A streamed build log that breaks off ------------------------------------------------------

# Large enough that half of it is more than one chunk of the stream.
ENTRIES = [{"message": f"line {n}", "type": ""} for n in range(6000)]


def _log_body() -> bytes:
    return json.dumps({"start": 0, "total": len(ENTRIES), "logs": ENTRIES}).encode()


class BrokenServer:
    """Announces the whole log, sends half of it, then: closes (`short`), resets (`reset`), or
    says nothing more (`stall`)."""

    def __init__(self, how: str) -> None:
        self.how = how
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        connection, _ = self.sock.accept()
        connection.recv(65536)
        body = _log_body()
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        connection.sendall(head + body[: len(body) // 2])
        if self.how == "stall":
            self.done.wait(5)
        elif self.how == "reset":
            self.done.wait(0.3)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00" * 2)
        connection.close()

    def close(self) -> None:
        self.done.set()
        self.sock.close()


@pytest.fixture(params=["short", "reset", "stall"])
def broken(request: pytest.FixtureRequest) -> Iterator[BrokenServer]:
    server = BrokenServer(request.param)
    yield server
    server.close()


def test_a_log_that_breaks_off_is_unavailable_after_what_arrived(broken: BrokenServer) -> None:
    client = QuayClient(broken.url, TOKEN, session=requests.Session(), timeout=0.5)
    read: list[str] = []
    with pytest.raises(QuayUnavailable) as raised:
        for entry in client.iter_repo_build_log("devtable", "simple", "x"):
            read.append(entry.message)
    assert "build log" in raised.value.message
    if broken.how != "reset":
        # What came before the break was given out (a reset may drop what was in flight).
        assert read and read[0] == "line 0" and len(read) < len(ENTRIES)


def test_a_gzip_archive_that_ends_early_is_unavailable() -> None:
    whole = gzip.compress(_log_body())
    response = requests.Response()
    response.raw = io.BytesIO(whole[: len(whole) // 2])
    response.status_code = 200
    with pytest.raises(QuayUnavailable, match="broke off"):
        list(_decoded_chunks(response))
