"""Agents as the document resources name them: the ``agent`` parameter, its one identifier, a key.

An Agent is identified by exactly one Inverse Functional Identifier (IFI): ``mbox``,
``mbox_sha1sum``, ``openid`` or ``account`` (``homePage`` and ``name``). Two agent parameters
naming the same IFI name the same agent, whatever else they carry (a ``name``, an
``objectType``), so documents are stored under the IFI's canonical key, never the raw text.
Values are compared as given, as the specification compares IRIs (``mailto:A@x.se`` and
``mailto:a@x.se`` are two agents); only ``mbox_sha1sum``, hexadecimal, is compared without case.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from jamlik.lib.safejson import TooDeep, loads

IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
SHA1_HEX = re.compile(r"^[0-9a-fA-F]{40}$")
MAILTO = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
MAX_AGENT_TEXT = 8_000


class AgentError(ValueError):
    """The agent parameter is not an Agent object with exactly one valid identifier."""


@dataclass(frozen=True)
class Agent:
    """An Agent reduced to what identifies it (``ifi``, ``value``) and its optional name."""

    ifi: str
    value: str | tuple[str, str]  # (homePage, name) for an account
    name: str | None = None

    @property
    def key(self) -> str:
        """The canonical text documents are stored under: ``<ifi>:<value>``."""
        if isinstance(self.value, tuple):
            return "account:" + json.dumps(list(self.value), ensure_ascii=False)
        return f"{self.ifi}:{self.value}"

    def ifi_json(self) -> dict[str, Any]:
        if isinstance(self.value, tuple):
            return {"account": {"homePage": self.value[0], "name": self.value[1]}}
        return {self.ifi: self.value}

    def person(self) -> dict[str, Any]:
        """The Person object of the Agents resource: every known value as a list."""
        person: dict[str, Any] = {"objectType": "Person"}
        if self.name is not None:
            person["name"] = [self.name]
        if isinstance(self.value, tuple):
            person["account"] = [{"homePage": self.value[0], "name": self.value[1]}]
        else:
            person[self.ifi] = [self.value]
        return person


def _absolute_iri(value: object) -> bool:
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path)


def agent_from_json(data: object) -> Agent:
    """Check an Agent object (a Group is refused: documents belong to one agent)."""
    if not isinstance(data, dict):
        raise AgentError("The agent must be a JSON object.")
    object_type = data.get("objectType", "Agent")
    if object_type != "Agent":
        raise AgentError("The agent's objectType must be 'Agent'.")
    present = [ifi for ifi in IFIS if ifi in data]
    if len(present) != 1:
        raise AgentError("An agent needs exactly one identifier: mbox, mbox_sha1sum, openid or account.")
    unknown = set(data) - {"objectType", "name", *IFIS}
    if unknown:
        raise AgentError(f"Unknown property in the agent: {sorted(unknown)[0]}.")
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise AgentError("The agent's name must be a string.")
    ifi = present[0]
    value = data[ifi]
    if ifi == "mbox":
        if not isinstance(value, str) or not MAILTO.match(value):
            raise AgentError("The agent's mbox must have the form mailto:address.")
        return Agent(ifi, value, name)
    if ifi == "mbox_sha1sum":
        if not isinstance(value, str) or not SHA1_HEX.match(value):
            raise AgentError("The agent's mbox_sha1sum must be 40 hexadecimal digits.")
        return Agent(ifi, value.lower(), name)
    if ifi == "openid":
        if not _absolute_iri(value):
            raise AgentError("The agent's openid must be an absolute URI.")
        assert isinstance(value, str)  # noqa: S101 (checked by _absolute_iri)
        return Agent(ifi, value, name)
    if not isinstance(value, dict) or set(value) != {"homePage", "name"}:
        raise AgentError("The agent's account needs exactly homePage and name.")
    home, account_name = value["homePage"], value["name"]
    if not _absolute_iri(home) or not isinstance(account_name, str) or not account_name:
        raise AgentError("The account's homePage must be an IRL and its name a string.")
    return Agent(ifi, (home, account_name), name)


def parse_agent(text: str | None) -> Agent:
    """The ``agent`` query parameter: JSON text of an Agent object."""
    if text is None or text == "":
        raise AgentError("The agent parameter is required.")
    if len(text) > MAX_AGENT_TEXT:
        raise AgentError("The agent parameter is too long.")
    try:
        data = loads(text, max_depth=4)
    except (ValueError, TooDeep):
        raise AgentError("The agent parameter must be a JSON object.") from None
    return agent_from_json(data)
