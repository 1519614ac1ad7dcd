"""The test flush keeps content types and permissions and makes the ``Site`` row again (tests/flush.py).

Runs on either database: both flush through the same replaced command.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management import call_command

from jamlik.lib.site import SITE_NAME, site_domain
from jamlik.people.models import Organisation, User
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def flush() -> None:
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)


def test_a_flush_empties_the_data_but_keeps_the_rows_the_schema_makes() -> None:
    MembershipFactory()
    content_types = set(ContentType.objects.values_list("pk", "app_label", "model"))
    permissions = set(Permission.objects.values_list("pk", "codename"))
    assert ("people", "user") in {(app, model) for _, app, model in content_types}
    flush()
    assert not User.objects.exists()
    assert not Organisation.objects.exists()
    assert set(ContentType.objects.values_list("pk", "app_label", "model")) == content_types
    assert set(Permission.objects.values_list("pk", "codename")) == permissions


def test_the_other_post_migrate_handlers_still_run_after_a_flush() -> None:
    Site.objects.all().delete()
    flush()
    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == (site_domain(), SITE_NAME)


def test_a_flush_with_sequences_reset_is_django_own_and_makes_everything_again() -> None:
    Permission.objects.filter(codename="view_user").delete()
    call_command("flush", interactive=False, verbosity=0, reset_sequences=True)
    assert Permission.objects.filter(codename="view_user").exists()
