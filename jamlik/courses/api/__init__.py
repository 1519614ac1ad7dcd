"""Courses in the API: the public catalogue and structure, the caller's enrolments and progress,
coordinators' enrolments and completions, and authoring (courses, versions, bundles).

Every module adds its operations to one router (``common.router``, mounted at ``/courses``;
``me_router`` at ``/me``). They are imported here in an order that matters: Django tries the
paths in order, so the fixed ones (``/completions``) come before
``/{course}``, which takes any segment (an id or a slug). Course slugs never take those words
(``authoring.forms.RESERVED_SLUGS``). Reflection answers are never served.
"""

from __future__ import annotations

# isort: off
# The order is the point (see above): fixed first segments, then ``/{course}/…``, then ``/{course}``.
from jamlik.courses.api import completions, bundles  # noqa: F401
from jamlik.courses.api import authoring, enrolments, learning  # noqa: F401
from jamlik.courses.api import catalogue  # noqa: F401
from jamlik.courses.api.bundles import jobs_router as bundle_imports_router
from jamlik.courses.api.common import me_router, router

# isort: on

__all__ = ["bundle_imports_router", "me_router", "router"]
