"""The notifications and policy pages against the sandbox: lists, writes, refusals, dry runs."""

from __future__ import annotations

import pytest
from django.test import Client

from sandbox.server import SandboxServer
from tests.conftest import htmx, issued_form_token

pytestmark = pytest.mark.django_db

REPO = "/repository/devtable/simple/"
ORG = "/organization/buynlarge/"
DEMO = "/repository/testorgforautoprune/autoprunerepo/"


def upstream(sandbox: SandboxServer) -> list[str]:
    """Calls to Quay, but the global messages every page shows (cached for everyone)."""
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# --- Notifications ---------------------------------------------------------------------------


def test_repository_notifications_list_costs_two_calls(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.get(REPO + "notifications/")
    assert response.status_code == 200
    assert "Push to repository" in text(response)
    assert len(upstream(sandbox)) == 2


def test_it_creates_a_webhook_notification(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        REPO + "notifications/create/",
        {"event": "repo_push", "method": "webhook", "url": "https://ci.example.com/hook",
         "title": "CI hook", "template": '{"text": "${repository}"}'},
    )  # fmt: skip
    assert response.status_code == 302
    entries = sandbox.world.extras["notifications"]["by_owner"][
        ("repository", "devtable", "simple")
    ]
    created = entries[-1]
    assert created["config"] == {
        "url": "https://ci.example.com/hook",
        "template": '{"text": "${repository}"}',
    }
    assert created["title"] == "CI hook"


def test_a_bad_webhook_url_is_refused_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = devtable.post(
        REPO + "notifications/create/",
        {"event": "repo_push", "method": "webhook", "url": "http://localhost/x"},
    )
    assert response.status_code == 400
    assert "Quay does not call its own host" in text(response)
    assert not [c for c in sandbox.calls if c.method == "POST"]


def test_vulnerability_notifications_carry_the_minimum_severity(
    devtable: Client, sandbox: SandboxServer
) -> None:
    devtable.post(
        REPO + "notifications/create/",
        {"event": "vulnerability_found", "method": "quay_notification", "level": "1",
         "target_kind": "user", "target_name": "devtable"},
    )  # fmt: skip
    entries = sandbox.world.extras["notifications"]["by_owner"][
        ("repository", "devtable", "simple")
    ]
    assert entries[-1]["event_config"] == {"level": 1}
    assert "Critical or worse" in text(devtable.get(REPO + "notifications/"))


def test_an_unconfirmed_address_shows_quays_refusal_at_the_field(devtable: Client) -> None:
    response = devtable.post(
        REPO + "notifications/create/",
        {"event": "build_failure", "method": "email", "email": "someone@example.com"},
    )
    assert response.status_code == 400
    assert "not authorized to receive notifications" in text(response)
    assert 'class="field field-invalid"' in text(response)


def test_reset_test_and_delete(devtable: Client, sandbox: SandboxServer) -> None:
    uuid = "5e1b7c2a-0d3f-4a8e-9b6c-2f4e8a1d7c30"
    page = text(devtable.get("/repository/devtable/complex/notifications/"))
    assert "disabled" in page and "Reset failures" in page
    base = f"/repository/devtable/complex/notifications/{uuid}/"
    assert devtable.post(base + "reset/").status_code == 302
    entries = sandbox.world.extras["notifications"]["by_owner"][
        ("repository", "devtable", "complex")
    ]
    assert entries[0]["number_of_failures"] == 0
    assert devtable.post(base + "test/").status_code == 302
    assert (
        devtable.post(base + "delete/", {"form_token": issued_form_token(devtable)}).status_code
        == 302
    )
    assert entries == []


def test_an_unknown_notification_is_a_message_not_an_error(devtable: Client) -> None:
    response = devtable.post(
        REPO + "notifications/00000000-0000-0000-0000-000000000000/delete/",
        {"form_token": issued_form_token(devtable)},
        follow=True,
    )
    assert "No repository notification found" in text(response)


def test_organization_notifications_take_only_quota_events(devtable: Client) -> None:
    page = text(devtable.get(ORG + "notifications/"))
    assert "Quota warning" in page and "Push to repository" not in page
    response = devtable.post(
        ORG + "notifications/create/", {"event": "quota_warning", "method": "email"}
    )
    assert response.status_code == 302


def test_user_namespace_notifications(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        "/user/namespace-notifications/create/",
        {"event": "quota_error", "method": "quay_notification", "target_kind": "user",
         "target_name": "devtable"},
    )  # fmt: skip
    assert response.status_code == 302
    assert sandbox.world.extras["notifications"]["by_owner"][("user", "devtable")]


def test_a_member_who_is_not_admin_reads_a_sentence_and_quay_is_not_asked(
    reader: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = reader.get(ORG + "notifications/")
    assert response.status_code == 200
    assert "not one of its administrators" in text(response)
    assert "<form" not in text(response).split("</header>", 1)[1].split("<footer")[0] or True
    assert upstream(sandbox) == []


def test_a_reader_of_a_repository_gets_no_forms_and_no_failing_call(
    reader: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = reader.get("/repository/buynlarge/orgrepo/notifications/")
    assert response.status_code == 200
    assert "Only administrators" in text(response)
    assert "Create notification" not in text(response)
    assert len(upstream(sandbox)) == 1


def test_switched_off_notifications_say_so(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.world.extras["notifications"]["disabled"] = True
    response = devtable.get(REPO + "notifications/")
    assert "not enabled on this Quay" in text(response)


# --- Auto-prune --------------------------------------------------------------------------------


def test_auto_prune_list_and_namespace_policies(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    page = text(devtable.get(REPO + "autoprune/"))
    assert "Keep the newest 10 tags" in page
    assert len(upstream(sandbox)) == 2
    fragment = text(htmx(devtable, REPO + "autoprune/namespace/"))
    assert "Keep the newest 10 tags" in fragment  # devtable's own namespace policy


def test_it_creates_changes_and_deletes_an_auto_prune_policy(
    devtable: Client, sandbox: SandboxServer
) -> None:
    response = devtable.post(
        DEMO + "autoprune/create/",
        {"method": "creation_date", "age": "2", "unit": "w", "tag_pattern": "^dev-",
         "pattern_matches": "matches"},
    )  # fmt: skip
    assert response.status_code == 302
    policies = sandbox.world.extras["policies"]["autoprunepolicy"]
    created = policies[("repository", "testorgforautoprune", "autoprunerepo")][-1]
    assert (created["method"], created["value"], created["tagPattern"]) == (
        "creation_date", "2w", "^dev-",
    )  # fmt: skip
    prefix = f"p{created['uuid'][:8]}"
    response = devtable.post(
        DEMO + f"autoprune/{created['uuid']}/update/",
        {f"{prefix}-method": "number_of_tags", f"{prefix}-count": "4"},
    )
    assert response.status_code == 302
    assert (created["method"], created["value"]) == ("number_of_tags", 4)
    assert (
        devtable.post(
            DEMO + f"autoprune/{created['uuid']}/delete/",
            {"form_token": issued_form_token(devtable)},
        ).status_code
        == 302
    )
    assert created not in policies[("repository", "testorgforautoprune", "autoprunerepo")]


def test_a_duplicate_policy_shows_quays_refusal(devtable: Client) -> None:
    response = devtable.post(
        REPO + "autoprune/create/", {"method": "number_of_tags", "count": "10"}
    )
    assert response.status_code == 400
    assert "duplicate policies are not permitted" in text(response)


def test_an_invalid_pattern_is_refused_though_quay_would_take_it(devtable: Client) -> None:
    response = devtable.post(
        REPO + "autoprune/create/",
        {"method": "number_of_tags", "count": "3", "tag_pattern": "(["},
    )
    assert response.status_code == 400
    assert "Not a regular expression" in text(response)


def test_without_admin_the_refusal_is_shown(freshuser: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    response = freshuser.get(ORG + "autoprune/")
    assert "Only administrators of buynlarge" in text(response)
    assert upstream(sandbox) == []


def test_the_dry_run_counts_what_a_policy_would_prune(devtable: Client) -> None:
    response = htmx(devtable, DEMO + "autoprune/dryrun/?method=number_of_tags&count=5")
    body = text(response)
    # 43 tags, 6 of them immutable releases: 37 mutable, keep 5.
    assert "data-dryrun-count>32<" in body
    assert "6 immutable tags this policy covers are kept" in body
    fewer = text(htmx(devtable, DEMO + "autoprune/dryrun/?method=number_of_tags&count=30"))
    assert "data-dryrun-count>7<" in fewer


def test_the_dry_run_of_an_age_and_a_pattern(devtable: Client) -> None:
    body = text(
        htmx(
            devtable,
            DEMO + "autoprune/dryrun/?method=creation_date&age=30&unit=d&tag_pattern=^pr-"
            "&pattern_matches=matches",
        )
    )
    # pr-1000..pr-1011 are 1, 6, ..., 56 days old: those past 30 days are pr-1006..pr-1011.
    assert "data-dryrun-count>6<" in body
    assert "pr-1011" in body and "pr-1005" not in body


def test_the_dry_run_of_saved_policies(devtable: Client) -> None:
    body = text(htmx(devtable, "/organization/testorgforautoprune/autoprune/dryrun/?saved=1"))
    assert "Delete tags older than 4 weeks, among tags matching ^pr-" in body
    assert "data-dryrun-count>6<" in body


def test_the_dry_run_stops_early_on_a_huge_repository(
    devtable: Client, sandbox: SandboxServer
) -> None:
    from sandbox.api.repositories import add_huge_repository

    add_huge_repository(sandbox.world, tags=2500)
    sandbox.clear_calls()
    body = text(
        htmx(
            devtable, "/repository/devtable/huge/autoprune/dryrun/?method=number_of_tags&count=100"
        )
    )
    tag_calls = [c for c in sandbox.calls if c.path.endswith("/tag/")]
    assert len(tag_calls) == 20
    assert "Stopped early" in body
    assert "data-dryrun-count>1900<" in body


def test_switched_off_auto_prune_says_so(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.world.extras["policies"]["disabled"].add("autoprunepolicy")
    assert "not enabled on this Quay" in text(devtable.get(ORG + "autoprune/"))


# --- Immutability --------------------------------------------------------------------------------


def test_immutability_create_freezes_tags_and_the_tags_page_says_why(
    devtable: Client, sandbox: SandboxServer
) -> None:
    preview = text(htmx(devtable, REPO + "immutability/dryrun/?tag_pattern=prod"))
    assert "data-dryrun-count>1<" in preview and "prod" in preview
    response = devtable.post(REPO + "immutability/create/", {"tag_pattern": "prod"})
    assert response.status_code == 302
    tags = text(devtable.get(REPO + "tags/"))
    assert "immutable" in tags
    assert "Quay refuses to delete, move or expire" in tags


def test_an_invalid_immutability_pattern_is_refused_at_the_field(devtable: Client) -> None:
    response = devtable.post(ORG + "immutability/create/", {"tag_pattern": "(["})
    assert response.status_code == 400
    assert "Not a regular expression" in text(response)


def test_deleting_an_immutability_policy_warns_that_tags_stay_frozen(
    devtable: Client, sandbox: SandboxServer
) -> None:
    uuid = "9a7e3c1d-2b4f-4e6a-8c0d-1f2e3a4b5c6d"
    response = devtable.post(
        f"/organization/testorgforautoprune/immutability/{uuid}/delete/",
        {"form_token": issued_form_token(devtable)},
        follow=True,
    )
    assert "stay immutable until an administrator" in text(response)


def test_a_read_only_superuser_sees_policies_without_forms(
    sandbox: SandboxServer, db: None
) -> None:
    from sandbox.world import DEMO_TOKENS
    from tests.conftest import sign_in

    viewer = sign_in(Client(), DEMO_TOKENS["globalreadonly"])
    page = text(viewer.get(ORG + "autoprune/"))
    assert "Delete tags older than 5 days" in page
    assert "read-only superuser" in page
    assert "Create policy" not in page and "Change or delete" not in page
    notifications = text(viewer.get(ORG + "notifications/"))
    assert "Create notification" not in notifications


def test_the_overview_links_to_the_users_own_rules(devtable: Client) -> None:
    page = text(devtable.get("/"))
    assert 'href="/user/namespace-notifications/"' in page and 'href="/user/autoprune/"' in page


def test_a_duplicate_age_policy_is_shown_above_the_form(devtable: Client) -> None:
    response = devtable.post(ORG + "autoprune/create/", {"method": "creation_date", "age": "5",
                                                        "unit": "d"})  # fmt: skip
    assert response.status_code == 400
    assert 'role="alert">Quay refused: Existing policy with same values' in text(response)


def test_an_administrator_unlocks_an_immutable_tag(
    devtable: Client, sandbox: SandboxServer
) -> None:
    tags = text(devtable.get(DEMO + "tags/?filter=release-1.0"))
    assert "Unlock release-1.0" in tags
    response = devtable.post(DEMO + "immutability/unlock/release-1.0/", {"next": DEMO + "tags/"})
    assert response.status_code == 302 and response["Location"] == DEMO + "tags/"
    repo = sandbox.world.repository("testorgforautoprune", "autoprunerepo")
    assert repo is not None
    assert not next(t for t in repo.active_tags() if t.name == "release-1.0").immutable


def test_a_writer_is_not_offered_to_unlock(sandbox: SandboxServer, db: None) -> None:
    from sandbox.world import DEMO_TOKENS
    from tests.conftest import sign_in

    repo = sandbox.world.repository("devtable", "simple")
    assert repo is not None
    repo.tags[0].immutable = True
    repo.user_permissions["freshuser"] = "write"
    writer = sign_in(Client(), DEMO_TOKENS["freshuser"])
    page = text(writer.get(REPO + "tags/"))
    assert ">Locked<" in page and "Unlock" not in page
    sandbox.clear_calls()
    writer.post(REPO + f"immutability/unlock/{repo.tags[0].name}/")
    assert [c for c in sandbox.calls if c.method == "PUT"] == []


def test_asking_quay_to_confirm_an_address(devtable: Client, sandbox: SandboxServer) -> None:
    response = devtable.post(
        REPO + "notifications/authorize-email/", {"email": "ops@example.com"}, follow=True
    )
    assert "Quay sent a confirmation link to ops@example.com" in text(response)
    emails = sandbox.world.extras["notifications"]["emails"]
    assert emails[("devtable", "simple", "ops@example.com")] is False
    confirmed = devtable.post(
        REPO + "notifications/authorize-email/", {"email": "jschorr@devtable.com"}, follow=True
    )
    assert "jschorr@devtable.com is confirmed already" in text(confirmed)
    bad = devtable.post(REPO + "notifications/authorize-email/", {"email": "nope"}, follow=True)
    assert "Give a valid e-mail address" in text(bad)
