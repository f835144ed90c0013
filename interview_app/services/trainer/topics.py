"""Trainer topics: loading the curated quiz bank, which topics a candidate follows, and their own topics."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_app.clock import aware, utcnow
from interview_app.db import insert_ignore
from interview_app.i18n import collation
from interview_app.models import Profile, QuizQuestion, ReviewCard, Topic, UserTopic
from interview_app.services.bank.files import DEFAULT_LANGUAGE, content_dump
from interview_app.services.bank.questions import BankError
from interview_app.services.trainer.quiz_bank import (
    QuizQuestionSpec,
    TopicFile,
    TopicText,
    curated_topics,
    load_quiz_bank,
    option_problems,
)

PRIORITIES: dict[int, str] = {1: "Low", 2: "Normal", 3: "High"}
MAX_CUSTOM_TOPICS = 20
MAX_OWN_QUESTIONS = 200
# Topics a new candidate starts with, by target role (any default topic can be added later).
ROLE_TOPICS: dict[str, tuple[str, ...]] = {
    "backend-engineer": ("data-structures", "algorithms", "sql", "system-design", "python"),
    "frontend-engineer": ("javascript", "web-fundamentals", "data-structures", "testing", "behavioural-frameworks"),
    "full-stack-engineer": ("javascript", "sql", "web-fundamentals", "system-design", "data-structures"),
    "mobile-engineer": ("data-structures", "algorithms", "networking", "testing", "behavioural-frameworks"),
    "data-scientist": ("statistics", "machine-learning", "python", "sql", "behavioural-frameworks"),
    "data-analyst": ("sql", "statistics", "product-sense", "python", "behavioural-frameworks"),
    "ml-engineer": ("machine-learning", "python", "statistics", "system-design", "algorithms"),
    "devops-sre": ("cloud", "networking", "operating-systems", "security", "git"),
    "qa-engineer": ("testing", "web-fundamentals", "sql", "git", "behavioural-frameworks"),
    "product-manager": ("product-sense", "agile-delivery", "statistics", "behavioural-frameworks"),
    "ux-designer": ("product-sense", "web-fundamentals", "behavioural-frameworks", "agile-delivery"),
    "project-manager": ("agile-delivery", "behavioural-frameworks", "product-sense"),
    "sales": ("behavioural-frameworks", "product-sense"),
    "customer-success": ("behavioural-frameworks", "product-sense", "agile-delivery"),
    "engineering-manager": ("behavioural-frameworks", "agile-delivery", "system-design", "testing"),
    "security-engineer": ("security", "networking", "operating-systems", "cloud", "python"),
}
FALLBACK_TOPICS = ("behavioural-frameworks", "data-structures", "algorithms", "sql")


class TopicError(ValueError):
    """A topic request the candidate must fix; `code` is a catalogue key (interview_app/i18n) under "trainer.error."."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.field = field


def _hash(spec: QuizQuestionSpec) -> str:
    return hashlib.sha256(json.dumps(content_dump(spec), sort_keys=True).encode()).hexdigest()


def seed_quiz_bank(session: Session, files: list[TopicFile] | None = None) -> dict[str, int]:
    """Upsert the curated topics and questions; changed questions get a new version, removed ones retire.

    Questions edited by admins (source != "curated") are left alone.
    """
    if files is None:
        files, problems = load_quiz_bank()
        if problems:
            raise BankError(problems)
    topics = {t.slug: t for t in session.exec(select(Topic).where(col(Topic.owner_id).is_(None))).all()}
    # Every shared question, so that one an admin took over (source "admin") is recognised and left alone.
    existing = {q.slug: q for q in session.exec(select(QuizQuestion).where(col(QuizQuestion.owner_id).is_(None))).all()}
    counts = {"topics": 0, "added": 0, "updated": 0, "unchanged": 0, "retired": 0}
    seen: set[str] = set()
    for f in files:
        topic = topics.get(f.topic.slug) or Topic(slug=f.topic.slug, name=f.topic.name)
        if f.language == DEFAULT_LANGUAGE:
            topic.name, topic.category, topic.description = f.topic.name, f.topic.category, f.topic.description
            topic.is_default = True
            session.add(topic)
            session.flush()
            topics[topic.slug] = topic
            counts["topics"] += 1
        for spec in f.questions:
            seen.add(spec.id)
            digest = _hash(spec)
            row = existing.get(spec.id)
            if row is not None and row.source != "curated":
                counts["unchanged"] += 1
                continue
            if row is not None and row.content_hash == digest and row.status != "retired":
                counts["unchanged"] += 1
                continue
            if row is None:
                row = QuizQuestion(slug=spec.id, topic_id=topic.id or 0, kind=spec.kind, prompt=spec.prompt)
                counts["added"] += 1
            else:
                row.version += 1
                counts["updated"] += 1
            row.topic_id = topic.id or 0
            row.kind, row.difficulty, row.prompt = spec.kind, spec.difficulty, spec.prompt
            row.options = [o.model_dump() for o in spec.options]
            row.answer, row.key_points = spec.answer, list(spec.key_points)
            row.explanation, row.source_note, row.tags = spec.explanation, spec.source, list(spec.tags)
            row.language = spec.language
            row.content_hash = digest
            if row.status == "retired":
                row.status = "active"
            row.updated_at = utcnow()
            session.add(row)
    for slug, row in existing.items():
        if row.source == "curated" and slug not in seen and row.status != "retired":
            row.status, row.updated_at = "retired", utcnow()
            session.add(row)
            counts["retired"] += 1
    session.flush()
    return counts


@dataclass(frozen=True)
class TopicView:
    """A topic as the topics page shows it to one candidate."""

    id: int
    slug: str
    name: str
    category: str
    description: str
    own: bool
    following: bool
    priority: int
    questions: int
    seen: int
    due: int


def visible_topic(session: Session, user_id: int, topic_id: int) -> Topic:
    """A default topic, or one of the candidate's own; anything else is "not found"."""
    topic = session.get(Topic, topic_id)
    if topic is None or (topic.owner_id is not None and topic.owner_id != user_id):
        raise TopicError("topic_not_found")
    return topic


def ensure_default_topics(session: Session, user_id: int) -> bool:
    """Give a candidate who follows nothing yet the topics that suit their target role; True if it did."""
    if session.exec(select(UserTopic.id).where(UserTopic.user_id == user_id).limit(1)).first() is not None:
        return False
    profile = session.get(Profile, user_id)
    wanted = ROLE_TOPICS.get(profile.target_role_slug or "", FALLBACK_TOPICS) if profile else FALLBACK_TOPICS
    rows = session.exec(select(Topic).where(col(Topic.slug).in_(wanted), col(Topic.owner_id).is_(None))).all()
    order = {slug: i for i, slug in enumerate(wanted)}
    insert_ignore(
        session,
        UserTopic,
        [
            {
                "user_id": user_id,
                "topic_id": t.id,
                "active": True,
                "priority": 3 if order[t.slug] == 0 else 2,
                "created_at": utcnow(),
            }
            for t in rows
        ],
        ["user_id", "topic_id"],
    )
    return bool(rows)


def topic_text(slug: str, own: bool, stored: TopicText, lang: str) -> TopicText:
    """A topic's name, category and description in `lang`.

    A curated topic's come from its file's translations (`stored`, its English texts, otherwise); a candidate's
    own topic reads as they wrote it, in every language.
    """
    spec = None if own or lang == DEFAULT_LANGUAGE else curated_topics().get(slug)
    return spec.translations.get(lang, stored) if spec is not None else stored  # type: ignore[call-overload]


def localised(topic: Topic, lang: str) -> TopicText:
    """`topic_text` of a stored topic."""
    stored = TopicText.model_construct(name=topic.name, category=topic.category, description=topic.description)
    return topic_text(topic.slug, topic.owner_id is not None, stored, lang)


def list_topics(
    session: Session, user_id: int, now: datetime | None = None, lang: str = DEFAULT_LANGUAGE
) -> list[TopicView]:
    """Every default topic and the candidate's own, with what they follow and how far they got, named in `lang`."""
    now = now or utcnow()
    topics = session.exec(
        select(Topic)
        .where((col(Topic.owner_id).is_(None)) | (Topic.owner_id == user_id))
        .order_by(col(Topic.owner_id).is_(None), col(Topic.name))
    ).all()
    follows = {u.topic_id: u for u in session.exec(select(UserTopic).where(UserTopic.user_id == user_id)).all()}
    counts = dict(
        session.exec(  # type: ignore[arg-type]
            select(QuizQuestion.topic_id, func.count())
            .where(
                QuizQuestion.status == "active",
                (col(QuizQuestion.owner_id).is_(None)) | (QuizQuestion.owner_id == user_id),
            )
            .group_by(col(QuizQuestion.topic_id))
        ).all()
    )
    seen: dict[int, int] = {}
    due: dict[int, int] = {}
    cards = session.exec(
        select(QuizQuestion.topic_id, ReviewCard.due)
        .join(QuizQuestion, col(QuizQuestion.id) == col(ReviewCard.quiz_question_id))
        .where(ReviewCard.user_id == user_id)
    ).all()
    for topic_id, due_at in cards:
        seen[topic_id] = seen.get(topic_id, 0) + 1
        if aware(due_at) <= now:
            due[topic_id] = due.get(topic_id, 0) + 1
    views = []
    for t in topics:
        follow = follows.get(t.id or 0)
        text = localised(t, lang)
        views.append(
            TopicView(
                id=t.id or 0,
                slug=t.slug,
                name=text.name,
                category=text.category,
                description=text.description,
                own=t.owner_id is not None,
                following=bool(follow and follow.active),
                priority=follow.priority if follow else 2,
                questions=counts.get(t.id or 0, 0),
                seen=seen.get(t.id or 0, 0),
                due=due.get(t.id or 0, 0),
            )
        )
    views.sort(key=lambda v: (not v.own, collation.sort_key(v.name, lang)))
    return views


def follow_topic(session: Session, user_id: int, topic_id: int, active: bool, priority: int = 2) -> UserTopic:
    """Follow or stop following a topic, and set its priority (1 low, 2 normal, 3 high)."""
    if priority not in PRIORITIES:
        raise TopicError("priority_invalid", "priority")
    visible_topic(session, user_id, topic_id)
    row = session.exec(select(UserTopic).where(UserTopic.user_id == user_id, UserTopic.topic_id == topic_id)).first()
    row = row or UserTopic(user_id=user_id, topic_id=topic_id)
    row.active, row.priority = active, priority
    session.add(row)
    session.flush()
    return row


def active_topic_ids(session: Session, user_id: int) -> dict[int, int]:
    """Topic id -> priority for the topics the candidate follows."""
    rows = session.exec(
        select(UserTopic.topic_id, UserTopic.priority).where(UserTopic.user_id == user_id, UserTopic.active == True)  # noqa: E712
    ).all()
    return dict(rows)


def _clean(text: str, low: int, high: int, code: str, field: str) -> str:
    value = " ".join((text or "").split())
    if not low <= len(value) <= high:
        raise TopicError(code, field)
    return value


def create_topic(session: Session, user_id: int, name: str, description: str = "") -> Topic:
    """A candidate's own topic, followed at once; they add its questions themselves."""
    name = _clean(name, 2, 80, "topic_name_length", "name")
    description = " ".join((description or "").split())
    if len(description) > 300:
        raise TopicError("topic_description_length", "description")
    own = session.exec(select(Topic).where(Topic.owner_id == user_id)).all()
    if len(own) >= MAX_CUSTOM_TOPICS:
        raise TopicError("topic_limit", "name")
    shared = session.exec(select(Topic).where(col(Topic.owner_id).is_(None))).all()
    # A shared topic's name in every language it is shown in: "시스템 설계" is as taken as "System design".
    translated = {text.name.lower() for spec in curated_topics().values() for text in spec.translations.values()}
    taken = {t.name.lower() for t in own} | {t.name.lower() for t in shared} | translated
    if name.lower() in taken:
        raise TopicError("topic_name_taken", "name")
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "topic"
    topic = Topic(
        slug=f"u{user_id}-{base}-{secrets.token_hex(3)}",
        name=name,
        category="My topics",
        description=description,
        is_default=False,
        owner_id=user_id,
    )
    session.add(topic)
    session.flush()
    session.add(UserTopic(user_id=user_id, topic_id=topic.id or 0, active=True, priority=2))
    session.flush()
    return topic


def delete_topic(session: Session, user_id: int, topic_id: int) -> None:
    """Delete one of the candidate's own topics with its questions and cards."""
    topic = session.get(Topic, topic_id)
    if topic is None or topic.owner_id != user_id:
        raise TopicError("topic_not_found")
    session.delete(topic)
    session.flush()


def add_own_question(
    session: Session,
    user_id: int,
    topic_id: int,
    *,
    kind: str,
    prompt: str,
    answer: str = "",
    options: list[dict[str, object]] | None = None,
    explanation: str = "",
) -> QuizQuestion:
    """Add a question to one of the candidate's own topics (short answer, single choice or true/false).

    Raises:
        TopicError: with the field to fix when the question is incomplete.

    """
    topic = session.get(Topic, topic_id)
    if topic is None or topic.owner_id != user_id:
        raise TopicError("topic_not_found")
    if kind not in ("short", "single", "true_false"):
        raise TopicError("kind_invalid", "kind")
    prompt = _clean(prompt, 10, 800, "prompt_length", "prompt")
    explanation = " ".join((explanation or "").split())[:1500]
    count = session.exec(select(func.count()).select_from(QuizQuestion).where(QuizQuestion.topic_id == topic_id)).one()
    if count >= MAX_OWN_QUESTIONS:
        raise TopicError("question_limit", "prompt")
    opts: list[dict[str, object]] = []
    points: list[str] = []
    if kind == "short":
        answer = _clean(answer, 3, 1500, "answer_length", "answer")
        # A one-line answer is itself the point to recall; longer ones are matched as a whole.
        points = [answer] if len(answer.split()) <= 12 else []
    else:
        answer = ""
        note = explanation or "See the explanation."
        for o in options or []:
            text = " ".join(str(o.get("text", "")).split())[:300]
            if text:
                why = " ".join(str(o.get("why", "")).split())[:600] or note
                opts.append({"text": text, "correct": bool(o.get("correct")), "why": why})
        if kind == "true_false":
            truth = next((o["correct"] for o in opts if o["text"] == "True"), None)
            if truth is None:
                raise TopicError("true_false_choice", "options")
            opts = [
                {"text": "True", "correct": truth, "why": note},
                {"text": "False", "correct": not truth, "why": note},
            ]
        if option_problems(kind, [(str(o["text"]), bool(o["correct"])) for o in opts]):
            raise TopicError("options_invalid", "options")
    question = QuizQuestion(
        slug=f"{topic.slug}-{secrets.token_hex(4)}",
        topic_id=topic_id,
        kind=kind,
        difficulty="medium",
        prompt=prompt,
        options=opts,
        answer=answer,
        key_points=points,
        explanation=explanation,
        source_note="Written by you",
        source="user",
        owner_id=user_id,
    )
    session.add(question)
    session.flush()
    return question
