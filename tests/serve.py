"""Quayside as the image runs it: gunicorn with gunicorn.conf.py, on a database of its own
(prepared by `migrate` alone, with the default cache: the shared database cache)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(database: Path, **extra: str) -> dict[str, str]:
    """The test session's environment without its own switches, on `database`."""
    skip = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in skip}
    return {**clean, "DATABASE_URL": f"sqlite:///{database}", **extra}


def migrate(database: Path) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=environment(database),
        check=True,
        capture_output=True,
        timeout=120,
    )


@dataclass
class Served:
    url: str
    health_url: str


@contextmanager
def gunicorn(database: Path, quay_url: str, *, workers: int, threads: int) -> Iterator[Served]:
    env = environment(
        database,
        QUAY_URL=quay_url,
        QUAY_TIMEOUT="30",
        HEALTH_PORT=str(free_port()),
        WEB_CONCURRENCY=str(workers),
        GUNICORN_THREADS=str(threads),
    )
    port = free_port()
    binary = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    assert binary
    command = [binary, "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "dashboard.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    served = Served(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{env['HEALTH_PORT']}")
    try:
        for _ in range(600):
            try:
                requests.get(f"{served.url}/healthz", timeout=10)
                break
            except requests.RequestException:  # not listening yet, or a worker still booting
                time.sleep(0.1)
        yield served
    finally:
        process.terminate()
        process.wait(timeout=30)


def signed_in(base: str, token: str) -> requests.Session:
    """A browser signed in to the served dashboard with `token`."""
    session = requests.Session()
    form = session.get(f"{base}/signin/", timeout=10).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert csrf
    answer = session.post(
        f"{base}/signin/",
        data={"token": token, "csrfmiddlewaretoken": csrf.group(1)},
        headers={"Referer": f"{base}/signin/"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302
    return session
