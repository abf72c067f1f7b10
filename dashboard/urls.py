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
    # Each area mounts its own paths, mirroring Quay's web paths (see docs/DESIGN.md).
    path("", include("dashboard.repositories.urls")),
    path("", include("dashboard.builds.urls")),
    path("", include("dashboard.usagelogs.urls")),
    path("", include("dashboard.quotas.urls")),
    path("", include("dashboard.organizations.urls")),
    path("", include("dashboard.superuser.urls")),
    path("", include("dashboard.policies.urls")),
    path("", include("dashboard.account.urls")),
    path("", include("dashboard.security.urls")),
    path("", include("dashboard.mirroring.urls")),
    path("", include("dashboard.applications.urls")),
    path("", include("dashboard.triggers.urls")),
]
