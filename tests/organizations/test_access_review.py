"""The access review: effective roles against a hand-built fixture, the flags, the CSV, a failing
repository, and the page over the sandbox's large organization."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest
from django.test import Client

from dashboard.organizations import review
from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayUnavailable
from sandbox.api.organizations import add_review_organization
from sandbox.server import SandboxServer
from tests.conftest import htmx, wait_for_poll

NOW = 1_800_000_000.0


def quay_date(epoch: float) -> str:
    return format_datetime(datetime.fromtimestamp(epoch, UTC)).replace("+0000", "-0000")


def fixture() -> review.Snapshot:
    """acme: alice (team devs, direct admin on api), bob (team owners), robot ci (team devs),
    carol from outside with write on web; repository legacy has no admin; web is public."""
    return review.Snapshot(
        org="acme",
        state="done",
        team_roles={"owners": "admin", "devs": "member"},
        member_teams={"alice": ["devs"], "bob": ["owners"]},
        robot_teams={"acme+ci": ["devs"], "acme+old": []},
        robot_last_used={"acme+ci": quay_date(NOW - 86400), "acme+old": None},
        repositories=[("api", False), ("web", True), ("legacy", False)],
        user_grants={
            "api": {"alice": "admin", "acme+ci": "read"},
            "web": {"carol": "write"},
            "legacy": {},
        },
        team_grants={"api": {"devs": "write"}, "web": {"devs": "read"}, "legacy": {"devs": "read"}},
        outside_users={"carol"},
    )


def roles(matrix: review.Matrix) -> dict[tuple[str, str], str]:
    return {
        (principal.name, repo): cell.role
        for principal, cells in matrix.rows()
        for (repo, _), cell in zip(matrix.repositories, cells, strict=True)
        if cell is not None
    }


def test_the_effective_role_is_the_strongest_of_own_and_team_grants() -> None:
    matrix = review.build_matrix(fixture())
    found = roles(matrix)
    # alice: direct admin beats the devs team's write on api; only the team on web.
    assert found[("alice", "api")] == "admin"
    assert found[("alice", "web")] == "read"
    # The robot: its own read loses to its team's write.
    assert found[("acme+ci", "api")] == "write"
    # bob administers everything through the organization's admin team.
    assert {found[("bob", repo)] for repo in ("api", "web", "legacy")} == {"admin"}
    # Teams are rows of their own, with their grant; the admin team administers everything.
    assert found[("devs", "api")] == "write"
    assert {found[("owners", repo)] for repo in ("api", "web", "legacy")} == {"admin"}
    assert ("carol", "web") in found and ("carol", "api") not in found


def test_a_cell_says_where_its_role_comes_from() -> None:
    matrix = review.build_matrix(fixture())
    alice = next(p for p in matrix.principals if p.name == "alice")
    cell = matrix.cell(alice, "api")
    assert cell is not None and cell.sources == ("direct", "team devs")


def test_the_flags() -> None:
    snapshot = fixture()
    flags = review.flags(snapshot, review.build_matrix(snapshot), now=NOW)
    assert [(p.name, repos) for p, repos in flags.outside_writers] == [("carol", ["web"])]
    assert flags.unused_robots == [("acme+old", None)]
    assert flags.without_admin == ["web", "legacy"]
    assert flags.public == ["web"]
    assert flags.admin_on_many == []  # the organization's own admins are not counted


def test_admin_granted_on_many_repositories_is_flagged() -> None:
    snapshot = fixture()
    for i in range(review.ADMIN_MANY_THRESHOLD):
        snapshot.repositories.append((f"r{i}", False))
        snapshot.user_grants[f"r{i}"] = {"acme+ci": "admin"}
    flags = review.flags(snapshot, review.build_matrix(snapshot), now=NOW)
    assert [(p.name, count) for p, count in flags.admin_on_many] == [
        ("acme+ci", review.ADMIN_MANY_THRESHOLD)
    ]


def test_a_robot_unused_for_more_than_90_days_is_flagged() -> None:
    snapshot = fixture()
    snapshot.robot_last_used["acme+ci"] = quay_date(NOW - 91 * 86400)
    flags = review.flags(snapshot, review.build_matrix(snapshot), now=NOW)
    assert [robot for robot, _ in flags.unused_robots] == ["acme+ci", "acme+old"]


def test_filters_keep_matching_principals_repositories_and_roles() -> None:
    matrix = review.build_matrix(fixture())
    only_ci = review.filter_matrix(matrix, principal="acme+ci")
    assert [p.name for p in only_ci.principals] == ["acme+ci"]
    writers = review.filter_matrix(matrix, role="write", repository="web")
    assert [repo for repo, _ in writers.repositories] == ["web"]
    assert {p.name for p in writers.principals} == {"carol", "bob", "owners"}


def test_the_csv_has_one_row_per_cell_and_defuses_formulas() -> None:
    snapshot = fixture()
    snapshot.member_teams["=cmd"] = ["devs"]
    matrix = review.filter_matrix(review.build_matrix(snapshot), principal="ci")
    rows = list(csv.reader(io.StringIO(review.to_csv(matrix))))
    assert rows[0] == list(review.CSV_HEADER)
    assert rows[1:] == [
        ["robot", "acme+ci", "api", "write", "direct; team devs", "no"],
        ["robot", "acme+ci", "web", "read", "team devs", "yes"],
        ["robot", "acme+ci", "legacy", "read", "team devs", "no"],
    ]
    everyone = review.to_csv(review.build_matrix(snapshot))
    assert "'=cmd" in everyone and ",=cmd" not in everyone


def test_a_failing_repository_is_marked_and_the_rest_is_reviewed(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = QuayClient.list_repo_team_permissions

    def failing(self: QuayClient, namespace: str, name: str) -> list:  # type: ignore[type-arg]
        if name == "anotherorgrepo":
            raise QuayUnavailable("Quay had a problem (500): boom")
        return original(self, namespace, name)

    monkeypatch.setattr(QuayClient, "list_repo_team_permissions", failing)
    from sandbox.world import DEMO_TOKENS

    snapshot = review.build_now(QuayClient(sandbox.url, DEMO_TOKENS["devtable"]), "1", "buynlarge")
    assert snapshot.state == "done"
    assert snapshot.failed == {"anotherorgrepo": "Quay had a problem (500): boom"}
    assert roles(review.build_matrix(snapshot))[("readers", "orgrepo")] == "read"
    assert "error" in review.to_csv(review.build_matrix(snapshot))


def test_permission_calls_run_at_most_eight_at_a_time(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    add_review_organization(sandbox.world, repositories=40, teams=5, robots=5, users=10)
    running = 0
    peak = 0
    lock = threading.Lock()
    original = QuayClient.list_repo_user_permissions

    def counted(self: QuayClient, namespace: str, name: str) -> list:  # type: ignore[type-arg]
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            time.sleep(0.01)
            return original(self, namespace, name)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(QuayClient, "list_repo_user_permissions", counted)
    from sandbox.world import DEMO_TOKENS

    snapshot = review.build_now(QuayClient(sandbox.url, DEMO_TOKENS["devtable"]), "1", "megacorp")
    assert snapshot.completed == 40
    assert 1 < peak <= review.POOL_SIZE


# --- The page ----------------------------------------------------------------------------

ACCESS = "/organization/megacorp/access/"


def wait_for_review(client: Client, url: str) -> object:
    return wait_for_poll(client, url, "access-review")


@pytest.mark.django_db
def test_the_review_of_a_large_organization_fills_in_then_stops_polling(
    devtable: Client, sandbox: SandboxServer
) -> None:
    add_review_organization(sandbox.world)
    first = devtable.get(ACCESS)
    assert first.status_code == 200
    html = first.content.decode()
    assert 'hx-trigger="every 1s"' in html or "reviewed at" in html
    done = wait_for_review(devtable, ACCESS)
    html = done.content.decode()  # type: ignore[attr-defined]
    assert "200 repositories reviewed" in html
    assert "hx-trigger" not in html
    assert "megacorp_outside0" in html and "Outside collaborators who can write" in html
    assert "megacorp+bot00" in html and "never used" in html
    # Cached: a second visit makes no permission calls.
    sandbox.clear_calls()
    assert devtable.get(ACCESS).status_code == 200
    assert not [c for c in sandbox.calls if "/permissions/" in c.path]


@pytest.mark.django_db
def test_the_review_filters_to_one_robot_and_exports_it(
    devtable: Client, sandbox: SandboxServer
) -> None:
    add_review_organization(sandbox.world)
    wait_for_review(devtable, ACCESS)
    page = htmx(devtable, ACCESS + "?principal=megacorp%2Bbot07")
    html = page.content.decode()  # type: ignore[attr-defined]
    assert 'data-principal="megacorp+bot07"' in html
    assert 'data-principal="megacorp+bot08"' not in html
    export = devtable.get(ACCESS + "?format=csv&principal=megacorp%2Bbot07")
    assert export["Content-Type"].startswith("text/csv")
    assert "attachment" in export["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == list(review.CSV_HEADER)
    assert len(rows) > 1 and {row[1] for row in rows[1:]} == {"megacorp+bot07"}


@pytest.mark.django_db
def test_refreshing_rebuilds_the_review(devtable: Client, sandbox: SandboxServer) -> None:
    wait_for_review(devtable, "/organization/buynlarge/access/")
    sandbox.world.repositories[("buynlarge", "orgrepo")].user_permissions["randomuser"] = "admin"
    response = devtable.post("/organization/buynlarge/access/?principal=random")
    assert response.status_code == 302
    assert response["Location"] == "/organization/buynlarge/access/?principal=random"
    html = wait_for_review(devtable, "/organization/buynlarge/access/?principal=random")
    assert 'data-principal="randomuser"' in html.content.decode()  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_member_who_is_not_an_administrator_is_told_at_once_without_a_call(
    reader: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    response = reader.get("/organization/buynlarge/access/")
    assert response.status_code == 403
    assert "Only administrators of buynlarge can review who can reach what" in (
        response.content.decode()
    )
    assert "Reading permissions" not in response.content.decode()
    assert reader.get("/organization/buynlarge/access/?format=csv").status_code == 403
    assert [c.path for c in sandbox.calls if c.path != "/api/v1/messages"] == []


def test_narrowing_to_one_principal_keeps_only_the_repositories_it_reaches() -> None:
    snapshot = fixture()
    snapshot.repositories.append(("unrelated", False))
    snapshot.user_grants["unrelated"] = {"carol": "read"}
    only_ci = review.filter_matrix(review.build_matrix(snapshot), principal="acme+ci")
    assert [repo for repo, _ in only_ci.repositories] == ["api", "web", "legacy"]


@pytest.mark.django_db
def test_a_change_made_here_forgets_the_cached_review(
    devtable: Client, sandbox: SandboxServer
) -> None:
    wait_for_review(devtable, "/organization/buynlarge/access/")
    devtable.post(
        "/repository/buynlarge/orgrepo/permissions/set/",
        {"kind": "user", "entity": "randomuser", "role": "write"},
    )
    response = wait_for_review(devtable, "/organization/buynlarge/access/?principal=random")
    assert 'data-principal="randomuser"' in response.content.decode()  # type: ignore[attr-defined]
