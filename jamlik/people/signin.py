"""One step for everyone: enter your email address, get a code, and the code signs you in.

For an address without an account the step creates the account first (through allauth's own
sign-up form, with no password), then sends the same sign-in code as for everyone else. The
code proves the address (allauth marks it verified when the code is used), so both paths look
alike from outside: same page, same email, nothing to tell who already has an account.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account import signals
from allauth.account.forms import RequestLoginCodeForm, SignupForm
from allauth.account.views import RequestLoginCodeView
from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jamlik.people.models import User


def limit_lifted_at(request: HttpRequest, action: str, key: str = "") -> datetime.datetime | None:
    """When allauth's rate limit on ``action`` lets this client (IP, key, person) through again; None if it does now."""
    now = time.time()
    latest: float | None = None
    for rate in ratelimit.get_rates(app="allauth.account", action=action):
        if (rate.per == "key" and not key) or (rate.per == "user" and not request.user.is_authenticated):
            continue
        cache_key = ratelimit.get_cache_key(
            request, app="allauth.account", action=action, rate=rate, key=key.lower() or None
        )
        history = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(history) >= rate.amount:
            # The history is newest first: the limit lifts when the oldest counted request ages out.
            lifted = history[rate.amount - 1] + rate.duration
            latest = lifted if latest is None else max(latest, lifted)
    return None if latest is None else datetime.datetime.fromtimestamp(latest, tz=datetime.UTC)


def any_limit_lifted_at(request: HttpRequest) -> datetime.datetime | None:
    """For a 429 from any allauth view: the latest time any limit this request runs into lifts."""
    key = str(request.POST.get("email") or request.POST.get("login") or "")
    moments = [
        moment
        for action in account_settings.RATE_LIMITS
        if (moment := limit_lifted_at(request, action, key)) is not None
    ]
    return max(moments, default=None)


def rate_limit_message(lifted_at: datetime.datetime | None) -> str:
    if lifted_at is None:
        return _("You have asked for the most sign-in codes we send in a short time. Try again in a minute.")
    minutes = _minutes_until(lifted_at)
    return ngettext(
        "You have asked for the most sign-in codes we send in a short time, so no new code was sent. "
        "Use the latest code you received, or try again at %(time)s (in about %(minutes)s minute).",
        "You have asked for the most sign-in codes we send in a short time, so no new code was sent. "
        "Use the latest code you received, or try again at %(time)s (in about %(minutes)s minutes).",
        minutes,
    ) % {"time": time_format(timezone.localtime(lifted_at), "H:i"), "minutes": minutes}


class SignupByCodeForm(SignupForm):  # type: ignore[misc]
    """allauth's sign-up form with no password: the address is verified with a code instead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("password1", None)


class CodeRequestForm(RequestLoginCodeForm):  # type: ignore[misc]
    """allauth's form, with a rate-limit error that says what happened and when to try again."""

    def clean_email(self) -> str:
        try:
            email: str = super().clean_email()
        except ValidationError as exc:
            if exc.code != "too_many_login_attempts":
                raise
            email = self.cleaned_data.get("email", "")
            request = getattr(self, "request", None) or _current_request()
            raise ValidationError(
                rate_limit_message(limit_lifted_at(request, "request_login_code", email)),
                code="too_many_login_attempts",
            ) from exc
        return email


def _current_request() -> HttpRequest:
    from allauth.core import context

    request: HttpRequest = context.request
    return request


def sign_up_by_code(request: HttpRequest, email: str) -> User | None:
    """Create the account for an address that has none, without a password, through allauth's sign-up form.

    The address stays unverified until the person types the code sent to it; only then do they join
    the organisations owning their domain (people.signals). ``user_signed_up`` records the sign-up.
    None when the address belongs to an account allauth would not sign in (a deactivated one).
    """
    if User.objects.filter(email__iexact=email).exists():
        return None
    form = SignupByCodeForm(data={"email": email})
    if not form.is_valid():
        raise ValidationError(list(form.errors.get("email", [_("Enter a valid email address.")])))
    try:
        with transaction.atomic():
            user: User = form.save(request)
            signals.user_signed_up.send(sender=User, request=request, user=user)
    except IntegrityError:  # a request for the same new address got there first
        return User.objects.filter(email__iexact=email, is_active=True).first()
    return user


class CodeRequestView(RequestLoginCodeView):  # type: ignore[misc]
    """allauth's "email me a code", which also starts the account of an address that has none."""

    def _redirect_to_pending_stage(self, request: HttpRequest, stage: Any) -> HttpResponseRedirect | None:
        # A new request starts afresh (a corrected address, or "send me another code"), instead of
        # silently showing the earlier "code sent" page while sending nothing.
        if request.method == "POST":
            return None
        response: HttpResponseRedirect | None = super()._redirect_to_pending_stage(request, stage)
        return response

    def form_valid(self, form: CodeRequestForm) -> HttpResponse:
        if form._user is None:
            try:
                form._user = sign_up_by_code(self.request, form.cleaned_data["email"])
            except ValidationError as exc:
                form.add_error("email", exc)
                invalid: HttpResponse = self.form_invalid(form)
                return invalid
        response: HttpResponse = super().form_valid(form)
        return response


request_code = CodeRequestView.as_view()


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """allauth's answer when a rate limit stops a request (``handler429`` in the root URLconf)."""
    lifted_at = any_limit_lifted_at(request)
    response = render(
        request,
        "account/429.html",
        {"lifted_at": timezone.localtime(lifted_at) if lifted_at else None, "minutes": _minutes_until(lifted_at)},
        status=429,
    )
    if lifted_at is not None:
        response["Retry-After"] = str(max(1, round((lifted_at - timezone.now()).total_seconds())))
    return response


def _minutes_until(moment: datetime.datetime | None) -> int:
    if moment is None:
        return 1
    return max(1, -(-max(1, round((moment - timezone.now()).total_seconds())) // 60))
