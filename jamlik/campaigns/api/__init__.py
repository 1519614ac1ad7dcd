"""Campaigns in the API (docs/api.md, "Campaigns"; the rules in docs/campaigns.md).

- ``public``: lists, details and standings (JSON, CSV, XLSX) for everyone; programme managers
  see drafts too.
- ``manage``: programme managers create, update, publish, freeze headcounts and close.
- ``participants``: invitations, applications, approval, withdrawal and headcount corrections.

Every operation is a thin call of the same action the pages call (``actions``, ``closing``),
which checks who may make the change. One router, so a path served by two modules (``GET`` and
``POST /campaigns``) is one URL.
"""

from __future__ import annotations

from jamlik.campaigns.api import manage, participants, public
from jamlik.campaigns.api.common import router

__all__ = ["manage", "participants", "public", "router"]
