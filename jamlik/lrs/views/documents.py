"""The document resources (State, Activity Profile, Agent Profile) and Activities and Agents.

Each view is one function for its address that reads the parameters, calls an action of
``jamlik.lrs.documents.actions`` and turns a refusal into the status the specification names.
The client's organisation (``client.organisation``, None for a platform client) is the scope
of everything read and written: another organisation's documents are simply not there.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils.http import http_date

from jamlik.lrs.documents import actions
from jamlik.lrs.documents.actions import Where
from jamlik.lrs.documents.agents import AgentError, parse_agent
from jamlik.lrs.documents.definitions import activity_object
from jamlik.lrs.documents.models import Document, DocumentKind
from jamlik.lrs.documents.rules import (
    DocumentError,
    parse_registration,
    parse_since,
    quoted,
    require,
    require_iri,
)
from jamlik.lrs.views.common import LrsError, LrsRequest, json_response, lrs_endpoint

DOCUMENT_METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")


def refusing(view: Any) -> Any:
    """Turn the documents' refusals into ``LrsError`` (the status the specification names)."""

    def wrapped(request: LrsRequest) -> HttpResponse:
        try:
            return view(request)  # type: ignore[no-any-return]
        except (DocumentError, AgentError) as error:
            raise LrsError(getattr(error, "status", 400), str(error)) from None

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _one_document(document: Document) -> HttpResponse:
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = quoted(document.etag)
    response["Last-Modified"] = http_date(document.updated.timestamp())
    return response


def _ids(ids: list[str]) -> HttpResponse:
    return HttpResponse(json.dumps(ids, ensure_ascii=False), content_type="application/json")


def _document_resource(
    request: LrsRequest, where: Where, document_id: str | None, *, put_needs_header: bool, profile: bool = False
) -> HttpResponse:
    """GET, PUT, POST, DELETE of one document (or GET of the ids of all, and State's delete all)."""
    assert request.client is not None  # noqa: S101 (lrs_endpoint authenticated it)
    organisation = request.client.organisation
    method = request.method
    if method in ("GET", "HEAD"):
        since = parse_since(request.params.get("since"))
        if document_id is None:
            return _ids(actions.document_ids(organisation, where, since))
        document = actions.get_document(organisation, where, document_id)
        if document is None:
            return json_response({"error": "No such document."}, request.http, status=404)
        return _one_document(document)
    if_match = request.headers.get("if-match")
    if_none_match = request.headers.get("if-none-match")
    if method == "DELETE":
        if document_id is None:
            actions.delete_documents(organisation, where)
        else:
            actions.delete_document(organisation, where, document_id, if_match=if_match, if_none_match=if_none_match)
        return HttpResponse(status=204)
    if document_id is None:
        raise DocumentError(
            f"The {'stateId' if where.kind == DocumentKind.STATE else 'profileId'} parameter is required."
        )
    content_type = request.content_type.strip()[:255] or "application/octet-stream"
    if method == "PUT":
        actions.put_document(
            organisation,
            where,
            document_id,
            request.body,
            content_type,
            if_match=if_match,
            if_none_match=if_none_match,
            put_needs_header=put_needs_header,
            new_put_needs_header=profile and request.version.startswith("1."),
        )
    else:
        actions.post_document(
            organisation, where, document_id, request.body, content_type, if_match=if_match, if_none_match=if_none_match
        )
    return HttpResponse(status=204)


def _optional_id(request: LrsRequest, name: str) -> str | None:
    value = request.params.get(name)
    return None if value is None else require(value, name)


@lrs_endpoint(methods=DOCUMENT_METHODS)
@refusing
def state(request: LrsRequest) -> HttpResponse:
    """/xapi/activities/state: activityId, agent, registration, stateId, since."""
    activity_id = require_iri(request.params.get("activityId"), "activityId")
    agent = parse_agent(request.params.get("agent"))
    registration = parse_registration(request.params.get("registration"))
    state_id = _optional_id(request, "stateId")
    where = Where(DocumentKind.STATE, activity_id=activity_id, agent=agent, registration=registration)
    # 2.0 puts State under concurrency control; 1.0.3 left it to the profiles.
    return _document_resource(request, where, state_id, put_needs_header=not request.version.startswith("1."))


@lrs_endpoint(methods=DOCUMENT_METHODS)
@refusing
def activity_profile(request: LrsRequest) -> HttpResponse:
    """/xapi/activities/profile: activityId, profileId, since."""
    activity_id = require_iri(request.params.get("activityId"), "activityId")
    profile_id = _optional_id(request, "profileId")
    if profile_id is None and request.method == "DELETE":
        raise DocumentError("The profileId parameter is required.")
    where = Where(DocumentKind.ACTIVITY_PROFILE, activity_id=activity_id)
    return _document_resource(request, where, profile_id, put_needs_header=True, profile=True)


@lrs_endpoint(methods=DOCUMENT_METHODS)
@refusing
def agent_profile(request: LrsRequest) -> HttpResponse:
    """/xapi/agents/profile: agent, profileId, since."""
    agent = parse_agent(request.params.get("agent"))
    profile_id = _optional_id(request, "profileId")
    if profile_id is None and request.method == "DELETE":
        raise DocumentError("The profileId parameter is required.")
    where = Where(DocumentKind.AGENT_PROFILE, agent=agent)
    return _document_resource(request, where, profile_id, put_needs_header=True, profile=True)


@lrs_endpoint(methods=("GET", "HEAD"))
@refusing
def activities(request: LrsRequest) -> HttpResponse:
    """/xapi/activities?activityId=: the activity's canonical definition (its id alone when none is known)."""
    assert request.client is not None  # noqa: S101 (lrs_endpoint authenticated it)
    activity_id = require_iri(request.params.get("activityId"), "activityId")
    return json_response(activity_object(request.client.organisation_id, activity_id), request.http)


@lrs_endpoint(methods=("GET", "HEAD"))
@refusing
def agents(request: LrsRequest) -> HttpResponse:
    """/xapi/agents?agent=: the Person object of the agent."""
    return json_response(parse_agent(request.params.get("agent")).person(), request.http)
