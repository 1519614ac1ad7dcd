"""The privacy pages that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.utils import timezone

from jamlik.privacy.models import DataExport, ExportState
from jamlik.retention.catalogue import RuleKey
from jamlik.retention.models import RetentionRule
from tests.browser.check import Cast, Check
from tests.privacy.kit import fill


def _no_capture(**_kwargs: Any) -> contextlib.AbstractContextManager[None]:
    return contextlib.nullcontext()  # the live server's transactions commit: callbacks run by themselves


def data_in_every_app(cast: Cast) -> None:
    fill(cast.coordinator_a, cast.org_a, cast.programme_manager, _no_capture, language="sv")


def an_expired_download(cast: Cast) -> None:
    made = DataExport.objects.create(
        person=cast.learner_a,
        state=ExportState.EXPIRED,
        finished_at=timezone.now() - datetime.timedelta(days=8),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    cast.extra["export"] = str(made.public_id)


def an_organisations_own_rules(cast: Cast) -> None:
    RetentionRule.objects.create(organisation=cast.org_a, key=RuleKey.LESSON_PROGRESS, amount=6)


def ask_for_a_download(page: Any) -> None:
    page.locator("form[action$='/ladda-ner/'] button[type=submit]").click()
    page.wait_for_load_state()


PAGES: list[Check] = [
    Check("my-data-everything", "/min-sida/mina-uppgifter/", viewer="coordinator_a", setup=data_in_every_app),
    Check("my-data-download", "/min-sida/mina-uppgifter/", viewer="learner_a", then=ask_for_a_download),
    Check(
        "my-data-download-gone",
        lambda cast: f"/min-sida/mina-uppgifter/ladda-ner/{cast.extra['export']}/",
        viewer="learner_a",
        setup=an_expired_download,
        status=410,
    ),
    Check(
        "privacy-organisation-rules",
        lambda cast: f"/integritet/?organisation={cast.org_a.slug}",
        setup=an_organisations_own_rules,
    ),
]
