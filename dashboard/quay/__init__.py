"""The Quay API client: no views, no templates, no Django models.

Pages get a client from `dashboard.accounts.tokens.quay_client_for(request)`.
"""

from .errors import (
    QuayAuthError,
    QuayBadRequest,
    QuayError,
    QuayNotFound,
    QuayPermissionDenied,
    QuayUnavailable,
)

__all__ = [
    "QuayAuthError",
    "QuayBadRequest",
    "QuayError",
    "QuayNotFound",
    "QuayPermissionDenied",
    "QuayUnavailable",
]
