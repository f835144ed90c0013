"""Feedback in the interview's language: a Korean interview's report has Korean comments, notes, summaries and
advice; an English interview's report reads as before. Quotes are the answer's own words in either language."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest
from sqlmodel import Session, col, select

from interview_app.i18n import LANGUAGES
from interview_app.models import Answer, InterviewSession, Profile, Question, User
from interview_app.services.accounts import profiles
from interview_app.services.bank import questions as bank
from interview_app.services.interviews import interviews, reports
from interview_app.services.scoring import delivery, llm, offline
from interview_app.services.scoring.rubric import ScoringInput

HANGUL = re.compile("[\uac00-\ud7a3]")
KEY = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
ENGLISH_SUMMARY = re.compile(
    r"^(A strong answer|A solid answer with gaps|A partial answer|An answer that misses most of what was asked): "
    r"\d+ of \d+ key points covered\."
)
KOREAN_TEXTS = set(LANGUAGES["ko"].values())


@pytest.fixture
def seeded(session: Session) -> None:
    profiles.seed_job_roles(session)
    bank.seed_questions(session)
    session.commit()


def _user(session: Session, make_user: Callable[..., User], email: str, language: str) -> User:
    user = make_user(email, "Minji Kim")
    profile = session.get(Profile, user.id)
    assert profile is not None
    profile.language = language
    session.add(profile)
    session.commit()
    return user


def _interview_report(session: Session, user: User) -> tuple[InterviewSession, dict]:
    """Start an interview, answer every question (the first one weakly, the rest with the model answer), score."""
    setup = {
        "role_slug": "backend-engineer",
        "interview_type": "mixed",
        "difficulty": "medium",
        "question_count": "3",
        "answer_mode": "text",
    }
    interview = interviews.start_session(session, user.id or 0, interviews.validate_setup(setup), rng=random.Random(3))
    session.commit()
    weak = True
    while (sq := interviews.current_question(session, interview)) is not None:
        question = session.get(Question, sq.question_id) if sq.question_id else None
        text = question.model_answer if question and not weak else sq.prompt[:40] + " 잘 모르겠어요, maybe."
        weak = False
        outcome = interviews.submit_answer(session, user.id or 0, sq.id or 0, text, enqueue=lambda *_: None)
        session.commit()
        if outcome.preparing:
            interviews.prepare_next(session, outcome.answer_id, lambda *_: None)
            session.commit()
        session.refresh(interview)
    ids = [sq.id for sq in interviews.questions_of(session, interview.id or 0)]
    for answer in session.exec(select(Answer).where(col(Answer.session_question_id).in_(ids))).all():
        interviews.write_feedback(session, answer.id or 0, scorer=offline.score)
    session.commit()
    session.refresh(interview)
    assert interview.status in interviews.ENDED
    return interview, reports.build(session, user.id or 0, interview.id or 0)


def _texts(report: dict) -> list[str]:
    out = [*report["recommendations"]]
    for item in report["items"]:
        if item["total"] is None:
            continue
        out += [c["text"] for c in item["strengths"] + item["improvements"]]
        out += [d["why"] for d in item["dimensions"]]
        out.append(item["summary"])
    return out


@pytest.mark.usefixtures("seeded")
def test_a_korean_interviews_report_is_written_in_korean(session: Session, make_user: Callable[..., User]) -> None:
    user = _user(session, make_user, "minji@example.com", "ko")
    interview, report = _interview_report(session, user)
    assert interview.language == "ko"
    texts = _texts(report)
    assert len(texts) >= 10
    for text in texts:
        assert HANGUL.search(text), text  # every comment, note, summary and piece of advice is Korean
        assert not KEY.match(text), text  # never a bare catalogue key
    answers = {a.text for a in session.exec(select(Answer)).all()}
    for item in report["items"]:
        for comment in item["strengths"] + item["improvements"]:
            if comment["quote"]:  # quotes stay the answer's own words
                assert any(comment["quote"].rstrip("…") in a or comment["quote"] in a for a in answers)
    assert any(s.startswith("핵심 포인트 ") or "핵심 포인트" in s for s in (i["summary"] for i in report["items"]))


@pytest.mark.usefixtures("seeded")
def test_an_english_interviews_report_reads_as_before(session: Session, make_user: Callable[..., User]) -> None:
    user = _user(session, make_user, "ada@example.com", "en")
    interview, report = _interview_report(session, user)
    assert interview.language == "en"
    for item in report["items"]:
        if item["total"] is None:
            continue
        assert ENGLISH_SUMMARY.match(item["summary"]), item["summary"]
        for comment in item["strengths"] + item["improvements"]:
            assert not HANGUL.search(comment["text"]) or HANGUL.search(comment["quote"] or "")
            assert comment["text"] not in KOREAN_TEXTS
        assert re.match(r"^\d+ of \d+ key points covered", item["dimensions"][0]["why"])
    assert report["recommendations"] and all(not HANGUL.search(r) for r in report["recommendations"])


def test_the_same_answer_gets_the_same_score_and_quotes_in_either_language() -> None:
    base = ScoringInput(
        question="Tell me about a time you improved a slow service.",
        answer=(
            "Our checkout API was slow. I think it was maybe the database. I profiled it and added an index on "
            "the orders table. We shipped it on Friday."
        ),
        key_points=["Measured before changing anything", "Reported the outcome with a number"],
        question_type="behavioural",
        time_limit_seconds=120,
    )
    english = offline.score(base)
    korean = offline.score(ScoringInput(**{**base.__dict__, "lang": "ko"}))
    assert (english.total, english.dimensions, english.checklist) == (korean.total, korean.dimensions, korean.checklist)
    assert [c.quote for c in english.strengths] == [c.quote for c in korean.strengths]
    assert [c.quote for c in english.improvements] == [c.quote for c in korean.improvements]
    assert all(HANGUL.search(c.text) for c in korean.strengths + korean.improvements)
    assert HANGUL.search(korean.summary) and all(HANGUL.search(v) for v in korean.why.values())
    assert "“maybe” sounds unsure" in " ".join(c.text for c in english.improvements) or any(
        "sounds unsure" in c.text for c in english.improvements
    )
    assert english.summary.endswith(
        "STAR parts to add: " + ", ".join(k for k, v in english.checklist.items() if not v) + "."
    )
    assert "보완할 STAR 요소: " in korean.summary


def test_spoken_delivery_and_the_fallback_note_follow_the_language() -> None:
    metrics = {
        "wpm": 190,
        "fillers": {"per_minute": 6.5},
        "pauses": {"long_count": 2},
        "hedges": {"count": 0},
        "word_count": 120,
    }
    good, _ = delivery.comments({**metrics, "wpm": 145, "fillers": {"per_minute": 0.5}}, "I led the migration.", "ko")
    assert good and all(HANGUL.search(c.text) for c in good)
    _, bad_en = delivery.comments(metrics, "Um, I led the migration, you know.", "en")
    _, bad_ko = delivery.comments(metrics, "Um, I led the migration, you know.", "ko")
    assert len(bad_en) == len(bad_ko) > 0
    assert any("190 words per minute" in c.text for c in bad_en)
    assert any("분당 약 190단어" in c.text for c in bad_ko)
    assert any("2 long pauses" in c.text for c in bad_en) and any("긴 멈춤이 2번" in c.text for c in bad_ko)
    assert llm.fallback_message("timeout") == (
        "The AI reviewer timed out, so this answer was scored by the built-in scorer."
    )
    assert (
        llm.fallback_message("http 503", "ko")
        == "AI 채점기가 오류(HTTP 503)를 돌려줘서 이 답변은 내장 채점기로 채점했어요."
    )


def test_session_advice_follows_the_language() -> None:
    breakdown = {"dimensions": {"relevance": 10, "structure": 12}, "competencies": {"problem-solving": 40}}
    english = interviews.recommendations(breakdown, {"result": 2}, ["Measured first."], 0)
    korean = interviews.recommendations(breakdown, {"result": 2}, ["먼저 측정했다."], 0, "ko")
    assert "Practise more problem solving questions from the bank." in english
    assert "Review this point you missed: Measured first." in english
    assert "질문 은행에서 문제 해결 질문을 더 연습해 보세요." in korean
    assert "놓친 포인트를 복습해 보세요: 먼저 측정했다." in korean
    assert len(english) == len(korean) and all(HANGUL.search(r) for r in korean)
