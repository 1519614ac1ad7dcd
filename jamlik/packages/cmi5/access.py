"""A learner reaches only their own cmi5 courses: 404 alike for missing and not theirs."""

from __future__ import annotations

import uuid

from django.http import Http404

from jamlik.courses.models import Delivery, Enrolment
from jamlik.packages.models import ItemKind, PackageItem
from jamlik.people.models import User


def get_enrolment_for_learner(user: User, version_public_id: uuid.UUID) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("course", "version__package")
        .filter(user=user, version__public_id=version_public_id, version__delivery=Delivery.CMI5)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def get_au_for_learner(user: User, item_public_id: uuid.UUID) -> PackageItem:
    item = (
        PackageItem.objects.select_related("package__version")
        .filter(
            public_id=item_public_id,
            kind=ItemKind.AU,
            package__version__delivery=Delivery.CMI5,
            package__version__enrolments__user=user,
        )
        .first()
    )
    if item is None:
        raise Http404
    return item
