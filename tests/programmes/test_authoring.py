"""The organiser publishes a programme in minutes: details, modules, sessions, status; bad input loses nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import (
    BookingStatus,
    ModuleKind,
    Programme,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.programmes.factories import ProgrammeFactory, at, make_programme


def _english(user: User) -> Client:
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _new_programme(org: Organisation, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Jämlikhet i praktiken",
        "slug": "jamlikhet-i-praktiken",
        "summary": "Strategiskt arbete mot rasism.",
        "description": "Bakgrund",
        "objectives": "Kunskaper om mänskliga rättigheter\n\nHantera motstånd\n",
        "outline": "Dag 1: grunder",
        "audience": "Anställda i kommuner och regioner",
        "trainers": "Kitimbwa Sabuni; Utvecklingsledare; Länsstyrelsen Stockholm\nAnna Andersson",
        "cost": "Kostnadsfri. Resa betalas av deltagaren.",
        "contact_name": "Kim Kontakt",
        "contact_email": "kim@lansstyrelsen.se",
        "organisers": [org.slug],
        "language": "sv",
        "registration_deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "requires_approval": "on",
        "issues_diploma": "on",
        "required_questions": "Organisation\nTitel",
        "optional_questions": "Något mer?",
        "needs_retention_days": "7",
        **extra,
    }


@pytest.mark.django_db
def test_a_coordinator_creates_a_draft_with_everything_the_programme_page_carries(
    coordinator_a: User, org_a: Organisation, client: Client
) -> None:
    response = _english(coordinator_a).post("/program/redigera/ny/", _new_programme(org_a))
    assert response.status_code == 302
    programme = Programme.objects.get(slug="jamlikhet-i-praktiken")
    assert response["Location"] == f"/program/redigera/{programme.public_id}/"
    assert programme.status == ProgrammeStatus.DRAFT
    assert programme.objectives == ["Kunskaper om mänskliga rättigheter", "Hantera motstånd"]
    assert [(t.name, t.title, t.organisation) for t in programme.trainers.all()] == [
        ("Kitimbwa Sabuni", "Utvecklingsledare", "Länsstyrelsen Stockholm"),
        ("Anna Andersson", "", ""),
    ]
    assert [(q.text, q.required) for q in programme.questions.all()] == [
        ("Organisation", True),
        ("Titel", True),
        ("Något mer?", False),
    ]
    assert list(programme.organisers.all()) == [org_a]
    assert programme.requires_approval and programme.issues_diploma and programme.needs_retention_days == 7
    assert AuditEntry.objects.filter(action="programme.created", organisation=org_a).count() == 1
    assert client.get(f"/program/{programme.slug}/").status_code == 404  # a draft is not public


@pytest.mark.django_db
def test_a_coordinator_must_name_their_own_organisation_and_the_form_keeps_what_was_typed(
    coordinator_b: User, org_a: Organisation
) -> None:
    response = _english(coordinator_b).post("/program/redigera/ny/", _new_programme(org_a))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Include an organisation you coordinate" in html
    assert "Kitimbwa Sabuni; Utvecklingsledare" in html and "Strategiskt arbete mot rasism." in html
    assert not Programme.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("slug", "Jämlik Praktik", "Use lower-case letters"),
        ("slug", "kalender", "used by the site itself"),
        ("trainers", "Namn; Titel; Org; Extra", "Write each trainer as"),
        ("registration_deadline", "31/12", "Enter a valid date"),
        ("organisers", [], "This field is required"),
    ],
)
def test_bad_programme_details_are_refused_with_a_clear_error(
    programme_manager: User, org_a: Organisation, field: str, value: Any, message: str
) -> None:
    response = _english(programme_manager).post("/program/redigera/ny/", _new_programme(org_a, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Programme.objects.exists()


@pytest.mark.django_db
def test_an_address_already_taken_is_refused(programme_manager: User, org_a: Organisation) -> None:
    ProgrammeFactory(slug="jamlikhet-i-praktiken")
    response = _english(programme_manager).post("/program/redigera/ny/", _new_programme(org_a))
    assert response.status_code == 400
    assert "Another programme already uses this address." in response.content.decode()


def _draft(org: Organisation, **fields: Any) -> Programme:
    programme: Programme = ProgrammeFactory(status=ProgrammeStatus.DRAFT, **fields)
    programme.organisers.add(org)
    return programme


def _session_form(org: Organisation, **extra: Any) -> dict[str, Any]:
    return {
        "starts_at": timezone.localtime(at(30, 9)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(at(30, 15)).strftime("%Y-%m-%dT%H:%M"),
        "venue_name": "Länsstyrelsen",
        "street_address": "Regeringsgatan 66",
        "city": "Stockholm",
        "room": "Grand",
        "online_url": "",
        "capacity": "40",
        "host_organisation": org.slug,
        "language": "sv",
        "registration_deadline": "",
        **extra,
    }


@pytest.mark.django_db
def test_the_organiser_builds_the_seed_programme_and_opens_it(
    coordinator_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    programme = _draft(org_a)
    client = _english(coordinator_a)
    base = f"/program/redigera/{programme.public_id}/"
    refused = client.post(base + "status/", {"status": "open"})
    assert refused.status_code == 400 and "Add at least one module." in refused.content.decode()
    for title, kind in (("Webbinarium 1", "webinar"), ("Fysisk träff", "in_person"), ("Webbinarium 2", "webinar")):
        added = client.post(base + "moduler/", {"module-title": title, "module-kind": kind, "module-required": "on"})
        assert added.status_code == 302
    first, meeting, last = programme.modules.order_by("position")
    html = client.get(base).content.decode()
    assert "Webbinarium 1: add at least one session." in html
    webinar = {"online_url": "https://meet.example.org/a", "venue_name": "", "street_address": "", "city": ""}
    for module in (first, last):
        assert (
            client.post(base + f"moduler/{module.pk}/tillfallen/", _session_form(org_a, **webinar)).status_code == 302
        )
    stockholm = _session_form(org_a)
    goteborg = _session_form(org_b, city="Göteborg", street_address="Södra Hamngatan 3", room="")
    for form in (stockholm, goteborg):
        assert client.post(base + f"moduler/{meeting.pk}/tillfallen/", form).status_code == 302
    assert client.post(base + "status/", {"status": "open"}).status_code == 302
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.OPEN
    hosts = sorted(meeting.sessions.values_list("host_organisation__slug", flat=True))
    assert hosts == sorted([org_a.slug, org_b.slug])
    public = Client().get(f"/program/{programme.slug}/")
    assert public.status_code == 200 and "Göteborg" in public.content.decode()
    assert AuditEntry.objects.filter(action="programme.session_added").count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": timezone.localtime(at(30, 8)).strftime("%Y-%m-%dT%H:%M")}, "ends_at", "must end after it starts"),
        (
            {"registration_deadline": (timezone.localdate() + datetime.timedelta(days=31)).isoformat()},
            "registration_deadline",
            "cannot be after the session starts",
        ),
        ({"venue_name": "", "street_address": ""}, "venue_name", "needs a venue or a street address"),
        ({"capacity": "0"}, "capacity", "greater than or equal to 1"),
        ({"host_organisation": "finns-inte"}, "host_organisation", "No organisation is called"),
    ],
)
def test_a_bad_session_is_refused_and_the_form_keeps_what_was_typed(
    programme_manager: User, org_a: Organisation, changes: dict[str, str], field: str, message: str
) -> None:
    programme = _draft(org_a)
    client = _english(programme_manager)
    module = client.post(
        f"/program/redigera/{programme.public_id}/moduler/",
        {"module-title": "Träff", "module-kind": "in_person", "module-required": "on"},
    )
    assert module.status_code == 302
    module_id = programme.modules.get().pk
    response = client.post(
        f"/program/redigera/{programme.public_id}/moduler/{module_id}/tillfallen/", _session_form(org_a, **changes)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'aria-describedby="id_{field}_errors"' in html
    assert "Regeringsgatan 66" in html or changes.get("street_address") == ""
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_webinar_session_needs_a_meeting_link(programme_manager: User, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    url = f"/program/redigera/{shape.programme.public_id}/moduler/{shape.webinar.module_id}/tillfallen/"
    response = _english(programme_manager).post(url, _session_form(org_a, online_url=""))
    assert response.status_code == 400
    assert "A webinar needs an online meeting link." in response.content.decode()


@pytest.mark.django_db
def test_modules_move_up_and_down_and_only_unbooked_ones_are_removed(
    coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    shape = make_programme(org_a)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    client = _english(coordinator_a)
    base = f"/program/redigera/{shape.programme.public_id}/"
    last = shape.closing.module
    assert client.post(base + f"moduler/{last.pk}/flytta/", {"direction": "up"}).status_code == 302
    assert list(shape.programme.modules.order_by("position").values_list("title", flat=True)) == [
        "Webbinarium 1",
        "Webbinarium 2",
        "Fysisk träff",
    ]
    client.post(base + f"moduler/{last.pk}/flytta/", {"direction": "up"})
    client.post(base + f"moduler/{last.pk}/flytta/", {"direction": "up"})  # already first: nothing happens
    assert shape.programme.modules.order_by("position").first() == last
    removed = client.post(base + f"moduler/{last.pk}/ta-bort/", follow=True)
    assert "People have booked sessions of this module." in removed.content.decode()
    assert shape.programme.modules.count() == 3
    client.post(base + "moduler/", {"module-title": "Extra", "module-kind": "webinar", "module-required": ""})
    extra = shape.programme.modules.get(title="Extra")
    assert extra.position == 4 and not extra.required
    assert client.post(base + f"moduler/{extra.pk}/ta-bort/").status_code == 302
    assert list(shape.programme.modules.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


@pytest.mark.django_db
def test_a_self_paced_module_needs_a_published_course(programme_manager: User, org_a: Organisation) -> None:
    from tests.courses.factories import make_course

    programme = _draft(org_a)
    client = _english(programme_manager)
    url = f"/program/redigera/{programme.public_id}/moduler/"
    refused = client.post(url, {"module-title": "Webbkurs", "module-kind": "self_paced", "module-required": "on"})
    assert refused.status_code == 400
    assert "A self-paced module links a published course." in refused.content.decode()
    course = make_course(lessons=1)
    form = {"module-title": "Webbkurs", "module-kind": "self_paced", "module-required": "on"}
    assert client.post(url, {**form, "module-course": course.slug}).status_code == 302
    module = programme.modules.get()
    assert module.kind == ModuleKind.SELF_PACED and module.course == course


@pytest.mark.django_db
def test_status_moves_through_open_closed_and_finished_and_no_further(
    programme_manager: User, org_a: Organisation
) -> None:
    shape = make_programme(org_a)
    client = _english(programme_manager)
    url = f"/program/redigera/{shape.programme.public_id}/status/"
    for status in ("closed", "open", "closed", "finished"):
        assert client.post(url, {"status": status}).status_code == 302
        shape.programme.refresh_from_db()
        assert shape.programme.status == status
    refused = client.post(url, {"status": "open"})
    assert refused.status_code == 400 and "cannot become" in refused.content.decode()
    assert AuditEntry.objects.filter(action="programme.status_changed").count() == 4


@pytest.mark.django_db
def test_cancelling_the_programme_cancels_every_session_and_tells_everyone(
    coordinator_a: User, learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    other = UserFactory()
    for person in (learner_a, other):
        actions.register(person, shape.programme, [shape.stockholm.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _english(coordinator_a).post(
            f"/program/redigera/{shape.programme.public_id}/status/", {"status": "cancelled"}
        )
    assert response.status_code == 302
    assert not Session.objects.filter(module__programme=shape.programme, status=SessionStatus.SCHEDULED).exists()
    assert set(Registration.objects.values_list("status", flat=True)) == {RegistrationStatus.CANCELLED}
    assert {m.to[0] for m in mail.outbox} == {learner_a.email, other.email}
    assert all(any(a[2] == "text/calendar; method=CANCEL" for a in m.attachments) for m in mail.outbox)


@pytest.mark.django_db
def test_editing_details_keeps_answered_questions_and_refuses_to_drop_them(
    programme_manager: User, learner_a: User, org_a: Organisation
) -> None:
    from jamlik.programmes.models import Question

    shape = make_programme(org_a)
    question = Question.objects.create(programme=shape.programme, text="Organisation", position=1)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk], answers={question.pk: "Säters kommun"})
    client = _english(programme_manager)
    url = f"/program/redigera/{shape.programme.public_id}/uppgifter/"
    form = _new_programme(org_a, title="Nytt namn", required_questions="", optional_questions="Titel")
    form.pop("slug")
    form.pop("requires_approval")
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "already answered “Organisation”" in refused.content.decode()
    shape.programme.refresh_from_db()
    assert shape.programme.title != "Nytt namn"
    kept = client.post(url, {**form, "optional_questions": "Organisation\nTitel"})
    assert kept.status_code == 302
    shape.programme.refresh_from_db()
    assert shape.programme.title == "Nytt namn"
    assert [(q.text, q.required) for q in shape.programme.questions.all()] == [
        ("Organisation", False),
        ("Titel", False),
    ]
    assert Question.objects.get(pk=question.pk).programme == shape.programme  # the answer is kept


@pytest.mark.django_db
def test_approval_cannot_be_turned_off_while_registrations_wait(
    programme_manager: User, learner_a: User, org_a: Organisation
) -> None:
    shape = make_programme(org_a, requires_approval=True)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    form = _new_programme(org_a, required_questions="", optional_questions="")
    form.pop("slug")
    form.pop("requires_approval")
    response = _english(programme_manager).post(f"/program/redigera/{shape.programme.public_id}/uppgifter/", form)
    assert response.status_code == 400
    assert "Some registrations wait for approval." in response.content.decode()
    shape.programme.refresh_from_db()
    assert shape.programme.requires_approval


@pytest.mark.django_db
def test_changing_the_host_moves_the_roster_to_the_new_host(
    programme_manager: User, learner_a: User, coordinator_b: User, org_a: Organisation, org_b: Organisation
) -> None:
    shape = make_programme(org_a)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    roster = f"/program/vard/{shape.stockholm.public_id}/"
    assert client_for(coordinator_b).get(roster).status_code == 404
    s = shape.stockholm
    form = {
        **_session_form(org_b),
        "starts_at": timezone.localtime(s.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(s.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "capacity": str(s.capacity),
    }
    response = client_for(programme_manager).post(f"/program/tillfalle/{s.public_id}/andra/", form)
    assert response.status_code == 302
    assert client_for(coordinator_b).get(roster).status_code == 200
    s.refresh_from_db()
    assert s.bookings.get().status == BookingStatus.CONFIRMED


@pytest.mark.django_db
def test_the_authoring_list_takes_the_same_queries_for_many_programmes(
    coordinator_a: User, org_a: Organisation, django_assert_max_num_queries: Any
) -> None:
    client = client_for(coordinator_a)
    for _ in range(2):
        make_programme(org_a)
    with django_assert_max_num_queries(12) as few:
        client.get("/program/redigera/")
    for _ in range(6):
        make_programme(org_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/program/redigera/")
    assert response.content.decode().count("/program/redigera/") >= 8


@pytest.mark.django_db
def test_the_authoring_page_takes_the_same_queries_for_more_sessions(
    programme_manager: User, org_a: Organisation, django_assert_max_num_queries: Any
) -> None:
    from tests.programmes.factories import SessionFactory

    shape = make_programme(org_a)
    client = client_for(programme_manager)
    url = f"/program/redigera/{shape.programme.public_id}/"
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(5):
        SessionFactory(module=shape.stockholm.module, host_organisation=org_a, online_url="", venue_name="Sal")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_programme_list_links_to_authoring_only_for_those_who_may_author(
    as_learner_a: Client, as_coordinator_b: Client, as_programme_manager: Client
) -> None:
    assert "/program/redigera/" not in as_learner_a.get("/program/").content.decode()
    assert "/program/redigera/" in as_coordinator_b.get("/program/").content.decode()
    assert "/program/redigera/" in as_programme_manager.get("/program/").content.decode()
