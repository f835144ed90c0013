"""English text of the `limit.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # the product's limits (services/shared/limits.py): {limit} is the number, {wait} the time to retry in words
    "limit.interviews_per_day": (
        "Interviews are limited to {limit} a day, and you have started that many in the last 24 hours. "
        "You can start the next one in {wait}."
    ),
    "limit.answers_per_minute": "Answers are limited to {limit} a minute. Send this one in {wait}: it is kept here.",
    "limit.llm_scoring_per_minute": (
        "More answers arrived in a minute than the AI reviewer takes ({limit} a minute), so this answer was "
        "scored by the built-in scorer."
    ),
    "limit.exports_per_hour": "Exports are limited to {limit} an hour. Try again in {wait}.",
    "limit.exports_per_day": "Exports are limited to {limit} a day. Try again in {wait}.",
    "limit.reached": "You have reached a limit of {limit}. Try again in {wait}.",
}
