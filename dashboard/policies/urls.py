"""Notifications and policies, under the repository, the organization and the user's namespace.
The same views serve all three; `kind` says which."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "policies"

PLACES = (
    ("repository/<ns:namespace>/<repo:name>/", "repository"),
    ("organization/<ns:namespace>/", "organization"),
    ("user/", "user"),
)

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "repository/<ns:namespace>/<repo:name>/notifications/authorize-email/",
        views.authorize_email,
        name="authorize_email",
    ),
    path(
        "repository/<ns:namespace>/<repo:name>/immutability/unlock/<tag:tag>/",
        views.unlock_tag,
        name="unlock_tag",
    ),
    path(
        "repository/<ns:namespace>/<repo:name>/autoprune/namespace/",
        views.namespace_autoprune,
        name="namespace_autoprune",
    ),
]

for prefix, kind in PLACES:
    # /user/notifications/ is the person's own inbox (the account area); the rules of their
    # namespace are its namespace notifications, as Quay names them.
    notes = "namespace-notifications/" if kind == "user" else "notifications/"
    urlpatterns += [
        path(prefix + notes, views.notifications, {"kind": kind},
             name=f"{kind}_notifications"),
        path(prefix + notes + "create/", views.create_notification, {"kind": kind},
             name=f"{kind}_notification_create"),
    ]  # fmt: skip
    urlpatterns += [
        path(prefix + notes + f"<uuid:uuid>/{action}/", views.notification_action,
             {"kind": kind, "action": action}, name=f"{kind}_notification_{action}")
        for action in ("test", "reset", "delete")
    ]  # fmt: skip
    pages = ("autoprune", "immutability") if kind != "user" else ("autoprune",)
    for page in pages:
        extra = {"kind": kind, "page": page}
        urlpatterns += [
            path(prefix + f"{page}/", views.policies, extra, name=f"{kind}_{page}"),
            path(prefix + f"{page}/create/", views.save_policy, extra,
                 name=f"{kind}_{page}_create"),
            path(prefix + f"{page}/dryrun/", views.dry_run, extra, name=f"{kind}_{page}_dryrun"),
            path(prefix + f"{page}/<uuid:uuid>/update/", views.save_policy, extra,
                 name=f"{kind}_{page}_update"),
            path(prefix + f"{page}/<uuid:uuid>/delete/", views.delete_policy, extra,
                 name=f"{kind}_{page}_delete"),
        ]  # fmt: skip
