"""Whose rules: a repository's, an organization's, or the signed-in user's own namespace's.
Quay keeps notifications and policies of each under a path of its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self


@dataclass(frozen=True)
class RuleOwner:
    kind: str  # "repository", "organization" or "user"
    namespace: str
    repository: str = ""

    @classmethod
    def for_repository(cls, namespace: str, name: str) -> Self:
        return cls("repository", namespace, name)

    @classmethod
    def for_organization(cls, org: str) -> Self:
        return cls("organization", org)

    @classmethod
    def for_user(cls, username: str) -> Self:
        return cls("user", username)
