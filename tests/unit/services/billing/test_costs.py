"""Cost tracking (services/billing/costs.py): prices from the settings, the LLM's tokens counted from the
endpoint's replies (failed attempts too), Whisper's seconds written where transcription stores its text, and
the admins' sums per day, per user and per interview."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import openai
import pytest
from sqlmodel import Session, select

from interview_app.models import Answer, InterviewSession, SessionQuestion, UsageCost, User
from interview_app.services.answers import feedback, transcription
from interview_app.services.billing import costs
from interview_app.services.scoring import llm
from interview_app.services.scoring.rubric import ScoringInput
from interview_app.settings import Settings
from tests.support import fake_openai as fake_api
from tests.support.fake_openai import FakeOpenAI

PAYLOAD = {
    "key_points": [{"point": "Cache reads", "covered": True, "evidence": "I would cache the reads."}],
    "checklist": {"approach": True, "key_points": True, "trade_offs": False, "complexity": False},
    "strengths": [
        {"text": "Clear approach.", "quote": "I would cache the reads."},
        {"text": "Short.", "quote": None},
    ],
    "improvements": [{"text": "Say how.", "quote": None}, {"text": "Give numbers.", "quote": None}],
    "dimensions": {"relevance": 20, "structure": 15, "specificity": 10, "impact": 10},
    "summary": "Fine.",
}


@pytest.fixture
def prices(override_settings: Callable[..., Settings]) -> Settings:
    return override_settings(
        billing_price_per_million_prompt_tokens=0.15,
        billing_price_per_million_completion_tokens=0.60,
        billing_price_per_whisper_second=0.0001,
        billing_cost_currency="USD",
    )


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    server = fake_api.start()
    yield server
    server.stop()


def interview_of(session: Session, user: User, title: str = "Backend engineer") -> tuple[InterviewSession, Answer]:
    interview = InterviewSession(user_id=user.id or 0, interview_type="mixed", difficulty="medium", role_title=title)
    session.add(interview)
    session.flush()
    sq = SessionQuestion(session_id=interview.id or 0, position=0, prompt="Why?")
    session.add(sq)
    session.flush()
    answer = Answer(
        session_question_id=sq.id or 0,
        user_id=user.id or 0,
        mode="audio",
        status="transcribing",
        transcribed_seconds=4.0,
    )
    session.add(answer)
    session.commit()
    return interview, answer


def test_prices_in_micro_units(prices: Settings) -> None:
    # 0.15 a million prompt tokens is 0.15 micro-units a token.
    assert costs.llm_cost_micros(1000, 200) == 150 + 120
    assert costs.llm_cost_micros(0, 0) == 0
    assert costs.whisper_cost_micros(60) == 6000  # 0.006 a minute
    assert costs.money_text(6000) == "$0.0060"
    assert costs.money_text(12_345_678) == "$12.3457"


def test_the_tally_counts_every_reply_even_an_unusable_one(fake: FakeOpenAI) -> None:
    fake.script(fake_api.text("not json at all"), fake_api.ok(PAYLOAD))
    inp = ScoringInput(question="How?", answer="I would cache the reads.", key_points=["Cache reads"])
    with (
        openai.OpenAI(base_url=fake.url, api_key="k", timeout=5.0, max_retries=0) as client,
        llm.counting_tokens() as tally,
    ):
        llm.score_with_llm(inp, client=client, model="fake-model")
    assert (tally.calls, tally.prompt_tokens, tally.completion_tokens, tally.model) == (2, 20, 20, "fake-model")
    # Outside the block nothing is counted (and nothing fails).
    assert llm._tally.get() is None


def test_scoring_an_answer_writes_its_llm_cost(
    session: Session, make_user: Callable[..., User], prices: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = make_user()
    interview, answer = interview_of(session, ada)

    def scoring(session: Session, answer_id: int) -> None:
        tally = llm._tally.get()
        assert tally is not None
        tally.model, tally.prompt_tokens, tally.completion_tokens = "gpt-4o-mini", 1000, 200

    monkeypatch.setattr(feedback.interviews, "write_feedback", scoring)
    monkeypatch.setattr(feedback.interviews, "summarise_answer_session", lambda session, answer_id: None)
    feedback.write_and_summarise(answer.id or 0)
    row = session.exec(select(UsageCost)).one()
    assert (row.kind, row.user_id, row.interview_session_id, row.model) == ("llm", ada.id, interview.id, "gpt-4o-mini")
    assert (row.prompt_tokens, row.completion_tokens, row.cost_micros) == (1000, 200, 270)


def test_a_failed_scoring_still_writes_the_tokens_it_spent(
    session: Session, make_user: Callable[..., User], prices: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, answer = interview_of(session, make_user())

    def failing(session: Session, answer_id: int) -> None:
        tally = llm._tally.get()
        assert tally is not None
        tally.prompt_tokens = 500
        raise RuntimeError("boom")

    monkeypatch.setattr(feedback.interviews, "write_feedback", failing)
    with pytest.raises(RuntimeError):
        feedback.write_and_summarise(answer.id or 0)
    assert session.exec(select(UsageCost.prompt_tokens)).one() == 500


def test_transcription_writes_the_seconds_whisper_heard(
    session: Session, make_user: Callable[..., User], prices: Settings
) -> None:
    ada = make_user()
    interview, answer = interview_of(session, ada)
    words = [{"word": "hello", "start": 0.0, "end": 0.5}]
    # The streamed steps had transcribed 4 s; the hand-in transcribes the other 6.5 s.
    assert transcription._store_transcript(answer.id or 0, words, 10.5, {}, True)
    row = session.exec(select(UsageCost)).one()
    assert (row.kind, row.seconds, row.user_id, row.interview_session_id) == ("whisper", 6.5, ada.id, interview.id)
    assert row.cost_micros == 650
    # Nothing left for Whisper after the streamed steps: no cost row.
    assert transcription._store_transcript(answer.id or 0, words, 10.5, {}, False)
    assert len(session.exec(select(UsageCost)).all()) == 1


def test_the_admins_sums(session: Session, make_user: Callable[..., User], prices: Settings) -> None:
    ada, bob = make_user(), make_user("bob@example.com", "Bob")
    first, _ = interview_of(session, ada, "Data engineer")
    second, _ = interview_of(session, bob, "Designer")
    day1, day3 = datetime(2026, 12, 1, 10, tzinfo=UTC), datetime(2026, 12, 3, 23, 30, tzinfo=UTC)
    rows = [
        UsageCost(
            user_id=ada.id,
            interview_session_id=first.id,
            kind="llm",
            prompt_tokens=1000,
            completion_tokens=100,
            cost_micros=210,
            created_at=day1,
        ),
        UsageCost(
            user_id=ada.id,
            interview_session_id=first.id,
            kind="whisper",
            seconds=30.0,
            cost_micros=3000,
            created_at=day1,
        ),
        UsageCost(
            user_id=bob.id,
            interview_session_id=second.id,
            kind="llm",
            prompt_tokens=10,
            completion_tokens=10,
            cost_micros=8,
            created_at=day3,
        ),
        UsageCost(
            user_id=None,
            interview_session_id=None,
            kind="llm",
            prompt_tokens=5,
            completion_tokens=5,
            cost_micros=4,
            created_at=day3,
        ),  # a deleted account's
        UsageCost(user_id=ada.id, kind="llm", prompt_tokens=1, cost_micros=1, created_at=day3 + timedelta(days=5)),
    ]
    session.add_all(rows)
    session.commit()
    start, end = date(2026, 12, 1), date(2026, 12, 3)
    days = costs.per_day(session, start, end)
    assert [(d.label, d.cost_micros, d.llm_calls, d.whisper_seconds) for d in days] == [
        ("2026-12-01", 3210, 1, 30.0),
        ("2026-12-02", 0, 0, 0.0),
        ("2026-12-03", 12, 2, 0.0),
    ]
    users = costs.per_user(session, start, end)
    assert [(u.key, u.label, u.cost_micros) for u in users] == [
        (ada.id, "ada@example.com", 3210),
        (bob.id, "bob@example.com", 8),
        (None, "", 4),
    ]
    sessions = costs.per_session(session, start, end)
    assert [(s.key, s.label, s.cost_micros, s.extra["email"]) for s in sessions] == [
        (first.id, "Data engineer", 3210, "ada@example.com"),
        (second.id, "Designer", 8, "bob@example.com"),
    ]
    total = costs.totals(session, start, end)
    assert (total.cost_micros, total.prompt_tokens, total.completion_tokens, total.llm_calls) == (3222, 1015, 115, 3)
    assert costs.of_interview(session, first.id or 0).cost_micros == 3210
