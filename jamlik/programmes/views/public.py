"""Public pages: the programme list, a programme's page, and the calendar of upcoming sessions."""

from __future__ import annotations

from django.db.models import Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jamlik.programmes import calendar
from jamlik.programmes.access import get_live_registration, get_public_programme, may_author_programmes
from jamlik.programmes.forms import RegistrationForm, seats_left
from jamlik.programmes.models import Programme, ProgrammeStatus, Session, SessionStatus
from jamlik.programmes.organiser import may_organise


def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = (
        Programme.objects.public()
        .annotate(
            first_session=Min("modules__sessions__starts_at"),
        )
        .order_by("-status", "registration_deadline", "title")
    )
    context = {"programmes": list(programmes), "may_author": may_author_programmes(request.user)}
    return render(request, "programmes/list.html", context)


def programme_page(request: HttpRequest, slug: str, form: RegistrationForm | None = None) -> HttpResponse:
    programme = get_public_programme(slug)
    registration = get_live_registration(request.user, programme)
    modules = [
        (module, [(session, seats_left(session)) for session in module.sessions.all()])
        for module in programme.modules.all()
    ]
    can_register = programme.status == ProgrammeStatus.OPEN and not programme.deadline_passed()
    if form is None and can_register and registration is None and request.user.is_authenticated:
        form = RegistrationForm(programme)
    context = {
        "programme": programme,
        "modules": modules,
        "registration": registration,
        "can_register": can_register,
        "form": form,
        "may_organise": may_organise(request.user, programme),
    }
    return render(
        request, "programmes/programme.html", context, status=400 if form is not None and form.errors else 200
    )


def _upcoming() -> list[Session]:
    return list(
        Session.objects.with_seats()
        .select_related("module__programme", "host_organisation")
        .filter(status=SessionStatus.SCHEDULED, ends_at__gte=timezone.now())
        .filter(~Q(module__programme__status__in=[ProgrammeStatus.DRAFT, ProgrammeStatus.CANCELLED]))
        .order_by("starts_at", "pk")
    )


def calendar_page(request: HttpRequest) -> HttpResponse:
    sessions = [(s, seats_left(s)) for s in _upcoming()]
    return render(request, "programmes/calendar.html", {"sessions": sessions})


def calendar_feed(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(calendar.public_feed(_upcoming()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jamlik-program.ics"'
    return response
