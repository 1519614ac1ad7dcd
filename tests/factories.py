"""Factories for test data. The named cast in conftest.py is built from these."""

from __future__ import annotations

import datetime

import factory
from allauth.account.models import EmailAddress

from jamlik.people.models import (
    HeadcountDeclaration,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Unit,
    User,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    slug = factory.Sequence(lambda n: f"testkommun-{n}")
    kind = OrganisationKind.MUNICIPALITY


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Förvaltning {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")

    @factory.post_generation
    def verified_email(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.LEARNER
    valid_from = datetime.date(2020, 1, 1)


class HeadcountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeadcountDeclaration

    organisation = factory.SubFactory(OrganisationFactory)
    headcount = 100
    as_of = datetime.date(2026, 1, 1)
