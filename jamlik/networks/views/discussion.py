"""Discussions: the thread list, a thread with its replies, a new thread; hiding and reporting posts."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.networks import space
from jamlik.networks.access import (
    Place,
    get_member_place,
    get_moderated_place,
    get_post_in,
    get_readable_place,
    get_report_in,
    get_thread_in,
    open_reports,
    posts_of,
    threads_of,
)
from jamlik.networks.forms import PostForm, ReasonForm, ReportForm, ThreadForm
from jamlik.networks.models import Post, Thread
from jamlik.people.http import authenticated_user

THREADS_PER_PAGE = 25


@login_required
def threads(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_readable_place(request.user, slug)
    page = Paginator(threads_of(place.network, include_hidden=place.is_moderator), THREADS_PER_PAGE).get_page(
        request.GET.get("sida")
    )
    context = {"place": place, "network": place.network, "page": page}
    return render(request, "networks/threads.html", context)


def _thread_page(
    request: HttpRequest, place: Place, thread: Thread, form: PostForm | None = None, status: int = 200
) -> HttpResponse:
    posts = list(posts_of(thread))
    context = {
        "place": place,
        "network": place.network,
        "thread": thread,
        "posts": posts,
        "form": form or PostForm(),
    }
    return render(request, "networks/thread.html", context, status=status)


@login_required
def thread(request: HttpRequest, slug: str, thread_id: UUID) -> HttpResponse:
    place = get_readable_place(request.user, slug)
    found = get_thread_in(place.network, thread_id)
    if request.method == "POST":
        place = get_member_place(request.user, slug)
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                post = space.reply(authenticated_user(request), place, found, form.cleaned_data["body"])
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("Your reply is posted."))
                return redirect(f"{request.path}#post-{post.public_id}")
        return _thread_page(request, place, found, form, status=400)
    return _thread_page(request, place, found)


@login_required
def new_thread(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_member_place(request.user, slug)
    form = ThreadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            started = space.start_thread(authenticated_user(request), place, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Your thread is started."))
            return redirect("networks:thread", slug=slug, thread_id=started.public_id)
    context = {"place": place, "network": place.network, "form": form}
    return render(request, "networks/new_thread.html", context, status=400 if form.errors else 200)


def _back_to(post: Post, slug: str) -> HttpResponse:
    return redirect("networks:thread", slug=slug, thread_id=post.thread.public_id)


@login_required
def hide(request: HttpRequest, slug: str, post_id: UUID) -> HttpResponse:
    place = get_moderated_place(request.user, slug)
    post = get_post_in(place.network, post_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            space.hide_post(authenticated_user(request), place, post, form.cleaned_data["reason"])
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The post is hidden."))
            return _back_to(post, slug)
    context = {"place": place, "network": place.network, "post": post, "form": form}
    return render(request, "networks/hide.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def unhide(request: HttpRequest, slug: str, post_id: UUID) -> HttpResponse:
    place = get_moderated_place(request.user, slug)
    post = get_post_in(place.network, post_id)
    try:
        space.unhide_post(authenticated_user(request), place, post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The post is shown again."))
    return _back_to(post, slug)


@login_required
def report(request: HttpRequest, slug: str, post_id: UUID) -> HttpResponse:
    place = get_member_place(request.user, slug)
    post = get_post_in(place.network, post_id)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            space.report_post(authenticated_user(request), place, post, form.cleaned_data["reason"])
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Thank you. The moderators will look at the post."))
            return _back_to(post, slug)
    context = {"place": place, "network": place.network, "post": post, "form": form}
    return render(request, "networks/report.html", context, status=400 if form.errors else 200)


@login_required
def reports(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_moderated_place(request.user, slug)
    context = {"place": place, "network": place.network, "reports": list(open_reports(place.network))}
    return render(request, "networks/reports.html", context)


@login_required
@require_POST
def dismiss(request: HttpRequest, slug: str, report_id: UUID) -> HttpResponse:
    place = get_moderated_place(request.user, slug)
    found = get_report_in(place.network, report_id)
    space.dismiss_report(authenticated_user(request), place, found)
    messages.success(request, _("The report is dismissed; the post stays visible."))
    return redirect("networks:reports", slug=slug)
