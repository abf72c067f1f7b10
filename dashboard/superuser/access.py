"""One-time form tokens, so a form submitted twice counts once (who may use the console at
all is decided in `dashboard.web.access`)."""

from __future__ import annotations

import secrets

from django.core.cache import cache

from dashboard.web.htmx import HtmxHttpRequest

FORM_TOKENS_SESSION_KEY = "superuser_form_tokens"
# Enough for several tabs of the console open at once; older tokens lapse.
MAX_FORM_TOKENS = 30


def issue_form_token(request: HtmxHttpRequest) -> str:
    """A token for one form: the POST that brings it back is acted on once."""
    token = secrets.token_urlsafe(16)
    tokens: list[str] = list(request.session.get(FORM_TOKENS_SESSION_KEY, []))
    tokens.append(token)
    request.session[FORM_TOKENS_SESSION_KEY] = tokens[-MAX_FORM_TOKENS:]
    return token


def consume_form_token(request: HtmxHttpRequest) -> bool:
    """True the first time a form's token comes back, False for a repeat (or a stale form)."""
    token = request.POST.get("form_token", "")
    tokens: list[str] = list(request.session.get(FORM_TOKENS_SESSION_KEY, []))
    if not token or token not in tokens:
        return False
    # Two submits racing each other both read the session before either saves it: the
    # cache's atomic add decides which one counts.
    if not cache.add(f"superuser:form-token:{token}", True, 3600):
        return False
    tokens.remove(token)
    request.session[FORM_TOKENS_SESSION_KEY] = tokens
    return True
