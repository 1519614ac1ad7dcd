"""State changes of good examples: save, submit, ask for changes, publish, withdraw, attachments.

Each checks its actor first (``access.check_may_write``, ``check_may_review``), then is one
transaction with one audit entry; emails go out after commit. Transitions lock the
example's row and re-check its state, so two reviewers clicking at once cannot both act.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.knowledge.access import check_may_review, check_may_write
from jamlik.knowledge.attachments import MAX_PER_EXAMPLE, check_upload
from jamlik.knowledge.models import EDITABLE_STATES, Attachment, Example, ExampleStatus
from jamlik.knowledge.search import START, STOP, update_search_vector
from jamlik.lib.mail import send_email
from jamlik.people.models import User


def _locked(example: Example) -> Example:
    return (
        Example.objects.select_for_update(of=("self",)).select_related("organisation", "created_by").get(pk=example.pk)
    )


def _tell_submitter(example: Example, template: str, actor: Any) -> None:
    person = example.created_by
    if person is None or person == actor or not person.is_active:
        return
    send_email(person.email, template, {"example": example, "person": person}, person.preferred_language)


def save_example(
    actor: User,
    example: Example,
    *,
    themes: Iterable[Any],
    courses: Iterable[Any] = (),
    programmes: Iterable[Any] = (),
    partners: Iterable[Any] | None = None,
) -> Example:
    """Create or change an example (a new one starts as a draft); a published one is re-indexed."""
    check_may_write(actor, example)
    if example.summary:
        example.summary = example.summary.replace(START, "").replace(STOP, "")
    if example.county_id is None and example.organisation_id is not None:
        example.county_id = example.organisation.county_id
    with transaction.atomic():
        is_new = example.pk is None
        if is_new:
            example.created_by = actor
            example.status = ExampleStatus.DRAFT
        example.full_clean(exclude=["themes", "courses", "programmes", "partners", "search_vector"])
        example.save()
        example.themes.set(themes)
        example.courses.set(courses)
        example.programmes.set(programmes)
        if partners is not None:
            example.partners.set(partners)
        if example.status == ExampleStatus.PUBLISHED:
            update_search_vector(example)
        record(
            "example.created" if is_new else "example.changed",
            actor=actor,
            organisation=example.organisation,
            target=example,
            summary=example.title,
            after={"status": example.status},
        )
    return example


def submit_example(actor: User, example: Example) -> Example:
    check_may_write(actor, example, changing=False)
    with transaction.atomic():
        example = _locked(example)
        if example.status not in EDITABLE_STATES:
            raise ValidationError(_("This example is already submitted or published."))
        before = example.status
        example.status = ExampleStatus.SUBMITTED
        example.submitted_at = timezone.now()
        example.save(update_fields=["status", "submitted_at", "updated_at"])
        record(
            "example.submitted",
            actor=actor,
            organisation=example.organisation,
            target=example,
            summary=example.title,
            before={"status": before},
            after={"status": example.status},
        )
    return example


def request_changes(actor: User, example: Example, comment: str) -> Example:
    check_may_review(actor)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Write what should change, so the submitter knows what to do.")})
    with transaction.atomic():
        example = _locked(example)
        if example.status != ExampleStatus.SUBMITTED:
            raise ValidationError(_("Changes can only be requested for a submitted example."))
        example.status = ExampleStatus.CHANGES_REQUESTED
        example.review_comment = comment
        example.save(update_fields=["status", "review_comment", "updated_at"])
        record(
            "example.changes_requested",
            actor=actor,
            organisation=example.organisation,
            target=example,
            summary=comment,
            before={"status": ExampleStatus.SUBMITTED},
            after={"status": example.status},
        )
        _tell_submitter(example, "knowledge_changes_requested", actor)
    return example


def publish_example(actor: User, example: Example) -> Example:
    """Publish a submitted example (a programme manager may also publish a draft or a withdrawn one)."""
    check_may_review(actor)
    with transaction.atomic():
        example = _locked(example)
        if example.status == ExampleStatus.PUBLISHED:
            raise ValidationError(_("The example is already published."))
        before = example.status
        example.status = ExampleStatus.PUBLISHED
        example.review_comment = ""
        example.published_at = example.published_at or timezone.now()
        example.save(update_fields=["status", "review_comment", "published_at", "updated_at"])
        update_search_vector(example)
        record(
            "example.published",
            actor=actor,
            organisation=example.organisation,
            target=example,
            summary=example.title,
            before={"status": before},
            after={"status": example.status},
        )
        _tell_submitter(example, "knowledge_published", actor)
    return example


def withdraw_example(actor: User, example: Example) -> Example:
    check_may_write(actor, example, changing=False)
    with transaction.atomic():
        example = _locked(example)
        if example.status != ExampleStatus.PUBLISHED:
            raise ValidationError(_("Only a published example can be withdrawn."))
        example.status = ExampleStatus.WITHDRAWN
        example.save(update_fields=["status", "updated_at"])
        record(
            "example.withdrawn",
            actor=actor,
            organisation=example.organisation,
            target=example,
            summary=example.title,
            before={"status": ExampleStatus.PUBLISHED},
            after={"status": example.status},
        )
    return example


def add_attachment(actor: User, example: Example, upload: UploadedFile[Any]) -> Attachment:
    check_may_write(actor, example)
    name, kind = check_upload(upload)
    with transaction.atomic():
        example = _locked(example)
        if example.attachments.count() >= MAX_PER_EXAMPLE:
            raise ValidationError(_("An example can have at most %(n)d attachments.") % {"n": MAX_PER_EXAMPLE})
        attachment = Attachment(
            example=example, name=name, content_type=kind.content_type, size=upload.size or 0, uploaded_by=actor
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        stored = attachment.file.name
        record(
            "example.attachment_added",
            actor=actor,
            organisation=example.organisation,
            target=example,
            summary=name,
            after={"file": stored, "size": attachment.size},
        )
    return attachment


def remove_attachment(actor: User, attachment: Attachment) -> None:
    example = attachment.example
    check_may_write(actor, example)
    with transaction.atomic():
        name = attachment.name
        stored = attachment.file.name or ""
        attachment.delete()
        record(
            "example.attachment_removed",
            actor=actor,
            organisation=example.organisation,
            target=example,
            summary=name,
            before={"file": stored},
        )
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
