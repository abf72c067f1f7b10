"""`/healthz` answers whatever Quay does: on the main port it never asks Quay, and under
gunicorn each worker also answers it on HEALTH_PORT from a thread of its own, so the answer
comes even while every worker thread waits on a hanging Quay."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.test import Client

from dashboard.web.health import serve_health
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.serve import Served, free_port, gunicorn, migrate, signed_in


@pytest.mark.django_db
def test_healthz_never_asks_quay(client: Client, sandbox: SandboxServer) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}
    assert sandbox.calls == []


@pytest.mark.django_db(transaction=True)
def test_the_health_listener_answers_get_and_head_on_healthz_only() -> None:
    port = free_port()
    server = serve_health("127.0.0.1", port)
    try:
        got = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
        assert got.status_code == 200
        assert got.json() == {"status": "ok", "database": True}
        head = requests.head(f"http://127.0.0.1:{port}/healthz", timeout=5)
        assert head.status_code == 200 and head.content == b""
        assert requests.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 404
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def served(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Served]:
    """One worker of two threads."""
    database = tmp_path / "db.sqlite3"
    migrate(database)
    with gunicorn(database, sandbox.url, workers=1, threads=2) as running:
        yield running


def test_the_health_port_answers_while_every_worker_thread_waits_on_quay(
    served: Served, sandbox: SandboxServer
) -> None:
    main, health = served.url, served.health_url
    session = signed_in(main, DEMO_TOKENS["devtable"])
    # Quay hangs: more page requests than the worker has threads, each waiting on Quay.
    sandbox.latency_ms = 6000
    waiting = [
        threading.Thread(target=lambda: session.get(f"{main}/repository/", timeout=60), daemon=True)
        for _ in range(4)
    ]
    for thread in waiting:
        thread.start()
    time.sleep(1)  # the worker's two threads take two of them, and wait on Quay
    answer = requests.get(f"{health}/healthz", timeout=4)
    head = requests.head(f"{health}/healthz", timeout=4)
    # Answered while every page request was still waiting on Quay.
    assert all(thread.is_alive() for thread in waiting)
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert head.status_code == 200
    sandbox.latency_ms = 0
    for thread in waiting:
        thread.join(timeout=60)
