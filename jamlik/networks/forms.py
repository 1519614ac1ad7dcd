"""Forms for networks: typed input at the HTML edge; the actions do the rest."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.networks.models import Meeting, MemberRole, Notify, Visibility
from jamlik.networks.space import MAX_DOCUMENT_BYTES, MeetingFields
from jamlik.programmes.models import ProgrammeStatus, Session, SessionStatus

ACCEPT = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.txt,.csv"


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short address"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. jamstalldhet-lan."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown. Anyone who sees the network reads it."),
    )
    visibility = forms.ChoiceField(label=_("Who may join"), choices=Visibility.choices, widget=forms.RadioSelect)


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("A message to the moderators (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person to invite"))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class NotifyForm(forms.Form):
    notify = forms.ChoiceField(label=_("Email about new posts"), choices=Notify.choices, widget=forms.RadioSelect)


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italic*, lists and links."),
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italic*, lists and links."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with this post?"), max_length=500)


def _size_help() -> str:
    return str(_("At most %(mb)s MB. PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, text or CSV.")) % {
        "mb": MAX_DOCUMENT_BYTES // (1024 * 1024)
    }


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description (optional)"), max_length=500, required=False)
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _size_help()


class VersionForm(forms.Form):
    file = forms.FileField(label=_("New version"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    note = forms.CharField(label=_("What changed (optional)"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _size_help()


class SessionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Session) -> str:
        when = timezone.localtime(obj.starts_at)
        return f"{obj.module.programme.title}: {obj.module.title}, {when:%Y-%m-%d %H:%M}"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts (Stockholm time)"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (Stockholm time)"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(
        label=_("Place"), max_length=300, required=False, help_text=_("Address and room, if in person.")
    )
    online_url = forms.URLField(label=_("Online meeting link"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6}), help_text=_("Markdown.")
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6}), help_text=_("Markdown.")
    )
    session = SessionChoiceField(
        label=_("A session of a programme (optional)"),
        queryset=Session.objects.none(),
        required=False,
        help_text=_("Participants then register and are marked present through the programme."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        since = timezone.now() - datetime.timedelta(days=365)
        self.fields["session"].queryset = (  # type: ignore[attr-defined]
            Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gte=since)
            .exclude(module__programme__status=ProgrammeStatus.DRAFT)
            .select_related("module__programme")
            .order_by("starts_at")
        )

    @classmethod
    def for_meeting(cls, meeting: Meeting) -> MeetingForm:
        return cls(
            initial={
                "title": meeting.title,
                "starts_at": timezone.localtime(meeting.starts_at),
                "ends_at": timezone.localtime(meeting.ends_at),
                "place": meeting.place,
                "online_url": meeting.online_url,
                "agenda": meeting.agenda,
                "minutes": meeting.minutes,
                "session": meeting.session_id,
            }
        )

    def fields_for_action(self) -> MeetingFields:
        data = self.cleaned_data
        session = data.get("session")
        return MeetingFields(
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place=data.get("place", ""),
            online_url=data.get("online_url", ""),
            agenda=data.get("agenda", ""),
            minutes=data.get("minutes", ""),
            session_id=session.pk if session else None,
        )
