"""Exporting the question banks as CSV or JSON files that the importer reads back unchanged."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlmodel import Session

from interview_app.models import User
from interview_app.services.admin.questions import QuestionError, QuestionFilter, content_of, list_questions
from interview_app.services.bank.importer import INTERVIEW_COLUMNS, INTERVIEW_LISTS, LIST_SEPARATOR, QUIZ_COLUMNS
from interview_app.services.shared import audit

MAX_EXPORT = 5000


def _export_rows(session: Session, kind: str, flt: QuestionFilter | None) -> list[dict[str, Any]]:
    rows: list[Any] = []
    while len(rows) < MAX_EXPORT:
        page, total = list_questions(session, flt or QuestionFilter(kind=kind), limit=100, offset=len(rows))
        rows.extend(page)
        if not page or len(rows) >= total:
            break
    wanted = [r for r in rows if r.status != "rejected"]
    return [content_of(session, r) for r in sorted(wanted, key=lambda r: r.slug)]


def _csv_cells(kind: str, data: dict[str, Any]) -> dict[str, str]:
    if kind == "interview":
        cells = {k: str(v) for k, v in data.items() if k not in INTERVIEW_LISTS}
        cells.update({k: f" {LIST_SEPARATOR} ".join(data.get(k, [])) for k in INTERVIEW_LISTS})
        return cells
    cells = {k: str(data.get(k, "")) for k in ("id", "topic", "kind", "difficulty", "prompt", "answer")}
    cells.update({k: str(data.get(k, "")) for k in ("explanation", "source")})
    cells["key_points"] = f" {LIST_SEPARATOR} ".join(data.get("key_points", []))
    cells["tags"] = f" {LIST_SEPARATOR} ".join(data.get("tags", []))
    cells["language"] = str(data.get("language", "en"))
    options = data.get("options", [])
    for i, option in enumerate(options, start=1):
        cells[f"option_{i}"], cells[f"why_{i}"] = option["text"], option["why"]
    cells["correct"] = LIST_SEPARATOR.join(str(i) for i, o in enumerate(options, start=1) if o["correct"])
    return cells


def export(session: Session, actor: User, kind: str, fmt: str, flt: QuestionFilter | None = None) -> tuple[str, str]:
    """The bank (or the filtered part of it) as a file that `apply` can import again; returns (text, filename)."""
    if fmt not in ("csv", "json"):
        raise QuestionError("format_invalid")
    items = _export_rows(session, kind, flt)
    audit.record(session, "questions.exported", actor_user_id=actor.id, kind=kind, format=fmt, count=len(items))
    filename = f"{kind}-questions.{fmt}"
    if fmt == "json":
        return json.dumps({"questions": items}, indent=2, ensure_ascii=False) + "\n", filename
    out = io.StringIO()
    columns = QUIZ_COLUMNS if kind == "quiz" else INTERVIEW_COLUMNS
    writer = csv.DictWriter(out, fieldnames=list(columns), restval="", lineterminator="\n")
    writer.writeheader()
    for data in items:
        writer.writerow(_csv_cells(kind, data))
    return out.getvalue(), filename
