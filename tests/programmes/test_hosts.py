"""Hosts see, export and mark their own sessions' participants only; needs stay with the host."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.attendance import checkin_token
from jamlik.programmes.models import Attendance, Booking
from tests.conftest import client_for
from tests.programmes.factories import during, make_programme


@pytest.fixture
def booked(learner_a: User, org_a: Organisation, org_b: Organisation) -> Any:
    shape = make_programme(org_a, org_b)  # Stockholm hosted by A, Göteborg by B
    actions.register(learner_a, shape.programme, [shape.stockholm.pk], dietary="Glutenfri", accessibility="Hörslinga")
    return shape


@pytest.mark.django_db
def test_the_host_sees_participants_and_their_needs(as_coordinator_a: Client, booked: Any) -> None:
    page = as_coordinator_a.get(f"/program/vard/{booked.stockholm.public_id}/").content.decode()
    assert "lina@sater.se" in page and "Glutenfri" in page and "Hörslinga" in page


@pytest.mark.django_db
def test_another_organisations_coordinator_gets_not_found(as_coordinator_b: Client, booked: Any) -> None:
    assert as_coordinator_b.get(f"/program/vard/{booked.stockholm.public_id}/").status_code == 404
    assert as_coordinator_b.get(f"/program/vard/{booked.stockholm.public_id}/deltagare.csv").status_code == 404
    listing = as_coordinator_b.get("/program/vard/").content.decode()
    assert str(booked.stockholm.public_id) not in listing


@pytest.mark.django_db
def test_the_participant_does_not_see_the_host_pages(as_learner_a: Client, booked: Any) -> None:
    assert as_learner_a.get(f"/program/vard/{booked.stockholm.public_id}/").status_code == 404


@pytest.mark.django_db
def test_the_host_exports_csv_and_xlsx(as_coordinator_a: Client, booked: Any) -> None:
    csv = as_coordinator_a.get(f"/program/vard/{booked.stockholm.public_id}/deltagare.csv")
    assert csv.status_code == 200 and "lina@sater.se" in csv.content.decode("utf-8-sig")
    xlsx = as_coordinator_a.get(f"/program/vard/{booked.stockholm.public_id}/deltagare.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "lina@sater.se" and rows[1][5] == "Glutenfri"


@pytest.mark.django_db
def test_the_host_marks_attendance_and_a_no_show_from_the_roster(coordinator_a: User, booked: Any) -> None:
    booking = Booking.objects.get(session=booked.stockholm)
    url = f"/program/vard/{booked.stockholm.public_id}/narvaro/{booking.public_id}/"
    with during(booked.stockholm):  # signed in then: a sign-in lasts two weeks
        as_coordinator_a = client_for(coordinator_a)
        assert as_coordinator_a.post(url, {"attended": "0"}).status_code == 302
        booking.refresh_from_db()
        assert booking.attendance == Attendance.NO_SHOW
        as_coordinator_a.post(url, {"attended": "1"})
    booking.refresh_from_db()
    assert booking.attendance == Attendance.ATTENDED


@pytest.mark.django_db
def test_an_attendance_mark_from_someone_not_hosting_changes_nothing(
    as_coordinator_b: Client, coordinator_b: User, booked: Any
) -> None:
    coordinator_b.preferred_language = "en"
    coordinator_b.save()
    booking = Booking.objects.get(session=booked.stockholm)
    response = as_coordinator_b.post(
        f"/program/vard/{booked.stockholm.public_id}/narvaro/{booking.public_id}/", {"attended": "1"}
    )
    assert response.status_code == 404
    checkin = as_coordinator_b.post(f"/program/incheckning/{checkin_token(booking)}/")
    assert checkin.status_code == 403
    assert "Only the host of this session" in checkin.content.decode()
    booking.refresh_from_db()
    assert booking.attendance == Attendance.UNKNOWN


@pytest.mark.django_db
def test_scanning_the_qr_code_checks_the_participant_in(coordinator_a: User, booked: Any) -> None:
    booking = Booking.objects.get(session=booked.stockholm)
    url = f"/program/incheckning/{checkin_token(booking)}/"
    with during(booked.stockholm):
        host = client_for(coordinator_a)
        assert "Lina" in host.get(url).content.decode()
        assert host.post(url).status_code == 302
    booking.refresh_from_db()
    assert booking.attendance == Attendance.ATTENDED
    assert host.get("/program/incheckning/forged-token/").status_code == 404
