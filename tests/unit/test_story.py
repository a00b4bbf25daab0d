"""The story's facts are typed once (geo/facts/story.py) and reach the words from there: the
closure's day and the home region are placeholders in geo/i18n, filled from the story."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geo.facts.story import ROXHAM, Event
from geo.i18n import TEXT, format_day, region_of, text


@pytest.mark.parametrize("day, lang, expected", [
    ("2023-03-25", "en", "25 March 2023"), ("2023-03-25", "fr", "25 mars 2023"),
    ("2021-11-01", "fr", "1er novembre 2021")])
def test_days_in_words(day: str, lang: str, expected: str) -> None:
    assert format_day(day, lang) == expected


def test_no_word_types_the_closure_date() -> None:
    for lang, words in TEXT.items():
        assert not [key for key, value in words.items() if "2023" in value], lang


def test_the_closure_label_follows_the_story() -> None:
    moved = replace(ROXHAM, closure=Event(day="2024-06-01", label="closure", short="closure_short"))
    assert text("fr", moved.closure.label, date=format_day(moved.closure.day, "fr")) == \
        "Fermeture du chemin Roxham le 1er juin 2024"
    assert moved.windows()[0].end == "2024-05" and moved.windows()[1].start == "2024-07"


@pytest.mark.parametrize("code, lang, expected", [
    ("QC", "en", "Quebec's"), ("QC", "fr", "du Québec"), ("ON", "fr", "de l'Ontario"),
    ("BC", "fr", "de la Colombie-Britannique")])
def test_a_region_as_owner(code: str, lang: str, expected: str) -> None:
    assert region_of(code, lang) == expected
