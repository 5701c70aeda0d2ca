"""Thread field validation: what a person typing a title, an intent, a status
or tags is told (DOMAIN.md: title 1–200 chars, intent 1–2000, not blank)."""

from __future__ import annotations

import pytest

from chenu_desktop.domain.errors import DomainError, ValidationError
from chenu_desktop.domain.threads import (
    THREAD_STATUSES,
    validate_intent,
    validate_status,
    validate_tags,
    validate_title,
)

BLANKS = ["", " ", "   ", "\t", "\n", " \t\r\n ", "\u3000"]


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
def test_blank_title_is_refused_naming_the_title(blank: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_title(blank)
    assert caught.value.field == "title"
    assert str(caught.value).startswith("title:")
    assert "blank" in str(caught.value)


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
def test_blank_intent_is_refused_naming_the_founding_intent(blank: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_intent(blank)
    assert caught.value.field == "founding_intent"
    assert str(caught.value).startswith("founding_intent:")


def test_title_of_exactly_200_characters_is_accepted() -> None:
    title = "t" * 200
    assert validate_title(title) == title


def test_title_of_201_characters_is_refused_with_the_limit_and_length() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_title("t" * 201)
    message = str(caught.value)
    assert message.startswith("title:")
    assert "200" in message and "201" in message


def test_intent_of_exactly_2000_characters_is_accepted() -> None:
    intent = "i" * 2000
    assert validate_intent(intent) == intent


def test_intent_of_2001_characters_is_refused_with_the_limit_and_length() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_intent("i" * 2001)
    message = str(caught.value)
    assert message.startswith("founding_intent:")
    assert "2000" in message and "2001" in message


def test_validating_the_current_intent_names_that_field() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_intent("", field="current_intent")
    assert caught.value.field == "current_intent"
    assert validate_intent("Ship it", field="current_intent") == "Ship it"


def test_surrounding_whitespace_is_trimmed_and_not_counted() -> None:
    assert validate_title("  Plan the garden \n") == "Plan the garden"
    assert validate_title("  " + "t" * 200 + "  ") == "t" * 200
    assert validate_intent("\t" + "i" * 2000 + " ") == "i" * 2000


def test_inner_whitespace_and_non_ascii_are_kept() -> None:
    assert validate_title("Café  «été» 🌱") == "Café  «été» 🌱"


@pytest.mark.parametrize("value", [None, 42, ["a title"], b"bytes"], ids=repr)
def test_non_text_title_is_refused(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_title(value)
    assert caught.value.field == "title"
    assert "text" in str(caught.value)


def test_validation_errors_are_domain_errors() -> None:
    # Callers (CLI, window) catch DomainError to show the message.
    with pytest.raises(DomainError):
        validate_title("")


@pytest.mark.parametrize("status", ["active", "paused", "completed", "archived"])
def test_each_canonical_status_is_accepted(status: str) -> None:
    assert validate_status(status) == status


def test_the_statuses_are_exactly_the_four_of_the_canon() -> None:
    assert THREAD_STATUSES == ("active", "paused", "completed", "archived")


@pytest.mark.parametrize("value", ["done", "", "deleted", None, 1], ids=repr)
def test_unknown_status_is_refused_listing_the_allowed_ones(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_status(value)
    message = str(caught.value)
    assert caught.value.field == "status"
    assert message.startswith("status:")
    for status in THREAD_STATUSES:
        assert status in message
    assert repr(value) in message


def test_tags_are_trimmed_blank_ones_dropped_and_duplicates_removed_in_order() -> None:
    assert validate_tags([" garden ", "", "home", "  ", "garden", "home", "Garden"]) == [
        "garden",
        "home",
        "Garden",
    ]


def test_tags_may_be_a_tuple_or_empty() -> None:
    assert validate_tags(("a", "b")) == ["a", "b"]
    assert validate_tags([]) == []


@pytest.mark.parametrize("value", ["garden,home", None, ["ok", 3], {"a": 1}], ids=repr)
def test_tags_that_are_not_a_list_of_text_are_refused_naming_tags(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_tags(value)
    assert caught.value.field == "tags"
    assert str(caught.value).startswith("tags:")
