"""Verification codes: unguessable, short enough to type, forgiving when typed."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from jamlik.credentials import codes


def test_a_code_carries_at_least_80_random_bits() -> None:
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 80
    assert len({codes.new_code() for _ in range(1000)}) == 1000


def test_the_alphabet_has_no_confusable_letters() -> None:
    assert not set("ILOU") & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == 32


def test_a_code_is_shown_in_four_groups_of_four() -> None:
    assert codes.display("K7Q2M9XD4HPTAB3C") == "K7Q2-M9XD-4HPT-AB3C"


def test_typing_ignores_case_spaces_and_hyphens_and_reads_look_alikes_as_digits() -> None:
    assert codes.normalise(" k7q2 m9xd-4hpt-ab3c ") == "K7Q2M9XD4HPTAB3C"
    assert codes.normalise("O0IL-0000-0000-0000") == "0011000000000000"


def test_typing_refuses_what_cannot_be_a_code() -> None:
    assert codes.normalise("") is None
    assert codes.normalise("K7Q2-M9XD-4HPT") is None  # too short
    assert codes.normalise("K7Q2-M9XD-4HPT-AB3U") is None  # U is not in the alphabet
    assert codes.normalise("K7Q2-M9XD-4HPT-AB3<") is None


@given(st.builds(codes.new_code))
def test_every_displayed_code_reads_back_as_itself(code: str) -> None:
    assert codes.normalise(codes.display(code)) == code
    assert codes.normalise(codes.display(code).lower()) == code
