"""Thread maturity shown on cards: score = events + 5 × decisions, capped at
100; SEED < 20 ≤ SPROUTING < 45 ≤ GROWING < 70 ≤ MATURE < 90 ≤ RIPE."""

from __future__ import annotations

import pytest

from chenu_desktop.domain.threads import Maturity, maturity_level, maturity_score


@pytest.mark.parametrize(
    ("events", "decisions", "score"),
    [
        (0, 0, 0),
        (7, 0, 7),
        (0, 1, 5),
        (3, 2, 13),
        (15, 1, 20),
        (100, 0, 100),
        (101, 0, 100),
        (95, 10, 100),
        (0, 21, 100),
        (10_000, 500, 100),
    ],
)
def test_score_counts_events_and_weighs_decisions_five_capped_at_100(
    events: int, decisions: int, score: int
) -> None:
    assert maturity_score(events, decisions) == score


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, Maturity.SEED),
        (19, Maturity.SEED),
        (20, Maturity.SPROUTING),
        (44, Maturity.SPROUTING),
        (45, Maturity.GROWING),
        (69, Maturity.GROWING),
        (70, Maturity.MATURE),
        (89, Maturity.MATURE),
        (90, Maturity.RIPE),
        (100, Maturity.RIPE),
    ],
)
def test_level_thresholds_are_lower_bounds(score: int, level: Maturity) -> None:
    assert maturity_level(score) is level


def test_one_decision_can_tip_a_thread_into_the_next_level() -> None:
    assert maturity_level(maturity_score(15, 0)) is Maturity.SEED
    assert maturity_level(maturity_score(15, 1)) is Maturity.SPROUTING


def test_a_thread_at_the_cap_is_ripe() -> None:
    assert maturity_level(maturity_score(1_000, 1_000)) is Maturity.RIPE
