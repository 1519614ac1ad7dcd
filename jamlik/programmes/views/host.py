"""Hosts: the participants of their own sessions, exports, attendance from the roster or a QR scan.

Sessions come from ``get_hosted_session``: another organisation's session answers 404.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.lib.privacy import personal
from jamlik.lib.tables import Cell, csv_dialect, csv_response, xlsx_response
from jamlik.people.http import authenticated_user
from jamlik.programmes import lists
from jamlik.programmes.access import (
    answers_by_registration,
    get_booking_in,
    get_hosted_session,
    hosted_sessions,
    roster,
    roster_rows,
)
from jamlik.programmes.attendance import booking_for_token, is_host, mark_attendance, not_started_message
from jamlik.programmes.forms import AttendanceForm, seats_left
from jamlik.programmes.models import LIVE_BOOKING, Booking, BookingStatus, Needs, Question, Session


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    rows = list(
        hosted_sessions(request.user)
        .with_seats()
        .select_related("module__programme", "host_organisation")
        .order_by("-starts_at", "pk")
    )
    to_approve = {s.module.programme.pk: s.module.programme for s in rows if s.module.programme.requires_approval}
    return render(
        request,
        "programmes/host_sessions.html",
        {
            "sessions": [(s, seats_left(s)) for s in rows],
            "to_approve": list(to_approve.values()),
            "now": timezone.now(),
        },
    )


def _needs(booking: Booking) -> tuple[str, str]:
    try:
        needs: Needs = booking.needs
    except Needs.DoesNotExist:
        return "", ""
    return needs.dietary, needs.accessibility


def _questions(session: Session) -> list[Question]:
    return list(session.module.programme.questions.order_by("position", "pk"))


def _answers(
    session: Session, questions: list[Question], registrations: list[int] | None = None
) -> dict[int, list[str]]:
    """Each registration's answers, in the order of ``questions`` ("" where unanswered)."""
    found = answers_by_registration(session, registrations)
    return {r: [texts.get(q.pk, "") for q in questions] for r, texts in found.items()}


@login_required
def session_roster(request: HttpRequest, session_id: UUID) -> HttpResponse:
    """Searched by name or email, filtered by status and paged (50) on the server: a large
    session's roster is long. Attendance is marked per row; the exports keep everyone."""
    session = get_hosted_session(request.user, session_id)
    query = lists.search_text(request)
    bookings = lists.by_name_or_email(roster_rows(session), query, "registration__user")
    status = str(request.GET.get("status", ""))
    if status in LIVE_BOOKING:
        bookings = bookings.filter(status=status)
    else:
        status = ""
    page = Paginator(bookings, lists.PER_PAGE).get_page(request.GET.get("sida"))
    shown: list[Booking] = list(page.object_list)
    questions = _questions(session)
    answers = _answers(session, questions, [b.registration_id for b in shown])
    blank = [""] * len(questions)
    context = {
        "session": session,
        "rows": [(b, *_needs(b), answers.get(b.registration_id, blank)) for b in shown],
        "page": page,
        "query": query,
        "status": status,
        "statuses": [(value, label) for value, label in BookingStatus.choices if value in LIVE_BOOKING],
        "filtered": bool(query or status),
        "kept": lists.kept_query(request),
        "questions": questions,
        "seats_left": seats_left(session),
        "not_started": "" if session.has_started() else not_started_message(session),
    }
    return render(request, "programmes/roster.html", context)


def _table(session: Session) -> tuple[list[str], list[list[Cell]]]:
    header = [
        _("Name"),
        _("Email"),
        _("Status"),
        _("Registered"),
        _("Attendance"),
        _("Dietary needs"),
        _("Accessibility needs"),
    ]
    questions = _questions(session)
    header += [q.text for q in questions]
    answers = _answers(session, questions)
    blank = [""] * len(questions)
    data: list[list[Cell]] = []
    for b in roster(session):
        dietary, accessibility = _needs(b)
        user = b.registration.user
        data.append(
            [
                user.name,
                user.email,
                str(b.get_status_display()),
                b.queued_at,
                str(b.get_attendance_display()),
                dietary,
                accessibility,
                *answers.get(b.registration_id, blank),
            ]
        )
    return header, data


@login_required
def roster_export(request: HttpRequest, session_id: UUID, fmt: str) -> HttpResponse:
    session = get_hosted_session(request.user, session_id)
    header, data = _table(session)
    name = f"deltagare-{timezone.localtime(session.starts_at):%Y-%m-%d}-{session.city or 'webb'}".lower()
    if fmt == "csv":
        return csv_response(name, header, data, dialect=csv_dialect(request))
    if fmt == "xlsx":
        return xlsx_response(name, header, data, title=_("Participants"))
    raise Http404


@login_required
@require_POST
def mark(request: HttpRequest, session_id: UUID, booking_id: UUID) -> HttpResponse:
    session = get_hosted_session(request.user, session_id)
    booking = get_booking_in(session, booking_id)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose attended or did not come."))
    else:
        try:
            mark_attendance(authenticated_user(request), booking, form.cleaned_data["attended"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Attendance saved for %(name)s.") % {"name": booking.registration.user})
    back = reverse("programmes:roster", kwargs={"session_id": session.public_id})
    return redirect(back + lists.kept_query(request))  # the same page of the roster


@personal  # the address holds a secret
@login_required
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The URL in a participant's QR code. A host confirms with one tap (a POST) on their phone."""
    booking = booking_for_token(token)
    if booking is None:
        raise Http404
    user = authenticated_user(request)
    if not is_host(user, booking.session):
        return render(request, "programmes/checkin.html", {"booking": None, "refused": True}, status=403)
    if request.method == "POST":
        try:
            booking = mark_attendance(user, booking, True)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": booking.registration.user})
            return redirect("programmes:roster", session_id=booking.session.public_id)
    not_started = "" if booking.session.has_started() else not_started_message(booking.session)
    context = {"booking": booking, "refused": False, "not_started": not_started}
    return render(request, "programmes/checkin.html", context)
