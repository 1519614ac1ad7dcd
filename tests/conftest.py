"""The shared test base: a named cast used across the whole suite.

- ``org_a`` and ``org_b``: two municipalities.
- ``learner_a``: a learner in organisation A.
- ``coordinator_a`` / ``coordinator_b``: coordinators of A and of B.
- ``programme_manager``: runs courses, campaigns and programmes at a county board.
- ``administrator``: platform staff.
- anonymous visitors use the plain ``client`` fixture.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from jamlik.lib.env import cache_from_url
from jamlik.people.models import MembershipRole, Organisation, PlatformRole, User
from jamlik.web import notices
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.flush import delete_instead_of_truncate, keep_what_the_schema_makes
from tests.identity.oidc_op import _op_process, op  # noqa: F401 (a real OpenID provider: tests/identity, tests/browser)

# Servers a test process starts once and shares (a session- or module-scoped fixture) and the
# modules whose tests use one. `make test` distributes with `--dist loadgroup`: the scheduler
# below sends each such group of modules to one worker, so the server starts once a run, not
# once a worker. (pytest-xdist's own `xdist_group` marks are silently ignored under pytest 9.2:
# pytest-dev/pytest-xdist#1386.) A test using the OpenID provider is also `heavy`: it runs once
# (on PostgreSQL when JAMLIK_TEST_DATABASE_URL is set, see the Makefile).
SHARED_SERVERS = {
    "openid-provider": {
        "tests/identity/test_oidc_accounts.py",
        "tests/identity/test_oidc_registering.py",
        "tests/identity/test_oidc_sign_in.py",
        "tests/identity/test_provider_pages.py",
        "tests/identity/test_sign_in_page.py",
    },
    "nginx": {"tests/deploy/test_nginx.py"},
}
_GROUP_OF = {module: group for group, modules in SHARED_SERVERS.items() for module in modules}

# After a transactional test the PostgreSQL test database is emptied with DELETE (tests/flush.py).
delete_instead_of_truncate()
keep_what_the_schema_makes()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database on PostgreSQL commits without waiting for the disk.

    ``synchronous_commit = off`` keeps every guarantee a test looks at (a commit is atomic and at
    once visible to every other connection, locks and constraints unchanged); it only stops
    waiting for the write-ahead log to reach the disk, which matters after a power cut, never in a
    test database. Each commit otherwise waits for an fsync: measured on this machine, 200
    commits took 2.3 s with it and 0.27 s without. Set on the database, so the servers and
    workers that tests start as processes get it too.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor != "postgresql":
                continue
            name = connection.ops.quote_name(connection.settings_dict["NAME"])
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER DATABASE {name} SET synchronous_commit TO off")
            connection.close()  # the next connection starts with the database's setting


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class BySharedServer(LoadGroupScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return _GROUP_OF.get(nodeid.split("::", 1)[0]) or str(super()._split_scope(nodeid))

    return BySharedServer(config, log)


@pytest.hookimpl(tryfirst=True)  # before `-m` selects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "_op_process" in getattr(item, "fixturenames", ()):
            module = item.nodeid.split("::", 1)[0]
            if module not in SHARED_SERVERS["openid-provider"]:
                raise pytest.UsageError(
                    f"{module} uses the OpenID provider: add it to SHARED_SERVERS in tests/conftest.py"
                )
            item.add_marker(pytest.mark.heavy)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: object, tmp_path: Path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # Private uploads (network documents, attachments, evidence) go to a fresh folder per test.
    settings.PRIVATE_ROOT = tmp_path / "private"  # type: ignore[attr-defined]
    # Each test starts with an empty cache, so rate limits from one test never leak into another.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # type: ignore[attr-defined]
    cache.clear()
    # The process's copy of the notices (jamlik/web/notices.py) may hold a rolled-back test's rows.
    # Each test starts with the copy of an empty table, as its database is (every notice a test
    # makes is saved, which empties the copy), and it lives as long as the test: otherwise the
    # first page of a test would read the notices and the next not, and query counts comparing
    # them would differ by one (or a slow machine would read them again mid-test).
    notices._kept = (time.monotonic() + 24 * 3600, [])
    settings.JAMLIK_NOTICE_CACHE_SECONDS = 24 * 3600  # type: ignore[attr-defined]


# The real Redis for the tests that must work with either cache (JAMLIK_CACHE_URL). The database
# number comes with the address so helpers and CI runs can keep apart; every test writes under
# its own key prefix and deletes only its own keys (a FLUSHDB would empty a neighbour's).
TEST_REDIS_URL = os.environ.get("JAMLIK_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def _redis_answers() -> str | None:
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        return f"Redis does not answer at {TEST_REDIS_URL} ({error})"
    return None


def _use_cache(settings: Any, kind: str) -> Iterator[None]:
    if kind == "database":
        settings.CACHES = {"default": cache_from_url("")}
        call_command("createcachetable", verbosity=0)
        cache.clear()
        yield
        return
    problem = _redis_answers()
    if problem:
        if os.environ.get("JAMLIK_REQUIRE_REDIS") == "1":
            pytest.fail(f"{problem}; JAMLIK_REQUIRE_REDIS=1 requires the Redis tests to run", pytrace=False)
        pytest.skip(f"{problem}: the Redis variant is left out (CI sets JAMLIK_REQUIRE_REDIS=1)")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**cache_from_url(TEST_REDIS_URL), "KEY_PREFIX": prefix}}
    yield
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]  # Django's RedisCache client
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(params=["database", "redis"])
def any_cache(request: pytest.FixtureRequest, settings: Any, db: None) -> Iterator[None]:
    """The test runs once with each production cache: the database cache and the real Redis."""
    yield from _use_cache(settings, request.param)


@pytest.fixture
def redis_cache(settings: Any, db: None) -> Iterator[None]:
    yield from _use_cache(settings, "redis")


@pytest.fixture
def org_a(db: None) -> Organisation:
    return OrganisationFactory(name="Säters kommun", slug="sater")


@pytest.fixture
def org_b(db: None) -> Organisation:
    return OrganisationFactory(name="Gagnefs kommun", slug="gagnef")


@pytest.fixture
def learner_a(org_a: Organisation) -> User:
    user = UserFactory(email="lina@sater.se", name="Lina Lärande")
    MembershipFactory(user=user, organisation=org_a, role=MembershipRole.LEARNER)
    return user


@pytest.fixture
def coordinator_a(org_a: Organisation) -> User:
    user = UserFactory(email="malin@sater.se", name="Malin Samordnare")
    MembershipFactory(user=user, organisation=org_a, role=MembershipRole.COORDINATOR)
    return user


@pytest.fixture
def coordinator_b(org_b: Organisation) -> User:
    user = UserFactory(email="erik@gagnef.se", name="Erik Samordnare")
    MembershipFactory(user=user, organisation=org_b, role=MembershipRole.COORDINATOR)
    return user


@pytest.fixture
def programme_manager(db: None) -> User:
    return UserFactory(email="saga@lansstyrelsen.se", platform_role=PlatformRole.PROGRAMME_MANAGER)


@pytest.fixture
def administrator(db: None) -> User:
    return UserFactory(email="alva@jamlik.example", platform_role=PlatformRole.ADMINISTRATOR)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_learner_a(learner_a: User) -> Client:
    return client_for(learner_a)


@pytest.fixture
def as_coordinator_a(coordinator_a: User) -> Client:
    return client_for(coordinator_a)


@pytest.fixture
def as_coordinator_b(coordinator_b: User) -> Client:
    return client_for(coordinator_b)


@pytest.fixture
def as_programme_manager(programme_manager: User) -> Client:
    return client_for(programme_manager)


@pytest.fixture
def as_administrator(administrator: User) -> Client:
    return client_for(administrator)


def on_postgres() -> bool:
    return "postgres" in os.environ.get("JAMLIK_DATABASE_URL", "")
