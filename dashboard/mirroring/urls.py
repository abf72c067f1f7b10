from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "mirroring"

MIRROR = "repository/<ns:namespace>/<repo:name>/mirror/"
ORG = "organization/<ns:org>/"
# Checking a proxy cache and saving it are one view; the URL says which.
CHECK, SAVE = {"saving": False}, {"saving": True}

urlpatterns: list[URLPattern | URLResolver] = [
    path(MIRROR, views.repository_mirror, name="repository"),
    path(MIRROR + "status/", views.repository_mirror_status, name="repository_status"),
    path(MIRROR + "history/", views.repository_mirror_history, name="repository_history"),
    path(MIRROR + "state/", views.repository_mirror_state, name="repository_state"),
    path(MIRROR + "save/", views.repository_mirror_save, name="repository_save"),
    path(MIRROR + "enable/", views.repository_mirror_enable, name="repository_enable"),
    path(MIRROR + "sync/", views.repository_mirror_sync, name="repository_sync"),
    path(MIRROR + "cancel/", views.repository_mirror_cancel, name="repository_cancel"),
    path(ORG + "mirror/", views.organization_mirror, name="organization"),
    path(ORG + "mirror/save/", views.organization_mirror_save, name="organization_save"),
    path(ORG + "mirror/verify/", views.organization_mirror_verify, name="organization_verify"),
    path(ORG + "mirror/sync/", views.organization_mirror_sync, name="organization_sync"),
    path(ORG + "mirror/cancel/", views.organization_mirror_cancel, name="organization_cancel"),
    path(ORG + "mirror/enable/", views.organization_mirror_enable, name="organization_enable"),
    path(ORG + "mirror/delete/", views.organization_mirror_delete, name="organization_delete"),
    path(ORG + "proxycache/", views.proxy_cache, name="proxycache"),
    path(ORG + "proxycache/check/", views.proxy_cache_write, CHECK, name="proxycache_check"),
    path(ORG + "proxycache/save/", views.proxy_cache_write, SAVE, name="proxycache_save"),
    path(ORG + "proxycache/delete/", views.proxy_cache_delete, name="proxycache_delete"),
    path("superuser/mirrors/", views.superuser_mirror_health, name="health"),
]
