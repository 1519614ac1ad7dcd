import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from jamlik.audit.models import AuditEntry
from jamlik.people import actions
from jamlik.people.models import County, EmailDomain, HeadcountDeclaration, Organisation, OrganisationKind, User
from jamlik.people.reference import load_reference_data
from jamlik.people.validators import normalise_domain, normalise_org_number


def test_a_valid_organisation_number_is_normalised() -> None:
    # Länsstyrelsen i Dalarnas län, published on its website.
    assert normalise_org_number("202100-2395") == "2021002395"


def test_an_organisation_number_with_a_wrong_check_digit_is_refused() -> None:
    with translation.override("en"), pytest.raises(ValidationError, match="not a valid Swedish organisation number"):
        normalise_org_number("202100-2396")


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_organisation_numbers_pass_exactly_when_the_luhn_digit_matches(digits: str) -> None:
    total = 0
    for i, ch in enumerate(digits[:9]):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    luhn_ok = (10 - total % 10) % 10 == int(digits[9])
    try:
        normalise_org_number(digits)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    assert accepted == luhn_ok


@pytest.mark.parametrize("bad", ["", "kommun", "@", "a..se", "-x.se", "x" * 300 + ".se"])
def test_malformed_email_domains_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        normalise_domain(bad)


def test_email_domains_are_normalised() -> None:
    assert normalise_domain(" @Sater.SE. ") == "sater.se"


@pytest.mark.django_db
def test_reference_data_loads_every_county_board_municipality_and_region_once() -> None:
    first = load_reference_data()
    second = load_reference_data()
    assert (first.counties, first.organisations) == (21, 21 + 290 + 20)
    assert (second.counties, second.organisations) == (0, 0)
    assert County.objects.count() == 21
    assert Organisation.objects.filter(kind=OrganisationKind.COUNTY_BOARD).count() == 21
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == 290
    assert Organisation.objects.filter(kind=OrganisationKind.REGION).count() == 20
    dalarna = Organisation.objects.get(slug="lansstyrelsen-dalarna")
    assert dalarna.name == "Länsstyrelsen i Dalarnas län"
    assert Organisation.objects.get(municipality_code="2080").name == "Falu kommun"
    assert {o.slug for o in Organisation.objects.filter(name__in=["Håbo kommun", "Habo kommun"])} == {
        "habo-0305",
        "habo-0643",
    }


@pytest.mark.django_db
def test_sweden_has_21_regions_and_gotland_is_one_organisation_as_municipality_and_region() -> None:
    load_reference_data()
    regions = Organisation.objects.regions().select_related("county")
    assert regions.count() == 21
    assert sorted(r.county.code for r in regions if r.county) == sorted(County.objects.values_list("code", flat=True))
    gotland = regions.get(county__code="09")
    assert (gotland.name, gotland.kind, gotland.municipality_code) == (
        "Region Gotland",
        OrganisationKind.MUNICIPALITY,
        "0980",
    )
    assert (
        Organisation.objects.filter(name__icontains="Gotland").exclude(kind=OrganisationKind.COUNTY_BOARD).count() == 1
    )
    stockholm = regions.get(county__code="01")
    assert (stockholm.name, stockholm.slug, stockholm.kind) == ("Region Stockholm", "region-stockholm", "region")
    assert regions.get(county__code="14").name == "Västra Götalandsregionen"
    # No organisation numbers: the shared reference data has none, and none are made up.
    assert not Organisation.objects.filter(kind=OrganisationKind.REGION).exclude(org_number="").exists()


@pytest.mark.django_db
def test_loading_the_reference_data_again_keeps_a_region_an_administrator_renamed() -> None:
    load_reference_data()
    region = Organisation.objects.get(kind=OrganisationKind.REGION, county__code="20")
    region.name = "Region Dalarna (hälso- och sjukvård)"
    region.org_number = "2321000180"
    region.save()
    assert load_reference_data().organisations == 0
    region.refresh_from_db()
    assert (region.name, region.org_number) == ("Region Dalarna (hälso- och sjukvård)", "2321000180")
    assert Organisation.objects.filter(kind=OrganisationKind.REGION, county__code="20").count() == 1


@pytest.mark.django_db
def test_headcount_history_is_kept_and_the_latest_is_current(org_a: Organisation, coordinator_a: User) -> None:
    actions.declare_headcount(coordinator_a, org_a, headcount=900, as_of=datetime.date(2026, 1, 1))
    actions.declare_headcount(coordinator_a, org_a, headcount=950, as_of=datetime.date(2026, 6, 1), source_note="HR")
    current = org_a.current_headcount()
    assert current is not None
    assert current.headcount == 950
    assert HeadcountDeclaration.objects.filter(organisation=org_a).count() == 2
    assert AuditEntry.objects.filter(action="headcount.declared", organisation=org_a).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [0, -5])
def test_a_zero_or_negative_headcount_is_refused_and_nothing_is_saved(org_a: Organisation, bad: int) -> None:
    with translation.override("en"), pytest.raises(ValidationError, match="at least 1"):
        actions.declare_headcount(None, org_a, headcount=bad, as_of=datetime.date(2026, 1, 1))
    assert not HeadcountDeclaration.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_an_email_domain_cannot_belong_to_two_organisations(org_a: Organisation, org_b: Organisation) -> None:
    actions.add_email_domain(None, org_a, domain="sater.se")
    with translation.override("en"), pytest.raises(ValidationError, match="already belongs to Säters kommun"):
        actions.add_email_domain(None, org_b, domain="SATER.se")
    assert EmailDomain.objects.get().organisation == org_a


@pytest.mark.django_db
def test_an_organisation_cannot_take_a_public_mail_domain_or_one_its_coordinator_has_no_address_at(
    org_a: Organisation, coordinator_a: User, administrator: User
) -> None:
    """Joining by domain lets in everyone who proves an address there: a coordinator claiming
    gmail.com (or another organisation's unclaimed domain) would let in whoever signs up with one."""
    for domain, actor in (("gmail.com", coordinator_a), ("Hotmail.se", administrator), ("falun.se", coordinator_a)):
        with pytest.raises(ValidationError) as refused:
            actions.add_email_domain(actor, org_a, domain=domain, requires_approval=False)
        assert "domain" in refused.value.message_dict
    assert not EmailDomain.objects.exists()
    assert actions.add_email_domain(coordinator_a, org_a, domain="sater.se").domain == "sater.se"  # malin@sater.se
    assert actions.add_email_domain(administrator, org_a, domain="skola.sater.se").domain == "skola.sater.se"
