"""Error pages that need nothing but the request: no database, no session, no signed-in person.

``server_error`` is ``handler500``. Django calls it for any exception nobody handled, from a view
or from a middleware. When that exception is the database being unreachable it answers 503 with
``Retry-After`` instead of 500, because the fault is passing, not ours to fix in the code. The
page is rendered without a request (so no context processor runs) in the language the browser
asks for (the language cookie, then Accept-Language), since the person's saved preference is in
the unreachable database. Under ``/api/`` the answer is problem details in JSON.
"""

from __future__ import annotations

import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from jamlik.lib.api.language import api_language
from jamlik.lib.api.problems import problem

RETRY_AFTER_SECONDS = 60


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or an exception it was raised from or during) is the database not answering."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    status = 503 if database_unavailable(sys.exc_info()[1]) else 500
    is_api = request.path.startswith("/api/")
    language = api_language(request) if is_api else translation.get_language_from_request(request)
    with translation.override(language):
        if is_api:
            title = _("The service is unavailable for a moment.") if status == 503 else _("Something went wrong.")
            response = problem(status, title, _("Try again in a minute."))
        else:
            body = render_to_string(f"web/errors/{status}.html", {"LANGUAGE_CODE": language})
            response = HttpResponse(body, status=status)
    response["Content-Language"] = language
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
