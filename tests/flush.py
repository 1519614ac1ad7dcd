"""Emptying the PostgreSQL test database after a transactional test with DELETE, not TRUNCATE.

A test that commits (``transaction=True``, ``transactional_db``, every browser test through the
live server) ends with Django's ``flush``, which on PostgreSQL is one ``TRUNCATE`` of every table.
TRUNCATE gives each of the ~125 tables and their indexes new files and drops the old ones, which
takes seconds even when the tables hold a handful of rows; DELETE of those rows takes a tenth of
a second. Measured on this machine under the same load (load average 15): TRUNCATE of the test
database's 125 tables 7.2 to 8.8 s, DELETE of all of them 0.5 to 0.8 s. The suite has ~300 such tests.

The result is the same empty database: sequences go on in both cases (Django's flush after a
test does not reset them), and Django's foreign keys are deferrable, so the DELETEs run in any
order and the constraints are checked at the end of the block. Whatever DELETE cannot do (a
foreign key that is not deferrable, a trigger refusing deletes) rolls the block back to its
start and falls back to Django's own TRUNCATE inside the same statement, so a table added later
can never leave rows behind. ``reset_sequences`` and ``allow_cascade`` keep Django's TRUNCATE.

The flush also keeps the content types and permissions (``keep_what_the_schema_makes``, on either
database). Django's flush empties those tables and then sends ``post_migrate`` to every app,
whose handlers make them again: ~270 queries and a commit per app, for rows that are a function
of the models alone and that no test changes. Measured on the test database under load: a flush
took 1.1 to 3.5 s with that and 0.15 to 0.22 s without it. The other ``post_migrate`` handlers
(the ``Site`` row) still run after every flush, so what they make is there as before.
"""

from __future__ import annotations

from typing import Any

_installed = False
_kept_installed = False

# Tables whose rows depend on the models only; made by the two handlers below at migrate time.
KEPT_TABLES = frozenset({"django_content_type", "auth_permission"})


def delete_instead_of_truncate() -> None:
    """Replace PostgreSQL's ``sql_flush`` for this test process (idempotent)."""
    global _installed
    if _installed:
        return
    try:
        from django.db.backends.postgresql.operations import DatabaseOperations
    except ImportError:  # no PostgreSQL driver: the SQLite run deletes already
        return
    truncate = DatabaseOperations.sql_flush

    def sql_flush(
        self: Any, style: Any, tables: list[str], *, reset_sequences: bool = False, allow_cascade: bool = False
    ) -> list[str]:
        statements: list[str] = truncate(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not tables or reset_sequences or allow_cascade:
            return statements
        deletes = " ".join(f"DELETE FROM {self.quote_name(table)};" for table in tables)  # noqa: S608 (table names, quoted)
        fallback = " ".join(statements)
        return [
            "DO $flush$ BEGIN SET CONSTRAINTS ALL DEFERRED; "
            f"{deletes} SET CONSTRAINTS ALL IMMEDIATE; "
            f"EXCEPTION WHEN OTHERS THEN {fallback} END $flush$;"
        ]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
    _installed = True


def keep_what_the_schema_makes() -> None:
    """Make the test process's ``flush`` keep content types and permissions (idempotent)."""
    global _kept_installed
    if _kept_installed:
        return
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.core.management import sql
    from django.core.management.commands import flush
    from django.db.models.signals import post_migrate

    kept = {"last": False}

    def sql_flush(style: Any, connection: Any, reset_sequences: bool = True, allow_cascade: bool = False) -> list[str]:
        kept["last"] = not reset_sequences and not allow_cascade
        if not kept["last"]:
            return sql.sql_flush(style, connection, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        statements: list[str] = connection.ops.sql_flush(
            style, [table for table in tables if table not in KEPT_TABLES], reset_sequences=False
        )
        return statements

    def emit_post_migrate_signal(verbosity: int, interactive: bool, db: str, **kwargs: Any) -> None:
        if not kept["last"]:
            sql.emit_post_migrate_signal(verbosity, interactive, db, **kwargs)
            return
        # Every handler but the two whose tables were kept.
        post_migrate.disconnect(create_contenttypes)
        post_migrate.disconnect(dispatch_uid="django.contrib.auth.management.create_permissions")
        try:
            sql.emit_post_migrate_signal(verbosity, interactive, db, **kwargs)
        finally:
            post_migrate.connect(create_contenttypes)
            post_migrate.connect(create_permissions, dispatch_uid="django.contrib.auth.management.create_permissions")

    flush.sql_flush = sql_flush  # type: ignore[assignment]
    flush.emit_post_migrate_signal = emit_post_migrate_signal  # type: ignore[assignment]
    _kept_installed = True
