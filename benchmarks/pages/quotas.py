from benchmarks.page import Page
from sandbox.api.quota import add_quota_namespaces
from sandbox.server import SandboxServer


def _add_500_namespaces(sandbox: SandboxServer) -> None:
    add_quota_namespaces(sandbox.world, 500)


PAGES = [
    # The organization (usage, role) and its quota list, concurrently.
    Page(
        "quotas /organization/buynlarge/quota/",
        "/organization/buynlarge/quota/",
        budget_calls=2,
        budget_ratio=1.5,
    ),
    # The user (usage) and the user's quota list, concurrently.
    Page("quotas /user/quota/", "/user/quota/", budget_calls=2, budget_ratio=1.5),
    # Seed world: one page of each superuser list and the registry size, all concurrent.
    Page("quotas /superuser/quotas/", "/superuser/quotas/", budget_calls=3, budget_ratio=1.5),
    # 500 more namespaces (about 260 users and 260 organizations): three pages of 100 per list,
    # the two lists side by side (a list's next_page token is opaque, so its pages follow each
    # other), the registry size alongside: 7 calls, 3 upstream latencies.
    Page(
        "quotas /superuser/quotas/ 500 namespaces",
        "/superuser/quotas/",
        budget_calls=7,
        budget_ratio=3.5,
        prepare=_add_500_namespaces,
    ),
    # The filter swaps only the table: the two lists, without the registry size.
    Page(
        "quotas /superuser/quotas/?q= 500 namespaces",
        "/superuser/quotas/?q=quotans01",
        budget_calls=6,
        budget_ratio=3.5,
        htmx=True,
        prepare=_add_500_namespaces,
    ),
]
