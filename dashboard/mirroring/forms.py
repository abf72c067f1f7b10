"""Forms of the mirroring and proxy-cache pages. They check what Quay would refuse anyway (and
what it handles badly: a robot Quay refuses leaves an orphan tag rule behind that breaks later
changes), so that most mistakes are caught before Quay is asked. Password fields never render
a value: credentials are write-only."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from django import forms

from dashboard.quay.mirroring import QUAY_DATE_FORMAT, OrgMirror, RepoMirror
from dashboard.quay.organizations import ROBOT_FULLNAME
from dashboard.web import clock
from dashboard.web.numbers import WholeNumberField

UNITS = (("60", "minutes"), ("3600", "hours"), ("86400", "days"))
# registry[:port]/path, without a scheme: what skopeo is given after docker://.
REFERENCE = re.compile(r"^[A-Za-z0-9.\-\[\]:]+(?::\d+)?(?:/[A-Za-z0-9._\-]+)+$")
TAG_PATTERN = re.compile(r"^[A-Za-z0-9_.*?\[\]-]{1,128}$")
UPSTREAM = re.compile(r"^[A-Za-z0-9.\-\[\]:]+(?::\d+)?(?:/[A-Za-z0-9._\-]+)*$")

# Quay's words in a refusal, and the field each one is about.
MIRROR_FIELDS = (
    (("robot",), "robot_username"),
    (("password", "username"), "password"),
    (("sync_start_date", "datetime"), "sync_start"),
    (("skopeo",), "skopeo_timeout_interval"),
    (("sync_interval",), "sync_interval_value"),
    (("rule", "tag"), "tag_patterns"),
    (("registry", "reference", "hostname", "location", "scheme"), "external_reference"),
    (("architecture",), "tag_patterns"),
)
PROXY_FIELDS = (
    (("login", "credential", "password", "username"), "password"),
    (("expiration",), "expiration_hours"),
    (("registry", "hostname", "url", "upstream", "already", "mirroring"), "upstream_registry"),
)


def split_interval(seconds: int) -> tuple[int, str]:
    for unit in ("86400", "3600", "60"):
        if seconds and seconds % int(unit) == 0:
            return seconds // int(unit), unit
    return max(1, seconds // 60), "60"


def _text(label: str, *, required: bool = True, help_text: str = "", **attrs: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "off", **attrs}),
    )


class MirrorScheduleForm(forms.Form):
    """What a repository mirror and an organization mirror ask alike: when to sync, and the
    source registry's credentials (the password write-only)."""

    sync_interval_value = WholeNumberField(label="Sync every", min_value=1, max_value=100_000)
    sync_interval_unit = forms.ChoiceField(label="Unit", choices=UNITS)
    sync_start = forms.DateTimeField(
        label="Next sync (UTC)",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    username = _text("Registry username", required=False)
    password = forms.CharField(
        label="Registry password",
        required=False,
        max_length=1024,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    verify_tls = forms.BooleanField(label="Verify the registry's TLS certificate", required=False)
    is_enabled = forms.BooleanField(label="Mirroring enabled", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and not data.get("username", "").strip():
            self.add_error("password", "A password needs a username.")
        return data

    @staticmethod
    def schedule_initial(mirror: RepoMirror | OrgMirror) -> dict[str, Any]:
        """This form's own fields as a mirror Quay has them, the same for both kinds."""
        value, unit = split_interval(mirror.sync_interval)
        next_sync = mirror.sync_start_date
        return {
            "sync_interval_value": value,
            "sync_interval_unit": unit,
            "sync_start": next_sync.astimezone(UTC).replace(tzinfo=None) if next_sync else None,
            "username": mirror.username or "",
            "verify_tls": mirror.verify_tls,
            "is_enabled": mirror.is_enabled,
        }

    def sync_interval(self) -> int:
        return int(self.cleaned_data["sync_interval_value"]) * int(
            self.cleaned_data["sync_interval_unit"]
        )

    def sync_start_text(self) -> str:
        start: datetime = self.cleaned_data["sync_start"]
        return start.replace(tzinfo=UTC).strftime(QUAY_DATE_FORMAT)

    @staticmethod
    def first_sync() -> datetime:
        """The form's first suggestion: five minutes from now, to the minute (naive UTC)."""
        start = clock.now().replace(second=0, microsecond=0) + timedelta(minutes=5)
        return start.replace(tzinfo=None)


class MirrorForm(MirrorScheduleForm):
    external_reference = _text(
        "Source repository",
        help_text="registry/namespace/repository, without https:// (for example "
        "quay.io/coreos/etcd).",
        placeholder="quay.io/namespace/repository",
    )
    tag_patterns = _text(
        "Tags to mirror",
        help_text="Comma-separated tag names or glob patterns, such as latest, v3.*",
        placeholder="latest, v3.*",
    )
    robot_username = _text(
        "Robot account",
        help_text="A robot of this namespace. Quay gives it write access to the repository; "
        "the mirror pushes as this robot.",
        placeholder="namespace+robot",
    )
    skopeo_timeout_interval = WholeNumberField(
        label="Timeout of one sync (seconds)",
        min_value=300,
        max_value=43_200,
        help_text="At least 300: Quay stops a sync that runs longer.",
    )
    unsigned_images = forms.BooleanField(label="Accept unsigned images", required=False)
    http_proxy = _text("HTTP proxy", required=False, placeholder="http://proxy:3128")
    https_proxy = _text("HTTPS proxy", required=False, placeholder="http://proxy:3128")
    no_proxy = _text("No proxy for", required=False, placeholder="localhost,.internal")

    def __init__(self, *args: Any, namespace: str, existing: RepoMirror | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.namespace = namespace
        self.existing = existing
        if existing is not None:
            self.fields["password"].help_text = (
                "Saved passwords are never shown. Leave empty to keep the saved one; a new "
                "password needs the username too."
                if existing.username
                else "Only with a username."
            )
        else:
            self.fields["password"].help_text = "Only with a username. Never shown again."

    @classmethod
    def initial_for(cls, mirror: RepoMirror | None, namespace: str) -> dict[str, Any]:
        if mirror is None:
            return {
                "sync_interval_value": 1,
                "sync_interval_unit": "86400",
                "sync_start": cls.first_sync(),
                "skopeo_timeout_interval": 300,
                "verify_tls": True,
                "is_enabled": True,
                "robot_username": f"{namespace}+",
            }
        return {
            **cls.schedule_initial(mirror),
            "external_reference": mirror.external_reference,
            "tag_patterns": ", ".join(mirror.tag_patterns),
            "robot_username": mirror.robot_username,
            "skopeo_timeout_interval": mirror.skopeo_timeout_interval,
            "unsigned_images": mirror.unsigned_images,
            "http_proxy": mirror.http_proxy,
            "https_proxy": mirror.https_proxy,
            "no_proxy": mirror.no_proxy,
        }

    def clean_external_reference(self) -> str:
        value = self.cleaned_data["external_reference"].strip()
        if "://" in value:
            raise forms.ValidationError("Leave out the scheme: quay.io/namespace/repository.")
        if not REFERENCE.match(value):
            raise forms.ValidationError(
                "Give the registry and the repository path, such as quay.io/coreos/etcd."
            )
        return value

    def clean_tag_patterns(self) -> list[str]:
        patterns = [p.strip() for p in self.cleaned_data["tag_patterns"].split(",") if p.strip()]
        if not patterns:
            raise forms.ValidationError("Name at least one tag or pattern.")
        bad = [p for p in patterns if not TAG_PATTERN.match(p)]
        if bad:
            raise forms.ValidationError(f"Not a tag or glob pattern: {bad[0]}")
        return patterns

    def clean_robot_username(self) -> str:
        value = self.cleaned_data["robot_username"].strip()
        if not ROBOT_FULLNAME.match(value):
            raise forms.ValidationError(f"A robot's full name: {self.namespace}+name.")
        if value.partition("+")[0] != self.namespace:
            raise forms.ValidationError(
                f"Quay accepts only a robot of this namespace ({self.namespace}+…)."
            )
        return value

    def _registry_config(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "verify_tls": bool(data.get("verify_tls")),
            "unsigned_images": bool(data.get("unsigned_images")),
            "proxy": {
                "http_proxy": data.get("http_proxy") or None,
                "https_proxy": data.get("https_proxy") or None,
                "no_proxy": data.get("no_proxy") or None,
            },
        }

    def create_body(self) -> dict[str, Any]:
        """The body of Quay's mirror POST."""
        data = self.cleaned_data
        body: dict[str, Any] = {
            "external_reference": data["external_reference"],
            "root_rule": {"rule_kind": "tag_glob_csv", "rule_value": data["tag_patterns"]},
            "robot_username": data["robot_username"],
            "sync_interval": self.sync_interval(),
            "sync_start_date": self.sync_start_text(),
            "skopeo_timeout_interval": data["skopeo_timeout_interval"],
            "external_registry_config": self._registry_config(),
            "is_enabled": bool(data.get("is_enabled")),
        }
        if data.get("username", "").strip():
            body["external_registry_username"] = data["username"].strip()
            body["external_registry_password"] = data.get("password") or None
        return body

    def change_body(self) -> dict[str, Any]:
        """The body of Quay's mirror PUT: what changed. A password goes only when typed, with
        the username (Quay refuses it alone); clearing the username clears both."""
        assert self.existing is not None
        old, data = self.existing, self.cleaned_data
        body: dict[str, Any] = {}
        if data["external_reference"] != old.external_reference:
            body["external_reference"] = data["external_reference"]
        if data["tag_patterns"] != old.tag_patterns:
            body["root_rule"] = {"rule_kind": "tag_glob_csv", "rule_value": data["tag_patterns"]}
        if data["robot_username"] != old.robot_username:
            body["robot_username"] = data["robot_username"]
        if self.sync_interval() != old.sync_interval:
            body["sync_interval"] = self.sync_interval()
        start = self.sync_start_text()
        old_start = old.sync_start_date.strftime(QUAY_DATE_FORMAT) if old.sync_start_date else ""
        if start[:16] != old_start[:16]:
            body["sync_start_date"] = start
        if data["skopeo_timeout_interval"] != old.skopeo_timeout_interval:
            body["skopeo_timeout_interval"] = data["skopeo_timeout_interval"]
        config = self._registry_config()
        old_config = {
            "verify_tls": old.verify_tls,
            "unsigned_images": old.unsigned_images,
            "proxy": {
                "http_proxy": old.http_proxy or None,
                "https_proxy": old.https_proxy or None,
                "no_proxy": old.no_proxy or None,
            },
        }
        if config != old_config:
            body["external_registry_config"] = config
        username = data.get("username", "").strip()
        if data.get("password"):
            body["external_registry_username"] = username
            body["external_registry_password"] = data["password"]
        elif username != (old.username or ""):
            body["external_registry_username"] = username or None
            if not username:
                body["external_registry_password"] = None
        return body


class ProxyCacheForm(forms.Form):
    upstream_registry = _text(
        "Upstream registry",
        help_text="A registry, optionally with a namespace: docker.io or quay.io/someorg.",
        placeholder="docker.io",
    )
    expiration_hours = WholeNumberField(
        label="Keep cached tags for (hours)",
        min_value=1,
        max_value=24 * 365,
        initial=24,
        help_text="Quay checks the upstream again after this time.",
    )
    insecure = forms.BooleanField(
        label="Insecure: allow HTTP and unverified TLS to the upstream", required=False
    )
    username = _text("Upstream username", required=False)
    password = forms.CharField(
        label="Upstream password",
        required=False,
        max_length=1024,
        help_text="Sent to Quay only; never shown again.",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    def clean_upstream_registry(self) -> str:
        value = self.cleaned_data["upstream_registry"].strip()
        if "://" in value:
            raise forms.ValidationError("Leave out the scheme: docker.io or quay.io/someorg.")
        if not UPSTREAM.match(value):
            raise forms.ValidationError("A registry host, optionally with a namespace.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("username", "").strip()) != bool(data.get("password")):
            self.add_error("password", "Give both the username and the password, or neither.")
        return data

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "upstream": data["upstream_registry"],
            "expiration_s": int(data["expiration_hours"]) * 3600,
            "insecure": bool(data.get("insecure")),
            "username": data.get("username", "").strip(),
            "password": data.get("password") or "",
        }
