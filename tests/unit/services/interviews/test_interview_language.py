"""Interviews in the candidate's language: the Korean bank, the draw by the profile's language, the English
fallback for a role the Korean bank does not cover, and the language the interview keeps (for transcription)."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from interview_app.i18n import LANGUAGE_NAMES
from interview_app.models import Profile, Question, SessionQuestion, User
from interview_app.services.accounts import profiles
from interview_app.services.bank import questions as bank
from interview_app.services.bank.files import ANY_ROLE, known_roles, load_bank
from interview_app.services.interviews import interviews

HANGUL = ("\uac00", "\ud7a3")


def _korean(text: str) -> bool:
    return any(HANGUL[0] <= ch <= HANGUL[1] for ch in text)


@pytest.fixture
def seeded(session: Session) -> None:
    profiles.seed_job_roles(session)
    bank.seed_questions(session)
    session.commit()


@pytest.fixture
def korean_user(session: Session, make_user: Callable[..., User]) -> User:
    user = make_user("minji@example.com", "김민지")
    profile = session.get(Profile, user.id)
    assert profile is not None
    profile.language = "ko"
    session.add(profile)
    session.commit()
    return user


def options(**changes: object) -> interviews.SetupOptions:
    setup = {
        "role_slug": "backend-engineer",
        "interview_type": "mixed",
        "difficulty": "medium",
        "question_count": "5",
        "answer_mode": "text",
    }
    return interviews.validate_setup({**setup, **changes})


# --- the Korean bank -----------------------------------------------------------------------------------------


def test_the_korean_bank_covers_every_role_and_the_three_types() -> None:
    specs, problems = load_bank()
    assert problems == []
    korean = [s for s in specs if s.language == "ko"]
    assert len(korean) >= 80
    types = Counter(s.type for s in korean)
    assert types["behavioural"] >= 15 and types["technical"] >= 30 and types["system_design"] >= 8
    covered = {r for s in korean for r in s.roles if r != ANY_ROLE}
    assert covered == known_roles()
    for spec in korean:
        assert spec.id.startswith("ko-")
        assert _korean(spec.prompt) and _korean(spec.model_answer) and all(_korean(f) for f in spec.follow_ups)
        assert 3 <= len(spec.key_points) <= 6 and spec.follow_ups


def _write(folder: Path, name: str, items: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps({"questions": items}, ensure_ascii=False), encoding="utf-8")


def _korean_item(**changes: object) -> dict:
    item = {
        "id": "ko-test-null-compare",
        "type": "technical",
        "roles": ["backend-engineer"],
        "difficulty": "easy",
        "competencies": ["technical-depth"],
        "prompt": "SQL에서 NULL 값을 비교할 때 주의할 점을 설명해 주세요.",
        "key_points": ["NULL 비교는 IS NULL 사용", "등호 비교 결과는 알 수 없음", "NOT IN 목록의 NULL 주의"],
        "model_answer": (
            "NULL은 값이 아니라 모름을 뜻하기 때문에 등호로 비교하면 결과가 참도 거짓도 아닌 알 수 없음이 됩니다. "
            "그래서 NULL 비교는 IS NULL이나 IS NOT NULL을 사용합니다. 특히 NOT IN 목록에 NULL이 하나라도 있으면 "
            "조건 전체가 알 수 없음이 되어 한 행도 나오지 않을 수 있으므로, 목록의 NULL을 주의하고 NOT EXISTS를 "
            "쓰는 편이 안전합니다."
        ),
        "follow_ups": ["NOT EXISTS와 NOT IN의 결과가 달라지는 경우를 설명해 주시겠어요?"],
        "time_limit_seconds": 120,
    }
    return {**item, **changes}


def test_a_language_folder_gives_its_questions_that_language_and_checks_them(tmp_path: Path) -> None:
    _write(tmp_path / "ko", "db.json", [_korean_item()])
    specs, problems = load_bank(tmp_path)
    assert problems == [] and [(s.id, s.language) for s in specs] == [("ko-test-null-compare", "ko")]

    _write(tmp_path / "ko", "db.json", [_korean_item(language="en")])
    assert load_bank(tmp_path)[1] == ["ko/db.json: ko-test-null-compare: language: 'en' in the ko/ folder"]

    english = _korean_item(id="test-null-compare", prompt="How do you compare a column with NULL in SQL?")
    _write(tmp_path / "ko", "db.json", [english])
    problems = load_bank(tmp_path)[1]
    assert "test-null-compare: ids of ko questions start with ko-" in problems
    assert "test-null-compare: prompt is not written in Korean" in problems


def test_korean_key_points_must_be_said_in_the_model_answer(tmp_path: Path) -> None:
    missing = _korean_item(
        key_points=["NULL 비교는 IS NULL 사용", "파티션 키와 복제 지연 설명", "NOT IN 목록의 NULL 주의"]
    )
    _write(tmp_path / "ko", "db.json", [missing])
    assert load_bank(tmp_path)[1] == [
        "ko-test-null-compare: key point not reflected in the model answer: '파티션 키와 복제 지연 설명'"
    ]


def test_an_english_question_with_korean_text_is_refused(tmp_path: Path) -> None:
    english = _korean_item(id="test-null-compare", prompt="How do you compare a column with NULL in SQL?")
    _write(tmp_path, "db.json", [english])
    assert "test-null-compare: an English question contains Korean text" in load_bank(tmp_path)[1]


# --- the draw -----------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("seeded")
def test_a_korean_profile_gets_a_korean_interview(session: Session, korean_user: User) -> None:
    interview = interviews.start_session(session, korean_user.id or 0, options(), rng=random.Random(7))
    asked = session.exec(select(SessionQuestion).where(SessionQuestion.session_id == interview.id)).all()
    chosen = [session.get(Question, sq.question_id) for sq in asked]
    assert interview.language == "ko"
    assert len(chosen) == 5 and all(q is not None and q.language == "ko" for q in chosen)
    assert {q.type for q in chosen if q} >= {"behavioural", "technical", "system_design"}
    assert all(_korean(sq.prompt) for sq in asked)


@pytest.mark.usefixtures("seeded")
def test_an_english_profile_never_gets_korean_questions(session: Session, make_user: Callable[..., User]) -> None:
    user = make_user()
    for seed in range(5):
        chosen = bank.choose_questions(
            session,
            user_id=user.id or 0,
            role="data-scientist",
            interview_type="mixed",
            difficulty="medium",
            focus=[],
            count=6,
            rng=random.Random(seed),
        )
        assert chosen and {q.language for q in chosen} == {"en"}
    plan = bank.language_plan(session, user.id or 0, "data-scientist")
    assert (plan.preferred, plan.language, plan.fell_back) == ("en", "en", False)


@pytest.mark.usefixtures("seeded")
def test_a_role_without_korean_questions_falls_back_to_english_and_the_setup_says_so(
    session: Session, korean_user: User
) -> None:
    for row in session.exec(select(Question).where(Question.language == "ko")).all():
        if "sales" in row.roles:
            row.status = "retired"
            session.add(row)
    session.commit()
    plan = bank.language_plan(session, korean_user.id or 0, "sales", "mixed", 5)
    assert (plan.preferred, plan.language, plan.fell_back) == ("ko", "en", True)
    interview = interviews.start_session(session, korean_user.id or 0, options(role_slug="sales"))
    assert interview.language == "en"
    language, fallbacks = interviews.language_fallbacks(session, korean_user.id or 0, ["sales", "backend-engineer"])
    assert language == "ko"
    assert "sales" in fallbacks["mixed"] and "backend-engineer" not in fallbacks["mixed"]


@pytest.mark.usefixtures("seeded")
def test_a_type_the_korean_bank_lacks_for_a_role_falls_back(session: Session, korean_user: User) -> None:
    for row in session.exec(
        select(Question).where(Question.language == "ko", col(Question.type) == "system_design")
    ).all():
        row.status = "retired"
        session.add(row)
    session.commit()
    _, fallbacks = interviews.language_fallbacks(session, korean_user.id or 0, ["backend-engineer"])
    assert fallbacks["system_design"] == ["backend-engineer"] and fallbacks["technical"] == []


def test_the_interview_language_is_the_majority_of_its_questions() -> None:
    def q(language: str) -> Question:
        return Question(
            slug=f"x-{language}", type="technical", difficulty="easy", prompt="p", model_answer="m", language=language
        )

    assert interviews.interview_language([q("ko"), q("ko"), q("en")]) == "ko"
    assert interviews.interview_language([q("ko"), q("en")]) == "en"
    assert interviews.interview_language([]) == "en"


def test_korean_is_a_language_the_profile_accepts(session: Session, make_user: Callable[..., User]) -> None:
    user = make_user("jiho@example.com", "박지호")
    profile = profiles.update_profile(session, user, {"language": "ko"})
    assert profile.language == "ko" and LANGUAGE_NAMES["ko"] == "한국어"
    assert bank.preferred_language(session, user.id or 0) == "ko"
