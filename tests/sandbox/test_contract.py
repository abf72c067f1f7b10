"""The sandbox against the real Quay: replay the recorded requests, compare status and shape.

Each recording in `shared/quay/responses/` and `responses-next/` (one sequence, captured in
that order) whose endpoint the sandbox routes (or that records Quay's 308 for a non-canonical
path) becomes a test. The recordings were captured in order on one
server, so before each one the writes recorded earlier are replayed too: a GET after a POST sees
what the POST made. A new area module is covered as soon as it registers its routes.

The shared folder sits beside the repository; QUAYSIDE_SHARED points elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import requests

from sandbox.router import ROUTER
from sandbox.server import SandboxServer
from sandbox.world import DEMO_TOKENS

SHARED = Path(os.environ.get("QUAYSIDE_SHARED", Path(__file__).resolve().parents[3] / "shared"))
FOLDERS = (SHARED / "quay" / "responses", SHARED / "quay" / "responses-next")


def _load_recordings() -> list[dict[str, Any]]:
    recordings = []
    for folder in FOLDERS:
        if not (folder / "_index.json").is_file():
            continue
        index = json.loads((folder / "_index.json").read_text())
        recordings += [
            {"file": entry["file"], **json.loads((folder / entry["file"]).read_text())}
            for entry in index
        ]
    return recordings


RECORDINGS = _load_recordings()

# Recordings of `responses-next/` whose route the sandbox serves already but whose area it does
# not follow yet, by file number. Each area takes its own out of here as the sandbox learns it.
PENDING = {
    476: "the capture deleted its tag capture-immutable-2 without recording it",
    477: "includeStats of a repository the sandbox does not seed",
}


def _covered(recording: dict[str, Any]) -> bool:
    request = recording["request"]
    path = unquote(urlsplit(request["path"]).path)
    if recording["status"] == 308:
        return True  # canonical-path redirects are the sandbox's own behaviour, routes or not
    return ROUTER.has_route(request["method"], path)


def _authorization(recorded: str) -> str | None:
    """Recorded tokens are masked; use the demo token of the same person and scopes."""
    if recorded == "none":
        return None
    for marker, who in (
        ("<TOKEN devtable", "devtable"),
        ("<TOKEN_READER", "reader"),
        ("<TOKEN_FRESHUSER", "freshuser"),
    ):
        if marker in recorded:
            return f"Bearer {DEMO_TOKENS[who]}"
    if recorded.endswith("..."):  # a bad token, shortened in the recording
        return "Bearer " + "x" * 40
    return recorded


def _replay(sandbox: SandboxServer, recording: dict[str, Any]) -> requests.Response:
    request = recording["request"]
    headers = {}
    authorization = _authorization(request["authorization"])
    if authorization:
        headers["Authorization"] = authorization
    return requests.request(
        request["method"],
        sandbox.url + request["path"],
        headers=headers,
        json=request["body"],
        allow_redirects=False,
        timeout=10,
    )


def _body(response: requests.Response) -> Any:
    try:
        return response.json() if response.text else ""
    except ValueError:
        return response.text


def shape_differences(recorded: Any, actual: Any, where: str = "body") -> list[str]:
    """Where `actual` differs from `recorded` in keys or value types (null matches anything)."""
    if recorded is None:
        return []
    if isinstance(recorded, bool) or isinstance(actual, bool):
        same = isinstance(recorded, bool) and isinstance(actual, bool)
    elif isinstance(recorded, int | float):
        same = isinstance(actual, int | float)
    else:
        same = type(recorded) is type(actual)
    if not same:
        return [f"{where}: expected {type(recorded).__name__}, got {type(actual).__name__}"]
    if isinstance(recorded, dict):
        missing, extra = recorded.keys() - actual.keys(), actual.keys() - recorded.keys()
        problems = [f"{where}: missing keys {sorted(missing)}"] if missing else []
        problems += [f"{where}: unexpected keys {sorted(extra)}"] if extra else []
        for key in recorded.keys() & actual.keys():
            problems += shape_differences(recorded[key], actual[key], f"{where}.{key}")
        return problems
    if isinstance(recorded, list) and recorded and actual:
        return shape_differences(recorded[0], actual[0], f"{where}[0]")
    return []


def _writes_replayable(position: int) -> bool:
    """A recording made after writes the sandbox cannot replay yet (say, a GET of a repository
    that an uncovered POST created) waits until those writes are covered."""
    recording = RECORDINGS[position]
    if recording["request"]["method"] != "GET":
        return True
    path = recording["request"]["path"].split("?")[0]
    for earlier in RECORDINGS[:position]:
        body = json.dumps(earlier["request"].get("body") or "")
        name = path.rstrip("/").rsplit("/", 1)[-1]
        if earlier["request"]["method"] != "GET" and not _covered(earlier) and f'"{name}"' in body:
            return False
    return True


def _params() -> list[Any]:
    if not RECORDINGS:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no recordings in {SHARED}"))]
    covered = [
        i for i, recording in enumerate(RECORDINGS) if _covered(recording) and _writes_replayable(i)
    ]
    return [
        pytest.param(
            i,
            id=RECORDINGS[i]["file"].removesuffix(".json"),
            marks=[pytest.mark.xfail(reason=PENDING[number], strict=True)]
            if (number := int(RECORDINGS[i]["file"].split("_", 1)[0])) in PENDING
            else [],
        )
        for i in covered
    ]


@pytest.mark.parametrize("position", _params())
def test_sandbox_answers_like_the_recording(sandbox: SandboxServer, position: int) -> None:
    for earlier in RECORDINGS[:position]:
        if earlier["request"]["method"] != "GET" and _covered(earlier):
            _replay(sandbox, earlier)
    recording = RECORDINGS[position]

    response = _replay(sandbox, recording)

    assert response.status_code == recording["status"], _body(response)
    assert shape_differences(recording["body"], _body(response)) == []
    if "Location" in recording["headers"]:
        expected = urlsplit(recording["headers"]["Location"])
        actual = urlsplit(response.headers["Location"])
        assert (actual.path, actual.query) == (expected.path, expected.query)


def test_shape_comparison_rules() -> None:
    assert shape_differences({"a": None}, {"a": [1]}) == []
    assert shape_differences({"a": 1.0}, {"a": 3}) == []
    assert shape_differences({"a": True}, {"a": 1}) == ["body.a: expected bool, got int"]
    assert shape_differences([{"a": "x"}], [{"a": "y", "b": 1}]) == [
        "body[0]: unexpected keys ['b']"
    ]
    assert shape_differences({"a": {"b": "x"}}, {"a": {}}) == ["body.a: missing keys ['b']"]
