"""Examples link the courses and programmes they relate to, and those pages link back."""

from __future__ import annotations

import pytest

from jamlik.knowledge import actions
from jamlik.knowledge.models import ExampleStatus
from tests.courses.factories import make_course
from tests.knowledge.factories import draft_example, theme
from tests.programmes.factories import make_programme

pytestmark = pytest.mark.django_db


def linked_example(author, organisation, reviewer, course, programme, *, publish: bool, title: str):
    example = draft_example(author, organisation, title=title)
    actions.save_example(author, example, themes=[theme()], courses=[course], programmes=[programme])
    if publish:
        actions.submit_example(author, example)
        example = actions.publish_example(reviewer, example)
    return example


def test_course_and_programme_pages_show_their_published_examples(coordinator_a, org_a, programme_manager, client):
    course = make_course(audience="public")
    shape = make_programme(org_a)
    shown = linked_example(
        coordinator_a, org_a, programme_manager, course, shape.programme, publish=True, title="Kopplat exempel"
    )
    linked_example(coordinator_a, org_a, programme_manager, course, shape.programme, publish=False, title="Dolt utkast")
    assert shown.status == ExampleStatus.PUBLISHED

    example_page = client.get(f"/goda-exempel/{shown.public_id}/").content.decode()
    assert f"/kurser/{course.slug}/" in example_page
    assert f"/program/{shape.programme.slug}/" in example_page

    for url in (f"/kurser/{course.slug}/", f"/program/{shape.programme.slug}/"):
        page = client.get(url).content.decode()
        assert "Kopplat exempel" in page, url
        assert "Dolt utkast" not in page, url
        assert f"/goda-exempel/{shown.public_id}/" in page
