from django.urls import include, path
from django.views.generic import RedirectView

from dashboard.web import views as web_views
from dashboard.web.converters import register_quay_converters

register_quay_converters()

urlpatterns = [
    path("", web_views.overview, name="overview"),
    path("healthz", web_views.healthz, name="healthz"),
    path("readyz", web_views.readyz, name="readyz"),
    path("", include("dashboard.accounts.urls")),
    # allauth's own sign-in and sign-out pages would bypass ours (and the token's removal).
    path(
        "accounts/login/", RedirectView.as_view(pattern_name="accounts:signin", query_string=True)
    ),
    path("accounts/logout/", RedirectView.as_view(pattern_name="accounts:signin")),
    # "Sign in with Quay" (allauth) lives under /accounts/quay/login/.
    path("accounts/", include("allauth.urls")),
]

# Each area mounts its own paths, mirroring Quay's web paths (see docs/DESIGN.md), in this order.
AREAS = (
    "repositories", "builds", "usagelogs", "quotas", "organizations", "superuser", "policies",
    "account", "security", "mirroring", "applications", "triggers",
)  # fmt: skip
urlpatterns += [path("", include(f"dashboard.{area}.urls")) for area in AREAS]
