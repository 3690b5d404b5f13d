"""Learner text loses what readers cannot see but screens obey; limits count what remains."""
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.problems import ProblemList
from reverse_mentoring_xblock.core.text import KEPT_FORMAT_CHARACTERS, clean_line, clean_paragraph
from reverse_mentoring_xblock.core.vocabulary import TEXT_LIMITS
from tests.factories import config, intake

RIGHT_TO_LEFT_OVERRIDE = "\u202e"
TRICKS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b",
          "\u200e", "\u200f", "\u2060", "\u2061", "\ufeff", "\u00ad", "\u061c", "\x00", "\x1b", "\x7f", "\u0085",
          "\ud800", "\udfff", "\ufffe", "\uffff", "\U000e0001"]

@pytest.mark.parametrize("trick", TRICKS)
def test_invisible_and_reordering_characters_are_removed(trick):
    assert clean_line(f"Ad{trick}min{trick}") == "Admin"
    assert clean_paragraph(f"{trick}Line one{trick}") == "Line one"

def test_a_reversed_name_reads_as_typed():
    assert clean_line(f"Eve {RIGHT_TO_LEFT_OVERRIDE}gnp.exe") == "Eve gnp.exe"

def test_joiners_that_writing_needs_are_kept():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert clean_line(family) == family and clean_line(persian) == persian

def test_line_breaks_become_one_kind_and_tabs_spaces():
    assert clean_paragraph("a\r\nb\rc\u2028d\u2029e\x85f\tg") == "a\nb\nc\nd\ne\nf g"
    assert clean_line("a\r\nb\u2028c\td") == "a b c d"

def test_text_is_stored_composed():
    assert clean_line("Cafe\u0301") == "Caf\u00e9"
    assert clean_line("Cafe\u200b\u0301") == "Caf\u00e9"  # composed after the invisible character went

def test_limits_apply_after_normalisation():
    name = "N" * TEXT_LIMITS["public_name"]
    answers = parse_intake(intake("mentee", public_name=RIGHT_TO_LEFT_OVERRIDE * 50 + name + "\u200b" * 50), config())
    assert answers.public_name == name
    with pytest.raises(ProblemList) as error:
        parse_intake(intake("mentee", public_name="\u202e\u200b\u2066 \t"), config())
    assert [p.field for p in error.value.problems] == ["public_name"]

def _is_invisible(character):
    category = unicodedata.category(character)
    return (category in ("Cc", "Cs") and character not in "\n") or (
        category == "Cf" and character not in KEPT_FORMAT_CHARACTERS)

@given(st.text(alphabet=st.characters(codec=None), max_size=200))
def test_cleaned_text_has_nothing_invisible_and_cleaning_twice_changes_nothing(value):
    for clean in (clean_line, clean_paragraph):
        once = clean(value)
        assert not any(_is_invisible(character) for character in once)
        assert clean(once) == once
        assert unicodedata.is_normalized("NFC", once)
        once.encode("utf-8")  # storable
    assert "\n" not in clean_line(value)

@given(st.one_of(st.none(), st.integers(), st.lists(st.text()), st.dictionaries(st.text(), st.text())))
def test_what_is_not_text_is_refused(value):
    assert clean_line(value) is None and clean_paragraph(value) is None
