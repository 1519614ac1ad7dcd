"""The versioned JSON API: ``/api/v1/``, OpenAPI 3 at ``/api/v1/openapi.json``, docs at ``/api/v1/docs``."""

from __future__ import annotations

from jamlik.api.openapi import JamlikAPI
from jamlik.campaigns import api as campaigns
from jamlik.courses import api as courses
from jamlik.courses.authoring import api as completion_import
from jamlik.credentials import api as credentials
from jamlik.credentials import bulk_api as bulk_issue
from jamlik.credentials import diplomas_api as diplomas
from jamlik.evaluations import api as evaluations
from jamlik.identity.roster import api as roster
from jamlik.knowledge import api as knowledge
from jamlik.lib.api import problems
from jamlik.lib.api.parser import StrictParser
from jamlik.networks import api as networks
from jamlik.packages import api as packages
from jamlik.packages import import_api as package_imports
from jamlik.people import api as organisations
from jamlik.programmes import api as programmes
from jamlik.statistics import api as statistics
from jamlik.strategies import api as strategies
from jamlik.webhooks import api as webhooks

# One line for each group of operations (a router's tag): the reference page's section headings.
TAGS = {
    "organisations": "Organisations (by id or slug) and the settings their coordinators keep: the logo.",
    "members": "An organisation's members for its coordinators: role, unit, approval, ending a membership.",
    "units": "An organisation's units (departments, förvaltningar) for its coordinators.",
    "email domains": "The email domains whose proven addresses join an organisation.",
    "headcount": "The headcounts an organisation declares, which campaigns count against.",
    "invitations": "Personal invitations by email address, and invite links, for an organisation's coordinators.",
    "staff lists": "A staff list (CSV or XLSX) uploaded, previewed, applied: members added, moved and ended at once.",
    "courses": "The course catalogue, completions by organisation, and importing completions from another platform.",
    "me": "Who the token belongs to, their organisations (ids and roles), their enrolments and progress.",
    "credentials": "Diplomas and Open Badges: verification, the issuer, revocation status, issuing in bulk.",
    "campaigns": "Campaigns between organisations: participants, standings and their series.",
    "programmes": "Blended programmes: sessions, registrations, switches, cancellations and attendance.",
    "statistics": "Figures by organisation, county, unit or item, always by kön, with small cells hidden.",
    "knowledge": "Good examples and news.",
    "networks": "Networks across organisations: threads, posts, meetings and documents of those you belong to.",
    "evaluations": "Evaluation results of courses and programmes, per closed round, with small groups hidden.",
    "strategies": "Equality strategies and the yearly follow-up: rounds, answers, submitting and reopening.",
    "webhooks": "Subscriptions that send signed events to your HTTPS endpoint, and their delivery log.",
}

api = JamlikAPI(
    title="Jämlik API",
    version="1",
    description=(
        "Public catalogue data needs no token. Everything else takes a personal token "
        "(`Authorization: Bearer …`, created on your page or with `jamlik token create EMAIL`). "
        "Lists are `{items, count}` with `limit` and `offset`; errors are RFC 9457 problem details."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    parser=StrictParser(),
    tag_descriptions=TAGS,
    security_descriptions={
        "BearerToken": "A personal API token: `Authorization: Bearer …`. Acts as the person who made it.",
        "Session": "The signed-in browser's session cookie (same site only); unsafe methods need the CSRF token.",
    },
)
problems.install(api)
api.add_router("/organisations", organisations.router)
api.add_router("/courses", package_imports.router)  # POST /courses/packages before /courses/{course}
api.add_router("/courses", courses.router)
api.add_router("/courses", completion_import.router)  # POST /courses/{course}/completions/import
api.add_router("/completion-imports", completion_import.jobs_router)
api.add_router("/bundle-imports", courses.bundle_imports_router)
api.add_router("/courses", packages.router)  # GET /courses/{course}/versions/{version}/scorm
api.add_router("/me", organisations.me_router)  # GET /me: who am I, my organisations
api.add_router("/me", courses.me_router)
api.add_router("/credentials", credentials.router)
api.add_router("/credentials", bulk_issue.router)  # POST /credentials/bulk-issues
api.add_router("/credentials", diplomas.router)  # /credentials/diplomas: issue, revoke, re-issue
api.add_router("/campaigns", campaigns.router)
api.add_router("/programmes", programmes.router)
api.add_router("/programme-modules", programmes.module_router)
api.add_router("/programme-sessions", programmes.session_router)
api.add_router("/programme-registrations", programmes.registration_router)  # a person's own
api.add_router("/statistics", statistics.router)
api.add_router("", knowledge.router)  # /examples, /news
api.add_router("/networks", networks.router)
api.add_router("/strategies", strategies.router)
api.add_router("/evaluations", evaluations.router)
api.add_router("/webhooks", webhooks.router)
api.add_router("/roster-imports", roster.router)  # staff lists (jamlik.identity.roster)
