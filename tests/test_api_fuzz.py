"""A bounded schemathesis run over every API operation, in-process through WSGI (no network).

Each operation of the OpenAPI document gets a fixed number of generated requests, valid ones
and ones that break the schema (NUL characters, huge numbers and odd dates among them), each
sent with the personal token of a coordinator or of a programme manager, against the demo data
(and a small campaign). Half of the requests put real ids and slugs from that data into the
path, so operations get past their 404 and read and write real objects. The checks: no answer
is a server error, and every answer is one the document gives for that operation: its status,
its media type (every error a problem document, RFC 9457), its body valid against the schema
and its documented headers. Failures are gathered over all operations, so one run names every
broken operation. The run is derandomised: the same requests every time.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from importlib import import_module
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jamlik import demo
from jamlik.campaigns.models import Campaign, Participant
from jamlik.courses.models import Course, CourseVersion, Lesson
from jamlik.credentials.models import Diploma
from jamlik.knowledge.models import Example
from jamlik.networks.models import Network, Thread
from jamlik.people import actions
from jamlik.people.models import (
    EmailDomain,
    HeadcountDeclaration,
    Invitation,
    InviteLink,
    Membership,
    Organisation,
    Unit,
    User,
)
from jamlik.programmes.models import Programme, ProgrammeModule, Registration, Session
from jamlik.statistics import measures
from jamlik.strategies.models import Response, Round, Strategy
from tests.campaigns.factories import make_campaign

# The same on either database and long: once, in the PostgreSQL run (whose errors on NUL
# characters and out-of-range numbers are the ones to catch; docs/operations.md).
pytestmark = pytest.mark.heavy

# A modest fixed number keeps the suite fast; JAMLIK_FUZZ_EXAMPLES=500 makes a deep run.
EXAMPLES_PER_OPERATION = int(os.environ.get("JAMLIK_FUZZ_EXAMPLES", "10"))
MOST_FAILURES_SHOWN_PER_OPERATION = 3
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


PROGRAMME_MANAGER = "programansvarig@lansstyrelsen.se"  # the demo's, who authors its courses and programmes


def public_ids(model: Any) -> Callable[[], list[str]]:
    return lambda: [str(v) for v in model.objects.values_list("public_id", flat=True)[:20]]


REAL_VALUES: dict[str, Callable[[], list[str]]] = {
    "slug": lambda: [
        *Organisation.objects.values_list("slug", flat=True)[:10],
        *Network.objects.values_list("slug", flat=True)[:10],
    ],
    "org_slug": lambda: list(Organisation.objects.values_list("slug", flat=True)[:20]),
    "organisation_id": lambda: [
        *(str(v) for v in Organisation.objects.values_list("public_id", flat=True)[:10]),
        *Organisation.objects.values_list("slug", flat=True)[:10],
    ],
    "member_id": public_ids(Membership),
    "unit_id": public_ids(Unit),
    "domain_id": public_ids(EmailDomain),
    "declaration_id": public_ids(HeadcountDeclaration),
    "invitation_id": public_ids(Invitation),
    "link_id": public_ids(InviteLink),
    "course": lambda: [*public_ids(Course)()[:10], *Course.objects.values_list("slug", flat=True)[:10]],
    "version": public_ids(CourseVersion),
    "diploma": public_ids(Diploma),
    "lesson_id": public_ids(Lesson),
    "campaign_id": public_ids(Campaign),
    "participant_id": public_ids(Participant),
    "programme_id": public_ids(Programme),
    "programme": lambda: [*public_ids(Programme)(), *Programme.objects.values_list("slug", flat=True)[:5]],
    "module_id": public_ids(ProgrammeModule),
    "registration_id": public_ids(Registration),
    "session_id": public_ids(Session),
    "example_id": public_ids(Example),
    "thread_id": public_ids(Thread),
    "round_id": public_ids(Round),
    "response_id": public_ids(Response),
    "strategy_id": public_ids(Strategy),
    "code": lambda: list(Diploma.objects.values_list("code", flat=True)[:20]),
    "measure": lambda: [m.key for m in measures.MEASURES],
    "dimension": lambda: ["organisation", "county", "unit", "item"],
}


def load_data() -> None:
    """The demo data, with one small running campaign instead of the demo's thousands of completions."""
    for path in demo.LOADERS:
        if path != "jamlik.campaigns.demo":
            import_module(path).load()
    course = Course.objects.filter(published_version__isnull=False).order_by("pk").first()
    organisations = Organisation.objects.filter(slug__in=["sater", "gagnef"])
    make_campaign(dict.fromkeys(organisations, 100), courses=[course], slug="fuzz-kampanj")


def what_is_wrong(case: Any, response: Any) -> str | None:
    try:
        case.validate_response(response, checks=CHECKS)
    except FailureGroup as group:
        return "; ".join(describe(failure) for failure in group.exceptions)
    return None


def describe(failure: Failure) -> str:
    return f"{failure.title}: {failure.message}".replace("\n", " ")[:400]


def fuzz_operation(
    operation: Any,
    roles: dict[str, dict[str, str]],
    real: dict[str, list[str]],
    statuses: Counter[int],
    problem_types: set[str],
) -> list[str]:
    found: list[str] = []

    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases, use_real=st.booleans(), pick=st.integers(0, 1000), role=st.sampled_from(sorted(roles)))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any, use_real: bool, pick: int, role: str) -> None:
        if use_real and case.path_parameters:
            for name in case.path_parameters:
                values = real.get(name) or []
                if values:
                    case.path_parameters[name] = values[pick % len(values)]
        response = case.call(headers=roles[role])
        statuses[response.status_code // 100 * 100] += 1
        if response.headers.get("content-type", [""])[0].startswith("application/problem+json"):
            problem_types.add(str(response.json().get("type")))
        wrong = what_is_wrong(case, response)
        if wrong is not None and len(found) < MOST_FAILURES_SHOWN_PER_OPERATION:
            found.append(
                f"{role}: {case.method} {case.formatted_path} query={case.query!r} body={case.body!r:.200} "
                f"answered {response.status_code}: {wrong}"
            )

    run()
    return found


@pytest.fixture
def connection_kept_per_request() -> Iterator[None]:
    """As Django's test client does: the WSGI handler would close the test's connection after each
    request (it is not in autocommit inside the test transaction), losing the data on PostgreSQL."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("connection_kept_per_request")
def test_every_generated_request_gets_an_answer_the_document_gives(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    load_data()
    roles = {}
    for role, email in (("coordinator", "samordnare@sater.se"), ("programme manager", PROGRAMME_MANAGER)):
        _token, raw = actions.create_api_token(User.objects.get(email=email), name="fuzz")
        roles[role] = {"Authorization": f"Bearer {raw}"}
    real = {name: values() for name, values in REAL_VALUES.items()}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

    started, cpu = time.monotonic(), time.process_time()
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    problem_types: set[str] = set()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        failures.extend(
            f"{operation.label}: {f}" for f in fuzz_operation(operation, roles, real, statuses, problem_types)
        )
    took, took_cpu = time.monotonic() - started, time.process_time() - cpu
    print(
        f"\nschemathesis: {operations} operations, {took:.1f} s ({took_cpu:.1f} s CPU), answers by class {sorted(statuses.items())}"
    )
    assert operations >= 45  # every operation of the document was reached
    assert failures == [], "\n".join(failures)
    assert "about:blank" in problem_types
    for problem_type in problem_types - {"about:blank"}:  # a type's address is a page describing it
        assert problem_type.startswith(f"{settings.SITE_URL}/"), problem_type
        assert Client().get(problem_type.removeprefix(settings.SITE_URL)).status_code == 200, problem_type
