"""Funded projects (programme managers): list, create, change, and the participants export."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jamlik.people.http import authenticated_user
from jamlik.statistics import actions
from jamlik.statistics.access import get_project_for_manager, require_manager
from jamlik.statistics.dashboards import intro, project_tables
from jamlik.statistics.exports import workbook_response
from jamlik.statistics.forms import ProjectForm
from jamlik.statistics.models import FundedProject


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    projects = FundedProject.objects.order_by("-starts_on", "name")
    return render(request, "statistics/projects.html", {"projects": projects})


def _show_errors(form: ProjectForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _save(request: HttpRequest, project: FundedProject | None) -> HttpResponse:
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tags = {k: data.pop(k) for k in ("courses", "programmes", "campaigns")}
        try:
            saved = actions.save_project(authenticated_user(request), project, **tags, **data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The funded project is saved."))
            return redirect("statistics:project", saved.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "statistics/project_form.html", {"form": form, "project": project}, status=status)


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    return _save(request, None)


@login_required
def project_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _save(request, get_project_for_manager(request.user, public_id))


@login_required
def project_export(request: HttpRequest, public_id: UUID) -> HttpResponse:
    project = get_project_for_manager(request.user, public_id)
    filters, tables = project_tables(project)
    lines = intro(f"{project.name} ({project.funder} {project.project_number})".strip(), filters)
    return workbook_response(tables, lines, f"{slugify(project.name)}-{project.starts_on.year}")
