"""The download streams: a 100,000-line log passes through without being held whole."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
import responses
from django.test import RequestFactory

from dashboard.builds import views
from dashboard.quay.client import QuayClient

UUID = "1f0e4a52-7c1b-4b5e-9d3a-2e8f6c0b9a17"
LINES = 100_000


@pytest.fixture
def big_log(tmp_path: Path) -> Path:
    path = tmp_path / "logs.json"
    with path.open("w") as out:
        out.write(f'{{"start": 0, "total": {LINES}, "logs": [')
        for i in range(LINES):
            entry = {"message": f"\x1b[32mok\x1b[0m test_{i} passed", "data": {"datetime": "x"}}
            out.write(("," if i else "") + json.dumps(entry))
        out.write("]}")
    return path


@responses.activate
def test_memory_stays_flat_while_a_100000_line_log_downloads(
    big_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"https://quay.test/api/v1/repository/acme/app/build/{UUID}/logs"
    with big_log.open("rb") as body:
        responses.get(url, body=body, content_type="application/json")  # read from disk
        monkeypatch.setattr(
            views, "quay_client_for", lambda request: QuayClient("https://quay.test", "t")
        )
        request = RequestFactory().get(f"/repository/acme/app/builds/{UUID}/log.txt")

        tracemalloc.start()
        response = views._download(request, views.BuildSource(UUID, "acme", "app"))
        lines = sent = 0
        for chunk in response.streaming_content:
            sent += len(chunk)
            lines += chunk.count(b"\n")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

    size = big_log.stat().st_size
    assert lines == LINES and size > 4_000_000
    # Holding the JSON, or the parsed entries, or the text, would each cost several megabytes.
    assert peak < 1_500_000, f"peak {peak} bytes for a {size}-byte log"
    assert len(responses.calls) == 1
