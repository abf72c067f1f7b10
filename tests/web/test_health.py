"""`/healthz` answers whatever Quay does: on the main port it never asks Quay, and under
gunicorn each worker also answers it on HEALTH_PORT from a thread of its own, so the answer
comes even while every worker thread waits on a hanging Quay."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.test import Client

from dashboard.sandbox.server import SandboxServer
from dashboard.sandbox.world import DEMO_TOKENS
from dashboard.web.health import serve_health

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.django_db
def test_healthz_never_asks_quay(client: Client, sandbox: SandboxServer) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}
    assert sandbox.calls == []


@pytest.mark.django_db(transaction=True)
def test_the_health_listener_answers_get_and_head_on_healthz_only() -> None:
    port = _free_port()
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
def gunicorn(tmp_path: Path, sandbox: SandboxServer) -> Iterator[tuple[str, str]]:
    """Quayside under gunicorn with the image's configuration, one worker of two threads."""
    database = tmp_path / "db.sqlite3"
    skip = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **{key: value for key, value in os.environ.items() if key not in skip},
        "DATABASE_URL": f"sqlite:///{database}",
        "QUAY_URL": sandbox.url,
        "QUAY_TIMEOUT": "30",
        "HEALTH_PORT": str(_free_port()),
        "PORT": str(_free_port()),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    assert gunicorn
    process = subprocess.Popen(
        [
            gunicorn,
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{env['PORT']}",
            "dashboard.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    main, health = f"http://127.0.0.1:{env['PORT']}", f"http://127.0.0.1:{env['HEALTH_PORT']}"
    try:
        for _ in range(600):
            try:
                requests.get(f"{health}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield main, health
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_health_port_answers_while_every_worker_thread_waits_on_quay(
    gunicorn: tuple[str, str], sandbox: SandboxServer
) -> None:
    main, health = gunicorn
    session = requests.Session()
    form = session.get(f"{main}/signin/", timeout=10).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert csrf
    signed_in = session.post(
        f"{main}/signin/",
        data={"token": DEMO_TOKENS["devtable"], "csrfmiddlewaretoken": csrf.group(1)},
        headers={"Referer": f"{main}/signin/"},
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302
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
