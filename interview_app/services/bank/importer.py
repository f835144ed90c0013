"""Bulk import of interview and quiz questions from CSV or JSON, with a dry run first.

JSON is the bank files' own format (`{"questions": [...]}`; a quiz file may name its `topic` once at the top,
so a file from `interview_app/data/quiz/` imports as it is). CSV has one question per row; list cells are
separated by `|`. See docs/admin.md for both formats with examples.

Exports (question_export.py) use the same formats. A dry run checks every row with the bank's own checks
and reports, per row, what would happen (create, update, unchanged) or what is wrong. Importing saves the
valid rows and skips the others, so an admin can fix the bad rows and import the file again; a problem with
the file itself (too large, not UTF-8, malformed CSV or JSON, unknown or missing columns) imports nothing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from interview_app.models import QuizQuestion, User
from interview_app.services.admin.questions import (
    QuestionError,
    content_of,
    model_for,
    save_question,
)
from interview_app.services.bank.checks import MAX_OPTIONS, check, normalized_prompt, split_list
from interview_app.services.shared import audit

MAX_IMPORT_BYTES = 1_000_000
MAX_ROWS = 500
LIST_SEPARATOR = "|"
INTERVIEW_COLUMNS = (
    "id",
    "type",
    "roles",
    "difficulty",
    "competencies",
    "tags",
    "prompt",
    "key_points",
    "model_answer",
    "follow_ups",
    "time_limit_seconds",
    "language",
)
INTERVIEW_LISTS = ("roles", "competencies", "tags", "key_points", "follow_ups")
QUIZ_COLUMNS = (
    "id",
    "topic",
    "kind",
    "difficulty",
    "prompt",
    *[f"option_{i}" for i in range(1, MAX_OPTIONS + 1)],
    *[f"why_{i}" for i in range(1, MAX_OPTIONS + 1)],
    "correct",
    "answer",
    "key_points",
    "explanation",
    "source",
    "tags",
    "language",
)
QUIZ_REQUIRED = ("id", "topic", "kind", "difficulty", "prompt", "explanation", "source")
# `language` may be left out (English) so that files written before it import unchanged.
INTERVIEW_REQUIRED = tuple(c for c in INTERVIEW_COLUMNS if c not in ("tags", "language"))


class ImportFileError(ValueError):
    """The file as a whole cannot be read; nothing in it is imported."""


@dataclass
class RowResult:
    """What happens to one question of the file: create, update, unchanged, or error with the reasons."""

    row: int
    id: str
    action: str
    errors: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    question_id: int | None = None


@dataclass
class ImportReport:
    """The outcome of a dry run or an import."""

    kind: str
    format: str
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    applied: bool = False

    def count(self, action: str) -> int:
        """How many rows have this action."""
        return sum(1 for r in self.rows if r.action == action)

    @property
    def importable(self) -> int:
        """Rows that an import would save."""
        return self.count("create") + self.count("update")


def detect_format(filename: str, raw: bytes) -> str:
    """The file's format, "csv" or "json", from its name, else from its first character."""
    name = (filename or "").lower()
    if name.endswith(".json"):
        return "json"
    if name.endswith(".csv"):
        return "csv"
    return "json" if raw.lstrip()[:1] in (b"{", b"[") else "csv"


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFileError(f"the file is {-(-len(raw) // 1000)} KB; the limit is {MAX_IMPORT_BYTES // 1000} KB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"the file is not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise ImportFileError("the file is empty")
    return text


def _csv_rows(kind: str, text: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, cells by column) for each data row; ImportFileError for a file that is not usable CSV."""
    if "\x00" in text:
        raise ImportFileError("the file contains NUL bytes; it is not a CSV text file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
        records = [(reader.line_num, cells) for cells in reader]
    except csv.Error as exc:
        raise ImportFileError(f"malformed CSV near line {reader.line_num}: {exc}") from None
    known = QUIZ_COLUMNS if kind == "quiz" else INTERVIEW_COLUMNS
    required = QUIZ_REQUIRED if kind == "quiz" else INTERVIEW_REQUIRED
    unknown = [h for h in header if h not in known]
    if unknown:
        raise ImportFileError(f"unknown columns: {', '.join(unknown)} (known: {', '.join(known)})")
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFileError(f"missing columns: {', '.join(missing)}")
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise ImportFileError(f"repeated columns: {', '.join(repeated)}")
    rows = []
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue  # blank lines
        if len(cells) != len(header):
            rows.append((line, {"__error__": f"has {len(cells)} cells; the header has {len(header)}"}))
            continue
        rows.append((line, dict(zip(header, cells, strict=True))))
    return rows


def _correct_numbers(raw: str, count: int) -> set[int] | str:
    """Option numbers marked correct ("2", "1|3", or "true"/"false" for true/false), or an error."""
    text = raw.strip().lower()
    if text in ("true", "false"):
        return {1} if text == "true" else {2}
    numbers = set()
    for part in text.replace(",", LIST_SEPARATOR).split(LIST_SEPARATOR):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= max(count, 1):
            return f"correct: {part!r} is not an option number (1-{count})"
        numbers.add(int(part))
    return numbers


def _quiz_from_cells(cells: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    texts = [cells.get(f"option_{i}", "").strip() for i in range(1, MAX_OPTIONS + 1)]
    whys = [cells.get(f"why_{i}", "").strip() for i in range(1, MAX_OPTIONS + 1)]
    used = [i for i in range(MAX_OPTIONS) if texts[i] or whys[i]]
    correct = _correct_numbers(cells.get("correct", ""), len(used))
    errors = [correct] if isinstance(correct, str) else []
    right = correct if isinstance(correct, set) else set()
    options = [{"text": texts[i], "correct": (n + 1) in right, "why": whys[i]} for n, i in enumerate(used)]
    data = {
        "id": cells.get("id", "").strip(),
        "topic": cells.get("topic", "").strip(),
        "kind": cells.get("kind", "").strip(),
        "difficulty": cells.get("difficulty", "").strip(),
        "prompt": cells.get("prompt", ""),
        "options": options,
        "answer": cells.get("answer", ""),
        "key_points": split_list(cells.get("key_points", ""), LIST_SEPARATOR),
        "explanation": cells.get("explanation", ""),
        "source": cells.get("source", ""),
        "tags": split_list(cells.get("tags", ""), LIST_SEPARATOR),
        "language": cells.get("language", "").strip() or "en",
    }
    return data, errors


def _interview_from_cells(cells: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    data: dict[str, Any] = {k: v for k, v in cells.items() if k not in INTERVIEW_LISTS}
    for key in INTERVIEW_LISTS:
        data[key] = split_list(cells.get(key, ""), LIST_SEPARATOR)
    limit = cells.get("time_limit_seconds", "").strip()
    data["time_limit_seconds"] = int(limit) if limit.isdigit() else limit
    data["id"] = cells.get("id", "").strip()
    data["language"] = cells.get("language", "").strip() or "en"
    return data, []


def _json_items(kind: str, text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    items = parsed.get("questions") if isinstance(parsed, dict) else parsed
    if not isinstance(items, list):
        raise ImportFileError('expected a list of questions, or an object with a "questions" list')
    topic = parsed.get("topic") if isinstance(parsed, dict) and kind == "quiz" else None
    topic_slug = topic.get("slug") if isinstance(topic, dict) else topic
    rows: list[tuple[int, dict[str, Any]]] = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rows.append((index, {"__error__": "is not a JSON object"}))
            continue
        if kind == "quiz" and topic_slug and "topic" not in item:
            item = {"topic": topic_slug, **item}
        rows.append((index, item))
    return rows


def read_rows(kind: str, filename: str, raw: bytes) -> tuple[str, list[tuple[int, dict[str, Any], list[str]]]]:
    """The file's questions as (row number, data, conversion errors); ImportFileError when it is unusable."""
    fmt = detect_format(filename, raw)
    text = _decode(raw)
    if fmt == "json":
        parsed: list[tuple[int, dict[str, Any]]] = _json_items(kind, text)
        rows = [(n, d, [d["__error__"]] if "__error__" in d else []) for n, d in parsed]
    else:
        rows = []
        for line, cells in _csv_rows(kind, text):
            if "__error__" in cells:
                rows.append((line, {}, [cells["__error__"]]))
                continue
            data, errors = _quiz_from_cells(cells) if kind == "quiz" else _interview_from_cells(cells)
            rows.append((line, data, errors))
    if not rows:
        raise ImportFileError("the file has no questions")
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"the file has {len(rows)} questions; import at most {MAX_ROWS} at a time")
    return fmt, rows


def dry_run(session: Session, kind: str, filename: str, raw: bytes) -> ImportReport:
    """Check every question of the file and say what importing it would do, without saving anything."""
    model = model_for(kind)
    report = ImportReport(kind=kind, format=detect_format(filename, raw))
    try:
        report.format, rows = read_rows(kind, filename, raw)
    except ImportFileError as exc:
        report.file_errors = [str(exc)]
        return report
    existing = {slug: qid for qid, slug in session.exec(select(model.id, model.slug)).all()}
    if model is QuizQuestion:
        owned = session.exec(select(QuizQuestion.slug).where(col(QuizQuestion.owner_id).is_not(None))).all()
        existing = {slug: qid for slug, qid in existing.items() if slug not in set(owned)}
    first_id: dict[str, int] = {}
    first_prompt: dict[str, int] = {}
    for number, data, errors in rows:
        slug = str(data.get("id", "")).strip()
        result = RowResult(row=number, id=slug, action="error", errors=list(errors), data=data)
        report.rows.append(result)
        if errors:
            continue
        prompt = normalized_prompt(data.get("prompt", ""))
        if slug and slug in first_id:
            result.errors.append(f"id: {slug!r} is also on row {first_id[slug]}")
        if prompt and prompt in first_prompt:
            result.errors.append(f"prompt: the same prompt is on row {first_prompt[prompt]}")
        first_id.setdefault(slug, number)
        first_prompt.setdefault(prompt, number)
        result.question_id = existing.get(slug)
        checked = check(session, kind, data, question_id=result.question_id)
        result.errors.extend(checked.messages())
        if result.errors:
            continue
        if result.question_id is None:
            result.action = "create"
        else:
            current = content_of(session, session.get(model, result.question_id))  # type: ignore[arg-type]
            assert checked.spec is not None
            wanted = checked.spec.model_dump() | ({"topic": data.get("topic", "")} if kind == "quiz" else {})
            result.action = "unchanged" if current == wanted else "update"
    return report


def apply(session: Session, actor: User, kind: str, filename: str, raw: bytes) -> ImportReport:
    """Import the valid questions of the file (rows with errors are skipped); one audit event for the import."""
    report = dry_run(session, kind, filename, raw)
    if report.file_errors:
        return report
    for result in report.rows:
        if result.action not in ("create", "update"):
            continue
        try:
            save_question(
                session, actor, kind, result.data, question_id=result.question_id, action="imported", audited=False
            )
        except QuestionError as exc:  # e.g. a clash only visible once earlier rows were saved
            result.action = "error"
            result.errors = [f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems] or [exc.code]
    report.applied = True
    audit.record(
        session,
        "questions.imported",
        actor_user_id=actor.id,
        kind=kind,
        filename=filename[:120],
        format=report.format,
        created=report.count("create"),
        updated=report.count("update"),
        unchanged=report.count("unchanged"),
        errors=report.count("error"),
    )
    session.flush()
    return report
