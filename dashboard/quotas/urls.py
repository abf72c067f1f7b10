from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "quotas"

urlpatterns: list[URLPattern | URLResolver] = [
    path("organization/<ns:org>/quota/", views.organization_quota, name="organization"),
    path(
        "organization/<ns:org>/quota/save/",
        views.save_organization_quota,
        name="organization_save",
    ),
    path(
        "organization/<ns:org>/quota/delete/",
        views.delete_organization_quota,
        name="organization_delete",
    ),
    path(
        "organization/<ns:org>/quota/limits/",
        views.add_organization_quota_limit,
        name="organization_limit_add",
    ),
    path(
        "organization/<ns:org>/quota/limits/<int:limit_id>/",
        views.change_organization_quota_limit,
        name="organization_limit_change",
    ),
    path(
        "organization/<ns:org>/quota/limits/<int:limit_id>/delete/",
        views.delete_organization_quota_limit,
        name="organization_limit_delete",
    ),
    path("user/quota/", views.user_quota, name="user"),
    path("superuser/quotas/", views.superuser_quotas, name="superuser"),
    path("superuser/quotas/registry/", views.registry_size, name="registry_size"),
    path(
        "superuser/quotas/<str:kind>/<ns:namespace>/",
        views.superuser_quota_editor,
        name="superuser_editor",
    ),
    path(
        "superuser/quotas/<str:kind>/<ns:namespace>/delete/",
        views.superuser_delete_quota,
        name="superuser_delete",
    ),
]
