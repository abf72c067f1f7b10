"""Every kind Quay records reads as a sentence; unknown kinds show their metadata."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dashboard.usagelogs.kinds import DESCRIPTIONS, describe, metadata_pairs

SHARED = Path(os.environ.get("QUAYSIDE_SHARED", Path(__file__).resolve().parents[3] / "shared"))
LOG_KINDS = SHARED / "quay" / "log-kinds.json"


def _kinds() -> list[dict[str, object]]:
    if not LOG_KINDS.is_file():
        pytest.skip(f"no log-kinds.json in {SHARED}")
    return json.loads(LOG_KINDS.read_text())["kinds"]


def test_every_kind_quay_records_has_a_description() -> None:
    kinds = [str(item["kind"]) for item in _kinds()]
    assert len(kinds) == 145
    assert [kind for kind in kinds if kind not in DESCRIPTIONS] == []


def test_every_description_renders_with_its_documented_metadata_and_with_none() -> None:
    for item in _kinds():
        kind = str(item["kind"])
        fields = [str(name) for name in item["metadata_fields"]]  # type: ignore[attr-defined]
        full = describe(kind, {name: f"<{name}>" for name in fields})
        empty = describe(kind, {})
        assert full and empty, kind
        assert "{" not in full and "}" not in full, kind


def test_a_description_uses_the_metadata() -> None:
    assert describe("pull_repo", {"repo": "simple", "tag": "latest"}) == (
        "Pulled tag latest from repository simple"
    )
    assert describe(
        "change_repo_permission", {"repo": "orgrepo", "username": "public", "role": "read"}
    ) == ("Set the read permission on repository orgrepo for user public")


def test_missing_metadata_reads_as_a_question_mark() -> None:
    assert describe("delete_tag", {"repo": "simple"}) == "Deleted tag ? of repository simple"


def test_a_template_cannot_reach_into_values() -> None:
    # Metadata is Quay's (untrusted) text: braces in it are printed, never formatted.
    assert describe("create_repo", {"repo": "{repo.__class__}"}) == (
        "Created repository {repo.__class__}"
    )


def test_an_unknown_kind_has_no_sentence_but_its_metadata_as_pairs() -> None:
    assert describe("brand_new_kind", {"a": 1}) is None
    assert metadata_pairs({"a": 1, "b": None, "c": {"x": 2}, "d": [1, 2]}) == [
        ("a", "1"),
        ("b", "?"),
        ("c", '{"x": 2}'),
        ("d", "1, 2"),
    ]
