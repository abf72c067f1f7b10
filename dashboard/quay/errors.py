"""The errors the Quay client raises: one per kind of answer a page must treat differently."""

from __future__ import annotations


class QuayError(Exception):
    """Something Quay said no to, or could not be asked."""

    status: int | None = None

    def __init__(self, message: str, *, status: int | None = None, error_type: str = "") -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.error_type = error_type


class QuayAuthError(QuayError):
    """401: the token is missing, expired or revoked. The dashboard session ends."""

    status = 401


class QuayPermissionDenied(QuayError):
    """403: a scope the token lacks (`insufficient_scope`) or a role the person lacks."""

    status = 403

    @property
    def missing_scope(self) -> bool:
        return self.error_type == "insufficient_scope"


class QuayNotFound(QuayError):
    """404: no such namespace, repository, tag, manifest or build (or it is hidden from you)."""

    status = 404


class QuayBadRequest(QuayError):
    """400 (and other 4xx): Quay refused the input; `message` is Quay's own reason."""

    status = 400


class QuayUnavailable(QuayError):
    """5xx, a timeout, a refused connection or an answer that is not what Quay sends."""
