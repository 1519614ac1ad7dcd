"""The PostgreSQL flush after a transactional test (tests/flush.py) leaves every table empty."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from jamlik.people.models import Organisation, User
from tests.conftest import on_postgres
from tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not on_postgres(), reason="the replaced flush is PostgreSQL's (SQLite deletes already)"),
    pytest.mark.django_db(transaction=True),
]


def flush() -> None:
    # As after a transactional test: no sequence reset (with one, Django's TRUNCATE ... RESTART IDENTITY stays).
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)


def test_the_flush_deletes_rows_that_reference_each_other() -> None:
    MembershipFactory()  # a person, an organisation and the membership between them
    assert "DELETE FROM" in connection.ops.sql_flush(no_style(), ["people_user"])[0]
    flush()
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_what_delete_cannot_empty_falls_back_to_truncate() -> None:
    MembershipFactory()
    table = User._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'rows of % are never deleted', TG_TABLE_NAME; END $$"
        )
        cursor.execute(
            f'CREATE TRIGGER refuse_delete BEFORE DELETE ON "{table}" FOR EACH ROW EXECUTE FUNCTION refuse_delete()'
        )
    try:
        flush()
        assert not User.objects.exists()
        assert not Organisation.objects.exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TRIGGER refuse_delete ON "{table}"')
            cursor.execute("DROP FUNCTION refuse_delete()")


def test_the_test_database_commits_without_waiting_for_the_disk() -> None:
    # tests/conftest.py (django_db_setup): set on the database, so a new connection has it too.
    from django.db import connections

    with connections.create_connection("default").cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("off",)
