"""Each schema name in the OpenAPI document belongs to one schema.

Ninja files schemas under their class names, and a later class silently replaces an earlier
one of the same name: two ``ModuleOut`` classes (courses and programmes) documented
``GET /courses/{id}`` with the programme's module.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from ninja import NinjaAPI, Router, Schema
from ninja.errors import ConfigError

from jamlik.api.api import api
from jamlik.api.openapi import JamlikAPI


def all_schema_classes(base: type = Schema) -> list[type]:
    found: list[type] = []
    for sub in base.__subclasses__():
        found.append(sub)
        found.extend(all_schema_classes(sub))
    return found


def test_no_two_of_our_schema_classes_share_a_name_in_the_document() -> None:
    names = set(NinjaAPI.get_openapi_schema(api)["components"]["schemas"])
    classes_by_name: dict[str, set[str]] = defaultdict(set)
    for cls in all_schema_classes():
        if cls.__module__.startswith("jamlik.") and cls.__name__ in names:
            classes_by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: sorted(classes) for name, classes in classes_by_name.items() if len(classes) > 1}
    assert shared == {}


def test_a_course_is_documented_with_the_courses_module() -> None:
    document = api.get_openapi_schema()
    detail = document["paths"]["/api/v1/courses/{course}"]["get"]["responses"][200]["content"]
    course = document["components"]["schemas"][detail["application/json"]["schema"]["$ref"].split("/")[-1]]
    module = course["properties"]["modules"]["items"]["$ref"].split("/")[-1]
    assert set(document["components"]["schemas"][module]["properties"]) == {"title", "lessons"}


def test_building_the_document_refuses_two_different_schemas_with_one_name() -> None:
    first, second = Router(), Router()

    class ThingOut(Schema):
        a: int

    @first.get("/a", response=ThingOut)
    def get_a(request: object) -> ThingOut:
        return ThingOut(a=1)

    class ThingOut(Schema):  # type: ignore[no-redef]  # the clash under test
        b: str

    @second.get("/b", response=ThingOut)
    def get_b(request: object) -> ThingOut:
        return ThingOut(b="")

    clashing = JamlikAPI(urls_namespace="clash-test")
    clashing.add_router("/first", first)
    clashing.add_router("/second", second)
    with pytest.raises(ConfigError, match="ThingOut"):
        clashing.get_openapi_schema(path_prefix="")
