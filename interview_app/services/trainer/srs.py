"""Spaced repetition with FSRS (the `fsrs` package): answers become ratings, ratings move due dates.

The trainer works in days, so the scheduler has no intra-day learning steps: a wrong answer comes back
the next day (one relearning step of a day, as in Anki), a right one after the interval FSRS computes
from the card's stability. Ratings follow
from the answer and how long it took against the time expected for the question:

- wrong -> Again;
- right but slow (more than 1.5x the expected time, or a short answer that only just passed) -> Hard;
- right -> Good;
- right and fast (under 0.4x the expected time, and not a short answer) -> Easy.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from fsrs import Card, Rating, Scheduler

# Seconds a candidate who knows the answer needs, by kind, before difficulty is applied.
EXPECTED_SECONDS = {"single": 25.0, "multi": 40.0, "true_false": 15.0, "short": 90.0, "missed_point": 120.0}
DIFFICULTY_FACTOR = {"easy": 0.8, "medium": 1.0, "hard": 1.3}
SLOW_FACTOR = 1.5
FAST_FACTOR = 0.4
DESIRED_RETENTION = 0.9


@functools.cache
def scheduler() -> Scheduler:
    """The process-wide FSRS scheduler (default weights, 90 % retention, steps of whole days)."""
    return Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=(),
        relearning_steps=(timedelta(days=1),),
        enable_fuzzing=True,
    )


def expected_seconds(kind: str, difficulty: str) -> float:
    """How long a right answer should take for a question of this kind and difficulty."""
    return EXPECTED_SECONDS.get(kind, 30.0) * DIFFICULTY_FACTOR.get(difficulty, 1.0)


def rating_for(correct: bool, seconds: float | None, kind: str, difficulty: str, narrow_pass: bool = False) -> Rating:
    """The FSRS rating for one answer (see the module docstring)."""
    if not correct:
        return Rating.Again
    expected = expected_seconds(kind, difficulty)
    if narrow_pass or (seconds is not None and seconds > SLOW_FACTOR * expected):
        return Rating.Hard
    if seconds is not None and seconds < FAST_FACTOR * expected and kind not in ("short", "missed_point"):
        return Rating.Easy
    return Rating.Good


def new_card_state(now: datetime) -> dict[str, Any]:
    """A fresh card, due now, as stored in ReviewCard.fsrs."""
    card = Card(due=_aware(now))
    return cast(dict[str, Any], card.to_dict())


def review(state: dict[str, Any] | None, rating: Rating, now: datetime) -> tuple[dict[str, Any], datetime]:
    """Apply one rating to a stored card; returns the new stored state and its due time (UTC)."""
    card = Card.from_dict(cast(Any, state)) if state else Card(due=_aware(now))
    updated, _log = scheduler().review_card(card, rating, _aware(now))
    return cast(dict[str, Any], updated.to_dict()), updated.due.astimezone(UTC)


def retrievability(state: dict[str, Any] | None, now: datetime) -> float | None:
    """Probability of recalling the card now (None for a card never reviewed)."""
    if not state or state.get("stability") is None:
        return None
    return float(scheduler().get_card_retrievability(Card.from_dict(cast(Any, state)), _aware(now)))


def retrievabilities(state: dict[str, Any] | None, moments: dict[int, datetime]) -> dict[int, float]:
    """Recall probability at each of several moments (by key), from one card; empty if never reviewed."""
    if not state or state.get("stability") is None:
        return {}
    card = Card.from_dict(cast(Any, state))
    return {key: float(scheduler().get_card_retrievability(card, _aware(m))) for key, m in moments.items()}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
