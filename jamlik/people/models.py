"""People, organisations and the links between them: the ground floor of Jämlik."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from jamlik.people.validators import (
    validate_county_code,
    validate_logo,
    validate_municipality_code,
    validate_org_number,
)


def new_token() -> str:
    """A random secret for links and API tokens (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Language(models.TextChoices):
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class Kon(models.TextChoices):
    """Self-reported kön, as ESF+ and förordning 2001:100 ask for. Always optional."""

    KVINNA = "kvinna", _("Woman")
    MAN = "man", _("Man")
    ANNAT = "annat", _("Other or non-binary")
    EJ_UPPGETT = "ej_uppgett", _("Prefer not to say")


class PlatformRole(models.TextChoices):
    NONE = "", _("None")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    ADMINISTRATOR = "administrator", _("Administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("platform_role", PlatformRole.ADMINISTRATOR)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Email is the identifier; everything else is optional and minimal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.SV
    )
    kon = models.CharField(_("kön"), max_length=12, choices=Kon.choices, blank=True)
    platform_role = models.CharField(
        _("platform role"), max_length=20, choices=PlatformRole.choices, blank=True, default=PlatformRole.NONE
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_staff(self) -> bool:
        """Django admin access follows the platform role; there is no separate flag to forget."""
        return self.is_superuser or self.platform_role == PlatformRole.ADMINISTRATOR

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Platform administrators hold every admin permission; the admin still refuses edits to the log."""
        return (self.is_active and self.platform_role == PlatformRole.ADMINISTRATOR) or super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return (self.is_active and self.platform_role == PlatformRole.ADMINISTRATOR) or super().has_module_perms(
            app_label
        )

    @property
    def is_programme_manager(self) -> bool:
        return self.platform_role in (PlatformRole.PROGRAMME_MANAGER, PlatformRole.ADMINISTRATOR)

    @property
    def is_administrator(self) -> bool:
        return self.is_staff

    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    @cached_property
    def menu_roles(self) -> frozenset[str]:
        """What the main menu offers, from one query: ``member`` for any membership (also pending
        or ended ones, which the organisations page lists), ``coordinator`` for a current one."""
        today = timezone.localdate()
        roles: set[str] = set()
        for role, status, valid_to in self.memberships.values_list("role", "status", "valid_to"):
            roles.add("member")
            if role == "coordinator" and status == "active" and (valid_to is None or valid_to >= today):
                roles.add("coordinator")
        return frozenset(roles)


class County(models.Model):
    code = models.CharField(_("county code"), max_length=2, unique=True, validators=[validate_county_code])
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=60)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    COUNTY_BOARD = "county_board", _("County administrative board")
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    MUNICIPAL_COMPANY = "municipal_company", _("Municipal company")
    STATE_AGENCY = "state_agency", _("State agency")
    OTHER = "other", _("Other")


# Gotland is a municipality that also carries a region's duties ("Region Gotland"): one
# organisation, kind municipality, counted among both the 290 municipalities and the 21 regions.
GOTLAND_MUNICIPALITY_CODE = "0980"


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def regions(self) -> OrganisationQuerySet:
        """Sweden's 21 regions: the 20 of kind region plus Region Gotland (a municipality)."""
        return self.filter(
            Q(kind=OrganisationKind.REGION)
            | Q(kind=OrganisationKind.MUNICIPALITY, municipality_code=GOTLAND_MUNICIPALITY_CODE)
        )

    def coordinated_by(self, user: Any) -> OrganisationQuerySet:
        """Organisations where ``user`` is an active coordinator today."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            memberships__in=Membership.objects.current().filter(user=user, role=MembershipRole.COORDINATOR)
        ).distinct()


def logo_path(instance: Organisation, filename: str) -> str:
    """A new name for each upload, so a changed logo never hides behind a cached old one."""
    suffix = filename.rsplit(".", 1)[-1].lower()
    return f"organisations/{instance.slug}/logo-{secrets.token_hex(6)}.{'jpg' if suffix == 'jpeg' else suffix}"


class Organisation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    org_number = models.CharField(_("organisation number"), max_length=10, blank=True, validators=[validate_org_number])
    municipality_code = models.CharField(
        _("municipality code"), max_length=4, blank=True, validators=[validate_municipality_code]
    )
    county = models.ForeignKey(
        County, verbose_name=_("county"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to=logo_path,
        blank=True,
        max_length=200,
        validators=[validate_logo],
        help_text=_("PNG or JPEG, at most 1 MB. Shown on the diplomas the organisation issues."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["org_number"], condition=~Q(org_number=""), name="org_number_unique"),
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=Q(kind="municipality") & ~Q(municipality_code=""),
                name="municipality_code_unique",
            ),
            models.UniqueConstraint(
                fields=["county"], condition=Q(kind="county_board"), name="one_county_board_per_county"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def current_headcount(self) -> HeadcountDeclaration | None:
        return self.headcount_declarations.order_by("-as_of", "-created_at").first()


class Unit(models.Model):
    """A department or förvaltning; units form a tree inside one organisation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "organisation", "parent", name="unit_name_unique_in_parent", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return self.name


class EmailDomain(models.Model):
    """A domain whose addresses belong to an organisation's staff. One owner per domain."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(_("domain"), max_length=253, unique=True)
    requires_approval = models.BooleanField(
        _("a coordinator approves new members"),
        default=True,
        help_text=_("If unticked, anyone with an address at this domain becomes a member at once."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("email domain")
        verbose_name_plural = _("email domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class HeadcountDeclaration(models.Model):
    """How many people an organisation employs, as of a date. Never edited: declare again."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="headcount_declarations")
    headcount = models.PositiveIntegerField(_("number of employees"))
    as_of = models.DateField(_("as of"))
    declared_by = models.ForeignKey("people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_note = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("headcount declaration")
        verbose_name_plural = _("headcount declarations")
        ordering = ["-as_of", "-created_at"]
        constraints = [models.CheckConstraint(condition=Q(headcount__gt=0), name="headcount_positive")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.headcount} ({self.as_of})"


class MembershipRole(models.TextChoices):
    LEARNER = "learner", _("Learner")
    COORDINATOR = "coordinator", _("Coordinator")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("Active")


class MembershipSource(models.TextChoices):
    """How a membership began; provisioning (roster, SCIM, single sign-on) manages only its own."""

    MANUAL = "manual", _("Added by a coordinator or administrator")
    DOMAIN = "domain", _("Joined by email domain")
    INVITATION = "invitation", _("Invitation or invite link")
    ROSTER = "roster", _("Staff list import")
    SCIM = "scim", _("SCIM provisioning")
    SSO = "sso", _("Sign-in through the organisation")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: datetime.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(status=MembershipStatus.ACTIVE, valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def open(self) -> MembershipQuerySet:
        """Not ended: active or waiting for approval."""
        return self.filter(valid_to__isnull=True)


class Membership(models.Model):
    """A person's employment-like link to an organisation over a period. Ended, never deleted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.LEARNER)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=12, choices=MembershipSource.choices, default=MembershipSource.MANUAL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=Q(valid_to__isnull=True), name="one_open_membership"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class Invitation(models.Model):
    """A personal invitation sent by email. The token is stored only as a hash."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(max_length=12, choices=MembershipRole.choices, default=MembershipRole.LEARNER)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class InviteLink(models.Model):
    """A shareable link that lets anyone who has it join as a learner until it expires."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invite_links")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%Y-%m-%d})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiToken(models.Model):
    """A personal API token. Shown once when created; only its hash is kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
