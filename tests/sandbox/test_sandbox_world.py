"""The seeded world: the fixture facts area modules will build on."""

from __future__ import annotations

from sandbox.server import fresh_world
from sandbox.world import DEMO_OAUTH_CLIENT_ID, build_world


def test_people_and_organizations() -> None:
    world = build_world()

    assert world.users["devtable"].super_user
    assert not any(u.super_user for name, u in world.users.items() if name != "devtable")
    assert {"devtable", "public", "freshuser", "reader"} <= world.users.keys()
    assert {"buynlarge", "sellnsmall", "titi", "library", "testorgforautoprune"} <= (
        world.organizations.keys()
    )
    buynlarge = world.organizations["buynlarge"]
    assert list(buynlarge.teams) == ["owners", "creators", "readers", "synced"]
    assert buynlarge.teams["readers"].members == ["public", "reader"]
    assert world.robot("buynlarge+coolrobot") is not None
    assert world.is_org_admin("devtable", "buynlarge")
    assert world.is_org_member("reader", "buynlarge")
    assert not world.is_org_member("freshuser", "buynlarge")
    assert DEMO_OAUTH_CLIENT_ID in buynlarge.applications


def test_repositories_permissions_and_content() -> None:
    world = build_world()
    simple = world.repository("devtable", "simple")
    orgrepo = world.repository("buynlarge", "orgrepo")
    assert simple is not None and orgrepo is not None

    latest = next(t for t in simple.tags if t.name == "latest")
    assert latest.manifest_digest.startswith("sha256:8e6f8a51")
    assert [label.key for label in simple.manifests[latest.manifest_digest].labels] == [
        "foo", "foo", "anotherlabel", "jsonlabel",
    ]  # fmt: skip
    assert world.repo_role("reader", orgrepo) == "read"
    assert world.repo_role("reader", simple) is None
    assert world.repo_role("devtable", orgrepo) == "admin"
    assert world.repo_role(None, world.repositories[("public", "publicrepo")]) == "read"
    history = world.repositories[("devtable", "history")]
    assert len(history.tags) == 2 and len(history.active_tags()) == 1


def test_builds_logs_keys_messages_and_quotas() -> None:
    world = fresh_world()

    builds = world.repositories[("devtable", "building")].builds
    assert [b.id.split("-")[0] for b in builds] == ["deadbeef", "deadduck", "deadpork"]
    assert builds[0].logs[0] == {
        "message": "initializing",
        "type": "phase",
        "datetime": builds[0].logs[0]["datetime"],
    }
    assert builds[1].logs == []
    assert len(world.logs) == 20
    assert world.service_keys["kid3"].approval is None
    assert len(world.messages) == 2
    assert world.organizations["buynlarge"].quotas[0].limit_bytes == 3000
    assert world.next_id("quota") == 4  # continues Quay's sequence, as recorded


def test_each_build_is_independent() -> None:
    first, second = build_world(), build_world()
    first.messages.clear()
    first.repositories[("devtable", "building")].builds[0].trigger["config"]["subdir"] = "x"
    first.logs[0].metadata["config"]["subdir"] = "y"

    assert len(second.messages) == 2
    assert second.repositories[("devtable", "building")].builds[0].trigger["config"]["subdir"] == ""
    assert second.logs[0].metadata["config"]["subdir"] == ""
