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
"""

from __future__ import annotations

from typing import Any

_installed = False


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
