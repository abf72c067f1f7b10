from benchmarks.page import Page

PAGES = [
    # The user (fresh on the overview), messages from the shared cache.
    Page("overview /", "/", budget_calls=2, budget_ratio=1.5),
]
