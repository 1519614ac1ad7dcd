"""Writing news: the list of one's news items, and the form to write or change one."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jamlik.knowledge.access import get_news_for_editor, may_submit, own_news
from jamlik.knowledge.forms import NewsForm
from jamlik.knowledge.models import NewsItem
from jamlik.knowledge.news_actions import save_news
from jamlik.lib.forms import add_action_errors
from jamlik.people.http import authenticated_user


@login_required
def my_news(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if not may_submit(user):
        raise Http404
    items = own_news(user).select_related("organisation").order_by("-created_at", "-pk")[:200]
    return render(request, "knowledge/my_news.html", {"items": list(items)})


def _news_form(request: HttpRequest, item: NewsItem) -> HttpResponse:
    user = authenticated_user(request)
    form = NewsForm(request.POST or None, instance=item, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_news(user, form.save(commit=False), publish=form.cleaned_data["publish"])
        except ValidationError as error:
            add_action_errors(form, error)  # type: ignore[arg-type]
        else:
            messages.success(
                request, _("The news item is published.") if saved.published_at else _("The draft is saved.")
            )
            return redirect("knowledge:my_news")
    context = {"form": form, "item": item if item.pk else None}
    return render(request, "knowledge/news_form.html", context, status=400 if form.errors else 200)


@login_required
def new_news(request: HttpRequest) -> HttpResponse:
    if not may_submit(request.user):
        raise Http404
    return _news_form(request, NewsItem())


@login_required
def edit_news(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _news_form(request, get_news_for_editor(request.user, public_id))
