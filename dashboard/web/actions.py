"""The one write path. Every change a person makes goes the same way:

1. a Django form checks what was sent (nothing reaches Quay when it is wrong: 400);
2. the client call runs;
3. Quay's refusal reaches the person where they acted: at the field the form shows, or as one
   alert when the page shows no form for it. A rejected value answers 400, a refused person
   403 (`status_of`);
4. success is one message, and the answer is a redirect to a safe "back" (`redirect_back`), or,
   for htmx, the fragment the view renders again.

Destructive writes count once (a second click, a form sent again from the history): the form
carries a signed one-time token (`{% form_token %}`), and `write(..., destructive=True)` uses it
up before Quay is asked.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from dashboard.accounts.tokens import cache_scope
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
    destructive: bool = False,
) -> Outcome:
    """Check `form`, run `call` (with the form's cleaned data when there is a form) and say
    how it went.

    Quay's refusal goes to the form's field `at` (or above the form, with `NON_FIELD_ERRORS`;
    `at` may choose by the refusal) when the page shows that form again. With `at=ALERT` it is
    one alert, so a refusal never lands on a form the page does not render; `failed` opens that
    alert ("Could not delete x."). With `at=IN_PLACE` the view shows `Outcome.message` itself
    (in a table's row). `success` is None only where the swapped fragment itself shows the
    change (a star), or the answer is the result (a created key).

    A `destructive` write counts once: its form's token is used up before Quay is asked, and a
    repeated, stale or foreign form is rejected (400) with no call, said as one alert (or in
    place).
    """
    if form is not None and not form.is_valid():
        if at is ALERT:
            messages.error(request, f"Nothing was changed: {form_errors(form)}")
        return Outcome(REJECTED)
    if destructive and (problem := form_token_problem(request)):
        if at != IN_PLACE:
            _say_form_token_problem(request, problem)
        return Outcome(REJECTED, message=problem)
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

# A form's token is signed, not stored: issuing one costs no write (a page view saves no
# session), and only the form that comes back is recorded, by the shared cache's atomic add.
# The salt names the sign-in, so a token opened in another sign-in (another browser, before a
# sign-out) does not verify here.
FORM_TOKEN_SALT = "quayside.form-token"
FORM_TOKEN_MAX_AGE = 4 * 3600
REPEATED_SUBMIT = "This form was already sent: nothing was changed again."
STALE_FORM = (
    f"This form was opened more than {FORM_TOKEN_MAX_AGE // 3600} hours ago: nothing was "
    "changed. Reload the page and send it again."
)
FOREIGN_FORM = (
    "This form was not opened in this sign-in, or was altered: nothing was changed. "
    "Reload the page and send it again."
)
# What the form sends besides its content: left out when telling two forms apart.
_NOT_CONTENT = ("csrfmiddlewaretoken", "form_token")


def _form_token_signer(request: HtmxHttpRequest) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{FORM_TOKEN_SALT}:{cache_scope(request)}")


def issue_form_token(request: HtmxHttpRequest) -> str:
    """A token for the forms of one page: a random nonce, signed for this sign-in and timed.
    One per page, however many forms it has (a list's rows)."""
    issued: str | None = getattr(request, "_form_token", None)
    if issued:
        return issued
    token = _form_token_signer(request).sign(secrets.token_urlsafe(16))
    setattr(request, "_form_token", token)  # noqa: B010 (an attribute only this module reads)
    return token


def _sent_form(request: HtmxHttpRequest, nonce: str) -> str:
    """Which form of the page came back: one token serves every form of a page (each row's
    delete), so the claim is the nonce with the form's URL and content. The same form sent
    twice (a double click, a resend from the history) makes the same claim."""
    content = sorted(
        (key, value)
        for key, values in request.POST.lists()
        if key not in _NOT_CONTENT
        for value in values
    )
    digest = hashlib.sha256(repr((nonce, request.path, content)).encode()).hexdigest()
    return f"form-token:{digest}"


def form_token_problem(request: HtmxHttpRequest) -> str:
    """Why the form's token does not count, in the words said to the person, or nothing when
    it counts now (it is then used up). Asked twice in one request, the answer is the first."""
    decided: str | None = getattr(request, "_form_token_problem", None)
    if decided is not None:
        return decided
    problem = ""
    try:
        nonce = _form_token_signer(request).unsign(
            request.POST.get("form_token", ""), max_age=FORM_TOKEN_MAX_AGE
        )
    except signing.SignatureExpired:
        problem = STALE_FORM
    except signing.BadSignature:
        problem = FOREIGN_FORM
    else:
        # Two submits racing each other (two workers): the cache's atomic add decides which
        # one counts. The entry outlives the token's own age.
        if not cache.add(_sent_form(request, nonce), True, FORM_TOKEN_MAX_AGE + 60):
            problem = REPEATED_SUBMIT
    setattr(request, "_form_token_problem", problem)  # noqa: B010 (read only here)
    return problem


def consume_form_token(request: HtmxHttpRequest) -> bool:
    """True the first time a form's token comes back, False for a repeat, a stale or a
    foreign form (`repeated` then says which)."""
    return not form_token_problem(request)


def repeated(request: HtmxHttpRequest, fallback: str) -> HttpResponse:
    """The answer to a form that does not count: nothing done, said once, back to the page."""
    _say_form_token_problem(request, form_token_problem(request) or REPEATED_SUBMIT)
    return redirect_back(request, fallback)


def _say_form_token_problem(request: HtmxHttpRequest, problem: str) -> None:
    # A repeat did what was asked the first time: a warning. Anything else did nothing at all.
    say = messages.warning if problem == REPEATED_SUBMIT else messages.error
    say(request, problem)
