"""The OpenAPI document, refusing two different schemas under one name.

Ninja files every schema under its class name and a later one silently replaces an earlier
one, so two ``ModuleOut`` classes documented one operation with the other's fields. Building
the document now fails instead, naming the clash.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.errors import ConfigError
from ninja.openapi.schema import OpenAPISchema


class UniqueNamesSchema(OpenAPISchema):
    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                raise ConfigError(f"Two different API schemas are named {name!r}; rename one of the classes.")
        super().add_schema_definitions(definitions)


class JamlikAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return UniqueNamesSchema(api=self, path_prefix=path_prefix)
