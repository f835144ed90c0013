"""Profile skills and target companies weigh the choice of questions in every mock interview.

The proof is statistical but seeded (so it cannot flake): the same seeds are drawn with and without the
profile's preferences, and questions that suit the profile must come up far more often (a two-proportion
z-test well past chance), while the bank's own rules (type, difficulty, no recent repeats) and the
variety of what is asked stay as they were.
"""

from __future__ import annotations

import math
import random

import pytest
from sqlmodel import Session

from interview_app.models import InterviewSession, Profile, Question, User
from interview_app.services.bank import questions
from interview_app.services.interviews import interviews
from interview_app.services.tailoring import preferences, tracks
from tests.support.mock_interviews import options, seed_bank

TRIALS = 120


@pytest.fixture
def bank(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    return seed_bank(session, monkeypatch)


@pytest.fixture
def ada(make_user) -> User:
    return make_user()


def _set_profile(session: Session, user: User, skills: list[str], companies_: list[str]) -> None:
    profile = session.get(Profile, user.id) or Profile(user_id=user.id or 0)
    profile.skills, profile.target_companies = skills, companies_
    session.add(profile)
    session.commit()


def _runs(session: Session, user: User, **setup: str) -> list[list[Question]]:
    """TRIALS plain mock interviews started through the interview service, each deleted again (no repeats rule)."""
    runs: list[list[Question]] = []
    for seed in range(TRIALS):
        interview = interviews.start_session(session, user.id or 0, options(**setup), rng=random.Random(seed))
        session.commit()
        sqs = interviews.questions_of(session, interview.id or 0)
        runs.append([q for sq in sqs if (q := session.get(Question, sq.question_id)) is not None])
        interviews.delete_session(session, user.id or 0, interview.id or 0)
        session.commit()
    assert session.query(InterviewSession).count() == 0
    return runs


def _z(hits_a: int, n_a: int, hits_b: int, n_b: int) -> float:
    """Two-proportion z statistic of a over b."""
    pooled = (hits_a + hits_b) / (n_a + n_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return (hits_a / n_a - hits_b / n_b) / spread


def _share(runs: list[list[Question]], suits) -> tuple[int, int]:
    asked = [q for run in runs for q in run]
    return sum(1 for q in asked if suits(q)), len(asked)


def test_profile_skills_make_matching_questions_much_more_likely(session, bank, ada):
    # 8 medium system-design questions suit a backend engineer; 3 are asked, so the draw has room to lean
    setup = {"interview_type": "system_design", "difficulty": "medium", "question_count": "3", "focus": []}
    plain = _runs(session, ada, **setup)
    _set_profile(session, ada, ["CI/CD", "Redis", "Kubernetes"], [])
    prefs = preferences.of_profile(session.get(Profile, ada.id))
    tailored = _runs(session, ada, **setup)

    def suits(q: Question) -> bool:
        return bool(preferences.matched_skills(q, prefs.skills))

    hits_plain, n_plain = _share(plain, suits)
    hits_tailored, n_tailored = _share(tailored, suits)
    print(f"skills: {hits_plain}/{n_plain} plain, {hits_tailored}/{n_tailored} with the profile")
    assert hits_tailored / n_tailored >= 1.5 * hits_plain / n_plain
    assert _z(hits_tailored, n_tailored, hits_plain, n_plain) > 4.0
    # the bank's rules still hold, and the interviews still vary
    assert all(q.type == "system_design" and q.difficulty == "medium" for run in tailored for q in run)
    assert all(len({q.id for q in run}) == len(run) == 3 for run in tailored)
    assert len({q.id for run in tailored for q in run}) >= 0.8 * len({q.id for run in plain for q in run})
    assert not all(suits(q) for run in tailored for q in run)


def test_target_companies_make_their_questions_more_likely(session, bank, ada):
    setup = {"interview_type": "behavioural", "difficulty": "medium", "question_count": "5", "focus": []}
    plain = _runs(session, ada, **setup)
    _set_profile(session, ada, [], ["Amazon"])
    amazon = tracks.match_track("Amazon")
    assert amazon is not None
    tailored = _runs(session, ada, **setup)

    def suits(q: Question) -> bool:
        return tracks.question_fit(q, amazon) >= tracks.FIT_MIN

    hits_plain, n_plain = _share(plain, suits)
    hits_tailored, n_tailored = _share(tailored, suits)
    print(f"Amazon: {hits_plain}/{n_plain} plain, {hits_tailored}/{n_tailored} with the profile")
    assert hits_tailored / n_tailored > hits_plain / n_plain
    assert _z(hits_tailored, n_tailored, hits_plain, n_plain) > 4.0
    assert all(q.type == "behavioural" for run in tailored for q in run)


def test_without_preferences_the_draw_is_unchanged(session, bank, ada):
    def chosen(weight):
        return [
            q.id
            for q in questions.choose_questions(
                session,
                user_id=ada.id or 0,
                role="backend-engineer",
                interview_type="mixed",
                difficulty="medium",
                focus=[],
                count=8,
                rng=random.Random(3),
                weight=weight,
            )
        ]

    assert preferences.weigher(preferences.of_profile(session.get(Profile, ada.id))) is None
    assert chosen(None) == chosen(lambda q: 1.0)
    # the bank reads the profile itself, for every caller (plain interviews, a tailored interview's top-up)
    _set_profile(session, ada, ["CI/CD"], ["Amazon"])
    weigh = preferences.weigher(preferences.of_profile(session.get(Profile, ada.id)))
    assert chosen(None) == chosen(weigh) != chosen(lambda q: 1.0)


def test_affinity_reads_skills_and_company_fit():
    q = Question(
        slug="x",
        type="technical",
        difficulty="medium",
        prompt="Our Postgres orders table is slow; how do you find out why and fix it?",
        tags=["sql", "postgres", "performance"],
        competencies=["technical-depth", "debugging"],
        model_answer="",
    )
    none = preferences.Preferences()
    assert preferences.affinity(q, none) == 0.0
    one = preferences.Preferences(skills=("PostgreSQL",))
    two = preferences.Preferences(skills=("PostgreSQL", "SQL"))
    assert 0 < preferences.affinity(q, one) < preferences.affinity(q, two) <= 1.0
    assert preferences.affinity(q, preferences.Preferences(skills=("Figma",))) == 0.0
    weigh = preferences.weigher(two)
    assert weigh is not None and weigh(q) == pytest.approx(1 + preferences.BOOST * preferences.affinity(q, two))
