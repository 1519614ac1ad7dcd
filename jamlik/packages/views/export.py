"""Downloading a course version as a SCORM package, for the course's authors."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from jamlik.courses.authoring.access import get_course_for_author
from jamlik.courses.models import CourseVersion
from jamlik.packages.export import STANDARDS, ExportError, export_version


@login_required
def export_scorm(request: HttpRequest, course_id: str, number: int, standard: str) -> HttpResponseBase:
    """404 for a course the person may not author, a version it does not have, an unknown standard."""
    course = get_course_for_author(request.user, course_id)
    version = CourseVersion.objects.filter(course=course, number=number).first()
    if version is None or standard not in STANDARDS:
        raise Http404
    version.course = course
    target = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    try:
        summary = export_version(version, standard, target)
    except ExportError as exc:
        target.close()
        messages.error(request, str(exc))
        return redirect("courses:authoring:course", course_id=course_id)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=summary.filename, content_type="application/zip")
