"""N synthetic people, each a learner with one membership, spread over organisations by headcount.

Nobody real: no names, addresses at the reserved domain ``scale.example``, the unusable
password hash ``"!"`` (no hashing cost, nobody can sign in with a password). The benchmark
signs them in by writing sessions directly (``jamlik.scale.sessions``). Person number ``n`` is
``p{n:07d}@scale.example``; a run continues from the number of people already there, in batches
that commit one by one, so a second run adds nothing and an interrupted one resumes.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
import uuid
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from jamlik.people.models import Kon, Language, Membership, MembershipRole, MembershipStatus, User
from jamlik.scale.organisations import Employer

DOMAIN = "scale.example"
EMAIL_SUFFIX = "@" + DOMAIN
BATCH = 10_000

# Public-sector staff are about 70 % women; some people leave kön out (it is always optional).
KON_WEIGHTS = [
    (Kon.KVINNA, 0.66),
    (Kon.MAN, 0.26),
    (Kon.ANNAT, 0.01),
    (Kon.EJ_UPPGETT, 0.02),
    ("", 0.05),
]
NO_UNIT_SHARE = 0.1


def email_for(n: int) -> str:
    return f"p{n:07d}{EMAIL_SUFFIX}"


def synthetic_people() -> int:
    return User.objects.filter(email__endswith=EMAIL_SUFFIX).count()


def _batch(start: int, stop: int, employers: list[Employer], cumulative: list[int], joined: datetime.date) -> int:
    rng = random.Random(start)  # noqa: S311 (synthetic data, not security)
    kon_values = [k for k, _ in KON_WEIGHTS]
    kon_cumulative = list(itertools.accumulate(w for _, w in KON_WEIGHTS))
    total = cumulative[-1]
    now = timezone.now()
    users: list[User] = []
    places: list[tuple[int, int | None]] = []
    for n in range(start, stop):
        employer = employers[bisect.bisect_right(cumulative, rng.randrange(total))]
        unit = None if not employer.unit_ids or rng.random() < NO_UNIT_SHARE else rng.choice(employer.unit_ids)
        users.append(
            User(
                email=email_for(n),
                password="!",  # noqa: S106 (the unusable hash: nobody signs in with a password)
                public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                kon=kon_values[bisect.bisect_right(kon_cumulative, rng.random() * kon_cumulative[-1])],
                preferred_language=Language.EN if rng.random() < 0.05 else Language.SV,
                date_joined=now,
            )
        )
        places.append((employer.organisation_id, unit))
    with transaction.atomic():
        created = User.objects.bulk_create(users, batch_size=BATCH)
        Membership.objects.bulk_create(
            [
                Membership(
                    user_id=user.pk,
                    organisation_id=organisation_id,
                    unit_id=unit_id,
                    role=MembershipRole.LEARNER,
                    status=MembershipStatus.ACTIVE,
                    valid_from=joined,
                )
                for user, (organisation_id, unit_id) in zip(created, places, strict=True)
            ],
            batch_size=BATCH,
        )
    return len(created)


def ensure_people(target: int, employers: list[Employer], progress: Callable[[str], None]) -> int:
    """Add people until there are ``target``. Returns how many were added."""
    have = synthetic_people()
    if have >= target:
        return 0
    cumulative = list(itertools.accumulate(e.headcount for e in employers))
    joined = timezone.localdate() - datetime.timedelta(days=400)
    added = 0
    for start in range(have, target, BATCH):
        added += _batch(start, min(start + BATCH, target), employers, cumulative, joined)
        if (start // BATCH) % 10 == 9 or start + BATCH >= target:
            progress(f"  people: {have + added:,} of {target:,}")
    return added
