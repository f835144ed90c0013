"""Numbers, dates, times and waits written for each language."""

from __future__ import annotations

import datetime as dt

import pytest

from interview_app.i18n import formats
from interview_app.services.shared.rate_limit import RateLimited

MOMENT = dt.datetime(2026, 12, 7, 14, 5, 7)


def test_numbers_and_percentages():
    assert formats.number(12345.5, "en") == "12,345.5"
    assert formats.number(0.456, "ko", 1) == "0.5"
    assert formats.number(3, "en", 0) == "3"
    assert formats.percent(0.42, "ko") == "42%"


def test_dates_in_each_languages_order():
    assert formats.date(MOMENT, "en") == "7 Dec 2026"
    assert formats.date(MOMENT, "ko") == "2026. 12. 7."
    assert formats.date(MOMENT, "ko", "long") == "2026년 12월 7일"
    assert formats.day_month(MOMENT, "en") == "7 Dec"
    assert formats.day_month(MOMENT, "ko") == "12월 7일"
    assert formats.month_year(MOMENT, "ko") == "2026년 12월"


def test_times():
    assert formats.time(MOMENT, "en") == "14:05"
    assert formats.time(MOMENT, "ko") == "오후 2:05"
    assert formats.time(MOMENT, "en", seconds=True) == "14:05:07"
    assert formats.date_time(MOMENT, "en") == "7 Dec 2026, 14:05"
    assert formats.date_time(MOMENT, "ko") == "2026. 12. 7. 오후 2:05"
    assert formats.date_time(MOMENT, "en", year=False) == "7 Dec, 14:05"
    assert formats.date_time(MOMENT, "ko", year=False) == "12월 7일 오후 2:05"


@pytest.mark.parametrize(
    ("seconds", "en", "ko"),
    [
        (1, "1 second", "1초"),
        (45, "45 seconds", "45초"),
        (200, "4 minutes", "4분"),
        (3700, "62 minutes", "62분"),
        (120 * 60, "2 hours", "2시간"),
        (190 * 60, "3 hours 10 minutes", "3시간 10분"),
    ],
)
def test_waits_round_up_in_words(seconds: int, en: str, ko: str):
    assert formats.duration(seconds, "en") == en
    assert formats.duration(seconds, "ko") == ko
    assert RateLimited(seconds).retry_text() == en
    assert RateLimited(seconds).retry_text("ko") == ko


def test_relative_times():
    assert formats.relative(-3 * 3600, "en") == "3 hours ago"
    assert formats.relative(-3 * 3600, "ko") == "3시간 전"
    assert formats.relative(dt.timedelta(days=2), "en") == "in 2 days"
    assert formats.relative(dt.timedelta(days=2), "ko") == "2일 후"
