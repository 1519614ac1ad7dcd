from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from jamlik.lib.clientip import client_ip
from jamlik.lib.mail import queue_rendered_email
from jamlik.lib.site import current_site, on_site
from jamlik.people.models import Language


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Sign-up records the language the person used; signing in accepts an invitation that was waiting."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Sign-in codes and verification mails go through our queue like every other email.

        The context is allauth's own (the request, the address, the current site, which its
        templates sign with) with the site and every link taken from ``SITE_URL``, not from the
        host the request happened to use.
        """
        ctx: dict[str, Any] = {"request": self.request, "email": email, **context, "current_site": current_site()}
        for key, value in ctx.items():
            if key.endswith("_url") and isinstance(value, str) and value.startswith(("http://", "https://")):
                ctx[key] = on_site(value)
        message = self.render_mail(template_prefix, email, ctx)
        html = next((content for content, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        queue_rendered_email(email, message.subject, message.body, str(html), template=template_prefix)

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits and session list use the one address the whole site uses."""
        return client_ip(request)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        language = translation.get_language() or Language.SV
        user.preferred_language = Language.EN if language.startswith("en") else Language.SV
        return super().save_user(request, user, form, commit=commit)

    def post_login(self, request: HttpRequest, user: Any, *, redirect_url: str | None, **kwargs: Any) -> HttpResponse:
        """Every way of signing in (code, new account, password, single sign-on) ends here."""
        from jamlik.people.pending_invites import accept_on_sign_in

        redirect_url = accept_on_sign_in(request, user) or redirect_url
        response: HttpResponse = super().post_login(request, user, redirect_url=redirect_url, **kwargs)
        return response
