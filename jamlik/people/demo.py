"""Demo organisations and people, built on the real reference data. Idempotent.

Organisations, domains, headcounts, units and memberships go through ``jamlik.people.actions``.
Two kinds of row have no action, and are written here as their real source writes them (see
"Demo data" in docs/architecture.md): accounts (``account``: allauth's sign-up makes them) and
an organisation outside the reference data (administrators add one in the Django admin).
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from jamlik.people import actions
from jamlik.people.models import (
    EmailDomain,
    HeadcountDeclaration,
    Kon,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    PlatformRole,
    Unit,
    User,
)
from jamlik.people.reference import load_reference_data

# Headcounts here are synthetic: plausible sizes, not official figures.
DEMO_ORGS = {
    "sater": ("sater.se", 1100, ["Barn- och utbildningsförvaltningen", "Socialförvaltningen", "Kultur och fritid"]),
    "gagnef": ("gagnef.se", 900, ["Utbildning", "Omsorg"]),
    "hedemora": ("hedemora.se", 1500, ["Vård och omsorg", "Skola"]),
    # All county boards share lansstyrelsen.se, so no single board may claim that domain.
    "lansstyrelsen-dalarna": (None, 350, ["Enheten för social hållbarhet"]),
}

# Self-reported kön of the synthetic demo people (the campaigns' counted people): a plausible spread
# for the public sector's staff, with some who chose "prefer not to say" and some who left it empty.
# Picked from a hash of the address, so every load gives everyone the same answer.
SYNTHETIC_DOMAIN = "demo.example"
SYNTHETIC_KON: list[tuple[str, int]] = [(Kon.KVINNA, 66), (Kon.MAN, 27), (Kon.ANNAT, 1), (Kon.EJ_UPPGETT, 2), ("", 4)]


def synthetic_kon(email: str) -> str:
    """The kön a synthetic demo person reports (out of 100: 66 women, 27 men, 1 other, 2 prefer not, 4 blank)."""
    n = int.from_bytes(hashlib.sha256(email.encode()).digest()[:4], "big") % 100
    for kon, share in SYNTHETIC_KON:
        if n < share:
            return kon
        n -= share
    return ""


def account(email: str, name: str, *, kon: str = "", platform_role: str = "") -> User:
    """A demo person's account with a verified address, made as allauth's sign-up makes one
    (there is no action: accounts come from allauth). Every demo loader gets its people here."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(  # direct write: an account, as allauth's sign-up makes it
            email, name=name, kon=kon, platform_role=platform_role
        )
        EmailAddress.objects.get_or_create(  # direct write: the address allauth would verify by code
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def coordinator(email: str, name: str, organisation: Organisation) -> User:
    """A demo account that coordinates ``organisation`` (added through ``add_member``)."""
    user = account(email, name)
    if not Membership.objects.open().filter(user=user, organisation=organisation).exists():
        actions.add_member(None, organisation, user, role=MembershipRole.COORDINATOR)
    return user


def _synthetic_people_report_kon() -> None:
    """Synthetic people loaded before they had a kön get theirs (the same answer every time)."""
    users = list(User.objects.filter(email__endswith=f"@{SYNTHETIC_DOMAIN}", kon="").only("pk", "email"))
    for user in users:
        user.kon = synthetic_kon(user.email)
    User.objects.bulk_update(  # direct write: synthetic people in bulk (the campaigns demo makes them)
        [u for u in users if u.kon], ["kon"], batch_size=1000
    )


PEOPLE = [
    # email, name, kön, platform role, organisation, role, unit
    ("admin@jamlik.example", "Alva Administratör", Kon.KVINNA, PlatformRole.ADMINISTRATOR, None, None, None),
    (
        "programansvarig@lansstyrelsen.se",
        "Saga Programansvarig",
        Kon.KVINNA,
        PlatformRole.PROGRAMME_MANAGER,
        "lansstyrelsen-dalarna",
        MembershipRole.COORDINATOR,
        "Enheten för social hållbarhet",
    ),
    ("samordnare@sater.se", "Malin Samordnare", Kon.KVINNA, "", "sater", MembershipRole.COORDINATOR, None),
    ("samordnare@gagnef.se", "Erik Samordnare", Kon.MAN, "", "gagnef", MembershipRole.COORDINATOR, None),
    ("larande@sater.se", "Lina Lärande", Kon.KVINNA, "", "sater", MembershipRole.LEARNER, "Socialförvaltningen"),
    ("kim@sater.se", "Kim Medarbetare", Kon.ANNAT, "", "sater", MembershipRole.LEARNER, "Kultur och fritid"),
    (
        "omar@sater.se",
        "Omar Medarbetare",
        Kon.MAN,
        "",
        "sater",
        MembershipRole.LEARNER,
        "Barn- och utbildningsförvaltningen",
    ),
    ("anna@gagnef.se", "Anna Medarbetare", "", "", "gagnef", MembershipRole.LEARNER, "Omsorg"),
]


@transaction.atomic
def load() -> list[str]:
    load_reference_data()
    orgs = {slug: Organisation.objects.get(slug=slug) for slug in DEMO_ORGS}
    company, _ = Organisation.objects.get_or_create(  # direct write: administrators add it in the admin
        slug="hedemora-naringsliv",
        defaults={
            "name": "Hedemora Näringsliv AB",
            "kind": OrganisationKind.MUNICIPAL_COMPANY,
            "parent": orgs["hedemora"],
            "county": orgs["hedemora"].county,
        },
    )
    for slug, (domain, headcount, unit_names) in DEMO_ORGS.items():
        org = orgs[slug]
        if domain and not EmailDomain.objects.filter(domain=domain).exists():
            actions.add_email_domain(None, org, domain=domain)
        if not HeadcountDeclaration.objects.filter(organisation=org).exists():
            actions.declare_headcount(
                None,
                org,
                headcount=headcount,
                as_of=timezone.localdate() - datetime.timedelta(days=30),
                source_note="Demo data (synthetic)",
            )
        for name in unit_names:
            if not Unit.objects.filter(organisation=org, name=name).exists():
                actions.create_unit(None, org, name=name)
    if not HeadcountDeclaration.objects.filter(organisation=company).exists():
        actions.declare_headcount(None, company, headcount=25, as_of=timezone.localdate(), source_note="Demo data")

    _synthetic_people_report_kon()
    lines = ["Demo accounts (sign in with the email code; codes appear in this console):"]
    for email, name, kon, platform_role, org_slug, role, unit_name in PEOPLE:
        user = account(email, name, kon=kon, platform_role=platform_role)
        if org_slug and role:
            org = orgs[org_slug]
            unit = Unit.objects.filter(organisation=org, name=unit_name).first() if unit_name else None
            if not Membership.objects.open().filter(user=user, organisation=org).exists():
                actions.add_member(None, org, user, role=role, unit=unit)
        if platform_role:
            what = str(PlatformRole(platform_role).label)
        elif org_slug and role:
            what = f"{MembershipRole(role).label}, {orgs[org_slug].name}"
        else:
            what = ""
        lines.append(f"  {email:36} {what}")
    return lines
