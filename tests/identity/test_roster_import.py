"""The staff list through the coordinator's pages: preview, confirmation, people before they sign in, leavers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.identity.models import RosterImport, RosterLine, RosterState
from jamlik.people import actions as people_actions
from jamlik.people.models import (
    EmailDomain,
    Membership,
    MembershipRole,
    MembershipSource,
    MembershipStatus,
    Organisation,
    Unit,
    User,
)
from tests.courses.authoring_kit import in_english
from tests.factories import MembershipFactory, OrganisationFactory, UnitFactory, UserFactory
from tests.identity.roster_kit import (
    confirm,
    excel_csv,
    job_page,
    latest,
    upload,
    upload_and_apply,
    utf8_csv,
    xlsx,
)

STAFF = [
    ("anna.andersson@sater.se", "Anna", "Andersson", "Socialförvaltningen"),
    ("bjorn.ek@sater.se", "Björn", "Ek", "Skolförvaltningen"),
    ("cecilia.ostlund@sater.se", "Cecilia", "Östlund", "socialförvaltningen"),
]


def open_membership(user: User, organisation: Organisation) -> Membership | None:
    return Membership.objects.open().filter(user=user, organisation=organisation).first()


@pytest.mark.django_db
def test_a_swedish_excel_list_is_previewed_then_applied_as_pre_provisioned_members(
    as_coordinator_a: Client, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    response = upload(as_coordinator_a, org_a, excel_csv(STAFF), django_capture_on_commit_callbacks)
    job = latest(org_a)
    assert response.status_code == 302 and response["Location"] == job_page(job)
    assert job.state == RosterState.READY
    assert (job.listed, job.new_people, job.joining, job.new_units, job.leaving) == (3, 3, 3, 2, 0)
    assert not User.objects.filter(email__endswith="@sater.se").exclude(pk=coordinator_a.pk).exists()  # a preview only
    preview = in_english(as_coordinator_a).get(job_page(job)).content.decode()
    assert "3 join the organisation (3 new to Jämlik)" in preview
    assert "Björn Ek" in preview and "Cecilia Östlund" in preview  # Windows-1252 read as such
    assert "Apply the staff list" in preview

    confirm(as_coordinator_a, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == RosterState.DONE
    assert not job.content  # the file is not kept
    people = {u.email: u for u in User.objects.filter(email__in=[s[0] for s in STAFF])}
    assert people["bjorn.ek@sater.se"].name == "Björn Ek"
    assert not any(u.has_usable_password() for u in people.values())  # pre-provisioned: no password
    units = {u.name: u for u in Unit.objects.filter(organisation=org_a)}
    assert set(units) == {"Socialförvaltningen", "Skolförvaltningen"}  # matched without regard to case
    for email, *_names, unit in STAFF:
        m = open_membership(people[email], org_a)
        assert m is not None and m.source == MembershipSource.ROSTER and m.role == MembershipRole.LEARNER
        assert m.unit is not None and m.unit.name.lower() == unit.lower()
    actions = list(AuditEntry.objects.filter(organisation=org_a).values_list("action", flat=True))
    assert actions.count("person.provisioned") == 3 and actions.count("membership.added") == 3
    assert actions.count("unit.created") == 2 and "roster.applied" in actions
    assert AuditEntry.objects.get(action="roster.applied").actor == coordinator_a


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content,filename",
    [
        (utf8_csv(STAFF), "lista.csv"),
        (utf8_csv(STAFF, bom=False), "lista.csv"),
        (xlsx(STAFF), "lista.xlsx"),
        (
            excel_csv([(e, f"{f} {s}", u) for e, f, s, u in STAFF], header=("email", "name", "unit")),
            "list.csv",
        ),
        (
            utf8_csv([(e, f, s, u) for e, f, s, u in STAFF], header=("E-post", "First name", "Last_name", "UNIT")),
            "x.csv",
        ),
    ],
    ids=["utf8-bom-comma", "utf8-comma", "xlsx", "english-names", "mixed-names"],
)
def test_the_other_encodings_layouts_and_column_names_read_alike(
    as_coordinator_a: Client,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
    content: bytes,
    filename: str,
) -> None:
    upload(as_coordinator_a, org_a, content, django_capture_on_commit_callbacks, filename=filename)
    job = latest(org_a)
    assert job.state == RosterState.READY, list(job.lines.values_list("row", "detail"))
    names = set(RosterLine.objects.filter(job=job, kind="joining").values_list("name", "unit"))
    assert ("Cecilia Östlund", "socialförvaltningen") in names or ("Cecilia Östlund", "Socialförvaltningen") in names
    assert job.new_units == 2


@pytest.mark.django_db
def test_every_bad_row_is_reported_by_its_number_and_nothing_is_saved(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    EmailDomain.objects.create(organisation=org_b, domain="gagnef.se")
    UnitFactory(organisation=org_a, name="Kultur")
    rows = [
        ("anna@sater.se", "Anna", "A", "Kultur"),  # row 2: good
        ("inte-en-adress", "Bo", "B", ""),  # 3: not an address
        ("", "Cilla", "C", "Kultur"),  # 4: a name but no address
        ("", "", "", ""),  # 5: blank: skipped
        ("ANNA@sater.se", "Anna", "A", ""),  # 6: the same person as row 2
        ("erik@gagnef.se", "Erik", "E", ""),  # 7: another organisation's domain
        ("dora@sater.se", "D" * 151, "", ""),  # 8: a name too long
    ]
    upload(in_english(as_coordinator_a), org_a, excel_csv(rows), django_capture_on_commit_callbacks)
    job = latest(org_a)
    assert job.state == RosterState.REJECTED
    problems = list(job.lines.filter(kind="problem").order_by("row").values_list("row", "column"))
    assert problems == [(3, "email"), (4, "email"), (6, "email"), (7, "email"), (8, "name")]
    text = in_english(as_coordinator_a).get(job_page(job)).content.decode()
    assert "The same person as on row 2." in text
    assert "belongs to Gagnefs kommun" in text
    assert "Nothing was changed" in text
    assert not User.objects.filter(email="anna@sater.se").exists()
    assert Unit.objects.filter(organisation=org_a).count() == 1
    assert not job.content


@pytest.mark.django_db
def test_a_file_without_an_email_column_or_without_rows_is_refused_with_a_message(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    upload(
        as_coordinator_a,
        org_a,
        excel_csv([("Anna", "A")], header=("Förnamn", "Efternamn")),
        django_capture_on_commit_callbacks,
    )
    assert list(latest(org_a).lines.values_list("row", "column")) == [(1, "email")]
    upload(as_coordinator_a, org_a, excel_csv([]), django_capture_on_commit_callbacks)
    assert latest(org_a).lines.get().detail == "Filen har en rubrikrad men inga rader med uppgifter."


@pytest.mark.django_db
def test_units_are_matched_within_the_organisation_only_and_an_ambiguous_name_is_a_problem(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    theirs = UnitFactory(organisation=org_b, name="Ekonomi")
    job = upload_and_apply(
        as_coordinator_a, org_a, excel_csv([("a@sater.se", "A", "A", "EKONOMI")]), django_capture_on_commit_callbacks
    )
    assert job.new_units == 1
    m = open_membership(User.objects.get(email="a@sater.se"), org_a)
    assert m is not None and m.unit is not None and m.unit.organisation == org_a and m.unit != theirs
    top = Unit.objects.create(organisation=org_a, name="Skola")
    Unit.objects.create(organisation=org_a, name="skola", parent=top)
    upload(as_coordinator_a, org_a, excel_csv([("b@sater.se", "B", "B", "Skola")]), django_capture_on_commit_callbacks)
    assert latest(org_a).state == RosterState.REJECTED
    assert latest(org_a).lines.get().column == "unit"


@pytest.mark.django_db
def test_the_next_list_moves_and_ends_what_the_list_manages_and_keeps_the_rest_in_view(
    as_coordinator_a: Client,
    coordinator_a: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    upload_and_apply(as_coordinator_a, org_a, excel_csv(STAFF), django_capture_on_commit_callbacks)
    by_hand = UserFactory(email="hand@sater.se")
    people_actions.add_member(coordinator_a, org_a, by_hand)  # manual, not on the list
    by_domain = UserFactory(email="domain@sater.se")
    MembershipFactory(user=by_domain, organisation=org_a, source=MembershipSource.DOMAIN)  # on the next list
    waiting = UserFactory(email="waiting@sater.se")
    MembershipFactory(user=waiting, organisation=org_a, status=MembershipStatus.PENDING, source=MembershipSource.DOMAIN)
    scim = UserFactory(email="scim@sater.se")
    MembershipFactory(user=scim, organisation=org_a, source=MembershipSource.SCIM)
    second = [
        ("anna.andersson@sater.se", "Anna", "Andersson", "Skolförvaltningen"),  # moves
        ("cecilia.ostlund@sater.se", "Cecilia", "Östlund", ""),  # an empty unit: stays where she is
        ("domain@sater.se", "Dan", "Domän", "Kultur"),  # taken over, into a new unit
        ("waiting@sater.se", "Vera", "Väntar", ""),  # approved
        ("scim@sater.se", "Sam", "Scim", "Kultur"),  # SCIM's to manage: kept as it is
    ]  # Björn is missing: he leaves
    upload(in_english(as_coordinator_a), org_a, excel_csv(second), django_capture_on_commit_callbacks)
    job = latest(org_a)
    assert (job.joining, job.taken_over, job.moving, job.leaving, job.unchanged) == (1, 1, 2, 1, 1)
    assert job.kept == 3  # the coordinator, the member added by hand, the SCIM member with another unit
    preview = in_english(as_coordinator_a).get(job_page(job)).content.decode()
    assert "a staff list never ends a coordinator" in preview
    assert "hand@sater.se" in preview and "Not managed by the staff list" in preview
    assert "bjorn.ek@sater.se" in preview

    confirm(as_coordinator_a, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == RosterState.DONE
    bjorn = Membership.objects.get(user__email="bjorn.ek@sater.se")
    assert bjorn.valid_to == timezone.localdate()  # ended, not deleted
    assert open_membership(coordinator_a, org_a) is not None
    assert open_membership(by_hand, org_a) is not None
    anna = open_membership(User.objects.get(email="anna.andersson@sater.se"), org_a)
    assert anna is not None and anna.unit is not None and anna.unit.name == "Skolförvaltningen"
    cecilia = open_membership(User.objects.get(email="cecilia.ostlund@sater.se"), org_a)
    assert cecilia is not None and cecilia.unit is not None and cecilia.unit.name == "Socialförvaltningen"
    dan = open_membership(by_domain, org_a)
    assert dan is not None and dan.source == MembershipSource.ROSTER and dan.unit is not None
    assert dan.unit.name == "Kultur"
    vera = open_membership(waiting, org_a)
    assert vera is not None and vera.status == MembershipStatus.ACTIVE and vera.source == MembershipSource.ROSTER
    sam = open_membership(scim, org_a)
    assert sam is not None and sam.source == MembershipSource.SCIM and sam.unit is None
    assert AuditEntry.objects.filter(action="membership.ended", target_id=str(bjorn.pk)).exists()


@pytest.mark.django_db
def test_a_preview_the_members_changed_since_is_refused_at_confirmation(
    as_coordinator_a: Client, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    upload(as_coordinator_a, org_a, excel_csv(STAFF), django_capture_on_commit_callbacks)
    job = latest(org_a)
    people_actions.add_member(coordinator_a, org_a, UserFactory(email="new@sater.se"))  # after the preview
    response = confirm(in_english(as_coordinator_a), job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == RosterState.STALE
    assert not User.objects.filter(email="anna.andersson@sater.se").exists()
    assert "The members changed after the preview" in in_english(as_coordinator_a).get(response["Location"]).text
    again = confirm(as_coordinator_a, job, django_capture_on_commit_callbacks)  # a second try changes nothing
    assert again.status_code == 302 and not User.objects.filter(email="anna.andersson@sater.se").exists()


@pytest.mark.django_db
def test_a_discarded_preview_changes_nothing_and_cannot_be_applied_after(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    from django.urls import reverse

    upload(as_coordinator_a, org_a, excel_csv(STAFF), django_capture_on_commit_callbacks)
    job = latest(org_a)
    as_coordinator_a.post(reverse("identity:roster_discard", args=[org_a.slug, job.public_id]))
    confirm(as_coordinator_a, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == RosterState.DISCARDED and not job.content
    assert not User.objects.filter(email="anna.andersson@sater.se").exists()


@pytest.mark.django_db
def test_the_preview_page_costs_the_same_queries_for_ten_and_for_a_thousand_people(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    def queries_for(n: int, prefix: str) -> int:
        rows = [(f"{prefix}{i}@sater.se", "P", str(i), f"Enhet {i % 7}") for i in range(n)]
        upload(as_coordinator_a, org_a, excel_csv(rows), django_capture_on_commit_callbacks)
        job = latest(org_a)
        assert job.state == RosterState.READY
        with CaptureQueriesContext(connection) as queries:
            response = as_coordinator_a.get(job_page(job))
        assert response.status_code == 200
        return len(queries)

    small, large = queries_for(10, "a"), queries_for(1000, "b")
    assert small == large
    assert large <= 12


@pytest.mark.django_db
def test_the_worker_delivering_a_task_twice_applies_the_list_once(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    from jamlik.identity.roster.actions import apply_roster, check_roster

    job = upload_and_apply(as_coordinator_a, org_a, excel_csv(STAFF), django_capture_on_commit_callbacks)
    check_roster.call(job.pk)
    apply_roster.call(job.pk)
    assert Membership.objects.filter(organisation=org_a, source=MembershipSource.ROSTER).count() == 3
    assert AuditEntry.objects.filter(action="roster.applied").count() == 1


@pytest.mark.django_db
def test_the_headcount_is_offered_and_declared_only_when_the_coordinator_confirms_it_and_a_frozen_one_stays(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    from django.urls import reverse

    from tests.campaigns.factories import make_campaign, participant

    campaign = make_campaign({org_a: 1000})
    frozen = participant(campaign, org_a).frozen_headcount
    assert frozen == 1000
    before = org_a.headcount_declarations.count()
    job = upload_and_apply(as_coordinator_a, org_a, excel_csv(STAFF), django_capture_on_commit_callbacks)
    assert org_a.headcount_declarations.count() == before  # offered, not declared by itself
    assert "Declare 3 employees" in in_english(as_coordinator_a).get(job_page(job)).text
    day = timezone.localdate().isoformat()
    response = as_coordinator_a.post(
        reverse("identity:roster_headcount", args=[org_a.slug, job.public_id]), {"as_of": day}
    )
    assert response.status_code == 302
    current = org_a.current_headcount()
    assert current is not None and current.headcount == 3 and current.as_of == datetime.date.fromisoformat(day)
    assert "personal.csv" in current.source_note
    assert participant(campaign, org_a).frozen_headcount == frozen  # the campaign keeps what it froze
    as_coordinator_a.post(reverse("identity:roster_headcount", args=[org_a.slug, job.public_id]), {"as_of": day})
    assert org_a.headcount_declarations.count() == before + 1  # offered once


@pytest.mark.django_db
def test_a_coordinator_of_b_cannot_see_apply_or_discard_a_list_of_a_nor_upload_one_for_a(
    as_coordinator_a: Client,
    as_coordinator_b: Client,
    org_a: Organisation,
    org_b: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.urls import reverse

    upload(as_coordinator_a, org_a, excel_csv(STAFF), django_capture_on_commit_callbacks)
    job = latest(org_a)
    for name in ("roster_job", "roster_confirm", "roster_discard", "roster_headcount"):
        for slug in (org_a.slug, org_b.slug):  # their own organisation's address does not help either
            url = reverse(f"identity:{name}", args=[slug, job.public_id])
            response = as_coordinator_b.post(url) if name != "roster_job" else as_coordinator_b.get(url)
            assert response.status_code == 404, (name, slug)
    assert as_coordinator_b.get(reverse("identity:roster", args=[org_a.slug])).status_code == 404
    job.refresh_from_db()
    assert job.state == RosterState.READY


@pytest.mark.django_db
def test_a_list_of_b_never_ends_or_changes_memberships_in_a(
    as_coordinator_b: Client,
    learner_a: User,
    org_a: Organisation,
    org_b: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    shared = UserFactory(email="delad@example.org")
    MembershipFactory(user=shared, organisation=org_a, source=MembershipSource.ROSTER)
    MembershipFactory(user=UserFactory(email="old@gagnef.se"), organisation=org_b, source=MembershipSource.ROSTER)
    job = upload_and_apply(
        as_coordinator_b,
        org_b,
        excel_csv([("delad@example.org", "D", "D", "Ny"), ("lina@sater.se", "L", "L", "Ny")]),
        django_capture_on_commit_callbacks,
    )
    assert job.state == RosterState.DONE and job.leaving == 1
    in_a = open_membership(shared, org_a)
    assert in_a is not None and in_a.unit is None  # A's membership untouched
    assert open_membership(learner_a, org_a) is not None
    assert open_membership(shared, org_b) is not None  # a person may work for both


@pytest.mark.django_db
def test_an_administrator_may_import_a_list_for_any_organisation(
    as_administrator: Client, org_b: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    job = upload_and_apply(
        as_administrator, org_b, excel_csv([("x@gagnef.se", "X", "Y", "")]), django_capture_on_commit_callbacks
    )
    assert job.state == RosterState.DONE


@pytest.mark.django_db
def test_a_learner_cannot_reach_the_staff_list(as_learner_a: Client, org_a: Organisation) -> None:
    from django.urls import reverse

    assert as_learner_a.get(reverse("identity:roster", args=[org_a.slug])).status_code == 404
    assert not RosterImport.objects.exists()


@pytest.mark.django_db
def test_an_organisation_of_its_own_is_never_refused_for_its_own_domain(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    EmailDomain.objects.create(organisation=org_a, domain="sater.se")
    OrganisationFactory()
    job = upload_and_apply(as_coordinator_a, org_a, excel_csv(STAFF), django_capture_on_commit_callbacks)
    assert job.state == RosterState.DONE


@pytest.mark.django_db
def test_unconfirmed_previews_abandoned_jobs_and_old_lists_are_pruned(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    from io import StringIO

    import time_machine
    from django.core.management import call_command

    upload(as_coordinator_a, org_a, excel_csv(STAFF), django_capture_on_commit_callbacks)
    waiting = latest(org_a)
    fresh = RosterImport.objects.create(organisation=org_a, filename="ny.csv", content=b"x", state=RosterState.READY)
    fresh.checked_at = timezone.now()
    fresh.save()
    stuck = RosterImport.objects.create(
        organisation=org_a, filename="stuck.csv", content=b"x", state=RosterState.APPLYING
    )
    RosterImport.objects.filter(pk=stuck.pk).update(confirmed_at=timezone.now() - datetime.timedelta(hours=3))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        RosterImport.objects.filter(pk=fresh.pk).update(checked_at=timezone.now())  # checked "today"
        call_command("prune_roster_imports", stdout=StringIO())
    waiting.refresh_from_db()
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (waiting.state, bytes(waiting.content)) == (RosterState.DISCARDED, b"")
    assert stuck.state == RosterState.FAILED and bytes(stuck.content) == b""
    assert fresh.state == RosterState.READY
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        call_command("prune_roster_imports", stdout=StringIO())
    assert set(RosterImport.objects.values_list("pk", flat=True)) == {fresh.pk}
    assert not RosterLine.objects.filter(job=waiting).exists()


@pytest.mark.django_db
def test_the_bulk_writes_refuse_a_person_who_does_not_coordinate_the_organisation(
    coordinator_b: User, learner_a: User, org_a: Organisation
) -> None:
    from django.core.exceptions import PermissionDenied

    from jamlik.people import bulk

    member = Membership.objects.get(user=learner_a, organisation=org_a)
    with pytest.raises(PermissionDenied):
        bulk.provision_people(coordinator_b, org_a, [("x@sater.se", "X")])
    with pytest.raises(PermissionDenied):
        bulk.add_members(coordinator_b, org_a, [(learner_a, None)], source=MembershipSource.ROSTER)
    with pytest.raises(PermissionDenied):
        bulk.change_memberships(coordinator_b, org_a, [bulk.MembershipChange(member, source=MembershipSource.ROSTER)])
    with pytest.raises(PermissionDenied):
        bulk.end_memberships(coordinator_b, org_a, [member])
    member.refresh_from_db()
    assert member.valid_to is None and member.source == MembershipSource.MANUAL
    assert not User.objects.filter(email="x@sater.se").exists()
