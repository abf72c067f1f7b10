from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("organization/<ns:org>/quota/", views.organization_quota, name="organization-quota"),
    path(
        "organization/<ns:org>/quota/save/",
        views.save_organization_quota,
        name="organization-quota-save",
    ),
    path(
        "organization/<ns:org>/quota/delete/",
        views.delete_organization_quota,
        name="organization-quota-delete",
    ),
    path(
        "organization/<ns:org>/quota/limits/",
        views.add_organization_quota_limit,
        name="organization-quota-limit-add",
    ),
    path(
        "organization/<ns:org>/quota/limits/<int:limit_id>/",
        views.change_organization_quota_limit,
        name="organization-quota-limit-change",
    ),
    path(
        "organization/<ns:org>/quota/limits/<int:limit_id>/delete/",
        views.delete_organization_quota_limit,
        name="organization-quota-limit-delete",
    ),
    path("user/quota/", views.user_quota, name="user-quota"),
    path("superuser/quotas/", views.superuser_quotas, name="superuser-quotas"),
    path("superuser/quotas/registry/", views.registry_size, name="registry-size"),
    path(
        "superuser/quotas/<str:kind>/<ns:namespace>/",
        views.superuser_quota_editor,
        name="superuser-quota-editor",
    ),
    path(
        "superuser/quotas/<str:kind>/<ns:namespace>/delete/",
        views.superuser_delete_quota,
        name="superuser-quota-delete",
    ),
]
