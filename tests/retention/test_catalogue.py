"""The data catalogue: every declared model exists, every model holding a person is declared, and
rules in force come from the organisation, then the platform, then the default."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from jamlik.retention import catalogue
from jamlik.retention.catalogue import KINDS, RULES, LegalBasis, OnErasure, Purpose, RuleKey
from jamlik.retention.models import RetentionRule

# Models that point at a person but are not personal data of their own: working rows of a job
# (deleted with the job), or the person as someone who did something (covered by audit entries).
NOT_A_KIND = {
    "credentials.BulkIssueLine",  # a line of a bulk issuing job, pruned with the job (prune_bulk_issues)
    "campaigns.DigestSent",  # one row per digest email sent, so none is sent twice
    "identity.RosterLine",
    "identity.RosterImport",
    # A person's download of their own data: a job row whose file expire_data_exports deletes after
    # a week; the row keeps only when it was asked for and made (jamlik/privacy, docs/privacy.md).
    "privacy.DataExport",
}


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_declared_model_exists() -> None:
    for kind in KINDS:
        for label in kind.models:
            assert apps.get_model(label) is not None, (kind.key, label)


def test_every_model_owned_by_a_person_is_declared() -> None:
    declared = {label for kind in KINDS for label in kind.models}
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("jamlik."):
            continue
        for field in model._meta.get_fields():
            owner = (
                isinstance(field, models.ForeignKey)
                and field.related_model is user_model
                and not field.null
                and field.remote_field.on_delete in (models.CASCADE, models.PROTECT)
            )
            if owner and _label(model) not in declared | NOT_A_KIND:
                missing.append(_label(model))
    assert missing == []


def test_declarations_are_complete() -> None:
    assert len({k.key for k in KINDS}) == len(KINDS)
    assert set(RULES) == set(RuleKey)
    for kind in KINDS:
        assert kind.purpose in Purpose and kind.legal_basis in LegalBasis
        assert kind.visible_to
        # Whatever stays after erasure says why, on the erasure page.
        assert (kind.on_erasure == OnErasure.DELETED) == (kind.why_kept is None), kind.key
    assert catalogue.kind("reflections").retention.key == RuleKey.REFLECTIONS
    assert [k.key for k in catalogue.kinds_for_rule(RuleKey.LESSON_PROGRESS)] == ["lesson_progress"]


def test_calendar_months_and_years() -> None:
    at = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert catalogue.rule(RuleKey.LESSON_PROGRESS).before(at, 1) == datetime.datetime(
        2026, 2, 28, 12, tzinfo=datetime.UTC
    )
    assert catalogue.rule(RuleKey.LESSON_PROGRESS).before(at, 15) == datetime.datetime(
        2024, 12, 31, 12, tzinfo=datetime.UTC
    )
    assert catalogue.rule(RuleKey.INACTIVE_ACCOUNTS).before(at, 2) == datetime.datetime(
        2024, 3, 31, 12, tzinfo=datetime.UTC
    )
    assert catalogue.rule(RuleKey.SIGN_IN_SESSIONS).before(at, 31) == datetime.datetime(
        2026, 2, 28, 12, tzinfo=datetime.UTC
    )


@pytest.mark.django_db
def test_organisation_then_platform_then_default(org_a, org_b, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    RetentionRule.objects.create(organisation=org_a, key=RuleKey.LESSON_PROGRESS, amount=6)
    RetentionRule.objects.create(organisation=None, key=RuleKey.LESSON_PROGRESS, amount=24)
    RetentionRule.objects.create(organisation=org_a, key=RuleKey.API_TOKENS, amount=5)  # platform-wide: ignored
    with django_assert_num_queries(1):
        periods = catalogue.periods_for(organisation=org_a)
    assert periods[RuleKey.LESSON_PROGRESS].amount == 6 and periods[RuleKey.LESSON_PROGRESS].overridden
    assert periods[RuleKey.API_TOKENS].amount == RULES[RuleKey.API_TOKENS].amount
    assert catalogue.period_for(RuleKey.LESSON_PROGRESS, org_b).amount == 24
    assert catalogue.period_for(RuleKey.REFLECTIONS, org_b).amount == RULES[RuleKey.REFLECTIONS].amount
    assert catalogue.period_for(RuleKey.LESSON_PROGRESS).amount == 24
