from benchmarks.page import Page

PAGES = [
    # The overview and a page with the header's bell: the bell and the invitations cost the
    # page nothing (the cache, or a request of their own after the page).
    Page("overview / with the bell and invitations", "/", budget_calls=2, budget_ratio=1.5),
    Page("organization list (from the session)", "/organization/", budget_calls=0),
    Page("account /user/", "/user/", budget_calls=1, budget_ratio=1.5),
    Page("application tokens /user/apptoken/", "/user/apptoken/", budget_calls=1, budget_ratio=1.5),
    Page(
        "authorized applications /user/authorizations/",
        "/user/authorizations/",
        budget_calls=1,
        budget_ratio=1.5,
    ),
    Page("notifications /user/notifications/", "/user/notifications/", budget_calls=1),
    # The bell's own request: one call when nothing is cached, none for two minutes after.
    Page(
        "bell, nothing cached",
        "/user/notifications/bell/",
        budget_calls=1,
        budget_ratio=1.5,
        htmx=True,
        warm=False,
    ),
    Page("bell, cached", "/user/notifications/bell/", budget_calls=0, htmx=True),
    Page(
        "organization settings",
        "/organization/buynlarge/settings/",
        budget_calls=1,
        budget_ratio=1.5,
    ),
    Page("superuser app tokens", "/superuser/apptokens/", budget_calls=1, budget_ratio=1.5),
]
