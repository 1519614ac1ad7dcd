"""Every page the browser tests check for accessibility, as one plain list.

To have your page checked, append a ``Check`` to ``PAGES`` (apps added later append to the
``PAGES`` list in their own ``tests/<app>/browser_pages.py``, read at the bottom of this file):

    Check("course-list", "/kurser/"),
    Check("course", lambda cast: f"/kurser/{cast.course.slug}/", viewer="learner_a", setup=publish_a_course),

- ``path`` is a path on the site, or a function of the ``Cast`` that builds one.
- ``viewer`` is who looks at it: ``anonymous`` or a fixture of the named cast in
  ``tests/conftest.py`` (``learner_a``, ``coordinator_a``, ``programme_manager``, ``administrator``).
- ``setup`` creates rows the page needs before it is opened (it gets the cast; store what a
  path function needs in ``cast.extra``).
- ``then`` drives the browser after the page has loaded (submit a form, follow a step); the
  checks run on the page it ends on.
- ``status`` is the HTTP status the page answers with (an error page is a page too).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from importlib import import_module

from django.utils import timezone
from playwright.sync_api import Page, expect

from jamlik.people.models import (
    County,
    EmailDomain,
    Invitation,
    MembershipRole,
    MembershipStatus,
    Organisation,
    hash_token,
)
from jamlik.web import demo as web_demo
from jamlik.web.models import AccessibilityStatement, Notice, Severity
from tests.browser.check import Cast, Check, Visit
from tests.campaigns.page_setups import a_campaign_of_many, a_closed_campaign, a_running_campaign
from tests.courses.authoring_kit import (
    a_waiting_bundle_import,
    a_waiting_import,
    authoring_course,
    published_authoring_course,
    submit_the_form,
    submit_without_a_title,
    upload_bad_completions,
)
from tests.courses.learner_kit import (
    answer_wrongly,
    choose_in_the_scenario,
    learner_completed,
    learner_half_way,
)
from tests.credentials.page_setups import (
    a_bulk_issue,
    a_bulk_issue_waiting,
    a_diploma,
    a_diploma_waiting_for_a_name,
    a_diploma_with_a_logo,
    a_diploma_with_an_old_name,
    a_logo,
    a_revoked_diploma,
    upload_an_svg_logo,
)
from tests.factories import HeadcountFactory, MembershipFactory, UnitFactory, UserFactory
from tests.programmes.page_setups import (
    a_draft_programme,
    a_pending_registration,
    a_programme,
    a_registration,
    a_registration_during_the_session,
    a_switch_request,
    open_for_registration,
    register_without_choosing,
)
from tests.programmes.page_setups import submit_the_form as submit_the_programme_form


def populate(cast: Cast) -> None:
    """Fill organisation A so the coordinator pages show their tables, not their empty states."""
    org = cast.org_a
    unit = UnitFactory(organisation=org, name="Socialförvaltningen")
    UnitFactory(organisation=org, name="Individ- och familjeomsorg", parent=unit)
    HeadcountFactory(organisation=org, headcount=412, as_of=datetime.date(2026, 1, 1), declared_by=cast.coordinator_a)
    EmailDomain.objects.create(organisation=org, domain="sater.se", requires_approval=True)
    MembershipFactory(
        user=UserFactory(email="nils@sater.se", name="Nils Nyanställd"),
        organisation=org,
        role=MembershipRole.LEARNER,
        status=MembershipStatus.PENDING,
    )
    Invitation.objects.create(
        organisation=org,
        email="ny@sater.se",
        token_hash=hash_token("sent-invitation"),
        invited_by=cast.coordinator_a,
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )


# --- Rows and steps individual pages need -------------------------------------------------


def publish_accessibility_statement(cast: Cast) -> None:
    """The demo's complete statement (every section filled in), with a phone number too."""
    web_demo.load()
    AccessibilityStatement.objects.update(feedback_phone="010-123 45 67")


def county_notice(cast: Cast) -> None:
    """A notice for the county of learner_a's organisation, next to one for everyone."""
    county = County.objects.create(code="20", name="Dalarnas län", short_name="Dalarna")
    Organisation.objects.filter(pk=cast.org_a.pk).update(county=county)
    notice(Severity.WARNING)(cast)
    Notice.objects.create(
        county=county,
        severity=Severity.CRITICAL,
        title_sv="Vinterväder i länet",
        title_en="Winter weather in the county",
        body_sv="Träffen i Falun kan flyttas.",
        body_en="The meeting in Falun may move.",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )


def notice(severity: Severity) -> Callable[[Cast], None]:
    def publish(cast: Cast) -> None:
        Notice.objects.create(
            severity=severity,
            title_sv="Planerat underhåll",
            title_en="Planned maintenance",
            body_sv="Tjänsten är stängd på söndag mellan 8 och 10.",
            body_en="The service is closed on Sunday from 8 to 10.",
            starts_at=timezone.now() - datetime.timedelta(hours=1),
        )

    return publish


def invitation_for(email: str) -> Callable[[Cast], None]:
    def invite(cast: Cast) -> None:
        Invitation.objects.create(
            organisation=cast.org_a,
            email=email,
            token_hash=hash_token("join-token"),
            invited_by=cast.coordinator_a,
            expires_at=timezone.now() + datetime.timedelta(days=30),
        )
        cast.extra["invitation_token"] = "join-token"

    return invite


def sign_ins_used_up(cast: Cast) -> None:
    """This browser's address has used up allauth's sign-in attempts for the minute."""
    from allauth.core import ratelimit
    from django.test import RequestFactory

    request = RequestFactory().post("/konto/login/", REMOTE_ADDR="127.0.0.1")
    while ratelimit.consume(request, action="login"):
        pass


def sign_in_with_a_password(page: Page) -> None:
    page.locator("main details summary").click()
    page.locator("main details input[name=login]").fill("lina@sater.se")
    page.locator("main details input[name=password]").fill("en lång och bra lösenfras")
    page.locator("main details button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(re.compile("För många försök just nu|Too many attempts for now"))


def request_a_sign_in_code(page: Page) -> None:
    page.get_by_label(re.compile("e-post|email", re.IGNORECASE)).first.fill("lina@sater.se")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/konto/login/code/confirm/"))


def declare_a_headcount_of_zero(page: Page) -> None:
    page.locator("#id_headcount").fill("0")
    page.locator("main form.stacked button[type=submit]").first.click()
    expect(page.locator("#id_headcount_error")).to_be_visible()


# --- The registry -------------------------------------------------------------------------

ORG = "/organisationer/sater"
EDIT = "/kurser/redigera/"

PAGES: list[Check] = [
    # Public pages
    Check("home", "/"),
    Check("accessibility-statement", "/tillganglighet/", setup=publish_accessibility_statement),
    Check("accessibility-statement-unpublished", "/tillganglighet/"),
    Check("privacy", "/integritet/"),
    Check("design", "/design/"),
    Check("notice-info", "/", setup=notice(Severity.INFO)),
    Check("notice-warning", "/", setup=notice(Severity.WARNING)),
    Check("notice-critical", "/", setup=notice(Severity.CRITICAL)),
    Check("notice-county", "/", viewer="learner_a", setup=county_notice),
    Check("api-docs", "/api/v1/docs"),
    # Signing in and up (allauth views in our templates)
    Check("sign-in", "/konto/login/"),
    Check("sign-up", "/konto/signup/"),
    Check("request-code", "/konto/login/code/"),
    Check("confirm-code", "/konto/login/code/", then=request_a_sign_in_code),
    Check("sign-in-limit-reached", "/konto/login/", setup=sign_ins_used_up, then=sign_in_with_a_password),
    Check("password-reset", "/konto/password/reset/"),
    # The signed-in person's own pages
    Check("my-page", "/min-sida/", viewer="learner_a"),
    Check("my-data", "/min-sida/mina-uppgifter/", viewer="learner_a"),
    Check("my-organisations", "/min-sida/organisationer/", viewer="coordinator_a"),
    Check("sessions", "/konto/sessions/", viewer="learner_a"),
    Check("email-addresses", "/konto/email/", viewer="learner_a"),
    Check("password-set", "/konto/password/set/", viewer="learner_a"),
    Check("sign-out", "/konto/logout/", viewer="learner_a"),
    Check("my-page-programme-manager", "/min-sida/", viewer="programme_manager"),
    # Coordinator pages
    Check("org-members", f"{ORG}/medlemmar/", viewer="coordinator_a"),
    Check("org-member", lambda cast: f"{ORG}/medlemmar/{cast.member.public_id}/", viewer="coordinator_a"),
    Check("org-units", f"{ORG}/enheter/", viewer="coordinator_a"),
    Check("org-headcount", f"{ORG}/antal-anstallda/", viewer="coordinator_a"),
    Check("org-headcount-errors", f"{ORG}/antal-anstallda/", viewer="coordinator_a", then=declare_a_headcount_of_zero),
    Check("org-invitations", f"{ORG}/inbjudningar/", viewer="coordinator_a"),
    Check("org-domains", f"{ORG}/domaner/", viewer="coordinator_a"),
    # Joining an organisation
    Check("join", lambda cast: f"/inbjudan/{cast.extra['invitation_token']}/", setup=invitation_for("ny@sater.se")),
    Check(
        "join-signed-in",
        lambda cast: f"/inbjudan/{cast.extra['invitation_token']}/",
        viewer="programme_manager",
        setup=invitation_for("saga@lansstyrelsen.se"),
    ),
    Check(
        "join-as-someone-else",
        lambda cast: f"/inbjudan/{cast.extra['invitation_token']}/",
        viewer="learner_a",
        setup=invitation_for("ny@sater.se"),
    ),
    Check("join-invalid", "/inbjudan/no-such-token/", status=404),
    # Diplomas: public verification and the learner's own
    Check("verify-lookup", "/verifiera/"),
    Check("verify-valid", lambda cast: f"/verifiera/{cast.extra['diploma_code']}/", setup=a_diploma),
    Check("verify-revoked", lambda cast: f"/verifiera/{cast.extra['diploma_code']}/", setup=a_revoked_diploma),
    Check(
        "achievement",
        lambda cast: f"/api/v1/credentials/achievements/{cast.extra['achievement']}",
        setup=a_diploma,
    ),
    Check("organisation-profile", lambda cast: f"/organisationer/{cast.org_a.slug}/", setup=a_diploma_with_a_logo),
    Check("verify-unknown", "/verifiera/K7Q2-M9XD-4HPT-AB3C/", status=404),
    Check("my-diplomas", "/min-sida/diplom/", viewer="learner_a", setup=a_diploma),
    Check("my-diplomas-empty", "/min-sida/diplom/", viewer="learner_a"),
    Check(
        "my-diplomas-waiting-for-a-name", "/min-sida/diplom/", viewer="learner_a", setup=a_diploma_waiting_for_a_name
    ),
    Check("my-page-without-a-name", "/min-sida/", viewer="learner_a", setup=a_diploma_waiting_for_a_name),
    Check("my-diplomas-with-an-old-name", "/min-sida/diplom/", viewer="learner_a", setup=a_diploma_with_an_old_name),
    Check("diploma", lambda cast: f"/min-sida/diplom/{cast.extra['diploma_id']}/", viewer="learner_a", setup=a_diploma),
    Check("diploma-issue", "/diplom/utfarda/", viewer="programme_manager"),
    Check(
        "diploma-bulk-issue-waiting",
        lambda cast: f"/diplom/utfarda/{cast.extra['bulk_issue_id']}/",
        viewer="programme_manager",
        setup=a_bulk_issue_waiting,
    ),
    Check(
        "diploma-bulk-issue-done",
        lambda cast: f"/diplom/utfarda/{cast.extra['bulk_issue_id']}/",
        viewer="programme_manager",
        setup=a_bulk_issue,
    ),
    Check(
        "diploma-with-logo",
        lambda cast: f"/min-sida/diplom/{cast.extra['diploma_id']}/",
        viewer="learner_a",
        setup=a_diploma_with_a_logo,
    ),
    Check("verify-with-logo", lambda cast: f"/verifiera/{cast.extra['diploma_code']}/", setup=a_diploma_with_a_logo),
    Check("org-logo", f"{ORG}/logotyp/", viewer="coordinator_a", setup=a_logo),
    Check("org-logo-empty", f"{ORG}/logotyp/", viewer="coordinator_a"),
    Check("org-logo-errors", f"{ORG}/logotyp/", viewer="coordinator_a", then=upload_an_svg_logo),
    Check(
        "diploma-manage",
        lambda cast: f"/diplom/{cast.extra['diploma_code']}/",
        viewer="programme_manager",
        setup=a_diploma,
    ),
    # Django's admin, in our language and behind our sign-in
    Check("admin-index", "/admin/", viewer="administrator"),
    # Course authoring (a coordinator of A authors A's course), group sessions, completion imports
    Check("authoring-courses", "/kurser/redigera/", viewer="programme_manager", setup=authoring_course),
    Check("authoring-new-course", "/kurser/redigera/ny/", viewer="coordinator_a"),
    Check("authoring-new-course-errors", "/kurser/redigera/ny/", viewer="coordinator_a", then=submit_the_form),
    Check("authoring-import-bundle", "/kurser/redigera/importera/", viewer="coordinator_a"),
    Check(
        "authoring-bundle-import-progress",
        lambda c: f"/kurser/redigera/importera/{c.extra['bundle_import']}/",
        viewer="coordinator_a",
        setup=a_waiting_bundle_import,
    ),
    Check("authoring-course", lambda c: f"{EDIT}{c.extra['course']}/", viewer="coordinator_a", setup=authoring_course),
    Check(
        "authoring-course-published",
        lambda c: f"{EDIT}{c.extra['course']}/",
        viewer="coordinator_a",
        setup=published_authoring_course,
    ),
    Check(
        "authoring-settings",
        lambda c: f"{EDIT}{c.extra['course']}/installningar/",
        viewer="coordinator_a",
        setup=authoring_course,
    ),
    Check(
        "authoring-settings-errors",
        lambda c: f"{EDIT}{c.extra['course']}/installningar/",
        viewer="coordinator_a",
        setup=authoring_course,
        then=submit_without_a_title,
    ),
    Check(
        "authoring-module",
        lambda c: f"{EDIT}{c.extra['course']}/moduler/{c.extra['module']}/",
        viewer="coordinator_a",
        setup=authoring_course,
    ),
    Check(
        "authoring-lesson",
        lambda c: f"{EDIT}{c.extra['course']}/lektioner/{c.extra['lesson']}/",
        viewer="coordinator_a",
        setup=authoring_course,
    ),
    Check(
        "authoring-preview",
        lambda c: f"{EDIT}{c.extra['course']}/lektioner/{c.extra['lesson']}/forhandsvisning/",
        viewer="coordinator_a",
        setup=authoring_course,
    ),
    Check(
        "authoring-new-check",
        lambda c: f"{EDIT}{c.extra['course']}/lektioner/{c.extra['lesson']}/nytt-block/knowledge_check/",
        viewer="coordinator_a",
        setup=authoring_course,
    ),
    Check(
        "authoring-new-check-errors",
        lambda c: f"{EDIT}{c.extra['course']}/lektioner/{c.extra['lesson']}/nytt-block/knowledge_check/",
        viewer="coordinator_a",
        setup=authoring_course,
        then=submit_the_form,
    ),
    Check(
        "authoring-edit-video",
        lambda c: f"{EDIT}{c.extra['course']}/block/{c.extra['video']}/",
        viewer="coordinator_a",
        setup=authoring_course,
    ),
    Check(
        "authoring-new-image-errors",
        lambda c: f"{EDIT}{c.extra['course']}/lektioner/{c.extra['lesson']}/nytt-block/image/",
        viewer="coordinator_a",
        setup=authoring_course,
        then=submit_the_form,
    ),
    Check(
        "group-session", f"{ORG}/grupptraff/?kurs=bemotande", viewer="coordinator_a", setup=published_authoring_course
    ),
    Check("import-completions", f"{ORG}/kurser/importera/", viewer="coordinator_a", setup=published_authoring_course),
    Check(
        "import-completions-errors",
        f"{ORG}/kurser/importera/",
        viewer="coordinator_a",
        setup=published_authoring_course,
        then=upload_bad_completions,
    ),
    Check(
        "import-completions-progress",
        lambda c: f"{ORG}/kurser/importera/{c.extra['import']}/",
        viewer="coordinator_a",
        setup=a_waiting_import,
    ),
    # Taking a course (learner pages) and the coordinators' course report
    Check("course-catalogue", "/kurser/", setup=learner_half_way),
    Check("course-catalogue-signed-in", "/kurser/", viewer="learner_a", setup=learner_half_way),
    Check("course-page", lambda c: f"/kurser/{c.extra['course']}/", viewer="learner_a", setup=learner_half_way),
    Check("course-page-anonymous", lambda c: f"/kurser/{c.extra['course']}/", setup=learner_half_way),
    Check(
        "course-lesson-reflection",
        lambda c: f"/kurser/{c.extra['course']}/lektion/{c.extra['reflection_lesson']}/",
        viewer="learner_a",
        setup=learner_half_way,
    ),
    Check(
        "course-lesson-check-answered",
        lambda c: f"/kurser/{c.extra['course']}/lektion/{c.extra['check_lesson']}/",
        viewer="learner_a",
        setup=learner_half_way,
        then=answer_wrongly,
    ),
    Check(
        "course-lesson-scenario",
        lambda c: f"/kurser/{c.extra['course']}/lektion/{c.extra['scenario_lesson']}/",
        viewer="learner_a",
        setup=learner_half_way,
        then=choose_in_the_scenario,
    ),
    Check(
        "course-progress", lambda c: f"/kurser/{c.extra['course']}/klar/", viewer="learner_a", setup=learner_half_way
    ),
    Check(
        "course-completed", lambda c: f"/kurser/{c.extra['course']}/klar/", viewer="learner_a", setup=learner_completed
    ),
    Check("org-courses", f"{ORG}/kurser/", viewer="coordinator_a", setup=learner_completed),
    # Campaigns: public standings, the embed, the coordinator's own view, the programme manager's pages
    Check("campaigns", "/kampanjer/", setup=a_running_campaign),
    Check("campaign", lambda cast: f"/kampanjer/{cast.extra['campaign']}/", setup=a_running_campaign),
    Check("campaign-closed", lambda cast: f"/kampanjer/{cast.extra['campaign']}/", setup=a_closed_campaign),
    Check(
        "campaign-many",
        lambda cast: f"/kampanjer/{cast.extra['campaign']}/?org={cast.extra['picked']}",
        setup=a_campaign_of_many,
    ),
    Check("campaign-embed", lambda cast: f"/kampanjer/{cast.extra['campaign']}/inbaddning/", setup=a_running_campaign),
    Check(
        "campaign-own",
        lambda cast: f"/kampanjer/{cast.extra['campaign']}/organisation/{cast.org_a.slug}/",
        viewer="coordinator_a",
        setup=a_running_campaign,
    ),
    Check(
        "campaign-manage",
        lambda cast: f"/kampanjer/{cast.extra['campaign']}/hantera/",
        viewer="programme_manager",
        setup=a_closed_campaign,
    ),
    Check("campaign-new", "/kampanjer/ny/", viewer="programme_manager"),
    # Programmes: public pages, the participant's registration, the host's roster and check-in
    Check("programmes", "/program/", setup=a_programme),
    Check("programme", lambda cast: f"/program/{cast.extra['programme']}/", setup=a_programme),
    Check(
        "programme-register", lambda cast: f"/program/{cast.extra['programme']}/", viewer="learner_a", setup=a_programme
    ),
    Check(
        "programme-register-errors",
        lambda cast: f"/program/{cast.extra['programme']}/",
        viewer="learner_a",
        setup=a_programme,
        then=register_without_choosing,
    ),
    Check("programme-calendar", "/program/kalender/", setup=a_programme),
    Check(
        "programme-my-registration",
        lambda cast: f"/program/{cast.extra['programme']}/min-anmalan/",
        viewer="learner_a",
        setup=a_registration,
    ),
    Check("programme-host-sessions", "/program/vard/", viewer="coordinator_a", setup=a_registration),
    Check(
        "programme-roster",
        lambda cast: f"/program/vard/{cast.extra['stockholm']}/",
        viewer="coordinator_a",
        setup=a_registration,
    ),
    Check(
        "programme-roster-during-the-session",
        lambda cast: f"/program/vard/{cast.extra['stockholm']}/",
        viewer="coordinator_a",
        setup=a_registration_during_the_session,
    ),
    Check(
        "programme-approvals",
        lambda cast: f"/program/{cast.extra['programme']}/godkannanden/",
        viewer="coordinator_a",
        setup=a_pending_registration,
    ),
    Check(
        "programme-edit-session",
        lambda cast: f"/program/tillfalle/{cast.extra['stockholm']}/andra/",
        viewer="programme_manager",
        setup=a_programme,
    ),
    Check(
        "programme-checkin",
        lambda cast: f"/program/incheckning/{cast.extra['checkin']}/",
        viewer="coordinator_a",
        setup=a_registration,
    ),
    # Programme authoring (organisers) and the participant's switch request
    Check("programme-authoring-list", "/program/redigera/", viewer="programme_manager", setup=a_draft_programme),
    Check("programme-authoring-new", "/program/redigera/ny/", viewer="coordinator_a"),
    Check(
        "programme-authoring-new-errors",
        "/program/redigera/ny/",
        viewer="coordinator_a",
        then=submit_the_programme_form,
    ),
    Check(
        "programme-authoring",
        lambda cast: f"/program/redigera/{cast.extra['draft']}/",
        viewer="coordinator_a",
        setup=a_draft_programme,
    ),
    Check(
        "programme-authoring-status-errors",
        lambda cast: f"/program/redigera/{cast.extra['draft']}/",
        viewer="coordinator_a",
        setup=a_draft_programme,
        then=open_for_registration,
    ),
    Check(
        "programme-authoring-module-errors",
        lambda cast: f"/program/redigera/{cast.extra['draft']}/",
        viewer="coordinator_a",
        setup=a_draft_programme,
        then=submit_the_programme_form,
    ),
    Check(
        "programme-authoring-details",
        lambda cast: f"/program/redigera/{cast.extra['draft']}/uppgifter/",
        viewer="programme_manager",
        setup=a_draft_programme,
    ),
    Check(
        "programme-authoring-module",
        lambda cast: f"/program/redigera/{cast.extra['draft']}/moduler/{cast.extra['webinar_module']}/",
        viewer="programme_manager",
        setup=a_draft_programme,
    ),
    Check(
        "programme-authoring-new-session",
        lambda cast: f"/program/redigera/{cast.extra['draft']}/moduler/{cast.extra['webinar_module']}/tillfallen/",
        viewer="programme_manager",
        setup=a_draft_programme,
    ),
    Check(
        "programme-authoring-new-session-errors",
        lambda cast: f"/program/redigera/{cast.extra['draft']}/moduler/{cast.extra['webinar_module']}/tillfallen/",
        viewer="programme_manager",
        setup=a_draft_programme,
        then=submit_the_programme_form,
    ),
    Check(
        "programme-my-registration-switch-request",
        lambda cast: f"/program/{cast.extra['programme']}/min-anmalan/",
        viewer="learner_a",
        setup=a_switch_request,
    ),
]

# Newer apps keep their checks beside their own tests, in ``tests/<app>/browser_pages.py``.
for _app in (
    "statistics",
    "knowledge",
    "networks",
    "strategies",
    "evaluations",
    "tasks",
    "identity",
    "scim",
    "webhooks",
    "packages",
    "lrs",
    "cmi5",
    "privacy",
    "retention",
    "web",
):
    PAGES += import_module(f"tests.{_app}.browser_pages").PAGES

__all__ = ["PAGES", "Cast", "Check", "Visit", "populate"]
