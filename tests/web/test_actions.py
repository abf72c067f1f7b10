"""The one write path: a form checks, the call runs, Quay's refusal reaches the person where
they acted (400 for a rejected value, 403 for a refused person), success is one message, and
the answer goes back to one of our own pages."""

from __future__ import annotations

import time
from typing import Any

import pytest
import time_machine
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from dashboard.accounts.tokens import SIGN_IN_SESSION_KEY
from dashboard.quay.errors import (
    QuayBadRequest,
    QuayNotFound,
    QuayPermissionDenied,
    QuayUnavailable,
)
from dashboard.web import actions
from dashboard.web.htmx import HtmxHttpRequest
from dashboard.web.numbers import one_of


def a_request(
    data: dict[str, str] | None = None, htmx: bool = False, path: str = "/somewhere/", **extra: Any
) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    request: Any = RequestFactory().post(path, data or {}, headers=headers, **extra)
    request.session = SessionStore()
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)
    request.htmx = HtmxDetails(request)
    return request


def said(request: HtmxHttpRequest) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(request)]


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)


def refuse(exc: Exception) -> Any:
    def call(*_: object) -> None:
        raise exc

    return call


# --- The write -----------------------------------------------------------------------------


def test_a_rejected_form_answers_400_and_calls_nothing() -> None:
    request = a_request({"name": "x" * 11})
    calls: list[object] = []
    outcome = actions.write(request, calls.append, form=NameForm(request.POST), success="Done.")
    assert (outcome.done, outcome.status, calls) == (False, 400, [])


def test_success_is_one_message_and_the_call_gets_the_cleaned_data() -> None:
    request = a_request({"name": " ada "})
    outcome = actions.write(
        request,
        lambda data: data["name"].upper(),
        form=NameForm(request.POST),
        success=lambda result: f"Saved {result}.",
    )
    assert (outcome.done, outcome.result) == (True, "ADA")
    assert said(request) == [("success", "Saved ADA.")]


def test_a_rejected_value_shows_at_its_field_in_quays_words_with_400() -> None:
    request = a_request({"name": "ada"})
    form = NameForm(request.POST)
    outcome = actions.write(
        request, refuse(QuayBadRequest("Name taken")), form=form, at="name", success="Done."
    )
    assert outcome.status == 400
    assert form.errors["name"] == ["Name taken"]
    assert said(request) == []


def test_a_permission_refusal_is_403_and_says_who_may() -> None:
    request = a_request({"name": "ada"})
    form = NameForm(request.POST)
    outcome = actions.write(
        request,
        refuse(QuayPermissionDenied("Unauthorized")),
        form=form,
        at="name",
        why="Only an administrator may do this.",
        success="Done.",
    )
    assert outcome.status == 403
    assert form.errors["name"] == ["Quay said no: Unauthorized. Only an administrator may do this."]


def test_without_a_form_to_show_the_refusal_is_one_alert() -> None:
    request = a_request()
    outcome = actions.write(
        request,
        refuse(QuayPermissionDenied("Unauthorized")),
        success="Done.",
        failed="Could not delete x.",
    )
    assert outcome.status == 403
    assert said(request) == [("error", "Could not delete x. Quay said no: Unauthorized.")]


def test_a_refusal_shown_in_place_is_only_in_the_outcome() -> None:
    request = a_request()
    outcome = actions.write(
        request, refuse(QuayBadRequest("Gone away")), at=actions.IN_PLACE, success="Done."
    )
    assert (outcome.status, outcome.message) == (400, "Quay refused: Gone away")
    assert said(request) == []


def test_a_form_may_choose_the_field_by_the_refusal() -> None:
    request = a_request({"name": "ada"})
    form = NameForm(request.POST)
    actions.write(
        request,
        refuse(QuayBadRequest("Bad e-mail")),
        form=form,
        at=lambda exc: forms.forms.NON_FIELD_ERRORS if "mail" in exc.message else "name",
        success="Done.",
    )
    assert form.non_field_errors() == ["Quay refused: Bad e-mail"]


def test_not_found_is_a_refusal_only_where_the_area_says_so() -> None:
    request = a_request()
    with pytest.raises(QuayNotFound):
        actions.write(request, refuse(QuayNotFound("Not Found")), success="Done.")
    outcome = actions.write(
        request, refuse(QuayNotFound("Not Found")), success="Done.", also=(QuayNotFound,)
    )
    assert outcome.status == 400


def test_quay_down_is_not_a_refusal_but_the_error_pages_business() -> None:
    with pytest.raises(QuayUnavailable):
        actions.write(a_request(), refuse(QuayUnavailable("down")), success="Done.")


def test_a_repository_in_read_only_mode_is_a_refusal() -> None:
    read_only = QuayUnavailable("Repository is in read only or mirror mode")
    read_only.status = 503
    outcome = actions.write(a_request(), refuse(read_only), success="Done.")
    assert outcome.status == 400


# --- The way back --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("/repository/devtable/simple/tags/?page=2", "/repository/devtable/simple/tags/?page=2"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_back_goes_only_to_our_own_pages(sent: str, expected: str) -> None:
    assert actions.back(a_request({"next": sent}), "/fallback/") == expected


def test_an_htmx_form_is_sent_back_with_hx_redirect() -> None:
    response = actions.redirect_back(a_request({"next": "/here/"}, htmx=True), "/fallback/")
    assert response["HX-Redirect"] == "/here/"
    plain = actions.redirect_back(a_request({"next": "/here/"}), "/fallback/")
    assert (plain.status_code, plain["Location"]) == (302, "/here/")


def test_a_refusal_decided_here_is_403_with_its_reason(db: None) -> None:
    page = actions.refused(a_request(), "Only superusers.", "For superusers")
    assert page.status_code == 403 and b"Only superusers." in page.content
    alert = actions.refused(a_request(htmx=True), "Only superusers.")
    assert alert.status_code == 403 and alert["HX-Retarget"] == "#page-alerts"


# --- A form that counts once ---------------------------------------------------------------


def sent_back(page: Any, data: dict[str, str] | None = None, path: str = "/somewhere/") -> Any:
    """The POST of a form on `page` (a request of the same sign-in), with the page's token."""
    request = a_request({**(data or {}), "form_token": actions.issue_form_token(page)}, path=path)
    request.session = page.session
    return request


def test_a_form_token_counts_once() -> None:
    page = a_request()
    assert actions.consume_form_token(sent_back(page)) is True
    again = a_request({"form_token": actions.issue_form_token(page)})
    again.session = page.session
    assert actions.consume_form_token(again) is False
    assert actions.form_token_problem(again) == actions.REPEATED_SUBMIT


def test_a_made_up_or_missing_token_counts_never() -> None:
    request = a_request({"form_token": "made-up"})
    actions.issue_form_token(request)
    assert actions.consume_form_token(request) is False
    assert actions.consume_form_token(a_request()) is False
    assert actions.form_token_problem(a_request()) == actions.FOREIGN_FORM


def test_a_token_of_another_sign_in_does_not_count() -> None:
    page = a_request()
    page.session[SIGN_IN_SESSION_KEY] = "one-sign-in"
    request = sent_back(page)
    request.session = SessionStore()
    request.session[SIGN_IN_SESSION_KEY] = "another-sign-in"
    assert actions.form_token_problem(request) == actions.FOREIGN_FORM


def test_an_altered_token_does_not_count() -> None:
    page = a_request()
    token = actions.issue_form_token(page)
    nonce, signed = token.split(":", 1)
    request = a_request({"form_token": f"{nonce}x:{signed}"})
    request.session = page.session
    assert actions.form_token_problem(request) == actions.FOREIGN_FORM


def test_a_token_older_than_its_age_does_not_count() -> None:
    page = a_request()
    request = sent_back(page)
    later = time.time() + actions.FORM_TOKEN_MAX_AGE + 60
    with time_machine.travel(later, tick=False):
        assert actions.form_token_problem(request) == actions.STALE_FORM


def test_each_form_of_a_page_counts_once_with_the_pages_one_token() -> None:
    page = a_request()
    first_row = sent_back(page, path="/robots/delete/", data={"shortname": "one"})
    second_row = sent_back(page, path="/robots/delete/", data={"shortname": "two"})
    another_form = sent_back(page, path="/teams/delete/")
    assert [actions.consume_form_token(r) for r in (first_row, second_row, another_form)] == [
        True,
        True,
        True,
    ]
    assert actions.consume_form_token(sent_back(page, {"shortname": "one"}, "/robots/delete/")) is (
        False
    )


def test_a_destructive_write_sent_twice_calls_once_and_says_so() -> None:
    page = a_request()
    calls: list[object] = []
    first = sent_back(page)
    assert actions.write(first, lambda: calls.append(1), success="Done.", destructive=True).done
    again = sent_back(page)
    outcome = actions.write(again, lambda: calls.append(2), success="Done.", destructive=True)
    assert (outcome.status, calls) == (400, [1])
    assert said(again) == [("warning", actions.REPEATED_SUBMIT)]


def test_a_destructive_write_without_a_token_calls_nothing() -> None:
    calls: list[object] = []
    request = a_request()
    outcome = actions.write(request, calls.append, success="Done.", destructive=True)
    assert (outcome.status, calls) == (400, [])
    assert said(request) == [("error", actions.FOREIGN_FORM)]
    in_place = a_request()
    outcome = actions.write(
        in_place, calls.append, at=actions.IN_PLACE, success="Done.", destructive=True
    )
    assert (outcome.message, said(in_place)) == (actions.FOREIGN_FORM, [])


def test_a_rejected_form_keeps_its_token_for_the_corrected_one() -> None:
    page = a_request()
    wrong = sent_back(page, {"name": "x" * 11})
    form = NameForm(wrong.POST)
    outcome = actions.write(wrong, print, form=form, at="name", success="Done.", destructive=True)
    assert outcome.status == 400 and not said(wrong)
    right = sent_back(page, {"name": "x"})
    calls: list[object] = []
    outcome = actions.write(
        right, calls.append, form=NameForm(right.POST), success="Done.", destructive=True
    )
    assert outcome.done and calls == [{"name": "x"}]


# --- Page sizes ----------------------------------------------------------------------------


@pytest.mark.parametrize(("sent", "expected"), [("50", 50), ("51", 25), ("²", 25), (None, 25)])
def test_a_page_size_is_one_of_the_offered(sent: str | None, expected: int) -> None:
    assert one_of(sent, (25, 50, 100), 25) == expected


def test_the_forms_of_one_page_share_one_token() -> None:
    request = a_request()
    assert actions.issue_form_token(request) == actions.issue_form_token(request)
    # Issuing one keeps nothing: the page view saves no session.
    assert not request.session.modified
