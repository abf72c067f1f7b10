from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from dashboard.quay.errors import QuayAuthError, QuayError, QuayPermissionDenied
from dashboard.web.htmx import HtmxHttpRequest

from .forms import TokenSignInForm
from .tokens import end_session, sign_in_with_token


def _safe_next(request: HtmxHttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("overview")


@require_http_methods(["GET", "POST"])
def signin(request: HtmxHttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect("overview")
    form = TokenSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            quay_user = sign_in_with_token(request, form.cleaned_data["token"])
        except QuayAuthError:
            form.add_error("token", "Quay rejected this token: it is unknown, expired or revoked.")
        except QuayPermissionDenied:
            form.add_error(
                "token",
                "Quay accepted this token but it may not read your account: "
                "it needs the user:read scope.",
            )
        except QuayError as exc:
            form.add_error(None, f"Quay could not check the token: {exc.message}")
        else:
            messages.success(request, f"Signed in as {quay_user.username}.")
            return HttpResponseRedirect(_safe_next(request))
    context = {
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "oauth_configured": bool(
            settings.QUAY_OAUTH_CLIENT_ID and settings.QUAY_OAUTH_CLIENT_SECRET
        ),
        "quay_url": settings.QUAY_URL,
    }
    return render(request, "accounts/signin.html", context, status=400 if form.errors else 200)


@require_POST
def signout(request: HtmxHttpRequest) -> HttpResponse:
    end_session(request)
    messages.info(request, "Signed out. Quayside no longer holds your token.")
    return redirect("accounts:signin")
