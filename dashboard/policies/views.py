"""Notifications, auto-prune and immutability policies of a repository, an organization and the
signed-in user's namespace, with a dry run of each policy before and after it is saved.

The same views serve the three places (`kind` comes from the URL). A list page costs at most two
calls: the repository (who may do what) and the list; an organization's page knows from the
session whether the person administers it and asks nothing when they do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dashboard.accounts.tokens import current_profile, quay_client_for
from dashboard.quay.client import QuayClient
from dashboard.quay.errors import QuayBadRequest, QuayError, QuayNotFound, QuayPermissionDenied
from dashboard.quay.notifications import (
    MAX_FAILURES,
    METHODS,
    NotificationScope,
)
from dashboard.quay.policies import AUTOPRUNE_METHODS, PolicyScope
from dashboard.quay.repositories import Tag
from dashboard.web import actions, clock
from dashboard.web.formatting import human_size
from dashboard.web.htmx import HtmxHttpRequest, render_page
from dashboard.web.nav import Tab, organization_tabs_for, repository_tabs

from . import dryrun
from .forms import (
    POLICY_FIELD_HINTS,
    QUAY_FIELD_HINTS,
    AutoPruneForm,
    ImmutabilityForm,
    NotificationForm,
    field_for,
)

WHAT = {
    "notifications": "notifications",
    "autoprune": "auto-prune policies",
    "immutability": "immutability policies",
}
# Quay answers 404 (or 501) on these paths when the feature is switched off.
NOT_ENABLED = (404, 501)


# --- Where: a repository, an organization, or the user's own namespace ---------------------------


@dataclass
class Place:
    kind: str  # "repository", "organization" or "user"
    namespace: str
    name: str = ""
    may_read: bool = True
    may_change: bool = True
    refusal: str = ""  # why the person sees nothing here, when they may not read
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def args(self) -> list[str]:
        """What the URLs of this place name: the repository, the organization, or nothing
        (the signed-in person's own)."""
        if self.kind == "repository":
            return [self.namespace, self.name]
        return [self.namespace] if self.kind == "organization" else []

    @property
    def base(self) -> str:
        names = {"repository": "repositories:overview", "organization": "organizations:overview"}
        return reverse(names.get(self.kind, "account:profile"), args=self.args)

    def url(self, name: str, *more: str) -> str:
        """The policies URL `name` of this place ("autoprune", "notification_test", …)."""
        return reverse(f"policies:{self.kind}_{name}", args=[*self.args, *more])

    @property
    def notification_scope(self) -> NotificationScope:
        return NotificationScope(self.kind, self.namespace, self.name)

    @property
    def policy_scope(self) -> PolicyScope:
        return PolicyScope(self.kind, self.namespace, self.name)

    @property
    def label(self) -> str:
        if self.kind == "repository":
            return f"{self.namespace}/{self.name}"
        return self.namespace


def user_tabs() -> list[Tab]:
    return [
        Tab("notifications", "Namespace notifications", reverse("policies:user_notifications")),
        Tab("autoprune", "Auto-prune", reverse("policies:user_autoprune")),
    ]


def _place(
    request: HtmxHttpRequest, client: QuayClient, kind: str, namespace: str, name: str, active: str
) -> Place:
    profile = current_profile(request)
    read_only = bool(profile and profile.global_readonly_super_user)
    what = WHAT[active]
    if kind == "repository":
        repository = client.get_repository(namespace, name)
        place = Place(kind, namespace, name, may_read=repository.can_admin or read_only)
        place.may_change = repository.can_admin and not read_only
        if not place.may_read:
            place.refusal = (
                f"Only administrators of {namespace}/{name} see and change its {what}. "
                "You can read this repository, but not administer it."
            )
        place.context = {
            "namespace": namespace,
            "name": name,
            "repository": repository,
            "tabs": repository_tabs(request, namespace, name, repository),
        }
    elif kind == "organization":
        membership = next(
            (org for org in (profile.organizations if profile else []) if org.name == namespace),
            None,
        )
        superuser = bool(profile and profile.is_superuser)
        admin = bool(membership and membership.is_org_admin)
        place = Place(kind, namespace, may_read=admin or superuser)
        place.may_change = place.may_read and not read_only
        if membership and not admin and not superuser:
            place.refusal = (
                f"You are a member of {namespace}, not one of its administrators: only they "
                f"see and change its {what}."
            )
        elif not place.may_read:
            place.refusal = f"Only administrators of {namespace} see and change its {what}."
        place.context = {"org": namespace, "tabs": organization_tabs_for(request, namespace)}
    else:
        username = profile.username if profile else ""
        place = Place("user", username, may_change=not read_only)
        place.context = {"username": username, "tabs": user_tabs()}
    place.context.update(place=place, active=active, read_only=read_only)
    return place


def _unavailable(exc: QuayError, what: str) -> str:
    """A refusal to read, in words: switched off, or not allowed."""
    if exc.status in NOT_ENABLED:
        return f"{what.capitalize()} are not enabled on this Quay."
    if isinstance(exc, QuayPermissionDenied):
        return (
            f"Quay does not let your token see these {what}: {exc.message}. It takes an "
            "administrator, and a token with the admin scopes."
        )
    raise exc


# Who may change notifications and policies, said with Quay's refusal.
WHY = "Only an administrator may do this."


def _write(
    request: HtmxHttpRequest, call: Any, success: Any, failed: str, *, destructive: bool = False
) -> actions.Outcome:
    """A button's change (no form to show again): Quay's refusal is one alert."""
    return actions.write(
        request,
        call,
        why=WHY,
        also=(QuayNotFound,),
        success=success,
        failed=failed,
        destructive=destructive,
    )


def _list_url(place: Place, page: str) -> str:
    return place.url(page)


# --- Notifications ------------------------------------------------------------------------


def _notifications_page(
    request: HtmxHttpRequest,
    kind: str,
    namespace: str,
    name: str,
    form: NotificationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    client = quay_client_for(request)
    place = _place(request, client, kind, namespace, name, "notifications")
    context = dict(place.context)
    scope = place.notification_scope
    notifications, unavailable = [], ""
    if place.may_read:
        try:
            notifications = client.list_notifications(scope)
        except QuayError as exc:
            unavailable = _unavailable(exc, "notifications")
    context.update(
        # Each with the URLs of what can be done to it.
        notifications=[
            (
                notification,
                {
                    action: place.url(f"notification_{action}", notification.uuid)
                    for action in ("test", "reset", "delete")
                },
            )
            for notification in notifications
        ],
        create_url=place.url("notification_create"),
        unavailable=unavailable,
        form=form or _notification_form(place),
        events=scope.events,
        methods=METHODS,
        max_failures=MAX_FAILURES,
        namespace_scope=kind != "repository",
    )
    return render_page(request, "policies/notifications.html", context, status=status)


def _notification_form(place: Place, data: Any = None) -> NotificationForm:
    return NotificationForm(
        data,
        events=place.notification_scope.events,
        namespace_scope=place.kind != "repository",
    )


@require_GET
@login_required
def notifications(
    request: HtmxHttpRequest, kind: str, namespace: str = "", name: str = ""
) -> HttpResponse:
    return _notifications_page(request, kind, namespace, name)


@require_POST
@login_required
def create_notification(
    request: HtmxHttpRequest, kind: str, namespace: str = "", name: str = ""
) -> HttpResponse:
    client = quay_client_for(request)
    place = _place(request, client, kind, namespace, name, "notifications")
    form = _notification_form(place, request.POST)
    status = actions.REJECTED
    if place.may_change and form.is_valid():
        payload = form.payload()
        try:
            created = client.create_notification(place.notification_scope, **payload)
        except (QuayBadRequest, QuayPermissionDenied) as exc:
            at = field_for(exc.message, QUAY_FIELD_HINTS)
            form.add_error(at, actions.refusal(exc, WHY, at_field=at is not None))
            status = actions.status_of(exc)
        else:
            messages.success(
                request,
                f"Quay will tell {created.target or 'you'} on “{created.event_label}”.",
            )
            return redirect(_list_url(place, "notifications"))
    elif not place.may_change:
        form.is_valid()
        form.add_error(None, place.refusal or "You may not change these notifications.")
        status = actions.REFUSED
    return _notifications_page(request, kind, place.namespace, name, form=form, status=status)


def _notification_action(
    request: HtmxHttpRequest, kind: str, namespace: str, name: str, uuid: str, action: str
) -> HttpResponse:
    client = quay_client_for(request)
    scope = NotificationScope(kind, namespace, name)  # the user's own needs no name in the path
    calls = {
        "test": (client.test_notification, "Quay queued a test notification."),
        "reset": (client.reset_notification_failures, "Quay will deliver this notification again."),
        "delete": (client.delete_notification, "Deleted the notification."),
    }
    if action not in calls:
        raise Http404("No such action")
    call, done = calls[action]
    _write(
        request,
        lambda: call(scope, str(uuid)),
        done,
        f"Could not {action} the notification.",
        destructive=action == "delete",
    )
    return redirect(_list_url(Place(kind, namespace, name), "notifications"))


@require_POST
@login_required
def notification_action(
    request: HtmxHttpRequest, kind: str, uuid: Any, action: str, namespace: str = "", name: str = ""
) -> HttpResponse:
    return _notification_action(request, kind, namespace, name, str(uuid), action)


@require_POST
@login_required
def authorize_email(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    """Ask Quay to mail a confirmation link: a repository e-mails only confirmed addresses."""
    email = request.POST.get("email", "").strip()
    form = NotificationForm({"email": email}, events=(), namespace_scope=False)
    form.is_valid()
    if not email or "email" in form.errors:
        messages.error(request, "Give a valid e-mail address to confirm.")
    else:
        _write(
            request,
            lambda: quay_client_for(request).authorize_notification_email(namespace, name, email),
            lambda confirmed: (
                f"{email} is confirmed already."
                if confirmed
                else f"Quay sent a confirmation link to {email}. Create the notification once "
                "it has been followed."
            ),
            "Could not ask for a confirmation.",
        )
    return redirect(_list_url(Place("repository", namespace, name), "notifications"))


# --- Auto-prune and immutability ---------------------------------------------------------------


@dataclass(frozen=True)
class PolicyRow:
    uuid: str
    summary: str
    form: Any
    policy: Any
    update_url: str
    delete_url: str


def _policy_page(
    request: HtmxHttpRequest,
    kind: str,
    namespace: str,
    name: str,
    page: str,
    form: Any = None,
    edited: tuple[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    client = quay_client_for(request)
    place = _place(request, client, kind, namespace, name, page)
    context = dict(place.context)
    scope = place.policy_scope
    rows: list[PolicyRow] = []
    unavailable = ""
    form_class = AutoPruneForm if page == "autoprune" else ImmutabilityForm
    if place.may_read:
        try:
            policies: list[Any] = (
                client.list_autoprune_policies(scope)
                if page == "autoprune"
                else client.list_immutability_policies(scope)
            )
        except QuayError as exc:
            unavailable = _unavailable(exc, WHAT[page])
            policies = []
        for policy in policies:
            bound = edited[1] if edited and edited[0] == policy.uuid else None
            policy_form = bound or form_class(
                initial=form_class.initial_for(policy), prefix=f"p{policy.uuid[:8]}"
            )
            rows.append(
                PolicyRow(
                    policy.uuid,
                    policy.summary,
                    policy_form,
                    policy,
                    update_url=place.url(f"{page}_update", policy.uuid),
                    delete_url=place.url(f"{page}_delete", policy.uuid),
                )
            )
    context.update(
        rows=rows,
        unavailable=unavailable,
        form=form or form_class(),
        create_url=place.url(f"{page}_create"),
        dryrun_url=place.url(f"{page}_dryrun"),
        methods=AUTOPRUNE_METHODS,
        namespace_policies_url=reverse("policies:namespace_autoprune", args=place.args)
        if kind == "repository"
        else "",
        namespace_wide=kind != "repository",
    )
    template = "policies/autoprune.html" if page == "autoprune" else "policies/immutability.html"
    return render_page(request, template, context, status=status)


@require_GET
@login_required
def policies(
    request: HtmxHttpRequest, kind: str, page: str, namespace: str = "", name: str = ""
) -> HttpResponse:
    return _policy_page(request, kind, namespace, name, page)


@require_POST
@login_required
def save_policy(
    request: HtmxHttpRequest,
    kind: str,
    page: str,
    namespace: str = "",
    name: str = "",
    uuid: Any = "",
) -> HttpResponse:
    """A new policy, or, where the URL names one (`uuid`), a change to it: one form, one view."""
    uuid = str(uuid or "")
    client = quay_client_for(request)
    place = _place(request, client, kind, namespace, name, page)
    form_class = AutoPruneForm if page == "autoprune" else ImmutabilityForm
    form = form_class(request.POST, prefix=f"p{uuid[:8]}" if uuid else None)
    if not place.may_change:
        messages.error(request, place.refusal or f"You may not change these {WHAT[page]}.")
        return redirect(_list_url(place, page))
    status = actions.REJECTED
    if form.is_valid():
        scope = place.policy_scope
        try:
            if isinstance(form, AutoPruneForm) and uuid:
                client.update_autoprune_policy(scope, uuid, form.payload())
            elif isinstance(form, AutoPruneForm):
                client.create_autoprune_policy(scope, form.payload())
            elif uuid:
                client.update_immutability_policy(
                    scope, uuid, form.cleaned_data["tag_pattern"], form.matches
                )
            else:
                client.create_immutability_policy(
                    scope, form.cleaned_data["tag_pattern"], form.matches
                )
        except (QuayBadRequest, QuayPermissionDenied, QuayNotFound) as exc:
            at = field_for(exc.message, POLICY_FIELD_HINTS)
            if at == "count" and form.cleaned_data.get("method") == "creation_date":
                at = "age"
            if at not in form.fields:
                at = None
            form.add_error(at, actions.refusal(exc, WHY, at_field=at is not None))
            status = actions.status_of(exc)
        else:
            if page == "immutability":
                _forget_tags(request, place)
            messages.success(request, "Saved the policy." if uuid else "Created the policy.")
            return redirect(_list_url(place, page))
    if uuid:
        return _policy_page(
            request, kind, place.namespace, name, page, edited=(uuid, form), status=status
        )
    return _policy_page(request, kind, place.namespace, name, page, form=form, status=status)


@require_POST
@login_required
def delete_policy(
    request: HtmxHttpRequest, kind: str, page: str, uuid: Any, namespace: str = "", name: str = ""
) -> HttpResponse:
    client = quay_client_for(request)
    place = _place(request, client, kind, namespace, name, page)
    scope = place.policy_scope
    delete = (
        client.delete_autoprune_policy if page == "autoprune" else client.delete_immutability_policy
    )
    done = "Deleted the policy."
    if page == "immutability":
        done += " The tags it made immutable stay immutable until an administrator changes each."
    _write(
        request,
        lambda: delete(scope, str(uuid)),
        done,
        "Could not delete the policy.",
        destructive=True,
    )
    return redirect(_list_url(place, page))


# --- The dry run ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """Tags read for a dry run: (repository, tag) pairs, and how the reading went."""

    tags: list[tuple[str, Tag]]
    calls: int
    stopped_early: bool
    repositories: int


def _sample_key(request: HtmxHttpRequest, place: Place) -> str:
    return f"policy-dryrun:{request.user.pk}:{place.kind}:{place.namespace}/{place.name}"


def _forget_tags(request: HtmxHttpRequest, place: Place) -> None:
    cache.delete(_sample_key(request, place))


def _sample(request: HtmxHttpRequest, client: QuayClient, place: Place) -> Sample:
    """The tags a dry run works on, kept briefly: the preview redraws as the form changes."""
    key = _sample_key(request, place)
    cached = cache.get(key)
    if isinstance(cached, Sample):
        return cached
    if place.kind == "repository":
        read = dryrun.read_tags(client, place.namespace, place.name)
        sample = Sample(
            [(place.name, tag) for tag in read.tags], read.pages_read, read.stopped_early, 1
        )
    else:
        repos, unread = dryrun.read_namespace_tags(client, place.namespace)
        sample = Sample(
            [(repo.repository, tag) for repo in repos for tag in repo.sample.tags],
            1 + len(repos),
            unread,
            len(repos),
        )
    cache.set(key, sample, settings.QUAY_CACHE_SECONDS)
    return sample


def _by_repository(sample: Sample) -> dict[str, list[Tag]]:
    grouped: dict[str, list[Tag]] = {}
    for repository, tag in sample.tags:
        grouped.setdefault(repository, []).append(tag)
    return grouped


def _named(place: Place, repository: str, tags: list[Tag]) -> list[Tag]:
    if place.kind == "repository":
        return tags
    return [replace(tag, name=f"{repository}:{tag.name}") for tag in tags]


@dataclass
class PreviewView:
    """A dry run's outcome, ready to print."""

    title: str = ""
    count: int = 0
    names: list[str] = field(default_factory=list)
    size: str = ""
    newest: Tag | None = None
    oldest: Tag | None = None
    protected: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    problem: str = ""


def prune_preview(
    place: Place, sample: Sample, method: str, value: int | str, pattern: str | None, matches: bool
) -> PreviewView:
    now = clock.now()
    pruned: list[Tag] = []
    protected: list[Tag] = []
    problem = ""
    for repository, tags in _by_repository(sample).items():
        result = dryrun.preview_autoprune(tags, method, value, pattern, matches, now)
        pruned += _named(place, repository, result.pruned)
        protected += _named(place, repository, result.protected)
        problem = problem or result.problem
    total = dryrun.PrunePreview(pruned=pruned)
    return PreviewView(
        count=len(pruned),
        names=[tag.name for tag in total.pruned],
        size=human_size(total.total_size),
        newest=total.newest,
        oldest=total.oldest,
        protected=[tag.name for tag in protected],
        problem=problem,
    )


def freeze_preview(place: Place, sample: Sample, pattern: str, matches: bool) -> PreviewView:
    now = clock.now()
    frozen: list[Tag] = []
    already: list[Tag] = []
    for repository, tags in _by_repository(sample).items():
        result = dryrun.preview_immutability(tags, pattern, matches, now)
        frozen += _named(place, repository, result.frozen)
        already += _named(place, repository, result.already)
    return PreviewView(
        count=len(frozen),
        names=[tag.name for tag in frozen],
        already=[tag.name for tag in already],
    )


@require_GET
@login_required
def dry_run(
    request: HtmxHttpRequest, kind: str, page: str, namespace: str = "", name: str = ""
) -> HttpResponse:
    """The preview beside the form (`?method=...`), or of every saved policy (`?saved=1`)."""
    client = quay_client_for(request)
    place = _place(request, client, kind, namespace, name, page)
    context: dict[str, Any] = {"place": place, "page": page, "previews": [], "errors": []}
    if not place.may_read:
        context["errors"] = [place.refusal]
        return render_page(request, "policies/_dryrun.html", context)
    try:
        sample = _sample(request, client, place)
    except (QuayPermissionDenied, QuayNotFound) as exc:
        context["errors"] = [actions.refusal(exc, WHY)]
        return render_page(request, "policies/_dryrun.html", context)
    context["sample"] = sample
    previews: list[PreviewView] = []
    if request.GET.get("saved"):
        scope = place.policy_scope
        if page == "autoprune":
            for policy in client.list_autoprune_policies(scope):
                preview = prune_preview(
                    place,
                    sample,
                    policy.method,
                    policy.value,
                    policy.tag_pattern,
                    policy.tag_pattern_matches,
                )
                preview.title = policy.summary
                previews.append(preview)
        else:
            for frozen in client.list_immutability_policies(scope):
                preview = freeze_preview(
                    place, sample, frozen.tag_pattern, frozen.tag_pattern_matches
                )
                preview.title = frozen.summary
                previews.append(preview)
        context["saved"] = True
    else:
        form_class = AutoPruneForm if page == "autoprune" else ImmutabilityForm
        prefix = request.GET.get("prefix") or None
        form = form_class(request.GET, prefix=prefix)
        if not form.is_valid():
            context["errors"] = [str(e) for errors in form.errors.values() for e in errors]
        elif isinstance(form, AutoPruneForm):
            data = form.cleaned_data
            previews.append(
                prune_preview(
                    place, sample, data["method"], form.value, data.get("tag_pattern"), form.matches
                )
            )
        else:
            previews.append(
                freeze_preview(place, sample, form.cleaned_data["tag_pattern"], form.matches)
            )
    context["previews"] = previews
    return render_page(request, "policies/_dryrun.html", context)


@require_GET
@login_required
def namespace_autoprune(request: HtmxHttpRequest, namespace: str, name: str) -> HttpResponse:
    """The namespace's auto-prune policies, which apply to this repository too (one call)."""
    client = quay_client_for(request)
    profile = current_profile(request)
    context: dict[str, Any] = {"namespace": namespace, "policies": [], "note": ""}
    is_user = profile is not None and profile.username == namespace
    organization = next(
        (org for org in (profile.organizations if profile else []) if org.name == namespace), None
    )
    if (
        not is_user
        and not (organization and organization.is_org_admin)
        and not (profile and profile.is_superuser)
    ):
        context["note"] = (
            f"Policies of the namespace {namespace} apply here too; only its administrators "
            "can see them."
        )
    else:
        scope = (
            PolicyScope.for_user(namespace) if is_user else PolicyScope.for_organization(namespace)
        )
        try:
            context["policies"] = client.list_autoprune_policies(scope)
        except QuayError as exc:
            context["note"] = _unavailable(exc, "the namespace's auto-prune policies")
    return render_page(request, "policies/_namespace_autoprune.html", context)


@require_POST
@login_required
def unlock_tag(request: HtmxHttpRequest, namespace: str, name: str, tag: str) -> HttpResponse:
    """Make an immutable tag mutable again: deleting its policy does not."""
    client = quay_client_for(request)
    place = _place(request, client, "repository", namespace, name, "immutability")
    back = actions.back(request, reverse("repositories:tags", args=[namespace, name]))
    if not place.may_change:
        messages.error(request, place.refusal or "Only an administrator may unlock a tag.")
        return redirect(back)
    outcome = _write(
        request,
        lambda: client.change_tag_immutability(namespace, name, tag, False),
        f"{tag} may be changed again. It stays so until a policy covering it is saved again or "
        "the tag is pushed again.",
        f"Could not unlock {tag}.",
    )
    if outcome.done:
        _forget_tags(request, place)
    return redirect(back)
