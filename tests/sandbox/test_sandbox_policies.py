"""The sandbox's notifications and policies beyond what the recordings show: who may read,
switched-off features, and what immutability does to tags."""

from __future__ import annotations

from sandbox.server import SandboxServer
from tests.sandbox.conftest import Call

SIMPLE = "/api/v1/repository/devtable/simple"
ORG = "/api/v1/organization/buynlarge"
LATEST = "sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b"


def test_a_global_read_only_superuser_reads_policies_and_changes_none(call: Call) -> None:
    assert call("GET", ORG + "/autoprunepolicy/", who="globalreadonly").status_code == 200
    assert call("GET", ORG + "/notifications", who="globalreadonly").status_code == 200
    refused = call("POST", ORG + "/autoprunepolicy/", who="globalreadonly",
                   json={"method": "number_of_tags", "value": 3})  # fmt: skip
    assert refused.status_code == 403


def test_switched_off_features_answer_404(call: Call, sandbox: SandboxServer) -> None:
    sandbox.world.extras["policies"]["disabled"].add("immutabilitypolicy")
    sandbox.world.extras["notifications"]["disabled"] = True
    assert call("GET", ORG + "/immutabilitypolicy/", who="devtable").status_code == 404
    assert call("GET", ORG + "/notifications", who="devtable").status_code == 404
    assert call("GET", ORG + "/autoprunepolicy/", who="devtable").status_code == 200


def test_an_organization_policy_freezes_tags_in_every_repository(
    call: Call, sandbox: SandboxServer
) -> None:
    response = call("POST", ORG + "/immutabilitypolicy/", who="devtable",
                    json={"tagPattern": "^prod$"})  # fmt: skip
    assert response.status_code == 201
    for name in ("orgrepo", "anotherorgrepo"):
        repo = sandbox.world.repository("buynlarge", name)
        assert repo is not None
        assert all(tag.immutable == (tag.name == "prod") for tag in repo.active_tags())


def test_a_new_tag_matching_a_policy_is_born_immutable_and_only_an_admin_thaws_it(
    call: Call,
) -> None:
    call("POST", SIMPLE + "/immutabilitypolicy/", who="devtable", json={"tagPattern": "^v.*"})
    assert call("PUT", SIMPLE + "/tag/v1", who="devtable",
                json={"manifest_digest": LATEST}).status_code == 201  # fmt: skip
    tags = call("GET", SIMPLE + "/tag/?specificTag=v1", who="devtable").json()["tags"]
    assert tags[0]["immutable"] is True
    moved = call("PUT", SIMPLE + "/tag/v1", who="devtable", json={"manifest_digest": LATEST})
    assert (moved.status_code, moved.json()["error_type"]) == (409, "tag_immutable")
    expiring = call("PUT", SIMPLE + "/tag/v1", who="devtable", json={"expiration": 2**31})
    assert expiring.json() == {"message": "Cannot set expiration on immutable tag 'v1'"}
    assert (
        call("PUT", SIMPLE + "/tag/v1", who="devtable", json={"immutable": False}).status_code
        == 201
    )
    assert call("DELETE", SIMPLE + "/tag/v1", who="devtable").status_code == 204


def test_immutability_patterns_match_the_whole_name(call: Call, sandbox: SandboxServer) -> None:
    call("POST", SIMPLE + "/immutabilitypolicy/", who="devtable", json={"tagPattern": "pro"})
    repo = sandbox.world.repository("devtable", "simple")
    assert repo is not None
    assert not any(tag.immutable for tag in repo.active_tags())


def test_namespace_notifications_validate_the_webhook(call: Call) -> None:
    response = call("POST", ORG + "/notifications", who="devtable",
                    json={"event": "quota_error", "method": "webhook",
                          "config": {"url": "http://localhost/x"}, "eventConfig": {}})  # fmt: skip
    assert (response.status_code, response.json()["detail"]) == (400, "Invalid webhook URL")
