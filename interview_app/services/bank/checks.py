"""The checks an interview or quiz question must pass before it is saved, imported or approved.

They are the bank files' own checks (`QuestionSpec`, `QuizQuestionSpec` and the cross-question checks of
`question_bank` and `quiz_bank`, `company:` and `stage:` tags included) plus what the database knows: ids and
prompts already used, topics that exist. Questions travel as "data": the dict a bank file holds for one
question (quiz questions add the `topic` slug). Forms hold the same data as strings, converted here.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, col, select

from interview_app.models import Question, QuizQuestion, Topic
from interview_app.services.bank.files import (
    ANY_ROLE,
    QuestionSpec,
    content_dump,
    key_point_gaps,
    known_roles,
    language_problems,
)
from interview_app.services.scoring.text import content_terms, term_coverage
from interview_app.services.tailoring import tracks
from interview_app.services.trainer.quiz_bank import KEY_POINT_MIN_COVERAGE, QuizQuestionSpec

KINDS = ("interview", "quiz")
MAX_OPTIONS = 6
INTERVIEW_FIELDS = tuple(QuestionSpec.model_fields)
QUIZ_FIELDS = ("topic", *QuizQuestionSpec.model_fields)
# Statuses whose prompts no other question may repeat (rejected drafts do not count).
_LIVE = ("active", "flagged", "draft", "retired")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a question: the field it is about (or "" for the whole) and what is wrong."""

    field: str
    message: str


@dataclass
class Checked:
    """A question's data, its validated spec (None when invalid) and its problems."""

    data: dict[str, Any]
    spec: QuestionSpec | QuizQuestionSpec | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the question can be saved."""
        return self.spec is not None and not self.problems

    def messages(self) -> list[str]:
        """Each problem as one line, with its field."""
        return [f"{p.field}: {p.message}" if p.field else p.message for p in self.problems]


def normalized_prompt(text: str) -> str:
    """A prompt lower-cased with single spaces (what "the same prompt" means)."""
    return " ".join(str(text).lower().split())


def slugify(text: str, prefix: str = "", max_length: int = 80) -> str:
    """A bank id made of the first words of `text`, after `prefix`, e.g. `sql-what-does-an-index-do`."""
    words = re.findall(r"[a-z0-9]+", str(text).lower())
    slug = "-".join([p for p in prefix.split("-") if p] + words[:8])
    return slug[:max_length].strip("-") or "question"


def spec_hash(spec: BaseModel) -> str:
    """The content hash the seeders use, so an unchanged question is recognised."""
    return hashlib.sha256(json.dumps(content_dump(spec), sort_keys=True).encode()).hexdigest()


def pydantic_problems(exc: ValidationError) -> list[Problem]:
    """Field problems from a pydantic error, worded for people."""
    problems = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "missing":
            message = "is required"
        elif err["type"] == "extra_forbidden":
            message = "is not a known field"
        elif err["type"] == "string_pattern_mismatch":
            message = "use lower-case letters and digits in words joined by hyphens, e.g. sql-slow-query"
        problems.append(Problem(".".join(loc), message))
    return problems


def _spec_data(data: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    """The fields a spec validates (unknown ones stay, so that a misspelt column is reported)."""
    return {k: v for k, v in data.items() if k not in drop}


def _prompt_taken(session: Session, model: type[Question] | type[QuizQuestion], prompt: str, own_id: int | None) -> str:
    """The slug of another question with the same prompt, or ""."""
    wanted = normalized_prompt(prompt)
    if not wanted:
        return ""
    query = select(model.id, model.slug, model.prompt).where(col(model.status).in_(_LIVE))
    query = query.where(col(model.owner_id).is_(None))
    for row_id, slug, other in session.exec(query).all():
        if row_id != own_id and normalized_prompt(other) == wanted:
            return slug
    return ""


def check_interview(session: Session, data: dict[str, Any], *, question_id: int | None = None) -> Checked:
    """Check an interview question as the bank does, plus the ids and prompts already in the database.

    Args:
        session: The open database session.
        data: The question as a bank file holds it.
        question_id: The row being edited (its own id and prompt do not count as taken).

    """
    checked = Checked(data=data)
    try:
        spec = QuestionSpec.model_validate(_spec_data(data, ("meta", "topic")))
    except ValidationError as exc:
        checked.problems = pydantic_problems(exc)
        return checked
    problems: list[Problem] = []
    unknown = [r for r in spec.roles if r not in known_roles() | {ANY_ROLE}]
    if unknown:
        problems.append(Problem("roles", f"unknown roles {unknown}; use role slugs or {ANY_ROLE!r}"))
    if spec.type == "system_design" and ANY_ROLE in spec.roles:
        problems.append(Problem("roles", "system design questions must name engineering roles"))
    problems.extend(Problem("key_points", f"not reflected in the model answer: {kp!r}") for kp in key_point_gaps(spec))
    problems.extend(Problem("language", message) for message in language_problems(spec))
    problems.extend(Problem("tags", message) for message in tracks.tag_problems(spec.type, spec.tags))
    owner = session.exec(select(Question.id).where(Question.slug == spec.id)).first()
    if owner is not None and owner != question_id:
        problems.append(Problem("id", f"the id {spec.id!r} is already used"))
    taken = _prompt_taken(session, Question, spec.prompt, question_id)
    if taken:
        problems.append(Problem("prompt", f"the same prompt is already in the bank ({taken})"))
    checked.spec, checked.problems = spec, problems
    return checked


def shared_topic(session: Session, slug: str) -> Topic | None:
    """A default (shared) trainer topic by slug."""
    return session.exec(select(Topic).where(Topic.slug == slug, col(Topic.owner_id).is_(None))).first()


def check_quiz(session: Session, data: dict[str, Any], *, question_id: int | None = None) -> Checked:
    """Check a quiz question as the topic files do (kind rules, id prefix, key points), plus the database."""
    checked = Checked(data=data)
    problems: list[Problem] = []
    topic_slug = str(data.get("topic") or "")
    if not topic_slug:
        problems.append(Problem("topic", "is required"))
    elif shared_topic(session, topic_slug) is None:
        problems.append(Problem("topic", f"no default topic is called {topic_slug!r}"))
    try:
        spec = QuizQuestionSpec.model_validate(_spec_data(data, ("meta", "topic")))
    except ValidationError as exc:
        checked.problems = problems + pydantic_problems(exc)
        return checked
    if topic_slug and not spec.id.startswith(topic_slug + "-"):
        problems.append(Problem("id", f"ids start with the topic slug ({topic_slug}-)"))
    answer_terms = set(content_terms(spec.answer))
    problems.extend(
        Problem("key_points", f"not reflected in the model answer: {kp!r}")
        for kp in spec.key_points
        if term_coverage(kp, answer_terms) < KEY_POINT_MIN_COVERAGE
    )
    owner = session.exec(select(QuizQuestion.id).where(QuizQuestion.slug == spec.id)).first()
    if owner is not None and owner != question_id:
        problems.append(Problem("id", f"the id {spec.id!r} is already used"))
    taken = _prompt_taken(session, QuizQuestion, spec.prompt, question_id)
    if taken:
        problems.append(Problem("prompt", f"the same prompt is already in the bank ({taken})"))
    checked.spec, checked.problems = spec, problems
    return checked


def check(session: Session, kind: str, data: dict[str, Any], *, question_id: int | None = None) -> Checked:
    """`check_interview` or `check_quiz` by kind."""
    if kind == "quiz":
        return check_quiz(session, data, question_id=question_id)
    return check_interview(session, data, question_id=question_id)


def split_list(raw: object, separator: str = ",") -> list[str]:
    """A list from a list, or from text separated by `separator` (blank items dropped)."""
    if isinstance(raw, list):
        return [str(v).strip() for v in raw if str(v).strip()]
    return [part.strip() for part in str(raw or "").split(separator) if part.strip()]


def _int_or_text(raw: object) -> object:
    text = str(raw or "").strip()
    return int(text) if text.lstrip("-").isdigit() else text


def _language_cell(data: dict[str, Any]) -> dict[str, str]:
    """The question's language for a form, when its data names one (an edit keeps a Korean question Korean)."""
    return {"language": str(data["language"])} if "language" in data else {}


def _language_data(form: dict[str, str]) -> dict[str, Any]:
    """The form's language back as data (absent: the spec's default, English)."""
    return {"language": form["language"].strip() or "en"} if "language" in form else {}


def interview_form(data: dict[str, Any]) -> dict[str, str]:
    """An interview question's data as the edit form's strings (lists one per line or comma-separated)."""
    return {
        "id": str(data.get("id", "")),
        "type": str(data.get("type", "behavioural")),
        "difficulty": str(data.get("difficulty", "medium")),
        "roles": ", ".join(data.get("roles", [])),
        "competencies": ", ".join(data.get("competencies", [])),
        "tags": ", ".join(data.get("tags", [])),
        "prompt": str(data.get("prompt", "")),
        "key_points": "\n".join(data.get("key_points", [])),
        "model_answer": str(data.get("model_answer", "")),
        "follow_ups": "\n".join(data.get("follow_ups", [])),
        "time_limit_seconds": str(data.get("time_limit_seconds", 180)),
    } | _language_cell(data)


def interview_form_data(form: dict[str, str]) -> dict[str, Any]:
    """The edit form's strings as interview question data."""
    return {
        "id": form.get("id", "").strip(),
        "type": form.get("type", ""),
        "roles": split_list(form.get("roles", "")),
        "difficulty": form.get("difficulty", ""),
        "competencies": split_list(form.get("competencies", "")),
        "tags": split_list(form.get("tags", "")),
        "prompt": form.get("prompt", ""),
        "key_points": split_list(form.get("key_points", ""), "\n"),
        "model_answer": form.get("model_answer", ""),
        "follow_ups": split_list(form.get("follow_ups", ""), "\n"),
        "time_limit_seconds": _int_or_text(form.get("time_limit_seconds", "")),
    } | _language_data(form)


def quiz_form(data: dict[str, Any]) -> dict[str, str]:
    """A quiz question's data as the edit form's strings: options as opt<N>_text, _why and _correct."""
    form = {
        "id": str(data.get("id", "")),
        "topic": str(data.get("topic", "")),
        "kind": str(data.get("kind", "single")),
        "difficulty": str(data.get("difficulty", "medium")),
        "prompt": str(data.get("prompt", "")),
        "answer": str(data.get("answer", "")),
        "key_points": "\n".join(data.get("key_points", [])),
        "explanation": str(data.get("explanation", "")),
        "source": str(data.get("source", "")),
        "tags": ", ".join(data.get("tags", [])),
    } | _language_cell(data)
    options = list(data.get("options", []))
    for i in range(1, MAX_OPTIONS + 1):
        option = options[i - 1] if i <= len(options) else {}
        form[f"opt{i}_text"] = str(option.get("text", ""))
        form[f"opt{i}_why"] = str(option.get("why", ""))
        form[f"opt{i}_correct"] = "true" if option.get("correct") else ""
    return form


def quiz_form_data(form: dict[str, str]) -> dict[str, Any]:
    """The edit form's strings as quiz question data (true/false options are always "True", "False")."""
    kind = form.get("kind", "")
    options: list[dict[str, Any]] = []
    if kind != "short":
        for i in range(1, MAX_OPTIONS + 1):
            text, why = form.get(f"opt{i}_text", "").strip(), form.get(f"opt{i}_why", "").strip()
            if kind == "true_false":
                if i > 2:
                    break
                text = "True" if i == 1 else "False"
            if text or why:
                options.append({"text": text, "correct": form.get(f"opt{i}_correct") == "true", "why": why})
    return {
        "id": form.get("id", "").strip(),
        "topic": form.get("topic", "").strip(),
        "kind": kind,
        "difficulty": form.get("difficulty", ""),
        "prompt": form.get("prompt", ""),
        "options": options,
        "answer": form.get("answer", "") if kind == "short" else "",
        "key_points": split_list(form.get("key_points", ""), "\n") if kind == "short" else [],
        "explanation": form.get("explanation", ""),
        "source": form.get("source", ""),
        "tags": split_list(form.get("tags", "")),
    } | _language_data(form)
