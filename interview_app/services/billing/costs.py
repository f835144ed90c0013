"""Cost tracking: what each interview used of the paid engines, priced when it was used, and the admins' sums.

A `UsageCost` row is written where the work happens, in the same transaction: one per LLM scoring (or
follow-up question) with its prompt and completion tokens, one per stretch of audio Whisper transcribed with
its seconds. The price comes from the settings at that moment (BILLING_PRICE_PER_MILLION_PROMPT_TOKENS,
BILLING_PRICE_PER_MILLION_COMPLETION_TOKENS, BILLING_PRICE_PER_WHISPER_SECOND, in BILLING_COST_CURRENCY)
and is kept in micro-units, so a later price change leaves past costs as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.numbers import format_currency
from sqlalchemy import case, func
from sqlmodel import Session, col, select

from interview_app import clock
from interview_app.models import Answer, InterviewSession, SessionQuestion, UsageCost, User
from interview_app.settings import get_settings

KINDS = ("whisper", "llm")


def llm_cost_micros(prompt_tokens: int, completion_tokens: int) -> int:
    """What the tokens cost in micro-units (a price per million tokens is that many micro-units a token)."""
    s = get_settings()
    cost = Decimal(str(s.billing_price_per_million_prompt_tokens)) * max(0, prompt_tokens) + Decimal(
        str(s.billing_price_per_million_completion_tokens)
    ) * max(0, completion_tokens)
    return int(cost.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def whisper_cost_micros(seconds: float) -> int:
    """What `seconds` of transcribed audio cost in micro-units."""
    price = Decimal(str(get_settings().billing_price_per_whisper_second))
    cost = price * Decimal(str(max(0.0, seconds))) * 1_000_000
    return int(cost.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def record_llm(
    session: Session,
    *,
    user_id: int | None,
    interview_session_id: int | None,
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
) -> UsageCost | None:
    """Add the cost of LLM calls (nothing when no token was used: the offline engine, a call that never answered)."""
    if prompt_tokens <= 0 and completion_tokens <= 0:
        return None
    row = UsageCost(
        user_id=user_id,
        interview_session_id=interview_session_id,
        kind="llm",
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        model=model[:80],
        cost_micros=llm_cost_micros(prompt_tokens, completion_tokens),
    )
    session.add(row)
    return row


def record_llm_for_answer(
    session: Session, answer_id: int, *, model: str, prompt_tokens: int, completion_tokens: int
) -> UsageCost | None:
    """Add the cost of scoring an answer to its candidate and interview (nothing when no token was used)."""
    answer = session.get(Answer, answer_id)
    sq = session.get(SessionQuestion, answer.session_question_id) if answer is not None else None
    return record_llm(
        session,
        user_id=answer.user_id if answer is not None else None,
        interview_session_id=sq.session_id if sq is not None else None,
        model=model,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )


def record_whisper(
    session: Session, *, user_id: int | None, interview_session_id: int | None, seconds: float, model: str
) -> UsageCost | None:
    """Add the cost of `seconds` of audio Whisper transcribed (nothing for no audio)."""
    if seconds <= 0:
        return None
    row = UsageCost(
        user_id=user_id,
        interview_session_id=interview_session_id,
        kind="whisper",
        seconds=round(seconds, 3),
        model=model[:80],
        cost_micros=whisper_cost_micros(seconds),
    )
    session.add(row)
    return row


# ---------------------------------------------------------------- the admins' views


@dataclass
class CostLine:
    """One line of a cost view: what it is about, Whisper seconds, LLM tokens and the cost in micro-units."""

    key: Any
    label: str
    whisper_seconds: float
    prompt_tokens: int
    completion_tokens: int
    llm_calls: int
    cost_micros: int
    extra: dict[str, Any]


def money_text(micros: int, currency: str | None = None) -> str:
    """Micro-units as money for admins: "$0.0123" (four decimals: single answers cost fractions of a cent)."""
    amount = (Decimal(micros) / Decimal(1_000_000)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return format_currency(
        amount,
        currency or get_settings().billing_cost_currency,
        format="¤#,##0.0000",
        locale="en",
        currency_digits=False,
    )


def _sums() -> tuple[Any, ...]:
    whisper = func.coalesce(func.sum(UsageCost.seconds), 0.0)
    prompt = func.coalesce(func.sum(UsageCost.prompt_tokens), 0)
    completion = func.coalesce(func.sum(UsageCost.completion_tokens), 0)
    calls = func.coalesce(func.sum(case((col(UsageCost.kind) == "llm", 1), else_=0)), 0)
    cost = func.coalesce(func.sum(UsageCost.cost_micros), 0)
    return whisper, prompt, completion, calls, cost


def _window(start: date, end: date) -> tuple[datetime, datetime]:
    """Midnight UTC of `start` to the midnight after `end`."""
    begin = datetime(start.year, start.month, start.day, tzinfo=clock.utcnow().tzinfo)
    return begin, datetime(end.year, end.month, end.day, tzinfo=begin.tzinfo) + timedelta(days=1)


def per_day(session: Session, start: date, end: date) -> list[CostLine]:
    """The cost of each day (UTC) from `start` to `end`, oldest first; days without costs are there with zeros."""
    begin, stop = _window(start, end)
    day = func.date(UsageCost.created_at)
    rows = session.exec(
        select(day, *_sums()).where(UsageCost.created_at >= begin, UsageCost.created_at < stop).group_by(day)
    ).all()
    found = {str(r[0]): r for r in rows}
    lines = []
    current = start
    while current <= end:
        r = found.get(current.isoformat())
        lines.append(_line(current, current.isoformat(), r[1:] if r else (0.0, 0, 0, 0, 0), {}))
        current += timedelta(days=1)
    return lines


def per_user(session: Session, start: date, end: date, limit: int = 50) -> list[CostLine]:
    """The users who cost most from `start` to `end`, most first (a deleted account's costs as one line)."""
    begin, stop = _window(start, end)
    sums = _sums()
    rows = session.exec(
        select(UsageCost.user_id, User.email, User.name, *sums)
        .join(User, col(User.id) == UsageCost.user_id, isouter=True)
        .where(UsageCost.created_at >= begin, UsageCost.created_at < stop)
        .group_by(col(UsageCost.user_id), col(User.email), col(User.name))
        .order_by(sums[-1].desc())
        .limit(limit)
    ).all()
    return [_line(r[0], r[1] or "", r[3:], {"name": r[2] or ""}) for r in rows]


def per_session(session: Session, start: date, end: date, limit: int = 50) -> list[CostLine]:
    """The interviews that cost most from `start` to `end`, most first, with whose and what they were."""
    begin, stop = _window(start, end)
    sums = _sums()
    rows = session.exec(
        select(
            UsageCost.interview_session_id,
            InterviewSession.role_title,
            InterviewSession.started_at,
            User.email,
            *sums,
        )
        .join(InterviewSession, col(InterviewSession.id) == UsageCost.interview_session_id)
        .join(User, col(User.id) == InterviewSession.user_id, isouter=True)
        .where(UsageCost.created_at >= begin, UsageCost.created_at < stop)
        .group_by(
            col(UsageCost.interview_session_id),
            col(InterviewSession.role_title),
            col(InterviewSession.started_at),
            col(User.email),
        )
        .order_by(sums[-1].desc())
        .limit(limit)
    ).all()
    return [
        _line(r[0], r[1] or "", r[4:], {"started_at": clock.aware(r[2]) if r[2] else None, "email": r[3] or ""})
        for r in rows
    ]


def totals(session: Session, start: date, end: date) -> CostLine:
    """The whole period's sums."""
    begin, stop = _window(start, end)
    r = session.exec(select(*_sums()).where(UsageCost.created_at >= begin, UsageCost.created_at < stop)).one()
    return _line(None, "", r, {})


def of_interview(session: Session, interview_session_id: int) -> CostLine:
    """What one interview cost so far."""
    r = session.exec(select(*_sums()).where(UsageCost.interview_session_id == interview_session_id)).one()
    return _line(interview_session_id, "", r, {})


def _line(key: Any, label: str, sums: Any, extra: dict[str, Any]) -> CostLine:
    whisper, prompt, completion, calls, cost = sums
    return CostLine(
        key=key,
        label=label,
        whisper_seconds=round(float(whisper or 0.0), 1),
        prompt_tokens=int(prompt or 0),
        completion_tokens=int(completion or 0),
        llm_calls=int(calls or 0),
        cost_micros=int(cost or 0),
        extra=extra,
    )
