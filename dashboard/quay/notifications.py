"""Quay operations for notifications: of a repository, of an organization, of the user's own
namespace. The events and methods Quay knows are defined here, once, with what each needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .owners import RuleOwner
from .transport import QuayTransport, api_path, filled

# Quay stops delivering a notification once it has failed this many times in a row, until
# someone resets it (`POST` on the notification).
MAX_FAILURES = 3


@dataclass(frozen=True)
class EventField:
    """A setting of an event (`eventConfig`) or of a method (`config`)."""

    key: str
    label: str
    kind: str  # "text", "url", "email", "int", "severity", "target", "json-template", "secret"
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class NotificationEvent:
    name: str
    label: str
    description: str
    fields: tuple[EventField, ...] = ()
    namespace: bool = False  # a namespace event (organization or user), not a repository one


@dataclass(frozen=True)
class NotificationMethod:
    name: str
    label: str
    description: str
    fields: tuple[EventField, ...] = ()


# Severities as Quay ranks them: `eventConfig.level` of vulnerability_found is an index here, and
# Quay notifies about vulnerabilities of that severity and anything worse.
SEVERITY_LEVELS: tuple[str, ...] = (
    "Defcon1", "Critical", "High", "Medium", "Low", "Negligible", "Unknown",
)  # fmt: skip

_BUILD_REF = EventField(
    "ref-regex",
    "Only for branches or tags matching",
    "text",
    help="A regular expression over the Git ref of a triggered build, e.g. heads/main. "
    "Empty: every build.",
)

EVENTS: tuple[NotificationEvent, ...] = (
    NotificationEvent("repo_push", "Push to repository", "A push created or moved tags."),
    NotificationEvent(
        "build_queued", "Build queued", "A build of this repository was queued.", (_BUILD_REF,)
    ),
    NotificationEvent(
        "build_start", "Build started", "A queued build began to run.", (_BUILD_REF,)
    ),
    NotificationEvent(
        "build_success", "Build succeeded", "A build finished and pushed its image.", (_BUILD_REF,)
    ),
    NotificationEvent("build_failure", "Build failed", "A build ended in an error.", (_BUILD_REF,)),
    NotificationEvent(
        "build_cancelled", "Build cancelled", "Someone cancelled a build.", (_BUILD_REF,)
    ),
    NotificationEvent(
        "vulnerability_found",
        "Vulnerability found",
        "The security scanner found a vulnerability in an image of this repository.",
        (
            EventField(
                "level",
                "Minimum severity",
                "severity",
                required=True,
                help="Quay tells you about vulnerabilities of this severity or worse.",
            ),
        ),
    ),
    NotificationEvent(
        "repo_mirror_sync_started", "Mirror sync started", "A repository mirror began a sync."
    ),
    NotificationEvent(
        "repo_mirror_sync_success", "Mirror sync succeeded", "A repository mirror finished a sync."
    ),
    NotificationEvent(
        "repo_mirror_sync_failed", "Mirror sync failed", "A repository mirror's sync failed."
    ),
    NotificationEvent(
        "repo_image_expiry",
        "Image expiring",
        "A tag of this repository is about to expire.",
        (
            EventField(
                "days",
                "Days before expiry",
                "int",
                required=True,
                help="Quay tells you this many days before a tag expires.",
            ),
        ),
    ),
    NotificationEvent(
        "quota_warning",
        "Quota warning",
        "The namespace's storage reached a warning limit of its quota.",
        namespace=True,
    ),
    NotificationEvent(
        "quota_error",
        "Quota exceeded",
        "The namespace's storage reached a reject limit of its quota: pushes are refused.",
        namespace=True,
    ),
)

METHODS: tuple[NotificationMethod, ...] = (
    NotificationMethod(
        "quay_notification",
        "Quay notification",
        "A notification in Quay's own UI, for a user, a team or the organization.",
        (EventField("target", "Who is told", "target", required=True),),
    ),
    NotificationMethod(
        "email",
        "E-mail",
        "A message to an e-mail address. For a repository, Quay accepts only an address that "
        "has confirmed it wants these messages; for a namespace it writes to the namespace's "
        "own address.",
        (EventField("email", "E-mail address", "email", required=True),),
    ),
    NotificationMethod(
        "webhook",
        "Webhook POST",
        "An HTTP POST of the event as JSON to a URL of yours.",
        (
            EventField("url", "Webhook URL", "url", required=True),
            EventField(
                "template",
                "JSON body template (optional)",
                "json-template",
                help="A JSON document sent instead of Quay's own; ${name} in a string is "
                "replaced from the event's data.",
            ),
        ),
    ),
    NotificationMethod(
        "slack",
        "Slack",
        "A message to a Slack channel through an incoming-webhook URL.",
        (EventField("url", "Slack webhook URL", "url", required=True),),
    ),
    NotificationMethod(
        "flowdock",
        "Flowdock",
        "A message to a Flowdock flow.",
        (EventField("flow_api_token", "Flow API token", "secret", required=True),),
    ),
    NotificationMethod(
        "hipchat",
        "HipChat",
        "A message to a HipChat room.",
        (
            EventField("notification_token", "Room notification token", "secret", required=True),
            EventField("room_id", "Room ID", "text", required=True),
        ),
    ),
)

EVENTS_BY_NAME = {event.name: event for event in EVENTS}
METHODS_BY_NAME = {method.name: method for method in METHODS}
REPOSITORY_EVENTS = tuple(event for event in EVENTS if not event.namespace)
NAMESPACE_EVENTS = tuple(event for event in EVENTS if event.namespace)
# Config values that are credentials: never shown back once saved.
SECRET_KEYS = frozenset(f.key for method in METHODS for f in method.fields if f.kind == "secret")


@dataclass(frozen=True)
class Notification:
    uuid: str
    title: str
    event: str
    method: str
    config: dict[str, Any] = field(default_factory=dict)
    event_config: dict[str, Any] = field(default_factory=dict)
    number_of_failures: int = 0

    @property
    def disabled(self) -> bool:
        return self.number_of_failures >= MAX_FAILURES

    @property
    def event_label(self) -> str:
        known = EVENTS_BY_NAME.get(self.event)
        return known.label if known else self.event

    @property
    def method_label(self) -> str:
        known = METHODS_BY_NAME.get(self.method)
        return known.label if known else self.method

    @property
    def target(self) -> str:
        """Where the notification goes, in words (never a secret)."""
        config = self.config
        if self.method == "quay_notification":
            target = config.get("target") or {}
            if isinstance(target, dict) and target.get("name"):
                return f"{target.get('kind', 'user')} {target['name']}"
            return "nobody: no target is set"
        if self.method == "email":
            return str(config.get("email") or "the namespace's e-mail address")
        if self.method in ("webhook", "slack"):
            return str(config.get("url") or "")
        if self.method == "hipchat":
            return f"room {config.get('room_id', '')}"
        if self.method == "flowdock":
            return "a Flowdock flow"
        return ""

    @property
    def event_setting(self) -> str:
        """The event's own setting in words, if it has one."""
        if self.event == "vulnerability_found" and "level" in self.event_config:
            try:
                return f"{SEVERITY_LEVELS[int(self.event_config['level'])]} or worse"
            except (ValueError, IndexError, TypeError):
                return f"level {self.event_config['level']}"
        if self.event == "repo_image_expiry" and "days" in self.event_config:
            return f"{self.event_config['days']} days ahead"
        ref = self.event_config.get("ref-regex")
        return f"refs matching {ref}" if ref else ""

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Notification:
        return cls(
            uuid=str(body["uuid"]),
            title=str(body.get("title") or ""),
            event=str(body.get("event") or ""),
            method=str(body.get("method") or ""),
            config=dict(body.get("config") or {}),
            event_config=dict(body.get("event_config") or {}),
            number_of_failures=int(body.get("number_of_failures") or 0),
        )


class NotificationScope(RuleOwner):
    """Whose notifications (the three kinds live under different paths)."""

    @property
    def events(self) -> tuple[NotificationEvent, ...]:
        return REPOSITORY_EVENTS if self.kind == "repository" else NAMESPACE_EVENTS

    def path(self, uuid: str = "", suffix: str = "") -> str:
        if self.kind == "repository":
            base = api_path(
                "repository/{ns}/{name}/notification/", ns=self.namespace, name=self.repository
            )
        elif self.kind == "organization":
            base = api_path("organization/{org}/notifications", org=self.namespace)
        else:
            base = api_path("user/namespacenotifications")
        if not uuid:
            return base
        return base.rstrip("/") + "/" + quote(uuid, safe="") + suffix


class NotificationsApi(QuayTransport):
    def list_notifications(self, scope: NotificationScope) -> list[Notification]:
        """GET /api/v1/repository/{repo}/notification/, /organization/{org}/notifications or
        /user/namespacenotifications"""
        body = self.get(scope.path())
        return [Notification.from_api(item) for item in (body or {}).get("notifications") or []]

    def create_notification(
        self,
        scope: NotificationScope,
        *,
        event: str,
        method: str,
        config: dict[str, Any],
        event_config: dict[str, Any],
        title: str = "",
    ) -> Notification:
        """POST the notification's path (201 with the notification)."""
        payload = {
            "event": event,
            "method": method,
            "config": config,
            "eventConfig": event_config,
            **filled(title=title),
        }
        return Notification.from_api(self.request("POST", scope.path(), json=payload))

    def test_notification(self, scope: NotificationScope, uuid: str) -> None:
        """POST .../{uuid}/test: Quay queues a sample delivery (200 {})."""
        self.request("POST", scope.path(uuid, "/test"))

    def reset_notification_failures(self, scope: NotificationScope, uuid: str) -> None:
        """POST .../{uuid}: sets number_of_failures back to 0 (204)."""
        self.request("POST", scope.path(uuid))

    def delete_notification(self, scope: NotificationScope, uuid: str) -> None:
        """DELETE .../{uuid} (204). A repository's unknown uuid answers 400, not 404."""
        self.request("DELETE", scope.path(uuid))

    def authorize_notification_email(self, namespace: str, name: str, email: str) -> bool:
        """POST /api/v1/repository/{repo}/authorizedemail/{email}: Quay mails a confirmation
        link; answers whether the address is confirmed already."""
        body = self.request(
            "POST",
            api_path(
                "repository/{ns}/{name}/authorizedemail/{email}", ns=namespace, name=name,
                email=email,
            ),
        )  # fmt: skip
        return bool((body or {}).get("confirmed", False))
