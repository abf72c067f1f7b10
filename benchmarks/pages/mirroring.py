from benchmarks.page import Page
from sandbox.api.mirroring import OrgMirror, org_mirrors
from sandbox.server import SandboxServer


def prepare_org_mirror(sandbox: SandboxServer) -> None:
    """An organization mirror on the empty organization titi (none in the default seed)."""
    world = sandbox.world
    with world.lock:
        org_mirrors(world)["titi"] = OrgMirror(
            "quay", "https://registry.example.com", "someorg", "titi+mirrorbot", "private",
            3600, world.now + 3600, world.now,
        )  # fmt: skip


MIRROR = "/repository/devtable/mirrored/mirror/"
TRIGGER = "10187152-f41a-494b-af12-af495397060f"

PAGES = [
    # The repository (state, rights) and its mirror, together once the rights are known.
    Page("repository mirror", MIRROR, budget_calls=2, budget_ratio=1.5),
    Page("mirror status poll", MIRROR + "status/", budget_calls=1, budget_ratio=1.5, htmx=True),
    Page("mirror history", MIRROR + "history/", budget_calls=1, budget_ratio=1.5, htmx=True),
    Page(
        "organization mirror",
        "/organization/titi/mirror/",
        budget_calls=2,
        budget_ratio=2.5,
        prepare=prepare_org_mirror,
    ),
    Page("proxy cache", "/organization/proxyorg/proxycache/", budget_calls=1, budget_ratio=1.5),
    Page("superuser mirror health", "/superuser/mirrors/", budget_calls=1, budget_ratio=1.5),
    Page("applications", "/organization/buynlarge/applications/", budget_calls=1, budget_ratio=1.5),
    Page(
        "application",
        "/organization/buynlarge/applications/deadbeef/",
        budget_calls=2,
        budget_ratio=1.5,
    ),
    Page(
        "set up Quayside here",
        "/organization/buynlarge/applications/quayside/",
        budget_calls=1,
        budget_ratio=1.5,
    ),
    Page(
        "build triggers",
        "/repository/devtable/building/triggers/",
        budget_calls=2,
        budget_ratio=1.5,
    ),
    Page(
        "trigger builds",
        f"/repository/devtable/building/triggers/{TRIGGER}/builds/",
        budget_calls=1,
        budget_ratio=1.5,
        htmx=True,
    ),
    # Someone who does not administer the organization: one sentence, no call.
    Page(
        "applications, not an administrator",
        "/organization/buynlarge/applications/",
        budget_calls=0,
        token="freshuser",
    ),
]
