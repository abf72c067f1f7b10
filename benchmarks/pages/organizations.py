from benchmarks.page import Page
from sandbox.api.organizations import add_review_organization
from sandbox.server import SandboxServer


def prepare_review(sandbox: SandboxServer) -> None:
    """The 200-repository organization is not in the default seed (reset stays fast)."""
    add_review_organization(sandbox.world)


PAGES = [
    # The organization (with its teams) before the first byte; members, robots, collaborators
    # and default permissions are lazy parts, one call each, after it.
    Page("organization overview", "/organization/buynlarge/", budget_calls=1, budget_ratio=1.5),
    *[
        Page(
            f"organization overview, lazy {part}",
            f"/organization/buynlarge/?view={part}",
            budget_calls=1,
            budget_ratio=1.5,
            htmx=True,
        )
        for part in ("members", "robots", "collaborators", "prototypes")
    ],
    Page("team", "/organization/buynlarge/teams/readers/", budget_calls=3, budget_ratio=1.5),
    Page(
        "organization robots", "/organization/buynlarge/robots/", budget_calls=1, budget_ratio=1.5
    ),
    Page(
        "repository permissions",
        "/repository/buynlarge/orgrepo/permissions/",
        budget_calls=2,
        budget_ratio=1.5,
    ),
    # The whole review of 200 repositories, built in the request (refresh=1 skips the cache):
    # organization, members, robots and 2 repository pages, then 2 calls a repository, 8 at a
    # time. Its budget is 60 upstream latencies.
    Page(
        "access review, 200 repositories (CSV)",
        "/organization/megacorp/access/?format=csv&refresh=1",
        budget_ratio=60,
        prepare=prepare_review,
        warm=False,
    ),
]
