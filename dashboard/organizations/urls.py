from django.urls import URLPattern, URLResolver, path

from . import members, views

app_name = "organizations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("organization/", views.organization_list, name="list"),
    path("organizations/new/", members.organization_create, name="create"),
    path(
        "organization/<ns:org>/settings/",
        members.organization_settings,
        name="settings",
    ),
    path(
        "organization/<ns:org>/members/<ns:member>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        "organization/<ns:org>/prototypes/<uuid:prototype>/role/",
        members.prototype_role,
        name="prototype_role",
    ),
    path(
        "organization/<ns:org>/teams/<team:team>/sync/disable/",
        members.team_sync_disable,
        name="team_sync_disable",
    ),
    path("organization/<ns:org>/", views.organization_overview, name="overview"),
    path(
        "organization/<ns:org>/teams/<team:team>/",
        views.team_detail,
        name="team",
    ),
    path("organization/<ns:org>/robots/", views.organization_robots, name="robots"),
    path("organization/<ns:org>/access/", views.access_review, name="access"),
    path("user/robots/", views.user_robots, name="user_robots"),
    path(
        "repository/<ns:namespace>/<repo:name>/permissions/",
        views.repository_permissions,
        name="repository_permissions",
    ),
]
