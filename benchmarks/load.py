"""Load: N signed-in sessions at once over a mix of the main pages, against Quayside as it is
deployed (gunicorn with gunicorn.conf.py, DEBUG=false) and the sandbox with a fixed latency.

    python benchmarks/load.py [--sessions 30] [--duration 60] [--latency-ms 50]
                              [--instances 1] [--database-url URL] [--redis-url URL]

Without --database-url, a fresh SQLite file and the shared database cache (the defaults);
with --instances 2 --database-url postgres://... --redis-url redis://..., two instances on one
PostgreSQL database and one Redis, each request of a session going to the next instance in
turn. Reports requests/s, p50/p95/p99, errors, the RSS of every gunicorn process before and
after, and how long `/healthz` took meanwhile on the main port and on HEALTH_PORT.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sandbox.world import DEMO_TOKENS  # noqa: E402

PAGES = [
    "/",
    "/repository/",
    "/repository/devtable/simple/",
    "/repository/devtable/simple/tags/",
    "/repository/buynlarge/orgrepo/builds/",
    "/organization/",
    "/organization/buynlarge/",
    "/organization/buynlarge/robots/",
    "/user/logs/",
    "/user/quota/",
]


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    retried: int = 0
    health_main: list[float] = field(default_factory=list)
    health_port: list[float] = field(default_factory=list)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1


def free_port(start: int) -> int:
    for port in range(start, start + 50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"no free port from {start}")


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def rss_mb(pids: list[int]) -> float:
    """The resident memory of these processes and their children, in MB."""
    total = 0
    seen: set[int] = set()
    pending = list(pids)
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
        pending.extend(int(child) for child in children)
    return total / 1024


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def sign_in(base: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/signin/", timeout=30).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert csrf, "no sign-in form"
    answer = session.post(
        f"{base}/signin/",
        data={"token": DEMO_TOKENS["devtable"], "csrfmiddlewaretoken": csrf.group(1)},
        headers={"Referer": f"{base}/signin/"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, f"sign-in answered {answer.status_code}"
    return session


def browse(
    session: requests.Session, bases: list[str], offset: int, until: float, results: Results
) -> None:
    instances = itertools.cycle(bases[offset % len(bases) :] + bases[: offset % len(bases)])
    pages = itertools.cycle(PAGES[offset % len(PAGES) :] + PAGES[: offset % len(PAGES)])
    while time.monotonic() < until:
        url = next(instances) + next(pages)
        started = time.perf_counter()
        try:
            try:
                answer = session.get(url, timeout=60, allow_redirects=False)
            except requests.ConnectionError as exc:
                if "Connection aborted" not in str(exc):
                    raise
                # A kept-alive connection closed under the request: a browser sends such a
                # GET again on a new connection, so do we (and count it).
                with results.lock:
                    results.retried += 1
                answer = session.get(url, timeout=60, allow_redirects=False)
        except requests.RequestException as exc:
            results.error(f"{type(exc).__name__}: {str(exc)[-90:]}")
            continue
        elapsed = (time.perf_counter() - started) * 1000
        if answer.status_code != 200:
            results.error(f"HTTP {answer.status_code}")
            continue
        with results.lock:
            results.latencies.append(elapsed)


def probe_health(main: str, health: str, until: float, results: Results) -> None:
    while time.monotonic() < until:
        for url, bucket in (
            (f"{main}/healthz", results.health_main),
            (f"{health}/healthz", results.health_port),
        ):
            started = time.perf_counter()
            with contextlib.suppress(requests.RequestException):
                requests.get(url, timeout=30)
            bucket.append((time.perf_counter() - started) * 1000)
        time.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--cache-key-prefix", default="quayside-load")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8130")))
    args = parser.parse_args()

    python = sys.executable
    gunicorn = shutil.which("gunicorn", path=str(Path(python).parent)) or "gunicorn"
    workdir = Path(tempfile.mkdtemp(prefix="quayside-load-"))
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DEBUG": "false",
        "SECRET_KEY": "load-benchmark-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
    }
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
        env["CACHE_KEY_PREFIX"] = args.cache_key_prefix
    processes: list[subprocess.Popen[bytes]] = []
    try:
        sandbox_port = free_port(args.port + 9)
        processes.append(
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "sandbox",
                    "--port",
                    str(sandbox_port),
                    "--latency-ms",
                    str(args.latency_ms),
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        env["QUAY_URL"] = f"http://127.0.0.1:{sandbox_port}"
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            subprocess.run(
                [python, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        bases, healths, pids = [], [], []
        port = args.port
        for _ in range(args.instances):
            port, health_port = free_port(port), free_port(free_port(port) + 1)
            instance = subprocess.Popen(
                [
                    gunicorn,
                    "-c",
                    "gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--access-logfile",
                    "/dev/null",
                    "dashboard.wsgi:application",
                ],
                cwd=ROOT,
                env={**env, "HEALTH_PORT": str(health_port)},
            )
            processes.append(instance)
            pids.append(instance.pid)
            bases.append(f"http://127.0.0.1:{port}")
            healths.append(f"http://127.0.0.1:{health_port}")
            port = health_port + 1
        wait_for(f"{env['QUAY_URL']}/api/v1/discovery")
        for base, health in zip(bases, healths, strict=True):
            wait_for(f"{base}/healthz")
            wait_for(f"{health}/healthz")
        rss_before = rss_mb(pids)
        sessions = [sign_in(bases[i % len(bases)]) for i in range(args.sessions)]
        results = Results()
        until = time.monotonic() + args.duration
        threads = [
            threading.Thread(target=browse, args=(s, bases, i, until, results))
            for i, s in enumerate(sessions)
        ]
        threads.append(
            threading.Thread(target=probe_health, args=(bases[0], healths[0], until, results))
        )
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        rss_after = rss_mb(pids)
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)

    done = results.latencies
    storage = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    cache = "Redis" if args.redis_url else "the database cache"
    print(
        f"{args.instances} instance(s) of gunicorn (gunicorn.conf.py), {storage}, {cache}; "
        f"{args.sessions} sessions for {args.duration:.0f} s, sandbox latency "
        f"{args.latency_ms} ms"
    )
    print(
        f"requests      {len(done)} ok, {sum(results.errors.values())} errors {results.errors}, "
        f"{results.retried} retried after a reset on a kept-alive connection"
    )
    print(f"throughput    {len(done) / elapsed:.1f} requests/s")
    print(
        f"latency       p50 {percentile(done, 0.5):.0f} ms, p95 {percentile(done, 0.95):.0f} ms,"
        f" p99 {percentile(done, 0.99):.0f} ms"
    )
    print(f"RSS           {rss_before:.0f} MB before, {rss_after:.0f} MB after (all processes)")
    for name, values in (("main port", results.health_main), ("HEALTH_PORT", results.health_port)):
        print(
            f"/healthz      {name}: median {statistics.median(values):.0f} ms, "
            f"max {max(values):.0f} ms ({len(values)} probes)"
        )
    return 1 if results.errors else 0


if __name__ == "__main__":
    sys.exit(main())
