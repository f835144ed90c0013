"""New interview questions written by the LLM, reviewed by an admin before they reach any candidate.

Generated questions land in the bank as drafts (`source="generated"`, `status="draft"`); interviews only
ever use active questions. Each draft is checked with the bank files' own checks and compared with the
existing questions (question_duplicates.py); a likely duplicate is flagged with its closest match and needs
a second confirmation to approve.

The LLM call goes to the configured OpenAI-compatible endpoint with a strict JSON schema (falling back to
`json_object` with the schema in the prompt for endpoints that refuse `json_schema`) and one retry.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from interview_app.models import JobRole, Question, QuestionRevision, User
from interview_app.services.admin.questions import QuestionError, content_of, get_question, set_status
from interview_app.services.bank.checks import check_interview, slugify
from interview_app.services.bank.duplicates import Match, closest_matches
from interview_app.services.bank.files import ANY_ROLE, COMPETENCIES, QUESTION_TYPES
from interview_app.services.bank.questions import search_text
from interview_app.services.scoring import llm
from interview_app.services.shared import audit, rate_limit
from interview_app.settings import get_settings

log = logging.getLogger(__name__)

MAX_PER_REQUEST = 5
PER_HOUR = 20
SCHEMA_NAME = "generated_interview_questions"
TEMPERATURE = 0.7
AVOID_EXAMPLES = 20
DEFAULT_SECONDS = {"behavioural": 180, "situational": 180, "technical": 240, "system_design": 600}


class GenerationError(ValueError):
    """A generation request or review action that cannot be done; `code` is under "admin.error."."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class GenerationRequest:
    """What the admin asked for."""

    role: str
    role_title: str
    type: str
    difficulty: str
    competencies: tuple[str, ...]
    count: int
    notes: str = ""
    # Prompts already in the bank for this role and type, shown to the model so that it writes new ones.
    avoid: tuple[str, ...] = ()


def prepare(
    session: Session,
    admin: User,
    *,
    role: str,
    type: str,
    difficulty: str,
    competencies: list[str],
    count: int,
    notes: str = "",
) -> GenerationRequest:
    """Check a generation request and count it against the admin's hourly limit.

    Raises:
        GenerationError: `llm_off`, `role_invalid`, `type_invalid`, `difficulty_invalid`,
            `competencies_invalid`, `count_invalid`, or `rate_limited` (detail: the wait in words).

    """
    if not get_settings().llm_enabled:
        raise GenerationError("llm_off")
    job_role = session.exec(select(JobRole).where(JobRole.slug == role)).first()
    if job_role is None and role != ANY_ROLE:
        raise GenerationError("role_invalid")
    if type not in QUESTION_TYPES or (type == "system_design" and role == ANY_ROLE):
        raise GenerationError("type_invalid")
    if difficulty not in ("easy", "medium", "hard"):
        raise GenerationError("difficulty_invalid")
    if not 1 <= len(competencies) <= 4 or any(c not in COMPETENCIES for c in competencies):
        raise GenerationError("competencies_invalid")
    if not 1 <= count <= MAX_PER_REQUEST:
        raise GenerationError("count_invalid")
    key = f"generate:{admin.id}"
    try:
        rate_limit.check_window(session, key, limit=PER_HOUR, window=timedelta(hours=1))
    except rate_limit.RateLimited as exc:
        raise GenerationError("rate_limited", exc.retry_text()) from None
    rate_limit.hit(session, key)
    existing = session.exec(
        select(Question.prompt, Question.roles)
        .where(Question.type == type, col(Question.status).in_(["active", "draft"]))
        .order_by(col(Question.id).desc())
    ).all()
    avoid = tuple(p for p, roles in existing if role in roles)[:AVOID_EXAMPLES]
    return GenerationRequest(
        role=role,
        role_title=job_role.title if job_role else "any role",
        type=type,
        difficulty=difficulty,
        competencies=tuple(competencies),
        count=count,
        notes=" ".join(notes.split())[:300],
        avoid=avoid,
    )


def generation_schema(count: int) -> dict[str, Any]:
    """The strict JSON schema of the reply: a list of `count` questions."""
    strings = {"type": "array", "items": {"type": "string"}}
    question = {
        "type": "object",
        "additionalProperties": False,
        "required": ["prompt", "key_points", "model_answer", "follow_ups", "tags", "time_limit_seconds"],
        "properties": {
            "prompt": {"type": "string", "description": "The question as the interviewer asks it (20-600 chars)."},
            "key_points": {**strings, "description": "3-6 short points a strong answer covers."},
            "model_answer": {"type": "string", "description": "A strong answer (200-4000 characters)."},
            "follow_ups": {**strings, "description": "1-3 follow-up questions."},
            "tags": {**strings, "description": "0-8 short lower-case topic tags."},
            "time_limit_seconds": {"type": "integer", "minimum": 60, "maximum": 900},
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["questions"],
        "properties": {"questions": {"type": "array", "minItems": 1, "maxItems": count, "items": question}},
    }


def _messages(req: GenerationRequest, schema_in_prompt: dict[str, Any] | None) -> list[Any]:
    story = req.type in ("behavioural", "situational")
    system = (
        "You write interview questions for a practice platform. Each question comes with the key points a "
        "strong answer covers, a model answer and follow-up questions. Rules: the prompt is 20-600 characters "
        "and asks one clear question; 3-6 key points, each a short phrase whose main words also appear in the "
        "model answer; the model answer is 200-4000 characters"
        + (", told in the first person in STAR order (situation, task, action, result)" if story else "")
        + "; 1-3 follow-up questions that probe deeper; up to 8 short lower-case tags; a time limit in seconds "
        "(60-900). Do not repeat or reword the existing questions you are shown. Reply with a single JSON "
        "object only."
    )
    if schema_in_prompt is not None:
        system += " It must match this JSON schema exactly:\n" + str(schema_in_prompt)
    lines = [
        f"Role: {llm._fence(req.role_title)}",
        f"Question type: {req.type.replace('_', ' ')}",
        f"Difficulty: {req.difficulty}",
        f"Competencies: {', '.join(COMPETENCIES[c] for c in req.competencies)}",
        f"Number of questions: {req.count}",
    ]
    if req.notes:
        lines.append(f"Notes from the admin: {llm._fence(req.notes)}")
    if req.avoid:
        lines.append("Existing questions (write different ones):\n" + "\n".join(f"- {p}" for p in req.avoid))
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n".join(lines)}]


def request_questions(req: GenerationRequest, *, client: Any = None, model: str | None = None) -> list[dict]:
    """Ask the LLM for questions (no database work: this runs in a thread); returns the raw items.

    Raises:
        LLMError: The endpoint failed twice, or its reply was not the JSON asked for.

    """
    client = client or llm.make_client()
    model = model or get_settings().openai_model
    schema = generation_schema(req.count)
    strict: Any = {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "schema": schema, "strict": True}}
    use_schema, failures = True, 0
    while True:
        try:
            content = llm._complete(
                client,
                model,
                _messages(req, None if use_schema else schema),
                temperature=TEMPERATURE,
                response_format=strict if use_schema else {"type": "json_object"},
            )
            items = llm._parse_json(content).get("questions")
            if not isinstance(items, list) or not items:
                raise llm.LLMError("schema: no questions in the reply")
            return [i for i in items if isinstance(i, dict)][: req.count]
        except llm.LLMError as err:
            if err.unsupported_format and use_schema:
                use_schema = False
                continue
            failures += 1
            if not err.retryable or failures >= llm.ATTEMPTS:
                raise
            log.info("question generation attempt %d failed (%s); retrying", failures, err.reason)


def _strings(value: object) -> list[str]:
    return [str(v).strip() for v in value if str(v).strip()] if isinstance(value, list) else []


def draft_data(req: GenerationRequest, item: dict[str, Any]) -> dict[str, Any]:
    """One generated item as bank data: the request fixes type, role, difficulty and competencies."""
    prompt = " ".join(str(item.get("prompt", "")).split())
    digest = hashlib.sha256(prompt.encode()).hexdigest()[:6]
    seconds = item.get("time_limit_seconds")
    return {
        "id": f"{slugify(prompt, prefix=req.role, max_length=72)}-{digest}",
        "type": req.type,
        "roles": [req.role],
        "difficulty": req.difficulty,
        "competencies": list(req.competencies),
        "tags": [t.lower() for t in _strings(item.get("tags"))][:8],
        "prompt": prompt,
        "key_points": _strings(item.get("key_points")),
        "model_answer": str(item.get("model_answer", "")).strip(),
        "follow_ups": _strings(item.get("follow_ups")),
        "time_limit_seconds": seconds if isinstance(seconds, int) else DEFAULT_SECONDS.get(req.type, 180),
    }


@dataclass
class StoredDrafts:
    """What became of a generation reply: the drafts saved and how many items were unusable."""

    drafts: list[Question] = field(default_factory=list)
    dropped: int = 0


def store_drafts(session: Session, admin: User, req: GenerationRequest, items: list[dict], model: str) -> StoredDrafts:
    """Save the generated items as drafts in the review queue (even ones that fail a check: the admin fixes them)."""
    out = StoredDrafts()
    taken = set(session.exec(select(Question.slug)).all())
    for item in items:
        data = draft_data(req, item)
        if len(data["prompt"]) < 10 or data["id"] in taken:
            out.dropped += 1
            continue
        taken.add(data["id"])
        row = Question(
            slug=data["id"],
            type=req.type,
            difficulty=req.difficulty,
            roles=data["roles"],
            competencies=data["competencies"],
            tags=data["tags"][:8],
            prompt=data["prompt"][:1000],
            key_points=data["key_points"][:10],
            model_answer=data["model_answer"][:6000],
            follow_ups=data["follow_ups"][:5],
            time_limit_seconds=max(60, min(900, int(data["time_limit_seconds"]))),
            source="generated",
            status="draft",
        )
        row.search_text = search_text(row.prompt, row.tags, row.competencies)
        session.add(row)
        session.flush()
        session.add(
            QuestionRevision(
                kind="interview",
                question_id=row.id or 0,
                version=1,
                content={
                    **content_of(session, row),
                    "meta": {"status": "draft", "source": "generated", "model": model},
                },
                action="generated",
                actor_user_id=admin.id,
            )
        )
        out.drafts.append(row)
    audit.record(
        session,
        "questions.generated",
        actor_user_id=admin.id,
        model=model[:120],
        role=req.role,
        type=req.type,
        difficulty=req.difficulty,
        drafts=len(out.drafts),
        dropped=out.dropped,
    )
    session.flush()
    return out


@dataclass(frozen=True)
class DraftView:
    """A draft in the review queue with its check problems and its closest match."""

    question: Question
    problems: list[str]
    match: Match | None


def review_queue(session: Session, limit: int = 50, *, with_matches: bool = True) -> list[DraftView]:
    """Drafts waiting for review, oldest first (`with_matches=False` skips the slower duplicate search)."""
    drafts = list(
        session.exec(select(Question).where(Question.status == "draft").order_by(col(Question.id)).limit(limit)).all()
    )
    matches = closest_matches(session, drafts) if with_matches else {}
    return [
        DraftView(
            q, check_interview(session, content_of(session, q), question_id=q.id).messages(), matches.get(q.id or 0)
        )
        for q in drafts
    ]


def approve(session: Session, admin: User, question_id: int, *, allow_duplicate: bool = False) -> Question:
    """Make a draft an active question once it passes the checks; a likely duplicate needs `allow_duplicate`.

    Raises:
        GenerationError: `not_draft`, or `duplicate` (detail: the closest match's id and similarity).
        QuestionError: `invalid` with the problems.

    """
    row = get_question(session, "interview", question_id)
    if row.status != "draft":
        raise GenerationError("not_draft")
    checked = check_interview(session, content_of(session, row), question_id=question_id)
    if not checked.ok:
        raise QuestionError("invalid", checked.problems)
    match = closest_matches(session, [row]).get(question_id)
    if match is not None and match.duplicate and not allow_duplicate:
        raise GenerationError("duplicate", f"{match.slug} ({match.similarity:.0%})")
    row.status = "active"
    session.add(row)
    session.add(
        QuestionRevision(
            kind="interview",
            question_id=question_id,
            version=row.version,
            content={**content_of(session, row), "meta": {"status": "active", "source": row.source}},
            action="approved",
            actor_user_id=admin.id,
        )
    )
    audit.record(
        session,
        "question.approved",
        actor_user_id=admin.id,
        question_id=question_id,
        slug=row.slug,
        closest=match.slug if match else "",
        similarity=match.similarity if match else 0.0,
    )
    session.flush()
    return row


def reject(session: Session, admin: User, question_id: int) -> Question:
    """Reject a draft: it stays out of the bank (kept, with its history, as rejected)."""
    row = get_question(session, "interview", question_id)
    if row.status != "draft":
        raise GenerationError("not_draft")
    return set_status(session, admin, "interview", question_id, "rejected", "rejected")
