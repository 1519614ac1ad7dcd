"""The programme managers' review: the queue of submitted examples, and one example to publish or return."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jamlik.knowledge import actions
from jamlik.knowledge.access import get_example_for_review, review_queue
from jamlik.knowledge.forms import CommentForm
from jamlik.knowledge.models import ExampleStatus
from jamlik.lib.forms import add_action_errors
from jamlik.people.http import authenticated_user


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    examples = list(review_queue(request.user))
    return render(request, "knowledge/review_queue.html", {"examples": examples})


@login_required
def review(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = authenticated_user(request)
    example = get_example_for_review(user, public_id)
    form = CommentForm()
    if request.method == "POST":
        decision = request.POST.get("decision")
        form = CommentForm(request.POST)
        try:
            if decision == "publish":
                actions.publish_example(user, example)
                messages.success(request, _("The example is published."))
                return redirect("knowledge:example", example.public_id)
            if decision == "changes" and form.is_valid():
                actions.request_changes(user, example, form.cleaned_data["comment"])
                messages.success(request, _("The submitter is asked for changes by email."))
                return redirect("knowledge:review_queue")
            if decision not in ("publish", "changes"):
                form.add_error(None, _("Choose to publish or to ask for changes."))
        except ValidationError as error:
            add_action_errors(form, error)
    context = {
        "example": example,
        "form": form,
        "attachments": list(example.attachments.all()),
        "can_decide": example.status == ExampleStatus.SUBMITTED,
    }
    return render(request, "knowledge/review.html", context, status=400 if form.errors else 200)
