"""The cache every process of an installation shares when there is no Redis: Django's database
cache, in the table `migrate` creates (`CACHE_TABLE`), with two changes.

- `add` is atomic across processes: of two processes adding the same key at once, exactly one
  succeeds, even when an expired entry is still in the table (Django's own `add` reads the
  entry, then writes it, and both may win). One-time form tokens and "one access review build
  at a time" rely on it.
- Keys longer than the column allows are hashed (a repository's name alone may be 255
  characters), so they neither warn nor fail.
- The threads a page gathers its calls in have no database connection of their own: they
  borrow one of a few the cache keeps, instead of each opening (and leaving) a connection of
  its own, which on PostgreSQL would cost a connection per thread per page.
"""

from __future__ import annotations

import base64
import hashlib
import pickle
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from . import clock

CACHE_TABLE = "quayside_cache"
# Django's keys are "prefix:version:key"; the column holds 255 characters.
MAX_KEY_LENGTH = 200
# Connections lent to threads without one of their own (per process and database).
POOL_SIZE = 4


class _Pool:
    def __init__(self) -> None:
        self.slots = threading.BoundedSemaphore(POOL_SIZE)
        self.lock = threading.Lock()
        self.idle: list[BaseDatabaseWrapper] = []


_pools: dict[str, _Pool] = {}
_pools_lock = threading.Lock()


@contextmanager
def _connection_for(alias: str) -> Iterator[None]:
    """This thread's own connection to `alias` if it has one (a request's thread), else one
    borrowed from the pool for the length of one cache operation."""
    if hasattr(connections._connections, alias):  # type: ignore[attr-defined]
        yield
        return
    with _pools_lock:
        pool = _pools.setdefault(alias, _Pool())
    with pool.slots:
        with pool.lock:
            wrapper = pool.idle.pop() if pool.idle else None
        if wrapper is None:
            wrapper = connections.create_connection(alias)
            wrapper.inc_thread_sharing()
        connections[alias] = wrapper
        try:
            yield
        finally:
            del connections[alias]
            wrapper.close_if_unusable_or_obsolete()
            with pool.lock:
                pool.idle.append(wrapper)


def _on_borrowed_connection[F: Callable[..., Any]](method: F) -> F:
    @wraps(method)
    def run(self: DatabaseCache, *args: Any, **kwargs: Any) -> Any:
        with _connection_for(router.db_for_write(self.cache_model_class)):
            return method(self, *args, **kwargs)

    return run  # type: ignore[return-value]


class DatabaseCache(DjangoDatabaseCache):
    get_many = _on_borrowed_connection(DjangoDatabaseCache.get_many)
    set = _on_borrowed_connection(DjangoDatabaseCache.set)
    touch = _on_borrowed_connection(DjangoDatabaseCache.touch)
    delete = _on_borrowed_connection(DjangoDatabaseCache.delete)
    delete_many = _on_borrowed_connection(DjangoDatabaseCache.delete_many)
    has_key = _on_borrowed_connection(DjangoDatabaseCache.has_key)
    clear = _on_borrowed_connection(DjangoDatabaseCache.clear)

    def make_key(self, key: Any, version: int | None = None) -> str:
        full = super().make_key(key, version)
        if len(full) <= MAX_KEY_LENGTH:
            return full
        return "hashed:" + hashlib.sha256(full.encode()).hexdigest()

    @_on_borrowed_connection
    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        seconds = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, cache_key, column, expires = (
            quote(self.cache_model_class._meta.db_table),
            quote("cache_key"),
            quote("value"),
            quote("expires"),
        )
        now = clock.now().astimezone(UTC).replace(microsecond=0)
        until = (
            datetime.max.replace(tzinfo=UTC)
            if seconds is None
            else datetime.fromtimestamp(seconds, tz=UTC)
        ).replace(microsecond=0)
        adapt = connection.ops.adapt_datetimefield_value
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        try:
            with transaction.atomic(using=db), connection.cursor() as cursor:
                # An expired entry goes to the one UPDATE that still finds it expired: the
                # database locks the row, and a second UPDATE sees the first one's expiry.
                cursor.execute(
                    f"UPDATE {table} SET {column} = %s, {expires} = %s "  # noqa: S608
                    f"WHERE {cache_key} = %s AND {expires} < %s",
                    [encoded, adapt(until), key, adapt(now)],
                )
                if cursor.rowcount == 1:
                    return True
                # No entry, or a live one: the primary key lets one INSERT through.
                cursor.execute(
                    f"INSERT INTO {table} ({cache_key}, {column}, {expires}) "  # noqa: S608
                    "VALUES (%s, %s, %s)",
                    [key, encoded, adapt(until)],
                )
        except DatabaseError:
            return False
        return True
