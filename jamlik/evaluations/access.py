"""Who sees and sets which evaluation, and the only way views reach them.

Course evaluations belong to the course's authors (programme managers, and the coordinators of the
organisation that owns the course: ``courses.authoring.access``); programme evaluations to the
programme's organisers (programme managers, and the coordinators of an organising organisation:
``programmes.organiser.may_organise``). The ``get_*`` helpers raise Http404 for "missing" and for
"not yours" alike; ``check_may_organise`` is what the actions check (PermissionDenied).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from jamlik.courses.authoring.access import authorable_courses, check_may_author, is_programme_manager
from jamlik.courses.models import Course
from jamlik.evaluations.rounds import Occasion, attended_bookings_of, completions_of
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import User
from jamlik.programmes.models import Programme
from jamlik.programmes.organiser import may_organise


def evaluable_courses(user: Any) -> QuerySet[Course]:
    return authorable_courses(user)


def evaluable_programmes(user: Any) -> QuerySet[Programme]:
    if is_programme_manager(user):
        return Programme.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    return Programme.objects.filter(organisers__in=coordinated_organisations(user)).distinct()


def may_see_results(user: Any) -> bool:
    return is_programme_manager(user) or (
        getattr(user, "is_authenticated", False) and coordinated_organisations(user).exists()
    )


def _key(key: str) -> Q:
    """A slug, or the id (UUID) where the key is one, as the API's paths take."""
    try:
        return Q(public_id=uuid.UUID(key))
    except ValueError:
        return Q(slug=key)


def get_course_for_organiser(user: Any, key: str) -> Course:
    course = evaluable_courses(user).select_related("published_version", "owner").filter(_key(key)).first()
    if course is None:
        raise Http404
    return course


def get_programme_for_organiser(user: Any, key: str) -> Programme:
    programme = evaluable_programmes(user).filter(_key(key)).first()
    if programme is None:
        raise Http404
    return programme


def check_may_organise(actor: Any, *, course: Course | None = None, programme: Programme | None = None) -> None:
    """An evaluation's questions and results: the course's authors or the programme's organisers.
    ``None`` is the platform itself (the demo data)."""
    if actor is None:
        return
    if course is not None:
        check_may_author(actor, course.owner)
        return
    if programme is None or not may_organise(actor, programme):
        raise PermissionDenied


def get_course_occasion(user: User, public_id: Any) -> Occasion:
    completion = completions_of(user).filter(public_id=public_id).first()
    if completion is None:
        raise Http404
    return Occasion(completion=completion)


def get_session_occasion(user: User, public_id: Any) -> Occasion:
    """An attended session of the person's (404 before they are marked present)."""
    booking = attended_bookings_of(user).filter(public_id=public_id).first()
    if booking is None:
        raise Http404
    return Occasion(booking=booking)
