"""The only ways views and the API reach examples, attachments, news and pages.

Each helper filters in the query and raises Http404 alike for "missing" and "not yours".
Published examples are public; every other state is seen only by the submitting organisation's
coordinators, the person who wrote it, and programme managers.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import Http404

from jamlik.knowledge.models import Attachment, ContentPage, Example, ExampleQuerySet, ExampleStatus, NewsItem
from jamlik.people.models import Organisation


def may_submit(user: Any) -> bool:
    """Coordinators (for their organisations) and programme managers write good examples."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_programme_manager) or Organisation.objects.coordinated_by(user).exists()


def submitting_organisations(user: Any) -> Any:
    """The organisations ``user`` may submit an example for."""
    if getattr(user, "is_programme_manager", False):
        return Organisation.objects.all()
    return Organisation.objects.coordinated_by(user)


def own_examples(user: Any) -> ExampleQuerySet:
    """Examples ``user`` works on: their organisations' and their own (all for a programme manager)."""
    if not getattr(user, "is_authenticated", False):
        return Example.objects.none()
    if user.is_programme_manager:
        return Example.objects.all()
    return Example.objects.filter(
        Q(organisation__in=Organisation.objects.coordinated_by(user)) | Q(created_by=user)
    ).distinct()


def get_example_for_viewer(user: Any, public_id: UUID) -> Example:
    """A published example, or one ``user`` works on in any state."""
    visible = Q(status=ExampleStatus.PUBLISHED) | Q(pk__in=own_examples(user).values("pk"))
    found = Example.objects.for_list().filter(visible, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def get_example_for_editor(user: Any, public_id: UUID) -> Example:
    found = own_examples(user).select_related("organisation").filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def review_queue(user: Any) -> ExampleQuerySet:
    if not getattr(user, "is_programme_manager", False):
        raise Http404
    return Example.objects.for_list().filter(status=ExampleStatus.SUBMITTED).order_by("submitted_at", "pk")


def get_example_for_review(user: Any, public_id: UUID) -> Example:
    if not getattr(user, "is_programme_manager", False):
        raise Http404
    found = Example.objects.for_list().filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def get_attachment_for_viewer(user: Any, example_id: UUID, public_id: UUID) -> Attachment:
    example = get_example_for_viewer(user, example_id)
    found = Attachment.objects.filter(example=example, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def get_public_news(public_id: UUID) -> NewsItem:
    found = NewsItem.objects.published().select_related("organisation").filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def get_content_page(slug: str) -> ContentPage:
    found = ContentPage.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def own_news(user: Any) -> Any:
    """News items ``user`` writes: their organisations' (all, and platform-wide ones, for a programme manager)."""
    if not getattr(user, "is_authenticated", False):
        return NewsItem.objects.none()
    if user.is_programme_manager:
        return NewsItem.objects.all()
    return NewsItem.objects.filter(organisation__in=Organisation.objects.coordinated_by(user))


def get_news_for_editor(user: Any, public_id: UUID) -> NewsItem:
    found = own_news(user).select_related("organisation").filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]
