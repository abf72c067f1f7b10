"""One process of an installation, for tests/accounts/test_shared_cache.py: it starts Django on
the database named by DATABASE_URL (with the default cache, the database cache), says it is
ready, waits for the signal, then does one thing and prints what came of it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402

from dashboard.organizations import review  # noqa: E402
from dashboard.quay.client import QuayClient  # noqa: E402


def main() -> None:
    action, rendezvous, name = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    (rendezvous / f"ready-{os.getpid()}").touch()
    go = rendezvous / "go"
    while not go.exists():
        time.sleep(0.01)
    if action == "add":
        print("added" if cache.add(name, os.getpid(), 60) else "refused")
    elif action == "review":
        client = QuayClient(os.environ["QUAY_URL"], os.environ["QUAY_TOKEN"])
        review.start(client, "one-person", name)
        # Both processes watch the one build until it is done (a daemon thread dies with us).
        for _ in range(600):
            snapshot = review.load("one-person", name)
            if snapshot is not None and snapshot.done:
                print(f"done {snapshot.completed}/{snapshot.total}")
                return
            time.sleep(0.05)
        print("timed out")


if __name__ == "__main__":
    main()
