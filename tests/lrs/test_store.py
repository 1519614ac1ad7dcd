"""The store: validation all or nothing, what the LRS adds, idempotency, conflicts, voiding, isolation."""

from __future__ import annotations

import uuid

import pytest

from jamlik.lrs.models import Statement
from jamlik.lrs.store import Conflict, StatementQuery, query_statements, store_statements, visible
from jamlik.lrs.validation import StatementError
from jamlik.people.models import Organisation
from tests.lrs.kit import make_client, new_id, statement

pytestmark = pytest.mark.django_db


def test_the_lrs_fills_in_id_stored_timestamp_authority_and_version(org_a: Organisation) -> None:
    client, _secret = make_client(org_a)
    [ident] = store_statements(client, [statement()], organisation=org_a)
    row = Statement.objects.get(statement_id=ident)
    assert row.data["id"] == str(ident)
    assert row.data["stored"] == row.data["timestamp"]
    assert row.data["authority"]["account"]["name"] == client.key
    assert row.data["version"] == "2.0.0"
    assert row.organisation == org_a and row.client == client


def test_a_bad_statement_in_a_batch_stores_nothing(org_a: Organisation) -> None:
    bad = statement(verb={"id": "not an iri"})
    with pytest.raises(StatementError, match=r"statement\.verb\.id"):
        store_statements(None, [statement(), bad], organisation=org_a)
    assert not Statement.objects.exists()


def test_same_id_same_content_is_stored_once_and_other_content_conflicts(org_a: Organisation) -> None:
    ident = new_id()
    store_statements(None, [statement(id=ident)], organisation=org_a)
    store_statements(None, [statement(id=ident)], organisation=org_a)
    assert Statement.objects.count() == 1
    with pytest.raises(Conflict):
        store_statements(
            None, [statement(id=ident, verb={"id": "http://adlnet.gov/expapi/verbs/failed"})], organisation=org_a
        )
    assert Statement.objects.count() == 1


def test_ids_are_per_organisation(org_a: Organisation, org_b: Organisation) -> None:
    ident = new_id()
    store_statements(None, [statement(id=ident)], organisation=org_a)
    other = statement(id=ident, verb={"id": "http://adlnet.gov/expapi/verbs/failed"})
    store_statements(None, [other], organisation=org_b)  # no conflict: org_a's ids are not org_b's business
    assert Statement.objects.filter(statement_id=ident).count() == 2


def test_voiding_hides_the_target_and_a_voiding_statement_cannot_be_voided(org_a: Organisation) -> None:
    target = new_id()
    store_statements(None, [statement(id=target)], organisation=org_a)
    voiding = statement(
        id=new_id(),
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": target},
    )
    store_statements(None, [voiding], organisation=org_a)
    assert Statement.objects.get(statement_id=target).voided
    void_the_voiding = statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": voiding["id"]},
    )
    with pytest.raises(StatementError):
        store_statements(None, [void_the_voiding], organisation=org_a)
    rows, _more = query_statements(visible(org_a, every_organisation=False), StatementQuery())
    assert [str(row.data["id"]) for row in rows] == [voiding["id"]]


def test_an_organisation_reads_only_its_own_and_a_platform_client_reads_all(
    org_a: Organisation, org_b: Organisation
) -> None:
    store_statements(None, [statement()], organisation=org_a)
    store_statements(None, [statement()], organisation=org_b)
    mine, _more = query_statements(visible(org_a, every_organisation=False), StatementQuery())
    every, _more = query_statements(visible(None, every_organisation=True), StatementQuery())
    assert len(mine) == 1 and len(every) == 2


def test_filters_by_agent_verb_activity_and_related(org_a: Organisation) -> None:
    registration = str(uuid.uuid4())
    teacher = {"mbox": "mailto:teacher@example.org"}
    store_statements(
        None,
        [
            statement(
                context={
                    "registration": registration,
                    "instructor": teacher,
                    "contextActivities": {"parent": [{"id": "https://jamlik.example/program/1"}]},
                }
            ),
            statement(actor={"mbox": "mailto:bea@example.org"}, verb={"id": "http://adlnet.gov/expapi/verbs/failed"}),
        ],
        organisation=org_a,
    )
    base = visible(org_a, every_organisation=False)

    def count(**filters: object) -> int:
        return len(query_statements(base, StatementQuery(**filters))[0])  # type: ignore[arg-type]

    assert count(agent="mbox:mailto:ada@example.org") == 1
    assert count(agent="mbox:mailto:teacher@example.org") == 0
    assert count(agent="mbox:mailto:teacher@example.org", related_agents=True) == 1
    assert count(verb="http://adlnet.gov/expapi/verbs/failed") == 1
    assert count(activity="https://jamlik.example/program/1") == 0
    assert count(activity="https://jamlik.example/program/1", related_activities=True) == 1
    assert count(registration=uuid.UUID(registration)) == 1


def test_more_continues_after_the_last_shown_while_statements_arrive(org_a: Organisation) -> None:
    store_statements(None, [statement() for _ in range(5)], organisation=org_a)
    base = visible(org_a, every_organisation=False)
    first, after = query_statements(base, StatementQuery(limit=2))
    store_statements(None, [statement() for _ in range(3)], organisation=org_a)
    second, after2 = query_statements(base, StatementQuery(limit=2, after=after))
    third, after3 = query_statements(base, StatementQuery(limit=2, after=after2))
    seen = [row.seq for row in first + second + third]
    assert len(set(seen)) == 5 and seen == sorted(seen, reverse=True)
    assert after3 is None
