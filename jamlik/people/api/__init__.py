"""The people app's API: organisations (public), and for their coordinators the members, units,
email domains, headcount and invitations (``/organisations/…``); ``/me`` for everyone signed in.

Every operation that changes something calls the same action as the coordinator's pages
(``jamlik.people.actions``), which checks the actor again. Organisations are named in paths by
their ``id`` or their slug (``common.OrganisationId``).
"""

from __future__ import annotations

from jamlik.people.api import domains, headcount, invitations, me, members, organisations, units

# The list of organisations is ``/organisations`` (no slash): its router is the one mounted.
router = organisations.router
for part in (members, units, domains, headcount, invitations):
    router.add_router("", part.router)

me_router = me.router

__all__ = ["me_router", "router"]
