"""AI generation of interview questions against the fake OpenAI-compatible server; drafts, duplicates, review."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import openai
import pytest
from sqlmodel import Session, select

from interview_app.models import Question, QuestionRevision, User
from interview_app.services.admin import questions as admin_questions
from interview_app.services.admin.questions import QuestionError
from interview_app.services.bank import duplicates as question_duplicates
from interview_app.services.bank import generation as question_generation
from interview_app.services.bank import questions
from interview_app.services.bank.generation import GenerationError, GenerationRequest
from interview_app.services.scoring import llm
from interview_app.settings import Settings
from tests.support import fake_openai as fake_api
from tests.support.bank_data import BANK, GENERATED
from tests.support.fake_openai import FakeOpenAI
from tests.support.handlers import events

# A close rewording of the bank's first backend question (its embedding similarity is about 0.9).
REWORDED = (
    "Our Postgres orders table has roughly 30 million rows, and listing a customer's open orders (filter on "
    "customer_id and status, newest first) takes four seconds. How do you diagnose and fix it?"
)


def generation_reply(*items: dict[str, Any]) -> dict[str, Any]:
    """What the LLM answers: {"questions": [...]}."""
    return {"questions": list(items) or [GENERATED]}


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeOpenAI]:
    server = fake_api.start()
    yield server
    server.stop()


@pytest.fixture
def fake(fake_server: FakeOpenAI) -> Iterator[FakeOpenAI]:
    fake_server.reset()
    yield fake_server
    fake_server.reset()


@pytest.fixture
def llm_on(override_settings: Callable[..., Settings], fake: FakeOpenAI) -> Settings:
    return override_settings(openai_base_url=fake.url, openai_model="fake-model", openai_timeout_seconds=5)


@pytest.fixture
def admin(make_user) -> User:
    return make_user("root@example.com", "Root Admin", role="admin")


def request(**changes: Any) -> GenerationRequest:
    values: dict[str, Any] = {
        "role": "backend-engineer",
        "role_title": "Backend Engineer",
        "type": "behavioural",
        "difficulty": "medium",
        "competencies": ("learning",),
        "count": 1,
    }
    return GenerationRequest(**(values | changes))


def test_without_an_llm_generation_is_refused(session: Session, admin: User):
    with pytest.raises(GenerationError) as err:
        question_generation.prepare(
            session,
            admin,
            role="backend-engineer",
            type="behavioural",
            difficulty="medium",
            competencies=["learning"],
            count=1,
        )
    assert err.value.code == "llm_off"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"role": "astronaut"}, "role_invalid"),
        ({"type": "riddle"}, "type_invalid"),
        ({"role": "any", "type": "system_design"}, "type_invalid"),
        ({"difficulty": "brutal"}, "difficulty_invalid"),
        ({"competencies": []}, "competencies_invalid"),
        ({"competencies": ["juggling"]}, "competencies_invalid"),
        ({"count": 6}, "count_invalid"),
    ],
)
def test_requests_are_checked(session: Session, admin: User, llm_on: Settings, changes: dict, code: str):
    from interview_app.services.accounts import profiles

    profiles.seed_job_roles(session)
    values: dict[str, Any] = {
        "role": "backend-engineer",
        "type": "behavioural",
        "difficulty": "medium",
        "competencies": ["learning"],
        "count": 2,
    }
    with pytest.raises(GenerationError) as err:
        question_generation.prepare(session, admin, **(values | changes))
    assert err.value.code == code


def test_requests_are_rate_limited_per_admin(session: Session, admin: User, llm_on: Settings):
    from interview_app.services.accounts import profiles

    profiles.seed_job_roles(session)
    questions.seed_questions(session)
    args: dict[str, Any] = {
        "role": "backend-engineer",
        "type": "behavioural",
        "difficulty": "medium",
        "competencies": ["learning"],
        "count": 2,
    }
    first = question_generation.prepare(session, admin, **args)
    assert first.role_title == "Backend Engineer" and first.avoid  # existing prompts are shown to the model
    for _ in range(question_generation.PER_HOUR - 1):
        question_generation.prepare(session, admin, **args)
    with pytest.raises(GenerationError) as err:
        question_generation.prepare(session, admin, **args)
    assert err.value.code == "rate_limited" and "minute" in err.value.detail


def test_the_request_uses_a_strict_json_schema_and_the_reply_is_parsed(fake: FakeOpenAI, llm_on: Settings):
    fake.script(fake_api.ok(generation_reply(GENERATED, {**GENERATED, "prompt": "Second one?"})))
    items = question_generation.request_questions(request(count=2, avoid=("An old question?",)))
    assert [i["prompt"] for i in items] == [GENERATED["prompt"], "Second one?"]
    (sent,) = fake.requests
    assert sent["model"] == "fake-model"
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["name"] == "generated_interview_questions"
    schema = sent["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["questions"]["maxItems"] == 2
    user_message = sent["messages"][1]["content"]
    assert "Role: Backend Engineer" in user_message and "- An old question?" in user_message


def test_one_retry_then_an_error_and_json_object_for_old_endpoints(fake: FakeOpenAI, llm_on: Settings):
    fake.script(fake_api.status(500), fake_api.ok(generation_reply()))
    assert len(question_generation.request_questions(request())) == 1
    fake.reset()
    fake.script(fake_api.text("not json"), fake_api.text("still not json"))
    with pytest.raises(llm.LLMError) as err:
        question_generation.request_questions(request())
    assert err.value.reason == "invalid JSON"
    fake.reset()
    fake.script(
        fake_api.json_schema_unsupported(generation_reply()), fake_api.json_schema_unsupported(generation_reply())
    )
    assert len(question_generation.request_questions(request())) == 1
    assert [r["response_format"]["type"] for r in fake.requests] == ["json_schema", "json_object"]
    assert "JSON schema exactly" in fake.requests[1]["messages"][0]["content"]


def test_a_connection_error_is_an_llm_error(override_settings: Callable[..., Settings]):
    from tests.support.live_server import free_port

    override_settings(openai_base_url=f"http://127.0.0.1:{free_port()}/v1", openai_timeout_seconds=2)
    with pytest.raises(llm.LLMError) as err:
        question_generation.request_questions(request())
    assert err.value.reason == "connection error"


def test_generated_items_become_drafts_with_a_revision(session: Session, admin: User):
    broken = {**GENERATED, "prompt": "Describe a time you mentored someone who struggled.", "key_points": ["One"]}
    stored = question_generation.store_drafts(
        session, admin, request(), [GENERATED, broken, {"prompt": ""}], "fake-model"
    )
    assert len(stored.drafts) == 2 and stored.dropped == 1
    draft = stored.drafts[0]
    assert (draft.status, draft.source, draft.roles, draft.competencies) == (
        "draft",
        "generated",
        ["backend-engineer"],
        ["learning"],
    )
    assert draft.slug.startswith("backend-engineer-tell-me-about-a-time") and draft.tags == ["learning", "databases"]
    revision = session.exec(select(QuestionRevision).where(QuestionRevision.question_id == draft.id)).one()
    assert revision.action == "generated" and revision.content["meta"]["model"] == "fake-model"
    assert events(session, "questions.generated")[0].detail["drafts"] == 2
    queue = question_generation.review_queue(session)
    assert [v.question.id for v in queue] == [d.id for d in stored.drafts]
    assert queue[0].problems == []
    assert any("key_points" in p for p in queue[1].problems)


def test_duplicates_are_flagged_with_their_closest_match(session: Session, admin: User):
    questions.seed_questions(session)
    stored = question_generation.store_drafts(
        session, admin, request(type="technical"), [{**GENERATED, "prompt": REWORDED}, GENERATED], "fake-model"
    )
    matches = question_duplicates.closest_matches(session, stored.drafts)
    near = matches[stored.drafts[0].id or 0]
    assert near is not None and near.slug == BANK[0]["id"] and near.duplicate and near.method == "embedding"
    assert near.similarity >= question_duplicates.DUPLICATE_THRESHOLD
    fresh = matches[stored.drafts[1].id or 0]
    assert fresh is not None and not fresh.duplicate and fresh.similarity < question_duplicates.DUPLICATE_THRESHOLD
    exact = question_generation.store_drafts(
        session, admin, request(), [{**GENERATED, "prompt": BANK[1]["prompt"] + " "}], "fake-model"
    ).drafts[0]
    match = question_duplicates.closest_matches(session, [exact])[exact.id or 0]
    assert match is not None and (match.similarity, match.method, match.slug) == (1.0, "exact", BANK[1]["id"])


def test_without_the_embedding_model_word_overlap_finds_duplicates(
    session: Session, admin: User, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(question_duplicates, "get_embedder", lambda: None)
    questions.seed_questions(session)
    copy_of_bank = BANK[0]["prompt"].replace("Our orders table", "The orders table")
    stored = question_generation.store_drafts(
        session, admin, request(), [{**GENERATED, "prompt": copy_of_bank}, GENERATED], "m"
    )
    matches = question_duplicates.closest_matches(session, stored.drafts)
    first, second = matches[stored.drafts[0].id or 0], matches[stored.drafts[1].id or 0]
    assert first is not None and first.method == "words" and first.duplicate and first.slug == BANK[0]["id"]
    assert second is not None and not second.duplicate


def test_approving_checks_the_draft_and_asks_again_for_a_duplicate(session: Session, admin: User, make_user):
    questions.seed_questions(session)
    good, near, broken = question_generation.store_drafts(
        session,
        admin,
        request(type="technical"),
        [
            GENERATED,
            {**GENERATED, "prompt": REWORDED},
            {**GENERATED, "prompt": "Why is that so?", "model_answer": "Because."},
        ],
        "m",
    ).drafts
    with pytest.raises(QuestionError) as invalid:
        question_generation.approve(session, admin, broken.id or 0)
    assert invalid.value.code == "invalid" and {p.field for p in invalid.value.problems} >= {"prompt", "model_answer"}
    with pytest.raises(GenerationError) as duplicate:
        question_generation.approve(session, admin, near.id or 0)
    assert duplicate.value.code == "duplicate" and BANK[0]["id"] in duplicate.value.detail
    question_generation.approve(session, admin, near.id or 0, allow_duplicate=True)
    approved = question_generation.approve(session, admin, good.id or 0)
    assert approved.status == "active" and approved.source == "generated"
    assert [r.action for r, _ in admin_questions.history(session, "interview", good.id or 0)] == [
        "approved",
        "generated",
    ]
    assert {e.detail["slug"] for e in events(session, "question.approved")} == {good.slug, near.slug}
    with pytest.raises(GenerationError) as again:
        question_generation.approve(session, admin, good.id or 0)
    assert again.value.code == "not_draft"
    # Approved questions are used in interviews from now on.
    candidate = make_user()
    picked = questions.choose_questions(
        session,
        user_id=candidate.id or 0,
        role="backend-engineer",
        interview_type="technical",
        difficulty="medium",
        focus=["learning"],
        count=3,
    )
    assert good.id in {q.id for q in picked} and broken.id not in {q.id for q in picked}


def test_an_admin_can_edit_a_draft_then_approve_it_or_reject_it(session: Session, admin: User):
    broken = {**GENERATED, "key_points": ["Win the lottery", *GENERATED["key_points"][:2]]}
    draft = question_generation.store_drafts(session, admin, request(), [broken], "m").drafts[0]
    fixed = copy.deepcopy(admin_questions.content_of(session, draft))
    fixed["key_points"] = GENERATED["key_points"]
    admin_questions.save_question(session, admin, "interview", fixed, question_id=draft.id)
    assert draft.status == "draft" and draft.source == "generated" and draft.version == 2
    question_generation.reject(session, admin, draft.id or 0)
    assert session.get(Question, draft.id).status == "rejected"  # type: ignore[union-attr]
    assert events(session, "question.rejected")[0].actor_user_id == admin.id
    assert question_generation.review_queue(session) == []


def test_the_client_is_the_shared_openai_client(llm_on: Settings):
    assert isinstance(llm.make_client(), openai.OpenAI)
