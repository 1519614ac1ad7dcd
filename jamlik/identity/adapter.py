"""allauth's social-account adapter for Jämlik: apps from IdentityProvider rows and the rules of a sign-in.

Every sign-in through an organisation's provider passes :meth:`SocialAccountAdapter.pre_social_login`
before anyone is signed in or created:

1. the provider is in use;
2. the claims carry an email address at one of the provider's own domains (a provider is
   authoritative only for its organisation's domains: an address of another organisation's domain
   is refused, so a provider can never create or change a member of another organisation);
3. the provider vouches for the address (``email_verified``, or the mapping's ``trust_email``);
4. an existing account with that address is joined to the identity only when its address is
   verified too, or it was made by the organisation and never used (pre-provisioned): so an
   account someone started by typing an address they do not own is never taken over, and an
   unverified address at the provider never takes over anyone's account;
5. the claims qualify (the mapping's required claim); if not, a membership the provider made ends.

After the sign-in, ``jamlik.identity.signals`` makes or updates the membership (``actions``).
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.db.models import Q
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from jamlik.identity.actions import end_sso_membership
from jamlik.identity.mapping import Profile, read_profile
from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.identity.refusals import refused
from jamlik.identity.socialapps import ALLAUTH_PROVIDER, apps_for, claims_from
from jamlik.people.models import EmailDomain, Language, User

logger = logging.getLogger(__name__)


def provider_of(sociallogin: SocialLogin) -> IdentityProvider | None:
    slug = sociallogin.account.provider
    return IdentityProvider.objects.select_related("organisation").filter(slug=slug).first()


def profile_of(provider: IdentityProvider, sociallogin: SocialLogin) -> Profile:
    return read_profile(provider.claim_mapping, claims_from(provider, sociallogin.account.extra_data or {}))


def is_pristine(user: User) -> bool:
    """Made by the organisation (staff list, SCIM) and never used: nobody but the address's owner can claim it."""
    return user.last_login is None and not bool(user.has_usable_password())


def address_is_proven(user: User, email: str) -> bool:
    return bool(EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists())


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        """Only apps built from enabled IdentityProvider rows; allauth's own table is not used."""
        rows = IdentityProvider.objects.filter(is_enabled=True).prefetch_related("domains")
        if provider:
            kinds = [kind for kind, allauth_id in ALLAUTH_PROVIDER.items() if allauth_id == provider]
            rows = rows.filter(Q(kind__in=kinds) | Q(slug=provider))
        if client_id:  # an OIDC client id; a SAML app's client id is its slug (the URL's organization_slug)
            rows = rows.filter(
                Q(kind=ProviderKind.OIDC, oidc_client_id=client_id) | Q(kind=ProviderKind.SAML, slug=client_id)
            )
        return apps_for(rows)

    def authenticate_by_email(self, sociallogin: SocialLogin) -> tuple[User, str] | None:
        provider = provider_of(sociallogin)
        if provider is None:
            return None
        profile = profile_of(provider, sociallogin)
        if not profile.email or not profile.email_verified:
            return None
        user = User.objects.filter(email__iexact=profile.email, is_active=True).first()
        if user is None:
            return None
        if address_is_proven(user, profile.email) or is_pristine(user):
            return user, profile.email
        return None

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider = provider_of(sociallogin)
        if provider is None or not provider.is_enabled:
            raise ImmediateHttpResponse(refused(request, _("This way of signing in is not in use.")))
        profile = profile_of(provider, sociallogin)
        organisation = provider.organisation
        if not profile.email:
            raise ImmediateHttpResponse(
                refused(
                    request,
                    _(
                        "%(provider)s did not tell us your email address, so we cannot sign you in. Ask your organisation's IT support to release the email claim to Jämlik."
                    )
                    % {"provider": provider.name},
                    provider,
                )
            )
        served = {domain.domain for domain in provider.domains.all()}
        if profile.domain not in served:
            owner = EmailDomain.objects.filter(domain=profile.domain).select_related("organisation").first()
            if owner is not None and owner.organisation_id != organisation.pk:
                message = _(
                    "Your address %(email)s belongs to %(owner)s. %(provider)s signs people in only for %(organisation)s, so it cannot sign you in with that address."
                ) % {
                    "email": profile.email,
                    "owner": owner.organisation,
                    "provider": provider.name,
                    "organisation": organisation,
                }
            else:
                message = _(
                    "%(provider)s signs people in only with addresses at %(domains)s, and gave the address %(email)s."
                ) % {"provider": provider.name, "domains": ", ".join(sorted(served)) or "-", "email": profile.email}
            raise ImmediateHttpResponse(refused(request, message, provider))
        if not profile.email_verified:
            raise ImmediateHttpResponse(
                refused(
                    request,
                    _(
                        "%(provider)s did not confirm that %(email)s is your address, so we cannot sign you in with it. Sign in with a code sent to the address instead."
                    )
                    % {"provider": provider.name, "email": profile.email},
                    provider,
                )
            )
        user: User | None = sociallogin.user if sociallogin.is_existing else None
        if user is None:
            holder = User.objects.filter(email__iexact=profile.email).first()
            if holder is not None:
                raise ImmediateHttpResponse(
                    refused(
                        request,
                        _(
                            "There is already an account with the address %(email)s whose address has not been confirmed. Sign in once with a code sent to the address; after that you can sign in through your organisation."
                        )
                        % {"email": profile.email},
                        provider,
                    )
                )
        if not profile.qualifies:
            if user is not None:
                end_sso_membership(provider, user)
            raise ImmediateHttpResponse(
                refused(
                    request,
                    _(
                        "%(organisation)s has not given you access to Jämlik through %(provider)s. Ask your coordinator if you think you should have it."
                    )
                    % {"organisation": organisation, "provider": provider.name},
                    provider,
                )
            )

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict[str, Any]) -> User:
        user: User = sociallogin.user
        user.email = (data.get("email") or "").lower()
        user.name = (data.get("name") or "")[:150]
        language = translation.get_language() or Language.SV
        user.preferred_language = Language.EN if language.startswith("en") else Language.SV
        return user

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        slug = getattr(getattr(provider, "app", None), "provider_id", "") or ""
        row = IdentityProvider.objects.filter(slug=slug).first() if slug else None
        name = row.name if row else _("your organisation")
        logger.warning("Sign-in through %s failed: %s %r", slug, error, exception)
        if error == "cancelled":
            message = _("You cancelled signing in through %(provider)s.") % {"provider": name}
        else:
            message = _(
                "Signing in through %(provider)s did not succeed, and nobody was signed in. Start again from the sign-in page."
            ) % {"provider": name}
        raise ImmediateHttpResponse(refused(request, message, row, status=400 if error != "cancelled" else 200))
