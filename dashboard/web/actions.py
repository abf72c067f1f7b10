"""The one write path. Every change a person makes goes the same way:

1. a Django form checks what was sent (nothing reaches Quay when it is wrong: 400);
2. the client call runs;
3. Quay's refusal reaches the person where they acted: at the field the form shows, or as one
   alert when the page shows no form for it. A rejected value answers 400, a refused person
   403 (`status_of`);
4. success is one message, and the answer is a redirect to a safe "back" (`redirect_back`), or,
   for htmx, the fragment the view renders again.

Destructive writes that must count once (a second click, a form sent again from the history)
carry a one-time form token (`issue_form_token` in the page, `consume_form_token` in the view).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from dashboard.quay.errors import QuayBadRequest, QuayError, QuayPermissionDenied
from dashboard.web.htmx import HtmxHttpRequest, wants_fragment

# One status for every rejected form, one for every refusal of the person.
REJECTED = 400
REFUSED = 403

# The refusals a write expects from Quay; anything else (Quay down, signed out) is the
# middleware's. A repository in read-only or mirror mode is refused with a 503.
REFUSALS: tuple[type[QuayError], ...] = (QuayBadRequest, QuayPermissionDenied)
READ_ONLY_REPOSITORY = "read only or mirror mode"


def is_refusal(exc: QuayError, also: Iterable[type[QuayError]] = ()) -> bool:
    """A refusal the person should read where they acted."""
    return isinstance(exc, (*REFUSALS, *also)) or (
        exc.status == 503 and READ_ONLY_REPOSITORY in exc.message
    )


def refusal(exc: QuayError, why: str = "", *, at_field: bool = False) -> str:
    """Quay's refusal in one wording. `why` says who may do it, where the area knows. A
    rejected value shown at its own field is Quay's words alone: the field says what."""
    if isinstance(exc, QuayPermissionDenied):
        return f"Quay said no: {exc.message.rstrip('.')}. {why}".strip()
    return exc.message if at_field else f"Quay refused: {exc.message}"


def status_of(exc: QuayError) -> int:
    """A refusal of the person is 403; anything else Quay turned down (a value, a thing that
    is gone) was rejected: 400."""
    return REFUSED if isinstance(exc, QuayPermissionDenied) else REJECTED


def form_errors(form: forms.Form) -> str:
    """A form's errors in one line, for an alert when the form is not shown again."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# --- Where to go back to -----------------------------------------------------------------------


def back(request: HtmxHttpRequest, fallback: str) -> str:
    """Where a form returns: its `next` when it is one of our own pages, else `fallback`."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def redirect_back(request: HtmxHttpRequest, fallback: str) -> HttpResponse:
    """The answer to a write: back to the page, whole. An htmx form that swaps only itself
    asks the browser to load the page (`HX-Redirect`) rather than swap a page into the form."""
    url = back(request, fallback)
    if request.htmx and not request.htmx.boosted:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def error_answer(request: HtmxHttpRequest, context: dict[str, Any]) -> HttpResponse:
    """An error's page, or for htmx the page's alert, whatever the request meant to replace
    (`context` as `web/quay_error.html` reads it: title, detail, hint, status)."""
    status = context["status"]
    if wants_fragment(request):
        html = render_to_string("includes/_quay_error.html", context, request=request)
        response = HttpResponse(html, status=status)
        response["HX-Retarget"] = "#page-alerts"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "web/quay_error.html", context, status=status)


def refused(request: HtmxHttpRequest, detail: str, title: str = "Not allowed") -> HttpResponse:
    """A write refused here, before Quay is asked (Quay would refuse it): 403 with the reason."""
    return error_answer(request, {"title": title, "detail": detail, "hint": "", "status": REFUSED})


# --- The write ---------------------------------------------------------------------------------

# Where a refusal goes when it is not at a field: one alert (a message), or nowhere but the
# outcome, for a view that shows it in place itself (in a table's row, a page's alert box).
ALERT = None
IN_PLACE = "in place"


@dataclass(frozen=True)
class Outcome:
    """How a write ended: `status` is 200 when it was done, else what the answer carries."""

    status: int = 200
    result: Any = None
    # Quay's refusal, for a page that cannot show it where the person acted, and its words.
    refused: QuayError | None = None
    message: str = ""

    @property
    def done(self) -> bool:
        return self.status == 200


def write(
    request: HtmxHttpRequest,
    call: Callable[..., Any],
    *,
    success: str | Callable[[Any], str] | None,
    form: forms.Form | None = None,
    at: str | Callable[[QuayError], str | None] | None = ALERT,
    why: str = "",
    also: Iterable[type[QuayError]] = (),
    failed: str = "",
) -> Outcome:
    """Check `form`, run `call` (with the form's cleaned data when there is a form) and say
    how it went.

    Quay's refusal goes to the form's field `at` (or above the form, with `NON_FIELD_ERRORS`;
    `at` may choose by the refusal) when the page shows that form again. With `at=ALERT` it is
    one alert, so a refusal never lands on a form the page does not render; `failed` opens that
    alert ("Could not delete x."). With `at=IN_PLACE` the view shows `Outcome.message` itself
    (in a table's row). `success` is None only where the swapped fragment itself shows the
    change (a star), or the answer is the result (a created key).
    """
    if form is not None and not form.is_valid():
        if at is ALERT:
            messages.error(request, f"Nothing was changed: {form_errors(form)}")
        return Outcome(REJECTED)
    try:
        result = call(form.cleaned_data) if form is not None else call()
    except QuayError as exc:
        if not is_refusal(exc, also):
            raise
        field = at(exc) if callable(at) else at
        message = f"{failed} {refusal(exc, why)}".strip()
        if field == IN_PLACE:
            pass
        elif form is not None and field not in (ALERT, NON_FIELD_ERRORS):
            form.add_error(field, refusal(exc, why, at_field=True))
        elif form is not None and field == NON_FIELD_ERRORS:
            form.add_error(None, message)
        else:
            messages.error(request, message)
        return Outcome(status_of(exc), refused=exc, message=message)
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return Outcome(200, result)


# --- A form that counts once -------------------------------------------------------------------

FORM_TOKENS_SESSION_KEY = "form_tokens"
# Enough for several tabs open at once; older tokens lapse.
MAX_FORM_TOKENS = 30
REPEATED_SUBMIT = "This form was already sent (or is too old): nothing was changed again."


def issue_form_token(request: HtmxHttpRequest) -> str:
    """A token for the forms of one page: the first POST that brings it back is acted on, once.
    One per page, however many forms it has (a list's rows), so that none of them lapses."""
    issued: str | None = getattr(request, "_form_token", None)
    if issued:
        return issued
    token = secrets.token_urlsafe(16)
    setattr(request, "_form_token", token)  # noqa: B010 (an attribute only this module reads)
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
    if not cache.add(f"form-token:{token}", True, 3600):
        return False
    tokens.remove(token)
    request.session[FORM_TOKENS_SESSION_KEY] = tokens
    return True


def repeated(request: HtmxHttpRequest, fallback: str) -> HttpResponse:
    """The answer to a form sent again: nothing done, said once, back to the page."""
    messages.warning(request, REPEATED_SUBMIT)
    return redirect_back(request, fallback)
