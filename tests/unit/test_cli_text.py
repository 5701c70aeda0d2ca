"""How the CLI measures, cuts and counts text: terminal columns, word cuts, plurals."""

from __future__ import annotations

import pytest

from chenu_desktop.cli.output import fit_widths
from chenu_desktop.cli.plurals import ENGLISH, FRENCH, counted, say
from chenu_desktop.cli.text_width import clip, display_width, pad


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("Personal", 8),
        ("🏠 Personal", 11),  # an emoji takes two columns
        ("🏛️ Government", 13),  # a narrow symbol asking for its emoji form: two
        ("日本語", 6),
        ("Café", 4),  # é as e + combining accent: one column
        ("👩‍💻", 4),  # two emoji joined: what terminals without the ZWJ sequence draw
    ],
)
def test_width_counts_terminal_columns_not_characters(text: str, columns: int) -> None:
    assert display_width(text) == columns
    assert display_width(pad(text, 20)) == 20


def test_a_cut_ends_after_a_whole_word_with_an_ellipsis() -> None:
    assert clip("Hire the errand sorter for the personal sphere", 24) == "Hire the errand sorter…"
    assert clip("Short enough", 24) == "Short enough"
    assert display_width(clip("🏠🏠🏠🏠🏠🏠", 7)) <= 7


def test_a_single_long_word_is_cut_inside_rather_than_dropped() -> None:
    assert clip("Supercalifragilisticexpialidocious", 10) == "Supercali…"
    assert clip("A Supercalifragilisticexpialidocious", 10) == "A Superca…"


def test_the_widest_shrinkable_columns_give_way_and_ids_never_do() -> None:
    natural = [36, 7, 50, 40]
    widths = fit_widths(natural, [False, True, True, True], [2, 6, 5, 6], room=100)
    assert sum(widths) + 2 * 3 <= 100
    assert widths[0] == 36 and widths[1] == 7  # the id whole; a narrow column untouched
    assert abs(widths[2] - widths[3]) <= 1  # the two wide ones shrank evenly


def test_columns_never_shrink_below_their_floor() -> None:
    assert fit_widths([36, 30, 16], [False, True, True], [2, 5, 13], room=20) == [36, 16, 16]


@pytest.mark.parametrize(
    ("n", "english", "french"),
    [
        (0, "0 conflicts", "0 conflit"),
        (1, "1 conflict", "1 conflit"),
        (2, "2 conflicts", "2 conflits"),
    ],
)
def test_plurals_follow_each_language_s_rule(n: int, english: str, french: str) -> None:
    assert say("conflicts", ENGLISH, n) == english
    assert say("conflicts", FRENCH, n) == french


def test_counted_english_phrases() -> None:
    assert (counted(1, "change"), counted(3, "change")) == ("1 change", "3 changes")
    assert say("imported_threads", ENGLISH, 1) == "Imported 1 thread."
    assert say("imported_threads", FRENCH, 2) == "2 fils importés."
