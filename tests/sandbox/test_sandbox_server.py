"""The server itself: reset, latency, the call log, life cycle, and the router."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import requests

from sandbox.router import Router
from sandbox.server import CallRecord, SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.sandbox.conftest import Call

MESSAGE = {"message": {"content": "hi", "media_type": "text/plain", "severity": "info"}}


def test_reset_restores_the_seed(sandbox: SandboxServer, call: Call) -> None:
    call("POST", "/api/v1/messages", who="devtable", json=MESSAGE)
    assert len(call("GET", "/api/v1/messages").json()["messages"]) == 3

    sandbox.reset()

    assert len(call("GET", "/api/v1/messages").json()["messages"]) == 2


def test_reset_forgets_tokens_issued_by_oauth(sandbox: SandboxServer, call: Call) -> None:
    sandbox.world.access_tokens.clear()  # as if every token had been issued at run time
    assert call("GET", "/api/v1/user/", who="devtable").status_code == 401

    sandbox.reset()

    assert call("GET", "/api/v1/user/", who="devtable").status_code == 200


def test_reset_builds_a_new_world_and_keeps_the_generated_log(sandbox: SandboxServer) -> None:
    # What keeps a reset quick: the large generated log is shared, never rebuilt or copied.
    before = sandbox.world
    sandbox.reset()
    assert sandbox.world is not before
    if sandbox.world.now // 3600 == before.now // 3600:
        generated = sandbox.world.extras["usagelogs"]["generated"]
        assert generated is before.extras["usagelogs"]["generated"]


def test_latency_is_added_and_concurrent_calls_overlap(sandbox: SandboxServer) -> None:
    # A whole second each: one after the other they would take two, however busy the machine.
    sandbox.latency_ms = 1000
    statuses: list[int] = []

    def fetch() -> None:
        response = requests.get(f"{sandbox.url}/api/v1/messages", timeout=10)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=fetch) for _ in range(2)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    assert statuses == [200, 200]
    assert 1.0 <= elapsed < 1.9


def test_latency_can_be_turned_off_at_run_time(sandbox: SandboxServer, call: Call) -> None:
    sandbox.latency_ms = 3000
    sandbox.latency_ms = 0
    started = time.perf_counter()
    call("GET", "/api/v1/messages")
    assert time.perf_counter() - started < 2


def test_every_call_is_recorded(sandbox: SandboxServer, call: Call) -> None:
    call("GET", "/api/v1/user/", who="reader")
    call("GET", "/api/v1/user", params={"a": "1"})
    call("DELETE", "/api/v1/message/abc", who="devtable")

    assert sandbox.calls == [
        CallRecord("GET", "/api/v1/user/", "", 200),
        CallRecord("GET", "/api/v1/user", "a=1", 308),
        CallRecord("DELETE", "/api/v1/message/abc", "", 204),
    ]
    sandbox.clear_calls()
    assert sandbox.calls == []


def test_the_call_log_is_thread_safe(sandbox: SandboxServer) -> None:
    def fetch() -> None:
        for _ in range(10):
            requests.get(f"{sandbox.url}/api/v1/messages", timeout=10)

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(sandbox.calls) == 80


def test_start_stop_and_context_manager() -> None:
    with SandboxServer(latency_ms=0) as server:
        assert server.url.startswith("http://127.0.0.1:")
        headers = {"Authorization": f"Bearer {DEMO_TOKENS['devtable']}"}
        assert requests.get(f"{server.url}/api/v1/user/", headers=headers, timeout=5).ok
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.url}/api/v1/messages", timeout=2)


def test_router_matches_segments_and_paths() -> None:
    router = Router()

    @router.route("GET", "/api/v1/repository/{namespace}/{repository}/tag/")
    def tags(req):  # type: ignore[no-untyped-def]
        return 200, {}, {}

    @router.route("GET", "/api/v1/find/{rest:path}")
    def rest(req):  # type: ignore[no-untyped-def]
        return 200, {}, {}

    found = router.match("GET", "/api/v1/repository/devtable/simple/tag/")
    assert found is not None and found[1] == {"namespace": "devtable", "repository": "simple"}
    assert router.match("GET", "/api/v1/repository/devtable/simple/tag") is None
    assert router.match("POST", "/api/v1/repository/devtable/simple/tag/") is None
    assert router.match("GET", "/api/v1/find/a/b") is not None
    with pytest.raises(ValueError, match="twice"):
        router.add("GET", "/api/v1/find/{rest:path}", rest)


def test_serial_mode_answers_token_calls_one_at_a_time(sandbox: SandboxServer) -> None:
    sandbox.latency_ms = 300
    sandbox.serial = True
    inside, most = 0, 0
    lock = threading.Lock()
    original = sandbox._answer

    def counted(*args: Any) -> Any:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        try:
            return original(*args)
        finally:
            with lock:
                inside -= 1

    sandbox._answer = counted  # type: ignore[method-assign]
    headers = {"Authorization": f"Bearer {DEMO_TOKENS['devtable']}"}

    def fetch() -> None:
        requests.get(f"{sandbox.url}/api/v1/user/", headers=headers, timeout=10)

    try:
        threads = [threading.Thread(target=fetch) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert most == 1
        most = 0
        anonymous = [
            threading.Thread(
                target=requests.get,
                args=(f"{sandbox.url}/api/v1/messages",),
                kwargs={"timeout": 10},
            )
            for _ in range(3)
        ]
        for thread in anonymous:
            thread.start()
        for thread in anonymous:
            thread.join()
        assert most > 1  # calls without a token are not queued
    finally:
        sandbox.serial = False
        del sandbox._answer
