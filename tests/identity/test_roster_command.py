"""`jamlik roster-import`: the same check and change from the command line, with --dry-run for the preview."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jamlik.people.models import Membership, MembershipSource, Organisation, User
from tests.factories import MembershipFactory, UserFactory
from tests.identity.roster_kit import excel_csv


@pytest.mark.django_db
def test_a_dry_run_shows_the_preview_and_changes_nothing_then_the_run_applies_it(
    org_a: Organisation, tmp_path: Path
) -> None:
    MembershipFactory(user=UserFactory(email="gone@sater.se"), organisation=org_a, source=MembershipSource.ROSTER)
    path = tmp_path / "personal.csv"
    path.write_bytes(excel_csv([("ny@sater.se", "Ny", "Person", "Kultur")]))
    out = StringIO()
    call_command("roster_import", org_a.slug, str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "dry run" in text and "1 join" in text and "row 2: ny@sater.se Kultur" in text
    assert "1 leave" in text and "gone@sater.se" in text and "1 new units" in text
    assert not User.objects.filter(email="ny@sater.se").exists()
    assert Membership.objects.open().filter(user__email="gone@sater.se").exists()
    call_command("roster_import", org_a.slug, str(path), stdout=StringIO())
    assert Membership.objects.open().get(user__email="ny@sater.se").source == MembershipSource.ROSTER
    assert not Membership.objects.open().filter(user__email="gone@sater.se").exists()


@pytest.mark.django_db
def test_a_bad_file_is_refused_with_every_row_named(org_a: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "personal.csv"
    path.write_bytes(excel_csv([("nej", "A", "B", ""), ("nej", "A", "B", "")]))
    with pytest.raises(CommandError) as refused:
        call_command("roster_import", org_a.slug, str(path))
    assert "row 2, email" in str(refused.value) and "row 3, email" in str(refused.value)
