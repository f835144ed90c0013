"""Admin management of the interview and quiz question banks: listing, saving, retiring, versions.

Every save of a question writes a `QuestionRevision` holding its full content, so its history can be shown
and any version restored. A curated question that an admin touches becomes `source="admin"`, which the
seeders leave alone from then on. Candidates' own quiz questions (`owner_id` set) are theirs alone and
never appear here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.i18n import collation
from interview_app.models import Question, QuestionRevision, QuizQuestion, Topic, User
from interview_app.services.bank.checks import Checked, Problem, check, spec_hash
from interview_app.services.bank.files import QuestionSpec
from interview_app.services.bank.questions import search_text
from interview_app.services.shared import audit
from interview_app.services.trainer import topics
from interview_app.services.trainer.quiz_bank import QuizQuestionSpec

STATUSES = ("active", "flagged", "draft", "retired", "rejected")
SOURCES = ("curated", "admin", "generated")
MAX_PAGE = 100
BankRow = Question | QuizQuestion


class QuestionError(ValueError):
    """A question action that cannot be done; `code` is a strings key under "admin.error."."""

    def __init__(self, code: str, problems: list[Problem] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.problems = problems or []


@dataclass(frozen=True)
class QuestionFilter:
    """What the bank list shows; empty strings mean "any"."""

    kind: str = "interview"
    text: str = ""
    status: str = ""
    source: str = ""
    type: str = ""
    difficulty: str = ""
    # An interview role slug, or a quiz topic slug.
    group: str = ""
    # "en", "ko" or "" for every language.
    language: str = ""


def model_for(kind: str) -> type[Question] | type[QuizQuestion]:
    """The table of a question kind ("interview" or "quiz")."""
    if kind not in ("interview", "quiz"):
        raise QuestionError("kind_invalid")
    return QuizQuestion if kind == "quiz" else Question


def list_questions(session: Session, flt: QuestionFilter, *, limit: int = 25, offset: int = 0) -> tuple[list, int]:
    """Questions matching the filter, newest change first; returns (page, total)."""
    model = model_for(flt.kind)
    query = select(model)
    if model is QuizQuestion:
        query = query.where(col(QuizQuestion.owner_id).is_(None))
        if flt.type:
            query = query.where(QuizQuestion.kind == flt.type)
        if flt.group:
            query = query.join(Topic, col(Topic.id) == col(QuizQuestion.topic_id)).where(Topic.slug == flt.group)
        searched = func.lower(col(QuizQuestion.prompt).concat(" ").concat(col(QuizQuestion.slug)))
    else:
        query = query.where(col(Question.owner_id).is_(None))  # a candidate's own tailored questions are theirs
        if flt.type:
            query = query.where(Question.type == flt.type)
        if flt.group:
            # Roles are a JSON list: match the quoted slug inside it (portable across SQLite and PostgreSQL).
            query = query.where(cast(Question.roles, String).contains(f'"{flt.group}"', autoescape=True))
        searched = func.lower(col(Question.search_text).concat(" ").concat(col(Question.slug)))
    for word in flt.text.lower().split()[:8]:
        query = query.where(searched.contains(word[:60], autoescape=True))
    if flt.status:
        query = query.where(model.status == flt.status)
    if flt.source:
        query = query.where(model.source == flt.source)
    if flt.difficulty:
        query = query.where(model.difficulty == flt.difficulty)
    if flt.language:
        query = query.where(model.language == flt.language)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(model.updated_at).desc(), col(model.id).desc()).limit(min(limit, MAX_PAGE)).offset(offset)
    ).all()
    return list(rows), int(total)


def get_question(session: Session, kind: str, question_id: int) -> Any:
    """One bank question (never a candidate's own), or QuestionError("question_not_found")."""
    row = session.get(model_for(kind), question_id)
    if row is None or row.owner_id is not None:
        raise QuestionError("question_not_found")
    return row


def topic_choices(session: Session, lang: str) -> list[tuple[str, str]]:
    """The default topics as (slug, name in `lang`), in the reader's order: the quiz filter's and form's options."""
    rows = session.exec(select(Topic).where(col(Topic.owner_id).is_(None))).all()
    named = [(t.slug, topics.localised(t, lang).name) for t in rows]
    return sorted(named, key=lambda choice: collation.sort_key(choice[1], lang))


def content_of(session: Session, row: BankRow) -> dict[str, Any]:
    """A question's data as a bank file holds it (quiz questions with their topic slug)."""
    if isinstance(row, QuizQuestion):
        topic = session.get(Topic, row.topic_id)
        return {
            "id": row.slug,
            "topic": topic.slug if topic else "",
            "kind": row.kind,
            "difficulty": row.difficulty,
            "prompt": row.prompt,
            "options": [dict(o) for o in row.options],
            "answer": row.answer,
            "key_points": list(row.key_points),
            "explanation": row.explanation,
            "source": row.source_note,
            "tags": list(row.tags),
            "language": row.language,
        }
    return {
        "id": row.slug,
        "type": row.type,
        "roles": list(row.roles),
        "difficulty": row.difficulty,
        "competencies": list(row.competencies),
        "tags": list(row.tags),
        "prompt": row.prompt,
        "key_points": list(row.key_points),
        "model_answer": row.model_answer,
        "follow_ups": list(row.follow_ups),
        "time_limit_seconds": row.time_limit_seconds,
        "language": row.language,
    }


def _apply(session: Session, row: BankRow, checked: Checked) -> None:
    spec = checked.spec
    row.updated_at = utcnow()
    if isinstance(row, QuizQuestion):
        assert isinstance(spec, QuizQuestionSpec)
        topic = session.exec(select(Topic).where(Topic.slug == checked.data["topic"])).one()
        row.topic_id = topic.id or 0
        row.kind, row.difficulty, row.prompt = spec.kind, spec.difficulty, spec.prompt
        row.options = [o.model_dump() for o in spec.options]
        row.answer, row.key_points = spec.answer, list(spec.key_points)
        row.explanation, row.source_note, row.tags = spec.explanation, spec.source, list(spec.tags)
        row.language = spec.language
    else:
        assert isinstance(spec, QuestionSpec)
        row.type, row.difficulty, row.prompt = spec.type, spec.difficulty, spec.prompt
        row.roles, row.competencies, row.tags = list(spec.roles), list(spec.competencies), list(spec.tags)
        row.key_points, row.follow_ups = list(spec.key_points), list(spec.follow_ups)
        row.model_answer, row.time_limit_seconds = spec.model_answer, spec.time_limit_seconds
        row.language = spec.language
        row.search_text = search_text(spec.prompt, spec.tags, spec.competencies)
    row.content_hash = spec_hash(spec) if spec else ""


def kind_of(row: BankRow) -> str:
    """The question's kind: "quiz" or "interview"."""
    return "quiz" if isinstance(row, QuizQuestion) else "interview"


def _revision(session: Session, row: BankRow, action: str, actor: User | None) -> QuestionRevision:
    content = {**content_of(session, row), "meta": {"status": row.status, "source": row.source}}
    revision = QuestionRevision(
        kind=kind_of(row),
        question_id=row.id or 0,
        version=row.version,
        content=content,
        action=action,
        actor_user_id=actor.id if actor else None,
    )
    session.add(revision)
    return revision


def _ensure_baseline(session: Session, row: BankRow) -> None:
    """Before the first admin change of a question that has no history, keep its content as it was."""
    exists = session.exec(
        select(QuestionRevision.id).where(QuestionRevision.kind == kind_of(row), QuestionRevision.question_id == row.id)
    ).first()
    if exists is None and row.id is not None:
        _revision(session, row, "original", None)


def save_question(
    session: Session,
    actor: User,
    kind: str,
    data: dict[str, Any],
    *,
    question_id: int | None = None,
    action: str = "",
    status: str = "active",
    source: str = "admin",
    audited: bool = True,
) -> tuple[Any, bool]:
    """Create a question or save a new version of one, after the bank's checks.

    Args:
        session: The open database session.
        actor: The admin saving it.
        kind: "interview" or "quiz".
        data: The question as a bank file holds it.
        question_id: The question to change; None creates one (`data["id"]` becomes its slug).
        action: What the revision records (default "created" or "edited").
        status: The status of a new question ("draft" for generated ones).
        source: The source of a new question; curated questions that are changed become "admin".
        audited: False when the caller writes one audit event for many questions (imports).

    Returns:
        The row and whether anything changed (an identical save writes no new version).

    Raises:
        QuestionError: `invalid` with the problems, or `question_not_found`.

    """
    checked = check(session, kind, data, question_id=question_id)
    if not checked.ok:
        raise QuestionError("invalid", checked.problems)
    assert checked.spec is not None
    if question_id is None:
        spec = checked.spec
        if isinstance(spec, QuizQuestionSpec):
            row: Any = QuizQuestion(slug=spec.id, topic_id=0, kind=spec.kind, prompt=spec.prompt)
        else:
            row = Question(
                slug=spec.id, type=spec.type, difficulty=spec.difficulty, prompt=spec.prompt, model_answer=""
            )
        row.status, row.source = status, source
        _apply(session, row, checked)
        session.add(row)
        session.flush()
        action = action or "created"
    else:
        row = get_question(session, kind, question_id)
        if content_of(session, row) == _comparable(checked):
            return row, False
        _ensure_baseline(session, row)
        _apply(session, row, checked)
        row.version += 1
        if row.source == "curated":
            row.source = "admin"
        session.add(row)
        action = action or "edited"
    _revision(session, row, action, actor)
    if audited:
        audit.record(
            session,
            f"question.{action}",
            actor_user_id=actor.id,
            kind=kind,
            question_id=row.id,
            slug=row.slug,
            version=row.version,
        )
    session.flush()
    return row, True


def _comparable(checked: Checked) -> dict[str, Any]:
    """The checked data as `content_of` shows a saved question (cleaned values, quiz topic included)."""
    assert checked.spec is not None
    data = checked.spec.model_dump()
    if isinstance(checked.spec, QuizQuestionSpec):
        data["topic"] = checked.data.get("topic", "")
    return data


def set_status(session: Session, actor: User, kind: str, question_id: int, status: str, action: str) -> Any:
    """Move a question to `status` ("active" or "retired"), with a revision and an audit event."""
    row = get_question(session, kind, question_id)
    if row.status == status:
        return row
    if status == "active" and row.status == "draft":
        raise QuestionError("approve_drafts")
    _ensure_baseline(session, row)
    old, row.status, row.updated_at = row.status, status, utcnow()
    if row.source == "curated":
        row.source = "admin"  # so that seeding does not undo the admin's decision
    session.add(row)
    _revision(session, row, action, actor)
    audit.record(
        session, f"question.{action}", actor_user_id=actor.id, kind=kind, question_id=row.id, slug=row.slug, old=old
    )
    session.flush()
    return row


def retire(session: Session, actor: User, kind: str, question_id: int) -> Any:
    """Take a question out of interviews and quizzes (it stays in the bank and can be restored)."""
    return set_status(session, actor, kind, question_id, "retired", "retired")


def restore(session: Session, actor: User, kind: str, question_id: int) -> Any:
    """Put a retired or flagged question back into use; it must still pass the checks."""
    row = get_question(session, kind, question_id)
    checked = check(session, kind, content_of(session, row), question_id=question_id)
    if not checked.ok:
        raise QuestionError("invalid", checked.problems)
    return set_status(session, actor, kind, question_id, "active", "restored")


def history(session: Session, kind: str, question_id: int) -> list[tuple[QuestionRevision, str]]:
    """Every revision of a question, newest first, with the name of who made it."""
    rows = session.exec(
        select(QuestionRevision, User.name)
        .join(User, col(User.id) == col(QuestionRevision.actor_user_id), isouter=True)
        .where(QuestionRevision.kind == kind, QuestionRevision.question_id == question_id)
        .order_by(col(QuestionRevision.id).desc())
    ).all()
    return [(rev, name or "") for rev, name in rows]


def revert(session: Session, actor: User, kind: str, question_id: int, revision_id: int) -> Any:
    """Save an earlier revision's content as the newest version."""
    revision = session.get(QuestionRevision, revision_id)
    if revision is None or revision.kind != kind or revision.question_id != question_id:
        raise QuestionError("revision_not_found")
    data = {k: v for k, v in revision.content.items() if k != "meta"}
    row, changed = save_question(session, actor, kind, data, question_id=question_id, action="reverted")
    if not changed:
        raise QuestionError("revision_current")
    return row


def counts(session: Session) -> dict[str, int]:
    """Totals for the admin overview: active questions of each kind and drafts waiting for review."""
    interview = session.exec(select(func.count()).where(Question.status == "active")).one()
    quiz = session.exec(
        select(func.count()).where(QuizQuestion.status == "active", col(QuizQuestion.owner_id).is_(None))
    ).one()
    drafts = session.exec(select(func.count()).where(Question.status == "draft")).one()
    flagged = session.exec(select(func.count()).where(QuizQuestion.status == "flagged")).one()
    return {"interview": int(interview), "quiz": int(quiz), "drafts": int(drafts), "flagged": int(flagged)}
