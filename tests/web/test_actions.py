"""The one write path: a form checks, the call runs, Quay's refusal reaches the person where
they acted (400 for a rejected value, 403 for a refused person), success is one message, and
the answer goes back to one of our own pages."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from dashboard.quay.errors import (
    QuayBadRequest,
    QuayNotFound,
    QuayPermissionDenied,
    QuayUnavailable,
)
from dashboard.web import actions
from dashboard.web.htmx import HtmxHttpRequest
from dashboard.web.numbers import one_of


def a_request(data: dict[str, str] | None = None, htmx: bool = False, **extra: Any) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    request: Any = RequestFactory().post("/somewhere/", data or {}, headers=headers, **extra)
    request.session = SessionStore()
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


def test_a_form_token_counts_once() -> None:
    request = a_request()
    token = actions.issue_form_token(request)
    again = a_request({"form_token": token})
    again.session = request.session
    assert actions.consume_form_token(again) is True
    assert actions.consume_form_token(again) is False


def test_a_made_up_or_missing_token_counts_never() -> None:
    request = a_request({"form_token": "made-up"})
    actions.issue_form_token(request)
    assert actions.consume_form_token(request) is False
    assert actions.consume_form_token(a_request()) is False


# --- Page sizes ----------------------------------------------------------------------------


@pytest.mark.parametrize(("sent", "expected"), [("50", 50), ("51", 25), ("²", 25), (None, 25)])
def test_a_page_size_is_one_of_the_offered(sent: str | None, expected: int) -> None:
    assert one_of(sent, (25, 50, 100), 25) == expected


def test_the_forms_of_one_page_share_one_token() -> None:
    request = a_request()
    assert actions.issue_form_token(request) == actions.issue_form_token(request)
    assert len(request.session[actions.FORM_TOKENS_SESSION_KEY]) == 1
