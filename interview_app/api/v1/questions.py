"""/api/v1/questions: the question bank as the /questions page offers it to a candidate (browse, search, practise).

The list filters by text, role, type, difficulty, competency, company track and language, in the bank's own
order (`bank.questions.browse`: role-specific questions first for a role, best fit first for a company, then
by id), paginated by `limit`/`offset`. The list and each question carry an `ETag`; a client sending it back
as `If-None-Match` gets 304 without a body while nothing changed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from interview_app import routes
from interview_app.api.contract import ApiProblem, Id, responses
from interview_app.api.v1 import interviews as interviews_api
from interview_app.api.v1 import paging
from interview_app.api.v1.deps import CurrentUser, Db
from interview_app.models import Question
from interview_app.services.bank import questions
from interview_app.services.bank.files import COMPETENCIES, LANGUAGES, QUESTION_TYPES
from interview_app.services.interviews import interviews
from interview_app.services.tailoring import tracks

router = APIRouter(prefix=f"{routes.API_PREFIX}/questions", tags=["questions"])
NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot store or search for NUL characters


class BankQuestion(BaseModel):
    """A question of the bank, as the /questions page lists it (its model answer shows after practising it)."""

    id: int
    prompt: str
    type: str = Field(description=f"One of {list(QUESTION_TYPES)}.")
    difficulty: str = Field(description="easy, medium or hard.")
    roles: list[str] = Field(description="Role slugs it suits; `any` for every role.")
    competencies: list[str]
    tags: list[str]
    companies: list[str] = Field(description="Names of the company tracks it suits.")
    language: str
    time_limit_seconds: int

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 12,
                "prompt": "Tell me about a time you disagreed with a technical decision.",
                "type": "behavioural",
                "difficulty": "medium",
                "roles": ["any"],
                "competencies": ["communication", "collaboration"],
                "tags": ["conflict"],
                "companies": ["Amazon"],
                "language": "en",
                "time_limit_seconds": 180,
            }
        }
    )


class QuestionPage(paging.PageInfo):
    """One page of the matching questions and how many match in all."""

    items: list[BankQuestion]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "items": [BankQuestion.model_config["json_schema_extra"]["example"]],  # type: ignore[index]
                "total": 41,
                "limit": 20,
                "offset": 0,
                "next_offset": 20,
            }
        }
    )


def bank_question(question: Question, names: dict[str, str] | None = None) -> BankQuestion:
    """A bank question as the API shows it."""
    names = names if names is not None else {track.slug: track.name for track in tracks.all_tracks()}
    assert question.id is not None
    return BankQuestion(
        id=question.id,
        prompt=question.prompt,
        type=question.type,
        difficulty=question.difficulty,
        roles=list(question.roles),
        competencies=list(question.competencies),
        tags=list(question.tags),
        companies=[names[slug] for slug in tracks.question_companies(question) if slug in names],
        language=question.language,
        time_limit_seconds=question.time_limit_seconds,
    )


@router.get(
    "",
    response_model=QuestionPage,
    responses={**paging.LIST_RESPONSES, **responses(401, 422)},
)
def list_questions(
    user: CurrentUser,
    session: Db,
    page: paging.Paging,
    if_none_match: paging.IfNoneMatch = None,
    q: Annotated[
        str, Query(max_length=100, pattern=NO_NUL, description="Words the question must contain (prompt, tags, areas).")
    ] = "",
    role: Annotated[
        str, Query(max_length=60, pattern=NO_NUL, description="A role's slug: questions for it come first.")
    ] = "",
    type: Annotated[str | None, Query(json_schema_extra={"enum": list(QUESTION_TYPES)})] = None,
    difficulty: Annotated[str | None, Query(json_schema_extra={"enum": list(questions.DIFFICULTY_ORDER)})] = None,
    competency: Annotated[str | None, Query(json_schema_extra={"enum": list(COMPETENCIES)})] = None,
    company: Annotated[
        str | None, Query(max_length=40, json_schema_extra={"enum": [c.slug for c in tracks.all_tracks()]})
    ] = None,
    language: Annotated[str | None, Query(json_schema_extra={"enum": list(LANGUAGES)})] = None,
) -> Response:
    """Browse and search the bank, as the /questions page does: filters, a stable order, pages."""
    # Checked before "absent" becomes "": an empty value (`?type=`) is none of the schema's choices.
    _check_choice("type", type, QUESTION_TYPES)
    _check_choice("difficulty", difficulty, questions.DIFFICULTY_ORDER)
    _check_choice("competency", competency, tuple(COMPETENCIES))
    _check_choice("language", language, LANGUAGES)
    if company is not None and tracks.track(company) is None:
        raise ApiProblem(422, "request_invalid", details={"fields": ["query.company"]})
    type, difficulty, competency, company, language = (
        type or "",
        difficulty or "",
        competency or "",
        company or "",
        language or "",
    )
    flt = questions.BankFilter(
        text=q, role=role, type=type, difficulty=difficulty, competency=competency, company=company, language=language
    )
    rows, total = questions.browse(session, flt, limit=page.limit, offset=page.offset)
    names = {track.slug: track.name for track in tracks.all_tracks()}
    body = QuestionPage(items=[bank_question(row, names) for row in rows], **paging.info(page, total))
    return paging.etagged(body, if_none_match)


def _check_choice(name: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise ApiProblem(422, "request_invalid", details={"fields": [f"query.{name}"]})


def active_question(session: Db, question_id: int) -> Question:
    """A question of the bank a candidate may see (active, not someone's private one), else 404."""
    question = session.get(Question, question_id)
    if question is None or question.status != "active" or question.owner_id is not None:
        raise ApiProblem(404, "not_found")
    return question


@router.get(
    "/{question_id}",
    response_model=BankQuestion,
    responses={**paging.LIST_RESPONSES, **responses(401, 404, 422)},
)
def get_question(question_id: Id, user: CurrentUser, session: Db, if_none_match: paging.IfNoneMatch = None) -> Response:
    """One question of the bank (with an `ETag`, as the list)."""
    return paging.etagged(bank_question(active_question(session, question_id)), if_none_match)


@router.post(
    "/{question_id}/practice",
    status_code=201,
    response_model=interviews_api.Interview,
    responses=responses(401, 404, 422),
)
def practise_question(question_id: Id, user: CurrentUser, session: Db) -> interviews_api.Interview:
    """Practise one question: a one-question interview (typed answers), as the page's Practise button starts."""
    assert user.id is not None
    active_question(session, question_id)
    try:
        interview = interviews.start_practice(session, user.id, question_id)
    except interviews.InterviewError as exc:
        raise interviews_api.refusal(exc) from None
    return interviews_api.interview_of(session, interview)
