"""/api/v1/trainer in process: today's quiz, answers with their explanation, practice by topic, the streak,
and that nobody reaches another candidate's quiz."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from interview_app.models import Profile, QuizItem, QuizQuestion, User
from interview_app.services.trainer import topics
from tests.support.api_tokens import bearer

BASE = "/api/v1/trainer"


@pytest.fixture
def bank(session: Session) -> None:
    topics.seed_quiz_bank(session)
    session.commit()


@pytest.fixture
def candidate(session: Session, make_user: Callable[..., User], bank) -> Callable[..., tuple[User, dict[str, str]]]:
    def make(email: str = "ada@example.com") -> tuple[User, dict[str, str]]:
        user = make_user(email)
        profile = session.get(Profile, user.id)
        assert profile is not None
        profile.target_role_slug, profile.daily_goal = "backend-engineer", 0
        session.add(profile)
        session.commit()
        return user, bearer(session, user)

    return make


def answer_for(session: Session, item_id: int, right: bool) -> dict[str, object]:
    """The right (or a wrong) answer to an item, in the API's terms (indexes into the options as shown)."""
    item = session.get(QuizItem, item_id)
    assert item is not None
    question = session.get(QuizQuestion, item.quiz_question_id)
    assert question is not None
    shown = [question.options[i] for i in item.option_order]
    if question.kind == "short":
        return {"item_id": item_id, "text": question.answer if right else "I would reboot it and hope."}
    if question.kind == "multi":
        return {"item_id": item_id, "choices": [i for i, o in enumerate(shown) if bool(o["correct"]) is right]}
    return {"item_id": item_id, "choice": next(i for i, o in enumerate(shown) if bool(o["correct"]) is right)}


def test_the_trainer_needs_a_token(client: TestClient):
    response = client.get(BASE)
    assert response.status_code == 401 and response.json()["error"]["code"] == "signed_out"


def test_the_trainer_shows_today_the_streak_and_the_topics_of_the_role(client: TestClient, candidate):
    _, headers = candidate()
    body = client.get(BASE, headers=headers).json()
    assert body["today"]["quiz_status"] in ("none", "ready")
    assert body["streak"]["current"] == 0 and body["reviews_due"] == 0
    followed = [topic for topic in body["topics"] if topic["following"]]
    assert followed and all(topic["questions"] > 0 for topic in followed)


def test_todays_quiz_is_answered_with_the_explanation_and_counts_for_the_streak(
    session: Session, client: TestClient, candidate
):
    _, headers = candidate()
    opened = client.post(f"{BASE}/today", headers=headers)
    assert opened.status_code == 200, opened.text
    quiz = opened.json()
    assert quiz["kind"] == "daily" and quiz["status"] == "in_progress" and quiz["current"]["position"] == 0
    # The right answer is never shown before the answer (no key of the item names it; its text may say "correct").
    assert not [key for key in quiz["current"] if any(w in key for w in ("correct", "answer", "explanation"))]
    # Opening it again gives the same quiz (built once per day).
    assert client.post(f"{BASE}/today", headers=headers).json()["id"] == quiz["id"]
    item_id = quiz["current"]["id"]
    answered = client.post(
        f"{BASE}/quizzes/{quiz['id']}/answers", json=answer_for(session, item_id, True), headers=headers
    )
    assert answered.status_code == 200, answered.text
    result = answered.json()
    assert result["correct"] is True and result["answered"] == 1 and result["next_due"]
    assert result["feedback"]["explanation"]
    again = client.post(
        f"{BASE}/quizzes/{quiz['id']}/answers", json=answer_for(session, item_id, True), headers=headers
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_answered"
    # The rest, wrong: the quiz completes; the goal (the daily quiz) is met, so the streak starts.
    while (current := client.get(f"{BASE}/quizzes/{quiz['id']}", headers=headers).json()["current"]) is not None:
        wrong = answer_for(session, current["id"], False)
        assert client.post(f"{BASE}/quizzes/{quiz['id']}/answers", json=wrong, headers=headers).status_code == 200
    done = client.get(f"{BASE}/quizzes/{quiz['id']}", headers=headers).json()
    assert done["status"] == "completed" and done["correct"] == 1 and len(done["results"]) == done["total"]
    assert sum(topic["total"] for topic in done["by_topic"]) == done["total"]
    streak = client.get(f"{BASE}/streak", headers=headers).json()
    assert streak["current"] == 1 and streak["today_met"] is True


def test_answers_must_be_for_the_current_question_of_that_quiz(session: Session, client: TestClient, candidate):
    _, headers = candidate()
    quiz = client.post(f"{BASE}/today", headers=headers).json()
    current = quiz["current"]["id"]
    later = current + 1  # the next item of the same quiz
    refused = client.post(
        f"{BASE}/quizzes/{quiz['id']}/answers", json={"item_id": later, "skipped": True}, headers=headers
    )
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_current"
    empty = client.post(f"{BASE}/quizzes/{quiz['id']}/answers", json={"item_id": current}, headers=headers)
    assert empty.status_code == 422
    assert empty.json()["error"]["code"] in ("choose_option", "choose_options", "answer_empty")
    unknown = client.post(
        f"{BASE}/quizzes/{quiz['id']}/answers", json={"item_id": 10**9, "skipped": True}, headers=headers
    )
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "item_not_found"
    extra = client.post(f"{BASE}/quizzes/{quiz['id']}/answers", json={"item_id": current, "hint": 1}, headers=headers)
    assert extra.status_code == 422 and extra.json()["error"]["code"] == "request_invalid"


def test_another_candidates_quiz_is_not_found(session: Session, client: TestClient, candidate):
    _, ada = candidate()
    _, bob = candidate("bob@example.com")
    quiz = client.post(f"{BASE}/today", headers=ada).json()
    item = quiz["current"]["id"]
    for response in (
        client.get(f"{BASE}/quizzes/{quiz['id']}", headers=bob),
        client.post(f"{BASE}/quizzes/{quiz['id']}/answers", json={"item_id": item, "skipped": True}, headers=bob),
    ):
        assert response.status_code == 404 and response.json()["error"]["code"] == "quiz_not_found"
    # Bob's own quiz with Ada's item: not part of his quiz.
    own = client.post(f"{BASE}/today", headers=bob).json()
    mixed = client.post(f"{BASE}/quizzes/{own['id']}/answers", json={"item_id": item, "skipped": True}, headers=bob)
    assert mixed.status_code == 404 and mixed.json()["error"]["code"] == "item_not_found"
    assert session.get(QuizItem, item).answered_at is None  # type: ignore[union-attr]


def test_practice_by_topic(client: TestClient, candidate):
    _, headers = candidate()
    topic = next(t for t in client.get(BASE, headers=headers).json()["topics"] if t["questions"] >= 5)
    started = client.post(f"{BASE}/practice", json={"topic_id": topic["id"], "count": 5}, headers=headers)
    assert started.status_code == 201, started.text
    assert started.json()["kind"] == "practice" and started.json()["total"] == 5
    assert started.json()["current"]["topic"] == topic["name"]
    bad_count = client.post(f"{BASE}/practice", json={"topic_id": topic["id"], "count": 7}, headers=headers)
    assert bad_count.status_code == 422 and bad_count.json()["error"]["details"]["fields"] == ["body.count"]
    missing = client.post(f"{BASE}/practice", json={"topic_id": 10**12, "count": 5}, headers=headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "topic_not_found"


def test_an_answer_of_another_type_is_malformed(client: TestClient, candidate):
    _, headers = candidate()
    quiz = client.post(f"{BASE}/today", headers=headers).json()
    item = quiz["current"]["id"]
    for body in (
        {"item_id": str(item), "skipped": True},
        {"item_id": item, "choice": "0"},
        {"item_id": item, "skipped": 1},
    ):
        refused = client.post(f"{BASE}/quizzes/{quiz['id']}/answers", json=body, headers=headers)
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "request_invalid", body
    assert client.get(f"{BASE}/quizzes/{quiz['id']}", headers=headers).json()["answered"] == 0


def test_a_whole_number_written_as_a_float_is_a_number(client: TestClient, candidate):
    """JSON Schema's integer takes 3.0 (schemathesis sends it): the strict bodies refuse "3" and true, not 3.0."""
    _, headers = candidate()
    topic = next(t for t in client.get(BASE, headers=headers).json()["topics"] if t["questions"] >= 5)
    started = client.post(f"{BASE}/practice", json={"topic_id": float(topic["id"]), "count": 5}, headers=headers)
    assert started.status_code == 201, started.text
    assert (
        client.post(f"{BASE}/practice", json={"topic_id": topic["id"] + 0.5, "count": 5}, headers=headers).status_code
        == 422
    )


def test_a_true_false_question_keeps_its_stable_values_and_gives_labels_in_the_request_language(
    session: Session, client: TestClient, candidate
):
    user, headers = candidate()
    own = topics.create_topic(session, user.id or 0, "Acme")
    topics.add_own_question(
        session,
        user.id or 0,
        own.id or 0,
        kind="true_false",
        prompt="Acme is based in York.",
        options=[{"text": "True", "correct": True}],
    )
    session.commit()
    korean = {**headers, "Accept-Language": "ko-KR,ko;q=0.9"}
    started = client.post(f"{BASE}/practice", json={"topic_id": own.id, "count": 5}, headers=korean)
    assert started.status_code == 201, started.text
    current = started.json()["current"]
    assert sorted(current["options"]) == ["False", "True"]  # what an answer's index points into, in every language
    assert dict(zip(current["options"], current["option_labels"], strict=True)) == {"True": "참", "False": "거짓"}
    body = answer_for(session, current["id"], right=True)
    answered = client.post(f"{BASE}/quizzes/{started.json()['id']}/answers", json=body, headers=korean)
    assert answered.status_code == 200, answered.text
    options = answered.json()["feedback"]["options"]
    assert {(o["text"], o["label"], o["chosen"]) for o in options} == {("True", "참", True), ("False", "거짓", False)}
    again = client.get(f"{BASE}/quizzes/{started.json()['id']}", headers={**headers, "Accept-Language": "en"})
    assert again.status_code == 200 and again.json()["current"] is None  # one question: the quiz is done
