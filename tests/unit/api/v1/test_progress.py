"""/api/v1/progress in process: the progress page's numbers for the caller only."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from interview_app.services.trainer import topics
from tests.support.api_tokens import bearer
from tests.support.history import seed_cards, seed_history


def test_progress_has_scores_over_time_skills_mastery_and_the_percentile_state(
    session: Session, client: TestClient, make_user
):
    ada, bob = make_user(), make_user("bob@example.com")
    topics.seed_quiz_bank(session)
    seed_history(session, ada.id or 0, sessions=8)
    seed_cards(session, ada.id or 0)
    session.commit()
    body = client.get("/api/v1/progress", headers=bearer(session, ada)).json()
    scores = [s["overall"] for s in body["sessions"]]
    assert len(scores) == 8 and scores[-1] > scores[0]  # oldest first, rising
    skills = {s["skill"]: s for s in body["skills"]}
    assert skills["overall"]["trend"] == "improving" and skills["communication"]["level"] is not None
    assert body["readiness"]["overall"]["sentence"].startswith(("Ready", "Nearly", "Getting", "Early"))
    assert body["topic_mastery"] and 0 <= body["topic_mastery"][0]["recall_now"] <= 1
    assert len(body["weeks"]) == 12 and sum(w["sessions"] for w in body["weeks"]) >= 1
    assert body["streak"]["current"] >= 1
    assert body["percentile"] == {"available": False, "reason": "not_shared", "percentile": None, "group_size": None}
    # Bob sees his own (empty) progress, nothing of Ada's.
    empty = client.get("/api/v1/progress", headers=bearer(session, bob)).json()
    assert empty["sessions"] == [] and empty["topic_mastery"] == [] and empty["readiness"]["overall"] is None


def test_progress_needs_a_token(client: TestClient):
    assert client.get("/api/v1/progress").status_code == 401
