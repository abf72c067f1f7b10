from django.urls import URLPattern, URLResolver, path

from . import members, views

app_name = "organizations"

ORG = "organization/<ns:org>/"
TEAM = ORG + "teams/<team:team>/"
PERMISSIONS = "repository/<ns:namespace>/<repo:name>/permissions/"
# A robot's two writes and two token reads are one view each; the URL says which.
CREATE, DELETE = {"creating": True}, {"creating": False}
READ, REGENERATE = {"regenerate": False}, {"regenerate": True}

urlpatterns: list[URLPattern | URLResolver] = [
    path("organization/", views.organization_list, name="list"),
    path("organizations/new/", members.organization_create, name="create"),
    path(ORG + "settings/", members.organization_settings, name="settings"),
    path(ORG + "settings/details/", members.settings_details, name="settings_details"),
    path(ORG + "settings/rename/", members.settings_rename, name="settings_rename"),
    path(ORG + "settings/delete/", members.settings_delete, name="settings_delete"),
    path(ORG + "members/<ns:member>/remove/", members.member_remove, name="member_remove"),
    path(ORG + "create-team/", views.team_create, name="team_create"),
    path(ORG + "prototypes/create/", views.prototype_create, name="prototype_create"),
    path(ORG + "prototypes/<uuid:prototype>/role/", members.prototype_role, name="prototype_role"),
    path(
        ORG + "prototypes/<uuid:prototype>/delete/",
        views.prototype_delete,
        name="prototype_delete",
    ),
    path(TEAM + "sync/disable/", members.team_sync_disable, name="team_sync_disable"),
    path(ORG, views.organization_overview, name="overview"),
    path(TEAM, views.team_detail, name="team"),
    path(TEAM + "members/add/", views.team_member_add, name="team_member_add"),
    path(TEAM + "members/remove/", views.team_member_remove, name="team_member_remove"),
    path(TEAM + "role/", views.team_role, name="team_role"),
    path(TEAM + "delete/", views.team_delete, name="team_delete"),
    path(ORG + "robots/", views.organization_robots, name="robots"),
    path(ORG + "access/", views.access_review, name="access"),
    path("user/robots/", views.user_robots, name="user_robots"),
    path(PERMISSIONS, views.repository_permissions, name="repository_permissions"),
    path(PERMISSIONS + "set/", views.permission_set, name="permission_set"),
    path(PERMISSIONS + "remove/", views.permission_remove, name="permission_remove"),
]

# A robot's actions are the same in an organization and in the person's own namespace.
for robots, named in ((ORG + "robots/", "robot"), ("user/robots/", "user_robot")):
    urlpatterns += [
        path(robots + "create/", views.robot_write, CREATE, name=f"{named}_create"),
        path(robots + "delete/", views.robot_write, DELETE, name=f"{named}_delete"),
        path(robots + "credentials/", views.robot_token, READ, name=f"{named}_credentials"),
        path(robots + "regenerate/", views.robot_token, REGENERATE, name=f"{named}_regenerate"),
    ]
