"""axe-core on every main page, as a superuser and as a reader, at desktop and phone widths:
no serious or critical violation. axe-core comes from the npm registry inside a test dependency
(axe-playwright-python ships its `axe.min.js`)."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import pytest

from sandbox.world import DEMO_TOKENS

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (files("axe_playwright_python") / "axe.min.js").read_text()

PAGES = (
    "/",
    "/repository/",
    "/repository/?q=simple",
    "/repository/devtable/simple/",
    "/repository/devtable/simple/tags/",
    "/repository/devtable/simple/tags/history/",
    "/repository/devtable/simple/manifest/sha256:8e6f8a519aba4072e6dbad3f7644243f28435b2c443c4072663c547d3bb21e8b/",
    "/repository/devtable/simple/settings/",
    "/repository/devtable/simple/permissions/",
    "/repository/devtable/simple/logs/",
    "/repository/buynlarge/orgrepo/builds/",
    "/repository/devtable/building/builds/deadbeef-dead-beef-dead-beefdeadbeef/",
    "/organization/",
    "/organization/buynlarge/",
    "/organization/buynlarge/teams/owners/",
    "/organization/buynlarge/robots/",
    "/organization/buynlarge/quota/",
    "/organization/buynlarge/logs/",
    "/organization/buynlarge/access/",
    "/user/robots/",
    "/user/quota/",
    "/user/logs/",
    "/superuser/",
    "/superuser/messages/",
    "/superuser/keys/",
    "/superuser/users/",
    "/superuser/organizations/",
    "/superuser/quotas/",
    "/superuser/quotas/registry/",
    "/superuser/logs/",
    "/superuser/builds/",
    "/user/",
    "/user/apptoken/",
    "/user/authorizations/",
    "/user/notifications/",
    "/organization/buynlarge/settings/",
    "/superuser/apptokens/",
    "/organization/buynlarge/security/",
    "/user/security/",
    "/repository/buynlarge/orgrepo/compare/?from=latest&to=prod",
    "/repository/buynlarge/anotherorgrepo/compare/?from=1.0&to=1.1",
)
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def _violations(page: Any) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("who", ["devtable", "reader"])
def test_no_page_has_a_serious_accessibility_violation(
    chromium: Any, live_server: Any, sandbox: Any, who: str, width: str
) -> None:
    w, h = WIDTHS[width]
    context = chromium.new_context(base_url=live_server.url, viewport={"width": w, "height": h})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/signin/")
    page.get_by_label("Quay access token").fill(DEMO_TOKENS[who])
    page.get_by_role("button", name="Sign in with a token").click()
    page.wait_for_url("**/")
    problems = {}
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        found = _violations(page)
        if found:
            problems[path] = found
    context.close()
    assert problems == {}, "\n".join(f"{p}: {v}" for p, v in problems.items())
