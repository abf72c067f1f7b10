"""Without Redis, every process of an installation shares the database cache that `migrate`
creates, and its `add` lets exactly one process through: one-time form tokens count once and
one access review is built at a time, whichever process a request lands on."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings

from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS
from tests.serve import environment, gunicorn, migrate, signed_in

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("cache_worker.py")
DATABASE_CACHE = {
    "default": {"BACKEND": "dashboard.web.cache.DatabaseCache", "LOCATION": "quayside_cache"}
}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh installation's database, prepared by `migrate` alone."""
    database = tmp_path_factory.mktemp("installation") / "db.sqlite3"
    migrate(database)
    return database


@pytest.fixture
def installation(migrated: Path, tmp_path: Path) -> Path:
    database = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated, database)
    return database


def _run_together(database: Path, count: int, *args: str, **env: str) -> list[str]:
    """`count` processes on one database, released at the same moment; their answers."""
    rendezvous = database.parent / "rendezvous"
    rendezvous.mkdir()
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKER), args[0], str(rendezvous), *args[1:]],
            cwd=ROOT,
            env=environment(database, **env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    for _ in range(1200):
        if len(list(rendezvous.glob("ready-*"))) == count:
            break
        time.sleep(0.05)
    (rendezvous / "go").touch()
    answers = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        answers.append(out.strip())
    return answers


def test_migrate_creates_the_cache_table(installation: Path) -> None:
    import sqlite3

    tables = sqlite3.connect(installation).execute("SELECT name FROM sqlite_master").fetchall()
    assert ("quayside_cache",) in tables


@pytest.mark.django_db
def test_the_test_database_has_the_cache_table_too() -> None:
    assert "quayside_cache" in connection.introspection.table_names()


def test_of_five_processes_adding_one_key_exactly_one_succeeds(installation: Path) -> None:
    answers = _run_together(installation, 5, "add", "superuser:form-token:abc")
    assert sorted(answers) == ["added"] + ["refused"] * 4


def test_an_expired_entry_is_taken_over_by_exactly_one_process(installation: Path) -> None:
    import sqlite3

    # What a claim leaves behind once it has lapsed: the row is still in the table.
    with sqlite3.connect(installation) as db:
        db.execute(
            "INSERT INTO quayside_cache VALUES (?, ?, ?)",
            (":1:claim", "gASVAAAAAAAAAACMAJQu", "2000-01-01 00:00:00"),
        )
    answers = _run_together(installation, 5, "add", "claim")
    assert sorted(answers) == ["added"] + ["refused"] * 4


def test_two_processes_asked_for_one_review_build_it_once(
    installation: Path, sandbox: SandboxServer
) -> None:
    answers = _run_together(
        installation,
        2,
        "review",
        "buynlarge",
        QUAY_URL=sandbox.url,
        QUAY_TOKEN=DEMO_TOKENS["devtable"],
    )
    assert len(set(answers)) == 1 and answers[0].startswith("done "), answers
    organization_reads = [
        call for call in sandbox.calls if call.path == "/api/v1/organization/buynlarge"
    ]
    assert len(organization_reads) == 1
    permission_reads = [call for call in sandbox.calls if call.path.endswith("/permissions/user/")]
    repositories = int(answers[0].split("/")[1])
    assert len(permission_reads) == repositories


@pytest.mark.django_db
@override_settings(CACHES=DATABASE_CACHE)
def test_keys_longer_than_the_column_are_hashed() -> None:
    cache = caches["default"]
    long_key = "repo-security:s-x:" + "n" * 255 + "/" + "r" * 255
    cache.set(long_key, "report", 60)
    assert cache.get(long_key) == "report"
    assert cache.add(long_key, "again", 60) is False
    assert cache.add("another", "value", 60) is True


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=DATABASE_CACHE)
def test_threads_without_a_connection_borrow_one_and_leave_none_behind() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    cache = caches["default"]
    cache.set("shared", "value", 60)

    def read(_: int) -> tuple[object, bool]:
        found = cache.get("shared")
        return found, hasattr(connections._connections, "default")  # type: ignore[attr-defined]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(read, range(32)))
    assert results == [("value", False)] * 32


def test_five_posts_of_one_form_to_two_workers_create_one_user(
    installation: Path, sandbox: SandboxServer
) -> None:
    """The probe's case: the image's two workers, no Redis, one form posted five times at once."""
    with gunicorn(installation, sandbox.url, workers=2, threads=4) as served:
        browser = signed_in(served.url, DEMO_TOKENS["devtable"])
        form = browser.get(f"{served.url}/superuser/users/", timeout=30).text
        token = re.search(r'name="form_token" value="([^"]+)"', form)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token and csrf
        sandbox.clear_calls()
        data = {
            "username": "onceonly",
            "email": "once@example.com",
            "form_token": token.group(1),
            "csrfmiddlewaretoken": csrf.group(1),
        }
        release = threading.Barrier(5)

        def post(_: int) -> int:
            release.wait()
            return browser.post(
                f"{served.url}/superuser/users/new/",
                data=data,
                headers={"Referer": f"{served.url}/superuser/users/"},
                allow_redirects=False,
                timeout=60,
            ).status_code

        with ThreadPoolExecutor(max_workers=5) as pool:
            statuses = list(pool.map(post, range(5)))
    creations = [
        call for call in sandbox.calls if call.method == "POST" and "superuser/users" in call.path
    ]
    assert len(creations) == 1, statuses
    assert "onceonly" in sandbox.world.users
    assert all(status < 500 for status in statuses)
