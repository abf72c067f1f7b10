"""Forms for notifications and policies: each checks what Quay would refuse, before it is asked."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from django import forms

from dashboard.quay.notifications import (
    METHODS,
    METHODS_BY_NAME,
    SEVERITY_LEVELS,
    NotificationEvent,
)
from dashboard.quay.policies import (
    AUTOPRUNE_METHODS,
    DURATION_UNITS,
    MAX_TAG_PATTERN,
    AutoPrunePolicy,
    ImmutabilityPolicy,
    policy_payload,
)
from dashboard.web.numbers import WholeNumberField

# Quay will not call its own host names back.
WEBHOOK_HOST_BLOCKLIST = ("localhost", "127.0.0.1")
TARGET_KINDS = (
    ("user", "A user"),
    ("team", "A team of this organization"),
    ("org", "The organization"),
)
NAME = re.compile(r"^[a-z0-9][a-z0-9._+-]{0,254}$")
MATCHES = (("matches", "match the pattern"), ("differs", "do not match the pattern"))


def _regex_problem(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return ""


class NotificationForm(forms.Form):
    title = forms.CharField(required=False, max_length=255, label="Title (optional)")
    event = forms.ChoiceField(label="When")
    method = forms.ChoiceField(label="Tell by", choices=[(m.name, m.label) for m in METHODS])
    # The event's own settings.
    level = forms.TypedChoiceField(
        required=False,
        coerce=int,
        label="Minimum severity",
        help_text="Quay tells you about this severity and anything worse.",
        choices=[(i, name) for i, name in enumerate(SEVERITY_LEVELS)],
        initial=2,
    )
    days = WholeNumberField(required=False, min_value=1, max_value=365, label="Days before")
    ref_regex = forms.CharField(
        required=False,
        max_length=255,
        label="Only for Git refs matching (optional)",
        help_text="A regular expression over the Git ref of a triggered build, e.g. heads/main. "
        "Empty: every build.",
    )
    # The method's own settings.
    email = forms.EmailField(
        required=False,
        label="E-mail address",
        help_text="Quay writes only to an address that has confirmed it wants these messages "
        "for this repository.",
    )
    url = forms.CharField(
        required=False,
        max_length=2000,
        label="URL",
        help_text="Webhook: any http(s) URL but Quay's own host. Slack: the channel's "
        "incoming-webhook URL.",
    )
    template = forms.CharField(
        required=False,
        max_length=10_000,
        label="JSON body template (optional)",
        help_text="JSON sent instead of Quay's own body; ${name} in a string is filled from the "
        "event.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    target_kind = forms.ChoiceField(required=False, choices=TARGET_KINDS, label="Who")
    target_name = forms.CharField(required=False, max_length=255, label="Name")
    flow_api_token = forms.CharField(
        required=False, max_length=255, label="Flow API token", widget=forms.PasswordInput
    )
    notification_token = forms.CharField(
        required=False, max_length=255, label="Room notification token",
        widget=forms.PasswordInput,
    )  # fmt: skip
    room_id = forms.CharField(required=False, max_length=255, label="Room ID")

    def __init__(
        self, *args: Any, events: tuple[NotificationEvent, ...], namespace_scope: bool, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.namespace_scope = namespace_scope
        choices = [(event.name, event.label) for event in events]
        self.fields["event"].choices = choices  # type: ignore[attr-defined]
        if namespace_scope:
            # A namespace's e-mail goes to the namespace's own address; a team or the
            # organization as target needs a repository.
            self.fields["target_kind"].choices = TARGET_KINDS[:1]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method, event = data.get("method"), data.get("event")
        if event == "vulnerability_found" and data.get("level") is None:
            self.add_error("level", "Choose the lowest severity to be told about.")
        if event == "repo_image_expiry" and not data.get("days"):
            self.add_error("days", "Say how many days ahead Quay should tell you.")
        ref = data.get("ref_regex") or ""
        if ref and _regex_problem(ref):
            self.add_error("ref_regex", f"Not a regular expression: {_regex_problem(ref)}.")
        if method == "email" and not self.namespace_scope and not data.get("email"):
            self.add_error("email", "Give the address to write to.")
        if method in ("webhook", "slack"):
            self._check_url(data.get("url") or "", slack=method == "slack")
        if method == "webhook" and data.get("template"):
            try:
                json.loads(data["template"])
            except ValueError as exc:
                self.add_error("template", f"Not JSON: {exc}.")
        if method == "quay_notification":
            name = (data.get("target_name") or "").strip().lower()
            if not NAME.match(name):
                self.add_error("target_name", "Give the user's, team's or organization's name.")
            data["target_name"] = name
        if method == "flowdock" and not data.get("flow_api_token"):
            self.add_error("flow_api_token", "Flowdock needs the flow's API token.")
        if method == "hipchat":
            if not data.get("notification_token"):
                self.add_error("notification_token", "HipChat needs a room notification token.")
            if not data.get("room_id"):
                self.add_error("room_id", "HipChat needs the room's ID.")
        return data

    def _check_url(self, url: str, *, slack: bool) -> None:
        if not url:
            self.add_error("url", "Give the URL Quay should call.")
            return
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.add_error("url", "Give a full http:// or https:// URL.")
        elif parts.hostname.lower() in WEBHOOK_HOST_BLOCKLIST:
            self.add_error("url", "Quay does not call its own host (localhost); use a real host.")
        elif slack and parts.scheme != "https":
            self.add_error("url", "Slack's incoming-webhook URLs start with https://.")

    def payload(self) -> dict[str, Any]:
        """The event, method, config and eventConfig Quay expects."""
        data = self.cleaned_data
        method = data["method"]
        config: dict[str, Any] = {}
        if method == "email" and not self.namespace_scope:
            config["email"] = data["email"]
        elif method in ("webhook", "slack"):
            config["url"] = data["url"]
            if method == "webhook" and data.get("template"):
                config["template"] = data["template"]
        elif method == "quay_notification":
            kind = data.get("target_kind") or "user"
            config["target"] = {"name": data["target_name"], "kind": kind, "is_robot": False}
        else:
            for known in METHODS_BY_NAME[method].fields:
                config[known.key] = data.get(known.key.replace("-", "_"), "")
        event_config: dict[str, Any] = {}
        if data["event"] == "vulnerability_found":
            event_config["level"] = data["level"]
        if data["event"] == "repo_image_expiry":
            event_config["days"] = data["days"]
        if data["event"].startswith("build_") and data.get("ref_regex"):
            event_config["ref-regex"] = data["ref_regex"]
        return {
            "event": data["event"],
            "method": method,
            "config": config,
            "event_config": event_config,
            "title": data.get("title") or "",
        }


# Quay's words for a refused notification, mapped to the field they are about.
QUAY_FIELD_HINTS: tuple[tuple[str, str | None], ...] = (
    ("e-mail", "email"),
    ("webhook url", "url"),
    ("slack", "url"),
    ("flowdock", "flow_api_token"),
    ("room id", "room_id"),
    ("hipchat", "notification_token"),
    ("unknown user", "target_name"),
    ("unknown team", "target_name"),
    ("unknown organization", "target_name"),
    ("organization name", "target_name"),
    ("target", "target_name"),
    ("invalid event", "event"),
    ("notification method", "method"),
    ("template", "template"),
)


def field_for(message: str, hints: tuple[tuple[str, str | None], ...]) -> str | None:
    lowered = message.lower()
    return next((name for marker, name in hints if marker in lowered), None)


class _PatternFields(forms.Form):
    tag_pattern = forms.CharField(required=False, max_length=MAX_TAG_PATTERN, label="Tag pattern")
    pattern_matches = forms.ChoiceField(
        choices=MATCHES, initial="matches", required=False, label="Tags that"
    )

    tag_pattern_help = ""  # each kind of policy reads the pattern its own way

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tag_pattern"].help_text = self.tag_pattern_help

    def clean_tag_pattern(self) -> str | None:
        pattern = self.cleaned_data.get("tag_pattern") or ""
        if not pattern.strip():
            return None
        problem = _regex_problem(pattern)
        if problem:
            raise forms.ValidationError(f"Not a regular expression: {problem}.")
        return pattern

    @property
    def matches(self) -> bool:
        return self.cleaned_data.get("pattern_matches") != "differs"


class AutoPruneForm(_PatternFields):
    tag_pattern_help = (
        "A regular expression, found anywhere in the name (dev matches my-dev-1). Empty: every tag."
    )
    method = forms.ChoiceField(
        choices=list(AUTOPRUNE_METHODS.items()), initial="number_of_tags", label="Rule"
    )
    count = WholeNumberField(
        required=False,
        min_value=1,
        max_value=1_000_000,
        label="Tags to keep",
        initial=10,
        help_text="Quay keeps this many of the newest tags and deletes the rest.",
    )
    age = WholeNumberField(
        required=False, min_value=1, max_value=100_000, label="Older than", initial=30
    )
    unit = forms.ChoiceField(
        required=False,
        initial="d",
        label="Unit",
        choices=[(key, label) for key, (label, _) in DURATION_UNITS.items() if key != "s"],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == "number_of_tags" and not data.get("count"):
            self.add_error("count", "Say how many of the newest tags to keep (1 or more).")
        if data.get("method") == "creation_date":
            if not data.get("age"):
                self.add_error("age", "Say how old a tag may get (1 or more).")
            if not data.get("unit"):
                self.add_error("unit", "Choose a unit.")
        return data

    @property
    def value(self) -> int | str:
        data = self.cleaned_data
        if data["method"] == "number_of_tags":
            return int(data["count"])
        return f"{data['age']}{data['unit']}"

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return policy_payload(data["method"], self.value, data.get("tag_pattern"), self.matches)

    @classmethod
    def initial_for(cls, policy: AutoPrunePolicy) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "method": policy.method,
            "tag_pattern": policy.tag_pattern or "",
            "pattern_matches": "matches" if policy.tag_pattern_matches else "differs",
        }
        if policy.method == "number_of_tags":
            initial["count"] = policy.value
        else:
            text = str(policy.value)
            initial["age"], initial["unit"] = text[:-1], text[-1:]
        return initial


class ImmutabilityForm(_PatternFields):
    tag_pattern_help = (
        "A regular expression over the whole name: ^v[0-9]+ is v1 but not v1.2 unless it ends in .*"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "tag_pattern" in data and data["tag_pattern"] is None:
            self.add_error("tag_pattern", "Give the pattern of the tags to keep unchanged.")
        return data

    @classmethod
    def initial_for(cls, policy: ImmutabilityPolicy) -> dict[str, Any]:
        return {
            "tag_pattern": policy.tag_pattern,
            "pattern_matches": "matches" if policy.tag_pattern_matches else "differs",
        }


# Quay's words for a refused policy, mapped to the field they are about (a duplicate is about
# the whole policy: shown above the form).
POLICY_FIELD_HINTS: tuple[tuple[str, str | None], ...] = (
    ("duplicate", None),
    ("same tag_pattern", "tag_pattern"),
    ("tag_pattern", "tag_pattern"),
    ("regex", "tag_pattern"),
    ("value", "count"),
    ("method", "method"),
)
