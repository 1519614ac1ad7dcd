"""The versioned JSON API: ``/api/v1/``, OpenAPI 3 at ``/api/v1/openapi.json``, docs at ``/api/v1/docs``."""

from __future__ import annotations

from jamlik.api.openapi import JamlikAPI
from jamlik.campaigns import api as campaigns
from jamlik.courses import api as courses
from jamlik.courses.authoring import api as completion_import
from jamlik.credentials import api as credentials
from jamlik.credentials import bulk_api as bulk_issue
from jamlik.identity.roster import api as roster
from jamlik.knowledge import api as knowledge
from jamlik.lib.api import problems
from jamlik.lib.api.parser import StrictParser
from jamlik.networks import api as networks
from jamlik.people import api as organisations
from jamlik.programmes import api as programmes
from jamlik.statistics import api as statistics
from jamlik.strategies import api as strategies

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
)
problems.install(api)
api.add_router("/organisations", organisations.router)
api.add_router("/courses", courses.router)
api.add_router("/courses", completion_import.router)  # POST /courses/{id}/completions/import
api.add_router("/me", courses.me_router)
api.add_router("/credentials", credentials.router)
api.add_router("/credentials", bulk_issue.router)  # POST /credentials/bulk-issues
api.add_router("/campaigns", campaigns.router)
api.add_router("/programmes", programmes.router)
api.add_router("/statistics", statistics.router)
api.add_router("", knowledge.router)  # /examples, /news
api.add_router("/networks", networks.router)
api.add_router("/strategies", strategies.router)
api.add_router("/roster-imports", roster.router)  # staff lists (jamlik.identity.roster)
