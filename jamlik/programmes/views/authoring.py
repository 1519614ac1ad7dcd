"""The organiser's authoring pages: programmes they organise, details, modules, sessions, status.

Plain form posts that redirect back (by anchor) to what they changed, so the pages work without
JavaScript; a refused form is shown again with everything typed in it and the errors tied to
their fields. Reordering is by "up"/"down" buttons.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.people.http import authenticated_user
from jamlik.programmes import authoring
from jamlik.programmes.access import (
    authorable_programmes,
    get_module_in,
    get_programme_for_organiser,
    may_author_programmes,
    organiser_choices,
)
from jamlik.programmes.authoring_forms import ModuleForm, ProgrammeForm, SessionForm
from jamlik.programmes.forms import seats_left
from jamlik.programmes.models import (
    ModuleKind,
    Programme,
    ProgrammeModule,
    ProgrammeStatus,
    RegistrationStatus,
    Session,
)


def _overview_url(programme: Programme, anchor: str = "") -> str:
    url = reverse("programmes:authoring", kwargs={"programme_id": programme.public_id})
    return f"{url}#{anchor}" if anchor else url


def _direction(request: HttpRequest) -> Literal["up", "down"]:
    value = request.POST.get("direction")
    if value == "up":
        return "up"
    if value == "down":
        return "down"
    raise Http404


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    if not may_author_programmes(request.user):
        raise Http404
    programmes = (
        authorable_programmes(request.user)
        .annotate(
            live=Count("registrations", filter=~Q(registrations__status=RegistrationStatus.CANCELLED), distinct=True)
        )
        .order_by("status", "-registration_deadline", "title")
    )
    return render(request, "programmes/authoring/list.html", {"programmes": list(programmes)})


@login_required
def new_programme(request: HttpRequest) -> HttpResponse:
    if not may_author_programmes(request.user):
        raise Http404
    form = ProgrammeForm(request.POST or None, organisers=organiser_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            programme = authoring.create_programme(
                authenticated_user(request),
                fields=form.details(),
                organisers=list(form.cleaned_data["organisers"]),
                trainers=form.cleaned_data["trainers"],
                questions=form.questions(),
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The programme is saved as a draft. Add its modules and sessions."))
            return redirect(_overview_url(programme))
    form.tie_errors()
    status = 400 if form.errors else 200
    return render(request, "programmes/authoring/programme_form.html", {"form": form}, status=status)


def _modules(programme: Programme) -> list[tuple[ProgrammeModule, list[tuple[Session, int]]]]:
    modules = programme.modules.select_related("course__published_version").order_by("position")
    sessions = (
        Session.objects.with_seats()
        .select_related("host_organisation")
        .filter(module__programme=programme)
        .order_by("starts_at", "pk")
    )
    by_module: dict[int, list[tuple[Session, int]]] = {}
    for session in sessions:
        by_module.setdefault(session.module_id, []).append((session, seats_left(session)))
    return [(m, by_module.get(m.pk, [])) for m in modules]


def _render_overview(
    request: HttpRequest, programme: Programme, module_form: ModuleForm | None = None, status_error: str = ""
) -> HttpResponse:
    form = module_form or ModuleForm(prefix="module", initial={"kind": ModuleKind.WEBINAR, "required": True})
    form.tie_errors()
    context: dict[str, Any] = {
        "programme": programme,
        "organisers": list(programme.organisers.order_by("name")),
        "modules": _modules(programme),
        "module_form": form,
        "problems": authoring.publish_problems(programme) if programme.status == ProgrammeStatus.DRAFT else [],
        "transitions": [ProgrammeStatus(s) for s in authoring.TRANSITIONS.get(programme.status, ())],
        "status_error": status_error,
    }
    bad = bool(module_form is not None and module_form.errors) or bool(status_error)
    return render(request, "programmes/authoring/overview.html", context, status=400 if bad else 200)


@login_required
def programme(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    return _render_overview(request, get_programme_for_organiser(request.user, programme_id))


@login_required
def details(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    item = get_programme_for_organiser(request.user, programme_id)
    form = ProgrammeForm(
        request.POST or None,
        organisers=organiser_choices(request.user),
        programme=item,
        initial=ProgrammeForm.initial_for(item),
    )
    if request.method == "POST" and form.is_valid():
        try:
            authoring.update_programme(
                authenticated_user(request),
                item,
                fields=form.details(),
                organisers=list(form.cleaned_data["organisers"]),
                trainers=form.cleaned_data["trainers"],
                questions=form.questions(),
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The programme details are saved."))
            return redirect(_overview_url(item))
    form.tie_errors()
    status = 400 if form.errors else 200
    return render(request, "programmes/authoring/programme_form.html", {"form": form, "programme": item}, status=status)


@login_required
@require_POST
def change_status(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    item = get_programme_for_organiser(request.user, programme_id)
    wanted = request.POST.get("status", "")
    if wanted not in ProgrammeStatus.values:
        raise Http404
    try:
        authoring.change_status(authenticated_user(request), item, wanted)
    except ValidationError as exc:
        return _render_overview(request, item, status_error=" ".join(exc.messages))
    messages.success(request, _("The programme is now “%(status)s”.") % {"status": ProgrammeStatus(wanted).label})
    return redirect(_overview_url(item, "status"))


@login_required
@require_POST
def add_module(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    item = get_programme_for_organiser(request.user, programme_id)
    form = ModuleForm(request.POST, prefix="module")
    if form.is_valid():
        try:
            module = authoring.add_module(authenticated_user(request), item, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The module “%(title)s” was added.") % {"title": module.title})
            return redirect(_overview_url(item, f"module-{module.pk}"))
    return _render_overview(request, item, module_form=form)


@login_required
def module(request: HttpRequest, programme_id: UUID, module_id: int) -> HttpResponse:
    item = get_programme_for_organiser(request.user, programme_id)
    found = get_module_in(item, module_id)
    initial = {
        "title": found.title,
        "kind": found.kind,
        "required": found.required,
        "description": found.description,
        "course": found.course,
    }
    form = ModuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            authoring.update_module(authenticated_user(request), found, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The module is saved."))
            return redirect(_overview_url(item, f"module-{found.pk}"))
    form.tie_errors()
    context = {"programme": item, "module": found, "form": form}
    return render(request, "programmes/authoring/module.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def move_module(request: HttpRequest, programme_id: UUID, module_id: int) -> HttpResponse:
    item = get_programme_for_organiser(request.user, programme_id)
    found = get_module_in(item, module_id)
    authoring.move_module(authenticated_user(request), found, _direction(request))
    return redirect(_overview_url(item, f"module-{found.pk}"))


@login_required
@require_POST
def remove_module(request: HttpRequest, programme_id: UUID, module_id: int) -> HttpResponse:
    item = get_programme_for_organiser(request.user, programme_id)
    found = get_module_in(item, module_id)
    try:
        authoring.remove_module(authenticated_user(request), found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_overview_url(item, f"module-{found.pk}"))
    messages.success(request, _("The module “%(title)s” was removed.") % {"title": found.title})
    return redirect(_overview_url(item, "modules"))


@login_required
def new_session(request: HttpRequest, programme_id: UUID, module_id: int) -> HttpResponse:
    item = get_programme_for_organiser(request.user, programme_id)
    found = get_module_in(item, module_id)
    if found.kind == ModuleKind.SELF_PACED:
        raise Http404
    first = item.organisers.order_by("name").first()
    initial = {"language": item.language, "host_organisation": first, "capacity": 30}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = authoring.add_session(authenticated_user(request), found, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The session on %(when)s was added.") % {"when": session})
            return redirect(_overview_url(item, f"module-{found.pk}"))
    form.tie_errors()
    context = {"programme": item, "module": found, "form": form}
    return render(request, "programmes/authoring/new_session.html", context, status=400 if form.errors else 200)
