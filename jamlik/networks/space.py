"""What members do in a network's space: threads and posts, moderation, meetings, documents.

Each action runs in one transaction and writes one audit entry; emails about a new post are
rendered at once and sent after commit. Callers reach the network through
``jamlik.networks.access`` first; each action checks first that the place is its actor's and
what it acts on is in that network (``access.check_place_of``, ``PermissionDenied``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.lib.mail import send_email
from jamlik.networks.access import Place, check_place_of
from jamlik.networks.models import (
    Document,
    DocumentVersion,
    Meeting,
    MemberState,
    NetworkMember,
    Notify,
    Post,
    PostReport,
    Thread,
    snapshot,
)
from jamlik.people.models import User

EMPTY = "empty"
FILE_TYPE = "file_type"
FILE_SIZE = "file_size"
ALREADY = "already"
TIMES = "times"

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

# Extension: (content type sent on download, the bytes the file must start with; None for text).
ALLOWED_FILES: dict[str, tuple[str, bytes | None]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", b"PK\x03\x04"),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", b"PK\x03\x04"),
    ".odp": ("application/vnd.oasis.opendocument.presentation", b"PK\x03\x04"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".txt": ("text/plain; charset=utf-8", None),
    ".csv": ("text/csv; charset=utf-8", None),
}


def _refuse(field: str | None, message: str, code: str) -> ValidationError:
    if field is None:
        return ValidationError(message, code=code)
    return ValidationError({field: ValidationError(message, code=code)})


# --- Threads and posts --------------------------------------------------------------------


def _tell_each_post_members(post: Post) -> None:
    thread = post.thread
    network = thread.network
    recipients = NetworkMember.objects.filter(
        network=network, state=MemberState.ACTIVE, notify=Notify.EACH_POST
    ).select_related("user")
    if post.author_id is not None:
        recipients = recipients.exclude(user_id=post.author_id)
    path = reverse("networks:thread", args=[network.slug, thread.public_id])
    author = post.author.display_name() if post.author else ""
    for member in recipients:
        send_email(
            member.user.email,
            "networks_post",
            {"network": network, "thread": thread, "post": post, "author": author, "path": path},
            member.user.preferred_language,
        )


@transaction.atomic
def start_thread(actor: User, place: Place, *, title: str, body: str) -> Thread:
    membership = check_place_of(actor, place)
    title, body = title.strip(), body.strip()
    if not title:
        raise _refuse("title", _("Give the thread a title."), EMPTY)
    if not body:
        raise _refuse("body", _("Write a message."), EMPTY)
    now = timezone.now()
    thread = Thread.objects.create(network=place.network, title=title[:200], started_by=actor, last_post_at=now)
    post = Post.objects.create(thread=thread, author=actor, body=body)
    record(
        "networks.thread.start", actor=actor, organisation=membership.organisation, target=thread, summary=thread.title
    )
    _tell_each_post_members(post)
    return thread


@transaction.atomic
def reply(actor: User, place: Place, thread: Thread, body: str) -> Post:
    membership = check_place_of(actor, place, thread.network_id)
    body = body.strip()
    if not body:
        raise _refuse("body", _("Write a message."), EMPTY)
    post = Post.objects.create(thread=thread, author=actor, body=body)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    record("networks.post.create", actor=actor, organisation=membership.organisation, target=post, summary=thread.title)
    _tell_each_post_members(post)
    return post


@transaction.atomic
def hide_post(actor: User, place: Place, post: Post, reason: str) -> Post:
    check_place_of(actor, place, post.thread.network_id, moderator=True)
    reason = reason.strip()
    if not reason:
        raise _refuse("reason", _("Say why the post is hidden; the author and the other moderators see it."), EMPTY)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_hidden:
        raise _refuse(None, _("The post is already hidden."), ALREADY)
    now = timezone.now()
    post.hidden_at, post.hidden_by, post.hidden_reason = now, actor, reason[:300]
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    PostReport.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=now, resolved_by=actor)
    record("networks.post.hide", actor=actor, target=post, summary=reason[:300], after=snapshot(post, "hidden_reason"))
    return post


@transaction.atomic
def unhide_post(actor: User, place: Place, post: Post) -> Post:
    check_place_of(actor, place, post.thread.network_id, moderator=True)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not post.is_hidden:
        raise _refuse(None, _("The post is not hidden."), ALREADY)
    before = snapshot(post, "hidden_reason")
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    record("networks.post.unhide", actor=actor, target=post, before=before)
    return post


@transaction.atomic
def report_post(actor: User, place: Place, post: Post, reason: str) -> PostReport:
    membership = check_place_of(actor, place, post.thread.network_id)
    reason = reason.strip()
    if not reason:
        raise _refuse("reason", _("Say what is wrong with the post, so the moderators can judge it."), EMPTY)
    if PostReport.objects.filter(post=post, reported_by=actor, resolved_at__isnull=True).exists():
        raise _refuse(None, _("You have already reported this post; the moderators will look at it."), ALREADY)
    report = PostReport.objects.create(post=post, reported_by=actor, reason=reason[:500])
    record("networks.post.report", actor=actor, organisation=membership.organisation, target=report, summary=reason)
    return report


@transaction.atomic
def dismiss_report(actor: User, place: Place, report: PostReport) -> PostReport:
    check_place_of(actor, place, report.post.thread.network_id, moderator=True)
    report = PostReport.objects.select_for_update().get(pk=report.pk)
    if report.resolved_at is not None:
        raise _refuse(None, _("This report is already dealt with."), ALREADY)
    report.resolved_at, report.resolved_by = timezone.now(), actor
    report.save(update_fields=["resolved_at", "resolved_by"])
    record("networks.report.dismiss", actor=actor, target=report, summary=report.reason[:300])
    return report


# --- Meetings -----------------------------------------------------------------------------


@dataclass
class MeetingFields:
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str = ""
    online_url: str = ""
    agenda: str = ""
    minutes: str = ""
    session_id: int | None = None


MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url", "agenda", "minutes", "session_id")


def _check_times(fields: MeetingFields) -> None:
    if fields.ends_at <= fields.starts_at:
        raise _refuse("ends_at", _("The meeting must end after it starts."), TIMES)


@transaction.atomic
def add_meeting(actor: User, place: Place, fields: MeetingFields) -> Meeting:
    check_place_of(actor, place, moderator=True)
    _check_times(fields)
    meeting = Meeting.objects.create(network=place.network, created_by=actor, **fields.__dict__)
    record(
        "networks.meeting.create",
        actor=actor,
        target=meeting,
        summary=meeting.title,
        after=snapshot(meeting, "starts_at", "ends_at", "session_id"),
    )
    return meeting


@transaction.atomic
def change_meeting(actor: User, place: Place, meeting: Meeting, fields: MeetingFields) -> Meeting:
    check_place_of(actor, place, meeting.network_id, moderator=True)
    _check_times(fields)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = snapshot(meeting, *MEETING_FIELDS)
    for name, value in fields.__dict__.items():
        setattr(meeting, name, value)
    meeting.save()
    record(
        "networks.meeting.change",
        actor=actor,
        target=meeting,
        summary=meeting.title,
        before=before,
        after=snapshot(meeting, *MEETING_FIELDS),
    )
    return meeting


# --- Documents ----------------------------------------------------------------------------


def _looks_like_utf8(head: bytes) -> bool:
    """UTF-8 text; a character cut at the end of the sample still counts."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3 and len(head) == 4096
    return True


def check_file(upload: UploadedFile[bytes]) -> tuple[str, str]:
    """The file's clean name and the content type to send it with, or a refusal (type, size, contents)."""
    name = Path(upload.name or "").name.strip() or "document"
    suffix = Path(name).suffix.lower()
    allowed = ALLOWED_FILES.get(suffix)
    if allowed is None:
        kinds = ", ".join(sorted(k.lstrip(".") for k in ALLOWED_FILES))
        raise _refuse(
            "file", _("This type of file cannot be shared. Allowed: %(kinds)s.") % {"kinds": kinds}, FILE_TYPE
        )
    if (upload.size or 0) > MAX_DOCUMENT_BYTES:
        raise _refuse(
            "file",
            _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            FILE_SIZE,
        )
    if not upload.size:
        raise _refuse("file", _("The file is empty."), FILE_SIZE)
    content_type, magic = allowed
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if magic is not None and not head.startswith(magic):
        raise _refuse(
            "file", _("The file's contents do not match its name (%(suffix)s).") % {"suffix": suffix}, FILE_TYPE
        )
    if magic is None and (b"\x00" in head or not _looks_like_utf8(head)):
        raise _refuse("file", _("A text file must be plain text (UTF-8)."), FILE_TYPE)
    return name[:200], content_type


def _store_version(actor: User, document: Document, upload: UploadedFile[bytes], note: str) -> DocumentVersion:
    filename, content_type = check_file(upload)
    number = (DocumentVersion.objects.filter(document=document).aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        filename=filename,
        content_type=content_type,
        size=upload.size or 0,
        note=note.strip()[:300],
        uploaded_by=actor,
    )
    version.file.save(filename, upload, save=False)
    try:
        version.save()
    except Exception:
        version.file.delete(save=False)  # no row, no file
        raise
    return version


@transaction.atomic
def add_document(actor: User, place: Place, *, title: str, description: str, upload: UploadedFile[bytes]) -> Document:
    membership = check_place_of(actor, place)
    title = title.strip() or Path(upload.name or "").stem
    check_file(upload)
    document = Document.objects.create(
        network=place.network, title=title[:200], description=description.strip()[:500], created_by=actor
    )
    version = _store_version(actor, document, upload, "")
    record(
        "networks.document.create",
        actor=actor,
        organisation=membership.organisation,
        target=document,
        summary=f"{document.title} ({version.filename})",
    )
    return document


@transaction.atomic
def add_version(
    actor: User, place: Place, document: Document, upload: UploadedFile[bytes], note: str = ""
) -> DocumentVersion:
    membership = check_place_of(actor, place, document.network_id)
    document = Document.objects.select_for_update().get(pk=document.pk)
    version = _store_version(actor, document, upload, note)
    document.save(update_fields=["updated_at"])
    record(
        "networks.document.version",
        actor=actor,
        organisation=membership.organisation,
        target=document,
        summary=f"{document.title} v{version.number} ({version.filename})",
    )
    return version
