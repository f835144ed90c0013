"""English text of the `readiness.*` keys: where a skill stands for the interview (services/progress)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # {band}: ready, nearly, progressing or early; {trend}: improving, declining, stable or not_enough
    "readiness.now": (
        "{band, select, ready {Ready} nearly {Nearly there} progressing {Getting there} other {Early days}}: "
        "your recent average is {level}/100 {trend, select, improving {and improving} "
        "declining {but slipping lately} stable {and steady} other {(a trend needs 4 sessions)}}."
    ),
    "readiness.no_date": "Set your interview date in Settings to see where this leads.",
    "readiness.date_passed": "Your interview date has passed; set the next one in Settings.",
    "readiness.pace": "about {count, plural, one {# session} other {# sessions}} a week",
    "readiness.no_sessions": "no sessions lately",
    "readiness.projection": (
        "With {days, plural, one {# day} other {# days}} to go and {pace}, you are on course for about "
        "{projected} ({band, select, ready {ready} nearly {nearly there} progressing {getting there} "
        "other {early days}}) on the day."
    ),
    # the readiness and skills tables: a band, a trend, the overall row
    "readiness.band.ready": "ready",
    "readiness.band.nearly": "nearly there",
    "readiness.band.progressing": "getting there",
    "readiness.band.early": "early days",
    "readiness.trend.improving": "improving",
    "readiness.trend.stable": "stable",
    "readiness.trend.declining": "declining",
    "readiness.trend.not_enough": "too few sessions",
    "readiness.overall": "Overall",
}
