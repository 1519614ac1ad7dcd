"""The SCORM data models in plain Python: element names, access, types, vocabularies, lengths,
indices, dependencies and the error code each refusal gives (SCORM 1.2 RTE 3.4, 2004 RTE 4.2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jamlik.packages.datamodel import DataModelError, Version, check_commit, check_set
from jamlik.packages.datamodel.timing import (
    MAX_CENTISECONDS,
    format_duration,
    format_timespan,
    parse_duration,
    parse_timespan,
)

V12 = Version.SCORM_12
V2004 = Version.SCORM_2004


def code_of(version: Version, element: str, value: str, state: dict[str, str] | None = None) -> int:
    try:
        check_set(version, element, value, state)
    except DataModelError as refusal:
        assert refusal.element == element
        return refusal.code
    return 0


@pytest.mark.parametrize(
    ("element", "value", "code"),
    [
        ("cmi.core.lesson_status", "passed", 0),
        ("cmi.core.lesson_status", "browsed", 0),
        ("cmi.core.lesson_status", "not attempted", 405),
        ("cmi.core.lesson_status", "Passed", 405),
        ("cmi.core.lesson_status", "done", 405),
        ("cmi.core.exit", "suspend", 0),
        ("cmi.core.exit", "", 0),
        ("cmi.core.exit", "normal", 405),  # 2004's word, not 1.2's
        ("cmi.core.score.raw", "85", 0),
        ("cmi.core.score.raw", "85.5", 0),
        ("cmi.core.score.raw", "", 0),
        ("cmi.core.score.raw", "101", 407),
        ("cmi.core.score.raw", "-1", 407),
        ("cmi.core.score.raw", "eighty", 405),
        ("cmi.core.score.min", "0", 0),
        ("cmi.core.score.max", "100", 0),
        ("cmi.core.session_time", "00:01:02.5", 0),
        ("cmi.core.session_time", "0001:59:59.99", 0),
        ("cmi.core.session_time", "1:00:00", 405),
        ("cmi.core.session_time", "00:60:00", 405),
        ("cmi.core.session_time", "PT1M", 405),
        ("cmi.core.lesson_location", "x" * 255, 0),
        ("cmi.core.lesson_location", "x" * 256, 405),
        ("cmi.suspend_data", "s" * 4096, 0),
        ("cmi.suspend_data", "s" * 4097, 405),
        ("cmi.comments", "Bra kurs", 0),
        ("cmi.student_preference.audio", "-1", 0),
        ("cmi.student_preference.audio", "101", 407),
        ("cmi.student_preference.text", "2", 407),
        ("cmi.student_preference.speed", "fast", 405),
        ("cmi.core.student_id", "someone", 403),
        ("cmi.core.student_name", "someone", 403),
        ("cmi.core.credit", "credit", 403),
        ("cmi.core.entry", "resume", 403),
        ("cmi.core.total_time", "00:00:01", 403),
        ("cmi.core.lesson_mode", "normal", 403),
        ("cmi.launch_data", "x", 403),
        ("cmi.student_data.mastery_score", "50", 403),
        ("cmi.core._children", "x", 402),
        ("cmi.interactions._count", "3", 402),
        ("cmi._version", "3.4", 402),
        ("cmi.core.lesson_statuss", "passed", 401),
        ("cmi.completion_status", "completed", 401),  # a 2004 element in a 1.2 package
        ("adl.nav.request", "continue", 401),
        ("cmi.interactions.0.id", "q1", 0),
        ("cmi.interactions.0.type", "choice", 0),
        ("cmi.interactions.0.type", "long-fill-in", 405),
        ("cmi.interactions.0.time", "13:45:00", 0),
        ("cmi.interactions.0.time", "25:00:00", 405),
        ("cmi.interactions.0.result", "wrong", 0),
        ("cmi.interactions.0.result", "incorrect", 405),
        ("cmi.interactions.0.result", "0.5", 0),
        ("cmi.interactions.0.latency", "00:00:12", 0),
        ("cmi.interactions.0.student_response", "a,b", 0),
        ("cmi.interactions.0.correct_responses.0.pattern", "a", 0),
        ("cmi.interactions.1.id", "q2", 201),  # index 1 before index 0
        ("cmi.interactions.00.id", "q1", 401),
        ("cmi.interactions.-1.id", "q1", 401),
        ("cmi.objectives.0.status", "not attempted", 0),
        ("cmi.objectives.0.score.raw", "200", 407),
    ],
)
def test_scorm_12_set_value_answers_the_standard_codes(element: str, value: str, code: int) -> None:
    assert code_of(V12, element, value) == code


@pytest.mark.parametrize(
    ("element", "value", "code"),
    [
        ("cmi.completion_status", "completed", 0),
        ("cmi.completion_status", "not attempted", 0),
        ("cmi.completion_status", "passed", 406),
        ("cmi.success_status", "passed", 0),
        ("cmi.success_status", "completed", 406),
        ("cmi.exit", "normal", 0),
        ("cmi.exit", "suspend", 0),
        ("cmi.exit", "", 0),
        ("cmi.exit", "quit", 406),
        ("cmi.score.scaled", "-1", 0),
        ("cmi.score.scaled", "0.85", 0),
        ("cmi.score.scaled", "1.0001", 407),
        ("cmi.score.scaled", "-1.5", 407),
        ("cmi.score.raw", "250", 0),
        ("cmi.score.raw", "1e3", 406),
        ("cmi.progress_measure", "0.5", 0),
        ("cmi.progress_measure", "1.5", 407),
        ("cmi.session_time", "PT1H2M3.45S", 0),
        ("cmi.session_time", "P1DT2H", 0),
        ("cmi.session_time", "PT", 406),
        ("cmi.session_time", "01:02:03", 406),
        ("cmi.location", "x" * 1000, 0),
        ("cmi.location", "x" * 1001, 406),
        ("cmi.suspend_data", "s" * 64000, 0),
        ("cmi.suspend_data", "s" * 64001, 406),
        ("cmi.learner_preference.language", "sv-SE", 0),
        ("cmi.learner_preference.language", "svenska!", 406),
        ("cmi.learner_preference.audio_level", "-0.5", 407),
        ("cmi.learner_preference.audio_captioning", "2", 406),
        ("cmi.comments_from_learner.0.comment", "{lang=sv}Bra", 0),
        ("cmi.comments_from_learner.0.timestamp", "2026-12-07T10:11:12.5Z", 0),
        ("cmi.comments_from_learner.0.timestamp", "2026-13-07", 406),
        ("cmi.comments_from_learner.0.timestamp", "1969-01-01", 406),
        ("cmi.learner_id", "x", 404),
        ("cmi.learner_name", "x", 404),
        ("cmi.credit", "credit", 404),
        ("cmi.entry", "resume", 404),
        ("cmi.mode", "normal", 404),
        ("cmi.total_time", "PT1H", 404),
        ("cmi.scaled_passing_score", "0.5", 404),
        ("cmi.completion_threshold", "0.5", 404),
        ("cmi.comments_from_lms.0.comment", "x", 404),
        ("cmi._version", "1.0", 404),
        ("cmi.interactions._count", "1", 404),
        ("cmi.core.lesson_status", "passed", 401),  # a 1.2 element in a 2004 package
        ("cmi.interactions.0.id", "urn:jamlik:q1", 0),
        ("cmi.interactions.0.id", "", 406),
        ("cmi.interactions.0.type", "choice", 408),  # before its id
        ("cmi.interactions.1.id", "q2", 351),  # index 1 before index 0
        ("cmi.objectives.0.success_status", "passed", 408),
        ("cmi.objectives.0.id", "obj-1", 0),
    ],
)
def test_scorm_2004_set_value_answers_the_standard_codes(element: str, value: str, code: int) -> None:
    assert code_of(V2004, element, value) == code


def test_write_only_elements_can_be_set_in_both_versions() -> None:
    assert code_of(V12, "cmi.core.exit", "logout") == 0
    assert code_of(V2004, "cmi.session_time", "PT5S") == 0


INTERACTION = {"cmi.interactions.0.id": "q1"}


@pytest.mark.parametrize(
    ("kind", "element", "value", "code"),
    [
        ("true-false", "learner_response", "true", 0),
        ("true-false", "learner_response", "yes", 406),
        ("choice", "learner_response", "a[,]b", 0),
        ("choice", "learner_response", "a[,]a", 406),
        ("choice", "learner_response", "", 0),
        ("choice", "correct_responses.0.pattern", "a[,]c", 0),
        ("sequencing", "learner_response", "c[,]b[,]a", 0),
        ("sequencing", "learner_response", "", 406),
        ("likert", "learner_response", "agree", 0),
        ("matching", "learner_response", "a[.]1[,]b[.]2", 0),
        ("matching", "learner_response", "a-1", 406),
        ("numeric", "learner_response", "12.5", 0),
        ("numeric", "learner_response", "twelve", 406),
        ("numeric", "correct_responses.0.pattern", "10[:]20", 0),
        ("numeric", "correct_responses.0.pattern", "[:]20", 0),
        ("numeric", "correct_responses.0.pattern", "20[:]10", 406),
        ("fill-in", "correct_responses.0.pattern", "{case_matters=true}Diskriminering", 0),
        ("long-fill-in", "learner_response", "x" * 4000, 0),
        ("long-fill-in", "learner_response", "x" * 4001, 406),
        ("other", "learner_response", "anything at all", 0),
    ],
)
def test_scorm_2004_responses_are_read_by_the_interactions_type(kind: str, element: str, value: str, code: int) -> None:
    state = {**INTERACTION, "cmi.interactions.0.type": kind}
    assert code_of(V2004, f"cmi.interactions.0.{element}", value, state) == code


def test_a_response_before_the_interactions_type_is_a_dependency_error() -> None:
    assert code_of(V2004, "cmi.interactions.0.learner_response", "true", INTERACTION) == 408


def test_the_next_index_of_a_collection_is_its_count() -> None:
    state = {"cmi.interactions.0.id": "q1", "cmi.interactions.1.id": "q2"}
    assert code_of(V2004, "cmi.interactions.2.id", "q3", state) == 0
    assert code_of(V2004, "cmi.interactions.3.id", "q4", state) == 351
    assert code_of(V2004, "cmi.interactions.1.objectives.0.id", "o1", state) == 0
    assert code_of(V2004, "cmi.interactions.1.objectives.1.id", "o1", state) == 351


def test_a_commit_is_checked_in_index_order_and_skips_what_the_runtime_echoes() -> None:
    cmi = {
        "cmi.interactions.1.type": "true-false",
        "cmi.interactions.1.learner_response": "false",
        "cmi.interactions.1.id": "q2",
        "cmi.interactions.0.id": "q1",
        "cmi.learner_id": "forged",
        "cmi.interactions._count": "2",
        "cmi._version": "1.0",
        "adl.nav.request": "continue",
        "cmi.completion_status": "completed",
    }
    assert check_commit(V2004, cmi, {}) == {
        "cmi.interactions.0.id": "q1",
        "cmi.interactions.1.id": "q2",
        "cmi.interactions.1.type": "true-false",
        "cmi.interactions.1.learner_response": "false",
        "cmi.completion_status": "completed",
    }


def test_a_commit_builds_on_what_the_attempt_holds() -> None:
    state = {"cmi.interactions.0.id": "q1", "cmi.interactions.0.type": "numeric"}
    assert check_commit(V2004, {"cmi.interactions.0.learner_response": "3"}, state) == {
        "cmi.interactions.0.learner_response": "3"
    }
    with pytest.raises(DataModelError) as refused:
        check_commit(V2004, {"cmi.interactions.2.id": "q3"}, state)
    assert refused.value.code == 351


@pytest.mark.parametrize("value", [None, True, ["a"], {"a": 1}])
def test_a_commit_value_that_is_not_a_string_is_a_type_mismatch(value: object) -> None:
    with pytest.raises(DataModelError) as refused:
        check_commit(V12, {"cmi.core.lesson_location": value}, {})
    assert refused.value.code == 405


def test_a_commit_with_an_unknown_element_is_refused_whole() -> None:
    with pytest.raises(DataModelError) as refused:
        check_commit(V12, {"cmi.core.lesson_status": "passed", "cmi.core.bogus": "x"}, {})
    assert (refused.value.code, refused.value.element) == (401, "cmi.core.bogus")


@given(st.text(max_size=300))
def test_no_string_makes_the_checks_raise_anything_but_a_refusal(value: str) -> None:
    for version, elements in [
        (V12, ["cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.session_time", "cmi.interactions.0.time"]),
        (V2004, ["cmi.score.scaled", "cmi.session_time", "cmi.comments_from_learner.0.timestamp", "cmi.exit"]),
    ]:
        for element in elements:
            code_of(version, element, value)
    state = {"cmi.interactions.0.id": "q", "cmi.interactions.0.type": "numeric"}
    for kind in ["choice", "matching", "numeric", "likert", "sequencing"]:
        state["cmi.interactions.0.type"] = kind
        code_of(V2004, "cmi.interactions.0.correct_responses.0.pattern", value, state)
    code_of(V2004, value, "x")
    code_of(V12, value, "x")


@given(st.integers(min_value=0, max_value=MAX_CENTISECONDS))
def test_a_timespan_reads_back_what_was_written(centiseconds: int) -> None:
    assert parse_timespan(format_timespan(centiseconds)) == centiseconds
    assert code_of(V12, "cmi.core.session_time", format_timespan(centiseconds)) == 0


@given(st.integers(min_value=0, max_value=2**31 - 1))
def test_a_duration_reads_back_what_was_written(centiseconds: int) -> None:
    assert parse_duration(format_duration(centiseconds)) == centiseconds
    assert code_of(V2004, "cmi.session_time", format_duration(centiseconds)) == 0


@pytest.mark.parametrize(
    ("value", "centiseconds"),
    [("PT1H2M3.45S", 372345), ("P1D", 8640000), ("PT0.5S", 50), ("P0Y0M0DT0H0M0S", 0), ("PT1,5M", 9000)],
)
def test_durations_count_in_hundredths(value: str, centiseconds: int) -> None:
    assert parse_duration(value) == centiseconds


def test_a_time_past_what_a_session_keeps_is_clamped_not_refused() -> None:
    assert parse_timespan("9999:59:59.99") == MAX_CENTISECONDS
    assert parse_duration("P100Y") == MAX_CENTISECONDS
    assert code_of(V12, "cmi.core.session_time", "9999:59:59.99") == 0


def test_timespans_count_in_hundredths() -> None:
    assert parse_timespan("0001:02:03.4") == 372340
    assert parse_timespan("nonsense") is None
