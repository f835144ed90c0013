"""Numbers, dates, times, durations and relative times written for a language, through Babel (CLDR).

`date(d, "ko")` is `2026. 12. 7.` where English says `7 Dec 2026`; `relative(-3600, "ko")` is `1시간 전`,
`duration(200, "en")` is `4 minutes`. Every function takes the language code the catalogue uses ("en",
"ko"); English follows the project's British style (en_GB: day before month, 24-hour clock).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache
from typing import Literal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

# The CLDR locale each language is written in.
_LOCALES = {"en": "en_GB", "ko": "ko_KR"}
# How a chart's date axis writes a day without its year (plotly's d3-time-format, which knows only English
# month names): `7 Dec` / `12월 7일`, as `day_month` writes it.
_CHART_DAYS = {"en": "%-d %b", "ko": "%-m월 %-d일"}


@cache
def locale(lang: str) -> Locale:
    """Babel's locale for a catalogue language (English for one it does not know)."""
    return Locale.parse(_LOCALES.get(lang, "en_GB"))


def number(value: float, lang: str, digits: int | None = None) -> str:
    """A number with the language's grouping and decimal sign; `digits` fixes the decimals shown."""
    if digits is None:
        return babel_numbers.format_decimal(value, locale=locale(lang))
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale(lang))


def percent(fraction: float, lang: str) -> str:
    """A fraction (0.42) as a percentage (`42%`) in the language's style."""
    return babel_numbers.format_percent(fraction, locale=locale(lang))


def date(value: dt.date, lang: str, length: str = "medium") -> str:
    """A day: `medium` is `7 Dec 2026` / `2026. 12. 7.`, `long` `7 December 2026` / `2026년 12월 7일`."""
    return babel_dates.format_date(value, length, locale=locale(lang))


def day_month(value: dt.date, lang: str) -> str:
    """A day without its year, for chart labels: `7 Dec` / `12월 7일`."""
    return babel_dates.format_skeleton("MMMd", value, locale=locale(lang))


def chart_day_format(lang: str) -> str:
    """The tick format of a chart's date axis (plotly's `tickformat`) for a day without its year."""
    return _CHART_DAYS.get(lang, _CHART_DAYS["en"])


def weekdays(lang: str) -> list[str]:
    """The abbreviated day names from Monday to Sunday: `Mon` ... / `월` ..."""
    names = locale(lang).days["format"]["abbreviated"]
    return [str(names[day]) for day in range(7)]


def month_year(value: dt.date, lang: str) -> str:
    """A month: `Dec 2026` / `2026년 12월`."""
    return babel_dates.format_skeleton("yMMM", value, locale=locale(lang))


def time(value: dt.time | dt.datetime, lang: str, seconds: bool = False) -> str:
    """A time of day: `14:05` / `오후 2:05` (with `:07` seconds when asked)."""
    return babel_dates.format_time(value, "medium" if seconds else "short", locale=locale(lang))


def date_time(value: dt.datetime, lang: str, year: bool = True) -> str:
    """A day and time: `7 Dec 2026, 14:05` / `2026. 12. 7. 오후 2:05`.

    Without the year: `7 Dec, 14:05` / `12월 7일 오후 2:05`.
    """
    day = date(value, lang) if year else day_month(value, lang)
    return str(locale(lang).datetime_formats["medium"]).format(time(value, lang), day)


def duration(seconds: float, lang: str) -> str:
    """A wait in words, rounded up: `45 seconds`, `4 minutes`, `3 hours 10 minutes` / `3시간 10분`."""
    seconds = max(0, math.ceil(seconds))
    where = locale(lang)

    def unit(delta: dt.timedelta, granularity: Literal["second", "minute", "hour"]) -> str:
        return babel_dates.format_timedelta(delta, granularity=granularity, threshold=10**9, locale=where)

    if seconds < 60:
        return unit(dt.timedelta(seconds=seconds), "second")
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return unit(dt.timedelta(minutes=minutes), "minute")
    hours, rest = divmod(minutes, 60)
    whole = unit(dt.timedelta(hours=hours), "hour")
    return f"{whole} {unit(dt.timedelta(minutes=rest), 'minute')}" if rest else whole


def relative(delta: dt.timedelta | float, lang: str) -> str:
    """How long ago (negative) or from now (positive): `3 hours ago` / `3시간 전`, `in 2 days` / `2일 후`."""
    seconds = delta.total_seconds() if isinstance(delta, dt.timedelta) else float(delta)
    return babel_dates.format_timedelta(
        dt.timedelta(seconds=seconds), add_direction=True, threshold=0.9, locale=locale(lang)
    )
