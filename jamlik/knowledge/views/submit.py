"""Writing good examples: my submissions, the form, attachments, submitting and withdrawing."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.knowledge import actions
from jamlik.knowledge.access import get_example_for_editor, may_change, may_submit, own_examples
from jamlik.knowledge.forms import AttachmentForm, ExampleForm
from jamlik.knowledge.models import EDITABLE_STATES, Example
from jamlik.lib.forms import add_action_errors
from jamlik.people.http import authenticated_user


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if not may_submit(user):
        raise Http404
    examples = own_examples(user).select_related("organisation").order_by("-updated_at", "pk")
    if user.is_programme_manager:  # they see everything in the review queue; here only their own
        examples = examples.filter(created_by=user)
    return render(request, "knowledge/mine.html", {"examples": list(examples)})


def _save(request: HttpRequest, form: ExampleForm) -> Example | None:
    if not form.is_valid():
        return None
    try:
        return actions.save_example(
            authenticated_user(request),
            form.save(commit=False),
            themes=form.cleaned_data["themes"],
            courses=form.cleaned_data["courses"],
            programmes=form.cleaned_data["programmes"],
        )
    except ValidationError as error:
        add_action_errors(form, error)  # type: ignore[arg-type]
        return None


@login_required
def new(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if not may_submit(user):
        raise Http404
    form = ExampleForm(request.POST or None, user=user)
    if request.method == "POST":
        example = _save(request, form)
        if example is not None:
            messages.success(request, _("The draft is saved. Add attachments, then submit it for review."))
            return redirect("knowledge:edit", example.public_id)
    return render(request, "knowledge/edit.html", {"form": form, "example": None}, status=400 if form.errors else 200)


@login_required
def edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = authenticated_user(request)
    example = get_example_for_editor(user, public_id)
    if not may_change(user, example):
        messages.info(request, _("A submitted or published example cannot be changed here."))
        return redirect("knowledge:example", example.public_id)
    form = ExampleForm(request.POST or None, instance=example, user=user)
    if request.method == "POST":
        saved = _save(request, form)
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect("knowledge:edit", saved.public_id)
    return _edit_page(request, example, form, AttachmentForm())


def _edit_page(request: HttpRequest, example: Example, form: ExampleForm, upload: AttachmentForm) -> HttpResponse:
    context = {
        "form": form,
        "example": example,
        "upload": upload,
        "attachments": list(example.attachments.all()),
        "may_submit_it": example.status in EDITABLE_STATES,
    }
    return render(request, "knowledge/edit.html", context, status=400 if form.errors or upload.errors else 200)


@login_required
@require_POST
def add_attachment(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = authenticated_user(request)
    example = get_example_for_editor(user, public_id)
    if not may_change(user, example):
        raise Http404
    upload = AttachmentForm(request.POST, request.FILES)
    if upload.is_valid():
        try:
            actions.add_attachment(user, example, upload.cleaned_data["file"])
        except ValidationError as error:
            upload.add_error("file", error)
        else:
            messages.success(request, _("The attachment is added."))
            return redirect("knowledge:edit", example.public_id)
    return _edit_page(request, example, ExampleForm(instance=example, user=user), upload)


@login_required
@require_POST
def remove_attachment(request: HttpRequest, public_id: UUID, attachment_id: UUID) -> HttpResponse:
    user = authenticated_user(request)
    example = get_example_for_editor(user, public_id)
    attachment = example.attachments.filter(public_id=attachment_id).first()
    if attachment is None or not may_change(user, example):
        raise Http404
    actions.remove_attachment(user, attachment)
    messages.success(request, _("The attachment is removed."))
    return redirect("knowledge:edit", example.public_id)


@login_required
@require_POST
def submit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = authenticated_user(request)
    example = get_example_for_editor(user, public_id)
    try:
        actions.submit_example(user, example)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("knowledge:example", example.public_id)
    messages.success(request, _("The example is submitted. A programme manager will review it."))
    return redirect("knowledge:mine")


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = authenticated_user(request)
    example = get_example_for_editor(user, public_id)
    try:
        actions.withdraw_example(user, example)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The example is withdrawn and no longer public."))
    return redirect("knowledge:example", example.public_id)
