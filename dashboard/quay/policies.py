"""Quay operations for the rules on a namespace's or a repository's tags: auto-prune policies
(which tags Quay deletes on its own) and immutability policies (which tags nobody may change)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from .owners import RuleOwner
from .transport import QuayTransport, api_path

# Auto-prune methods, as Quay names them, with what their value means.
AUTOPRUNE_METHODS: dict[str, str] = {
    "number_of_tags": "Keep the newest tags, by number",
    "creation_date": "Keep tags newer than an age",
}

# Quay's duration strings: a whole number and one letter. Note "m" is minutes, not months.
DURATION_UNITS: dict[str, tuple[str, int]] = {
    "s": ("seconds", 1),
    "m": ("minutes", 60),
    "h": ("hours", 3600),
    "d": ("days", 86400),
    "w": ("weeks", 7 * 86400),
    "y": ("years", 365 * 86400),
}
DURATION = re.compile(r"^(\d+)([smhdwy])$")
# Quay refuses longer immutability patterns (and we hold auto-prune patterns to the same).
MAX_TAG_PATTERN = 256


def parse_duration(value: str) -> timedelta | None:
    """A Quay duration ("5d", "2w") as a timedelta; None when Quay would not read it."""
    found = DURATION.match(value.strip())
    if not found or int(found.group(1)) <= 0:
        return None
    return timedelta(seconds=int(found.group(1)) * DURATION_UNITS[found.group(2)][1])


def describe_duration(value: str) -> str:
    found = DURATION.match(value.strip())
    if not found:
        return value
    number, unit = int(found.group(1)), DURATION_UNITS[found.group(2)][0]
    return f"{number} {unit.removesuffix('s') if number == 1 else unit}"


@dataclass(frozen=True)
class AutoPrunePolicy:
    uuid: str
    method: str
    value: int | str
    tag_pattern: str | None = None
    # Policies made before Quay had tag patterns answer null here; Quay treats it as true.
    tag_pattern_matches: bool = True

    @property
    def summary(self) -> str:
        if self.method == "number_of_tags":
            rule = f"Keep the newest {self.value} tags"
        elif self.method == "creation_date":
            rule = f"Delete tags older than {describe_duration(str(self.value))}"
        else:
            rule = f"{self.method} {self.value}"
        if self.tag_pattern is not None:
            which = "matching" if self.tag_pattern_matches else "not matching"
            rule += f", among tags {which} {self.tag_pattern}"
        return rule

    def payload(self) -> dict[str, Any]:
        return policy_payload(self.method, self.value, self.tag_pattern, self.tag_pattern_matches)

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> AutoPrunePolicy:
        value = body.get("value")
        matches = body.get("tagPatternMatches")
        return cls(
            uuid=str(body["uuid"]),
            method=str(body.get("method") or ""),
            value=value if isinstance(value, int) else str(value or ""),
            tag_pattern=body.get("tagPattern"),
            tag_pattern_matches=True if matches is None else bool(matches),
        )


def policy_payload(
    method: str, value: int | str, tag_pattern: str | None, tag_pattern_matches: bool
) -> dict[str, Any]:
    payload: dict[str, Any] = {"method": method, "value": value}
    if tag_pattern is not None:
        payload["tagPattern"] = tag_pattern
        payload["tagPatternMatches"] = tag_pattern_matches
    return payload


@dataclass(frozen=True)
class ImmutabilityPolicy:
    uuid: str
    tag_pattern: str
    tag_pattern_matches: bool = True

    @property
    def summary(self) -> str:
        which = "matching" if self.tag_pattern_matches else "not matching"
        return f"Tags {which} {self.tag_pattern} are immutable"

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> ImmutabilityPolicy:
        matches = body.get("tagPatternMatches")
        return cls(
            uuid=str(body["uuid"]),
            tag_pattern=str(body.get("tagPattern") or ""),
            tag_pattern_matches=True if matches is None else bool(matches),
        )


class PolicyScope(RuleOwner):
    """Whose policies: an organization's, the signed-in user's namespace's, or a repository's."""

    def path(self, collection: str, uuid: str = "") -> str:
        if self.kind == "repository":
            base = api_path(
                "repository/{ns}/{name}/" + collection + "/",
                ns=self.namespace,
                name=self.repository,
            )
        elif self.kind == "organization":
            base = api_path("organization/{org}/" + collection + "/", org=self.namespace)
        else:
            base = api_path("user/" + collection + "/")
        return base + quote(uuid, safe="") if uuid else base


class PoliciesApi(QuayTransport):
    # --- Auto-prune ---

    def list_autoprune_policies(self, scope: PolicyScope) -> list[AutoPrunePolicy]:
        """GET /api/v1/organization/{org}/autoprunepolicy/, /user/autoprunepolicy/ or
        /repository/{repo}/autoprunepolicy/"""
        body = self.get(scope.path("autoprunepolicy"))
        return [AutoPrunePolicy.from_api(item) for item in (body or {}).get("policies") or []]

    def create_autoprune_policy(self, scope: PolicyScope, payload: dict[str, Any]) -> str:
        """POST .../autoprunepolicy/ (201 with only the new uuid)."""
        body = self.request("POST", scope.path("autoprunepolicy"), json=payload)
        return str((body or {}).get("uuid", ""))

    def update_autoprune_policy(
        self, scope: PolicyScope, uuid: str, payload: dict[str, Any]
    ) -> None:
        """PUT .../autoprunepolicy/{uuid} (204, no body)."""
        self.request("PUT", scope.path("autoprunepolicy", uuid), json=payload)

    def delete_autoprune_policy(self, scope: PolicyScope, uuid: str) -> None:
        """DELETE .../autoprunepolicy/{uuid} (200 with the uuid)."""
        self.request("DELETE", scope.path("autoprunepolicy", uuid))

    # --- Immutability (organizations and repositories) ---

    def list_immutability_policies(self, scope: PolicyScope) -> list[ImmutabilityPolicy]:
        """GET /api/v1/organization/{org}/immutabilitypolicy/ or
        /repository/{repo}/immutabilitypolicy/"""
        body = self.get(scope.path("immutabilitypolicy"))
        return [ImmutabilityPolicy.from_api(item) for item in (body or {}).get("policies") or []]

    def create_immutability_policy(
        self, scope: PolicyScope, tag_pattern: str, tag_pattern_matches: bool
    ) -> str:
        """POST .../immutabilitypolicy/ (201 with only the uuid). Quay marks every matching
        tag immutable at once."""
        body = self.request(
            "POST",
            scope.path("immutabilitypolicy"),
            json={"tagPattern": tag_pattern, "tagPatternMatches": tag_pattern_matches},
        )
        return str((body or {}).get("uuid", ""))

    def update_immutability_policy(
        self, scope: PolicyScope, uuid: str, tag_pattern: str, tag_pattern_matches: bool
    ) -> None:
        """PUT .../immutabilitypolicy/{uuid} (204)."""
        self.request(
            "PUT",
            scope.path("immutabilitypolicy", uuid),
            json={"tagPattern": tag_pattern, "tagPatternMatches": tag_pattern_matches},
        )

    def delete_immutability_policy(self, scope: PolicyScope, uuid: str) -> None:
        """DELETE .../immutabilitypolicy/{uuid} (200). Tags it froze stay immutable."""
        self.request("DELETE", scope.path("immutabilitypolicy", uuid))

    def change_tag_immutability(self, namespace: str, name: str, tag: str, immutable: bool) -> None:
        """PUT /api/v1/repository/{namespace}/{name}/tag/{tag} with `immutable` (201 "Updated").
        Write permission may freeze a tag; only an administrator may thaw one."""
        self.request(
            "PUT",
            api_path(
                "repository/{namespace}/{name}/tag/{tag}", namespace=namespace, name=name, tag=tag
            ),
            json={"immutable": immutable},
        )
