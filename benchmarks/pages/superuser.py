from benchmarks.page import Page

# Each superuser list page: its one list call; the banners come from the shared cache (the
# first visit in a minute reads them alongside, concurrently, for 2 calls at most).
PAGES = [
    Page("superuser /superuser/", "/superuser/", budget_calls=2, budget_ratio=1.5),
    Page("superuser messages", "/superuser/messages/", budget_calls=2, budget_ratio=1.5),
    Page("superuser keys", "/superuser/keys/", budget_calls=2, budget_ratio=1.5),
    Page("superuser users", "/superuser/users/", budget_calls=2, budget_ratio=1.5),
    Page("superuser organizations", "/superuser/organizations/", budget_calls=2, budget_ratio=1.5),
]
