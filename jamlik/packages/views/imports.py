"""Authors' pages for packages: upload a package as a new course or a new version, and a version's
package page (standard, table of contents, what was recognised). Settings, audience, diploma and
publishing stay on the course authoring pages."""

from __future__ import annotations

from typing import IO, Any, cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from jamlik.courses.authoring.access import (
    authorable_courses,
    draft_of,
    get_course_for_author,
    is_programme_manager,
    may_author,
    owner_choices,
)
from jamlik.courses.models import CourseVersion, Delivery
from jamlik.packages.actions import import_package
from jamlik.packages.forms import PackageUploadForm, PackageVersionForm
from jamlik.packages.models import Package, PackageItem
from jamlik.packages.zipcheck import PackageRejected
from jamlik.people.http import authenticated_user


def get_package_for_author(user: object, version_id: UUID) -> Package:
    """The package of a version whose course ``user`` may author; 404 for missing and for not theirs."""
    return get_object_or_404(
        Package.objects.select_related("version__course__owner", "created_by"),
        version__public_id=version_id,
        version__course__in=authorable_courses(user),
    )


def _import(request: HttpRequest, form: PackageVersionForm, **kw: object) -> CourseVersion | None:
    file = cast(UploadedFile[bytes], form.cleaned_data["package"])
    try:
        return import_package(
            authenticated_user(request),
            cast(IO[bytes], file),
            filename=file.name or "",
            **kw,  # type: ignore[arg-type]
        )
    except PackageRejected as exc:
        for message in exc.messages:
            form.add_error("package", message)
    except PermissionDenied as exc:  # the form offers only what the person may choose
        raise Http404 from exc
    return None


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if not may_author(request.user):
        raise Http404
    user = authenticated_user(request)
    form = PackageUploadForm(
        request.POST or None,
        request.FILES or None,
        owners=owner_choices(user),
        owner_required=not is_programme_manager(user),
    )
    if request.method == "POST" and form.is_valid():
        version = _import(
            request, form, organisation=form.cleaned_data["owner"], language=form.cleaned_data["language"]
        )
        if version is not None:
            messages.success(
                request,
                _("The package was imported as a draft course. Check its settings, then publish it."),
            )
            return redirect("packages:package", version_id=version.public_id)
    return render(request, "packages/upload.html", {"form": form})


@login_required
def new_version(request: HttpRequest, course_id: UUID) -> HttpResponse:
    course = get_course_for_author(request.user, course_id)
    latest = CourseVersion.objects.filter(course=course).order_by("-number").first()
    if latest is None or latest.delivery != Delivery.SCORM:
        raise Http404
    form = PackageVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        version = _import(request, form, course=course)
        if version is not None:
            messages.success(
                request,
                _("Version %(n)d is a new draft. Learners keep the version they started until you publish this one.")
                % {"n": version.number},
            )
            return redirect("packages:package", version_id=version.public_id)
    context = {"form": form, "course": course, "version": latest, "draft": draft_of(course)}
    return render(request, "packages/new_version.html", context)


@login_required
def package(request: HttpRequest, version_id: UUID) -> HttpResponse:
    item = get_package_for_author(request.user, version_id)
    version = item.version
    items = list(item.items.order_by("position"))
    children: dict[int | None, list[PackageItem]] = {}
    for row in items:
        children.setdefault(row.parent_id, []).append(row)

    def nodes(parent: int | None) -> list[tuple[PackageItem, list[Any]]]:
        return [(row, nodes(row.pk)) for row in children.get(parent, [])]

    context = {
        "package": item,
        "version": version,
        "course": version.course,
        "nodes": nodes(None),
        "launchable": sum(1 for row in items if row.is_launchable),
        "sequencing": bool(item.sequencing) or any(row.sequencing for row in items),
    }
    return render(request, "packages/package.html", context)
