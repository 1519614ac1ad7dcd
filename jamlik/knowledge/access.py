"""The only ways views and the API reach examples, attachments, news and pages.

Each helper filters in the query and raises Http404 alike for "missing" and "not yours".
Published examples are public; every other state is seen only by the submitting organisation's
coordinators, the person who wrote it, and programme managers.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from jamlik.knowledge.models import (
    EDITABLE_STATES,
    Attachment,
    ContentPage,
    Example,
    ExampleQuerySet,
    ExampleStatus,
    NewsItem,
)
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


def may_change(user: Any, example: Example) -> bool:
    """A submitted or published example is changed by programme managers only."""
    return example.status in EDITABLE_STATES or bool(getattr(user, "is_programme_manager", False))


def check_may_write(actor: Any, example: Example, *, changing: bool = True) -> None:
    """What the actions on an example's text, attachments and state check first: the same people
    as ``own_examples`` (and, for a new example or another organisation, ``submitting_organisations``);
    with ``changing``, only while it is a draft unless they are a programme manager. ``None`` is
    the platform itself (the demo data). ``PermissionDenied`` otherwise."""
    if actor is None:
        return
    stored = None
    if example.pk is not None:
        stored = own_examples(actor).filter(pk=example.pk).values_list("organisation_id", flat=True).first()
        if stored is None:
            raise PermissionDenied
    moved = stored != example.organisation_id
    if moved and not submitting_organisations(actor).filter(pk=example.organisation_id).exists():
        raise PermissionDenied
    if changing and not may_change(actor, example):
        raise PermissionDenied


def check_may_review(actor: Any) -> None:
    """Asking for changes and publishing: programme managers (``review_queue``); ``None`` is the platform."""
    if actor is not None and not getattr(actor, "is_programme_manager", False):
        raise PermissionDenied


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


def check_may_write_news(actor: Any, item: NewsItem) -> None:
    """What saving a news item checks first: the same people as ``own_news``, for the item as
    stored and as it will be (platform-wide news: programme managers). ``None`` is the platform."""
    if actor is None or getattr(actor, "is_programme_manager", False):
        return
    mine = Organisation.objects.coordinated_by(actor)
    if item.pk is not None and not own_news(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    if item.organisation_id is None or not mine.filter(pk=item.organisation_id).exists():
        raise PermissionDenied


def get_news_for_editor(user: Any, public_id: UUID) -> NewsItem:
    found = own_news(user).select_related("organisation").filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]
