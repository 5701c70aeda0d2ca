"""Decision aging (DOMAIN.md "Decisions and aging"): levels by age, inclusive
bounds, UTC for naive datetimes, and the order of pending-decision lists."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone

import pytest

from chenu_desktop.domain.aging import RULE_BY_LEVEL, AgingLevel, aging_level, urgency_key

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
TICK = timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("age", "level"),
    [
        (timedelta(0), AgingLevel.GREEN),
        (timedelta(hours=24), AgingLevel.GREEN),
        (timedelta(hours=24) + TICK, AgingLevel.YELLOW),
        (timedelta(days=3), AgingLevel.YELLOW),
        (timedelta(days=3) + TICK, AgingLevel.RED),
        (timedelta(days=7), AgingLevel.RED),
        (timedelta(days=7) + TICK, AgingLevel.BLINK),
        (timedelta(days=10), AgingLevel.BLINK),
        (timedelta(days=10) + TICK, AgingLevel.ARCHIVE),
        (timedelta(days=400), AgingLevel.ARCHIVE),
    ],
    ids=lambda v: str(v),
)
def test_each_level_includes_its_upper_bound(age: timedelta, level: AgingLevel) -> None:
    assert aging_level(NOW - age, NOW) is level


def test_a_decision_stamped_in_the_future_is_green() -> None:
    # A decision synced from a device whose clock runs ahead.
    assert aging_level(NOW + timedelta(hours=5), NOW) is AgingLevel.GREEN


def test_aware_datetimes_in_other_zones_compare_as_instants() -> None:
    plus_two = timezone(timedelta(hours=2))
    started = (NOW - timedelta(hours=24)).astimezone(plus_two)
    assert aging_level(started, NOW) is AgingLevel.GREEN
    assert aging_level(started - TICK, NOW.astimezone(plus_two)) is AgingLevel.YELLOW


@pytest.fixture
def local_zone_not_utc(monkeypatch: pytest.MonkeyPatch):
    """Run with a local time zone five hours behind UTC, so "naive means UTC"
    and "naive means local time" give different answers."""
    monkeypatch.setenv("TZ", "EST+05")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("local_zone_not_utc")
def test_naive_datetimes_are_treated_as_utc() -> None:
    started_naive = (NOW - timedelta(hours=24) - TICK).replace(tzinfo=None)
    # As UTC this is 24 h + 1 µs old; as local time it would be 19 h old.
    assert aging_level(started_naive, NOW) is AgingLevel.YELLOW
    assert aging_level(started_naive, NOW.replace(tzinfo=None)) is AgingLevel.YELLOW
    assert aging_level(started_naive + TICK, NOW) is AgingLevel.GREEN


def test_level_colours_and_reminders_follow_the_canon() -> None:
    canon = {
        AgingLevel.GREEN: ("#4ADE80", None),
        AgingLevel.YELLOW: ("#FACC15", timedelta(hours=6)),
        AgingLevel.RED: ("#EF4444", timedelta(hours=2)),
        AgingLevel.BLINK: ("#F97316", timedelta(minutes=30)),
        AgingLevel.ARCHIVE: ("#6B7280", None),
    }
    actual = {level: (rule.colour, rule.reminder_every) for level, rule in RULE_BY_LEVEL.items()}
    assert actual == canon
    assert [level for level, rule in RULE_BY_LEVEL.items() if rule.blinking] == [AgingLevel.BLINK]


def test_pending_list_sorts_blink_red_yellow_green_then_oldest_first() -> None:
    ages = {
        "blink-old": timedelta(days=9, hours=12),
        "blink-new": timedelta(days=7, hours=1),
        "red-old": timedelta(days=6),
        "red-new": timedelta(days=3, hours=1),
        "yellow-old": timedelta(days=2),
        "yellow-new": timedelta(hours=25),
        "green-old": timedelta(hours=23),
        "green-new": timedelta(minutes=1),
    }
    expected = list(ages)
    shuffled = expected[:]
    random.Random(7).shuffle(shuffled)
    # Mix naive and aware timestamps: the key must still sort them (raw
    # datetimes of both kinds cannot even be compared).
    started = {
        name: (NOW - age).replace(tzinfo=None) if i % 2 else NOW - age
        for i, (name, age) in enumerate(ages.items())
    }
    ordered = sorted(shuffled, key=lambda name: urgency_key(started[name], NOW))
    assert ordered == expected


def test_urgency_ranks_a_more_urgent_level_before_a_calmer_one() -> None:
    blink = urgency_key(NOW - timedelta(days=8), NOW)
    red = urgency_key(NOW - timedelta(days=4), NOW)
    yellow = urgency_key(NOW - timedelta(days=2), NOW)
    green = urgency_key(NOW - timedelta(hours=1), NOW)
    assert blink < red < yellow < green


def test_within_one_level_the_older_decision_comes_first() -> None:
    older = urgency_key(NOW - timedelta(hours=20), NOW)
    newer = urgency_key(NOW - timedelta(hours=2), NOW)
    assert older < newer
