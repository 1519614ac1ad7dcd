"""SCIM error documents (RFC 7644 §3.12): what every refusal under /scim/v2/ looks like."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
CONTENT_TYPE = "application/scim+json; charset=utf-8"


class ScimError(Exception):
    """A refusal the identity system reads: an HTTP status, a ``scimType`` where RFC 7644 names one, a detail."""

    def __init__(self, status: int, detail: str, scim_type: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


def invalid_value(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidValue")


def invalid_syntax(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidSyntax")


def invalid_filter(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidFilter")


def invalid_path(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidPath")


def not_unique(detail: str) -> ScimError:
    return ScimError(409, detail, "uniqueness")


def scim_response(document: dict[str, Any] | None, status: int = 200, **headers: str) -> HttpResponse:
    body = json.dumps(document, ensure_ascii=False) if document is not None else ""
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPE if document is not None else None)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error_response(error: ScimError) -> HttpResponse:
    document: dict[str, Any] = {"schemas": [ERROR_SCHEMA], "status": str(error.status), "detail": error.detail}
    if error.scim_type:
        document["scimType"] = error.scim_type
    response = scim_response(document, error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="SCIM"'
    return response
