"""Bulk import and export: file problems, per-row errors, duplicates, limits, the dry run and round trips."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlmodel import Session, select

from interview_app.models import Question, QuestionRevision, QuizQuestion, User
from interview_app.services.admin import questions as admin_questions
from interview_app.services.bank import export as question_export
from interview_app.services.bank import importer as question_import
from interview_app.services.bank import questions
from interview_app.services.bank.files import load_bank
from interview_app.services.bank.importer import INTERVIEW_COLUMNS, MAX_IMPORT_BYTES, MAX_ROWS
from interview_app.services.trainer import topics
from interview_app.services.trainer.quiz_bank import QUIZ_DIR, load_quiz_bank
from tests.support.bank_data import BANK, interview_data, make_sql_topic, quiz_data
from tests.support.handlers import events


@pytest.fixture
def admin(make_user) -> User:
    return make_user("root@example.com", "Root Admin", role="admin")


def interview_csv(*rows: dict, columns=INTERVIEW_COLUMNS) -> bytes:
    """A CSV file of interview questions (lists joined with |)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for data in rows:
        writer.writerow([" | ".join(v) if isinstance(v := data.get(c, ""), list) else v for c in columns])
    return out.getvalue().encode()


def second(**changes) -> dict:
    """Another valid question, different from `interview_data()`."""
    values = {
        "id": "admin-seat-race-two",
        "prompt": "An opera house booking site double-books a seat when two fans buy it at the same instant. Why, "
        "and how do you stop it?",
    }
    return interview_data(**{**values, **changes})


def test_a_csv_with_one_bad_row_reports_that_row_and_imports_the_others(session: Session, admin: User):
    raw = interview_csv(interview_data(), second(key_points=["Only one point"]), second(id="admin-three", prompt="x"))
    report = question_import.dry_run(session, "interview", "bank.csv", raw)
    assert report.format == "csv" and report.file_errors == []
    assert [(r.row, r.action) for r in report.rows] == [(2, "create"), (3, "error"), (4, "error")]
    assert any(e.startswith("key_points:") for e in report.rows[1].errors)
    assert any(e.startswith("prompt:") for e in report.rows[2].errors)
    assert session.exec(select(Question)).all() == []  # a dry run saves nothing

    report = question_import.apply(session, admin, "interview", "bank.csv", raw)
    session.commit()
    assert report.applied and report.count("create") == 1 and report.count("error") == 2
    saved = session.exec(select(Question)).one()
    assert saved.slug == "admin-seat-race" and saved.source == "admin" and saved.key_points == BANK[1]["key_points"]
    assert session.exec(select(QuestionRevision.action)).all() == ["imported"]
    (event,) = events(session, "questions.imported")
    assert event.actor_user_id == admin.id and event.detail["created"] == 1 and event.detail["errors"] == 2


def test_missing_fields_are_reported_per_row(session: Session):
    columns = tuple(c for c in INTERVIEW_COLUMNS if c != "tags")
    raw = interview_csv(interview_data(model_answer="", follow_ups=[]), columns=columns)
    (row,) = question_import.dry_run(session, "interview", "bank.csv", raw).rows
    assert row.action == "error"
    assert {e.split(":")[0] for e in row.errors} == {"model_answer", "follow_ups"}
    short_row = b"id,type,roles,difficulty,competencies,prompt,key_points,model_answer,follow_ups,time_limit_seconds\n"
    short_row += b"only-an-id,technical\n"
    (row,) = question_import.dry_run(session, "interview", "bank.csv", short_row).rows
    assert row.errors == ["has 2 cells; the header has 10"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'id,type\n"unclosed,technical\n', "malformed CSV"),
        (b"id,type\x00\n", "NUL bytes"),
        (b"id,prompt\nx,y\n", "missing columns: type, roles, difficulty"),
        (interview_csv(interview_data(), columns=(*INTERVIEW_COLUMNS, "colour")), "unknown columns: colour"),
        (b"\xff\xfeid,type\n", "not UTF-8"),
        (b"   \n", "the file is empty"),
        (",".join(INTERVIEW_COLUMNS).encode() + b"\n", "the file has no questions"),
    ],
)
def test_malformed_files_import_nothing(session: Session, admin: User, raw: bytes, message: str):
    report = question_import.apply(session, admin, "interview", "bank.csv", raw)
    assert not report.applied and report.rows == []
    assert message in report.file_errors[0], report.file_errors
    assert events(session, "questions.imported") == []


def test_repeated_columns_are_a_file_error(session: Session):
    header = ",".join([*INTERVIEW_COLUMNS, "prompt"]).encode()
    report = question_import.dry_run(session, "interview", "bank.csv", header + b"\n")
    assert report.file_errors == ["repeated columns: prompt"]


def test_oversized_files_and_too_many_rows_are_refused(session: Session):
    big = b"id,type\n" + b"x" * (MAX_IMPORT_BYTES + 1)
    assert "the limit is 1000 KB" in question_import.dry_run(session, "interview", "big.csv", big).file_errors[0]
    many = json.dumps({"questions": [{"id": f"q-{i}"} for i in range(MAX_ROWS + 1)]}).encode()
    assert f"at most {MAX_ROWS}" in question_import.dry_run(session, "interview", "many.json", many).file_errors[0]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"questions": [', "malformed JSON at line 1"),
        (b'{"items": []}', 'an object with a "questions" list'),
        (b'"just text"', "expected a list of questions"),
    ],
)
def test_bad_json_is_a_file_error(session: Session, raw: bytes, message: str):
    assert message in question_import.dry_run(session, "interview", "bank.json", raw).file_errors[0]


def test_json_rows_that_are_not_objects_are_row_errors(session: Session):
    raw = json.dumps([interview_data(), "oops"]).encode()
    report = question_import.dry_run(session, "interview", "bank.json", raw)
    assert [(r.row, r.action, r.errors) for r in report.rows] == [
        (1, "create", []),
        (2, "error", ["is not a JSON object"]),
    ]


def test_duplicates_in_the_file_and_in_the_bank_are_errors(session: Session, admin: User):
    questions.seed_questions(session)
    same_prompt = second(prompt=interview_data()["prompt"])
    copy_of_bank = interview_data(id="admin-copy", prompt=BANK[1]["prompt"])
    raw = json.dumps({"questions": [interview_data(), interview_data(), same_prompt, copy_of_bank]}).encode()
    report = question_import.dry_run(session, "interview", "bank.json", raw)
    assert [r.action for r in report.rows] == ["create", "error", "error", "error"]
    assert "id: 'admin-seat-race' is also on row 1" in report.rows[1].errors
    assert "prompt: the same prompt is on row 1" in report.rows[2].errors
    assert f"prompt: the same prompt is already in the bank ({BANK[1]['id']})" in report.rows[3].errors


def test_an_existing_id_updates_that_question_or_is_unchanged(session: Session, admin: User):
    questions.seed_questions(session)
    changed = {**BANK[1], "difficulty": "medium"}
    raw = json.dumps({"questions": [BANK[0], changed]}).encode()
    report = question_import.dry_run(session, "interview", "bank.json", raw)
    assert [r.action for r in report.rows] == ["unchanged", "update"]
    question_import.apply(session, admin, "interview", "bank.json", raw)
    row = session.exec(select(Question).where(Question.slug == BANK[1]["id"])).one()
    assert row.difficulty == "medium" and row.version == 2 and row.source == "admin"
    assert [r.action for r, _ in admin_questions.history(session, "interview", row.id or 0)] == ["imported", "original"]


def test_quiz_csv_with_options_and_correct_numbers(session: Session, admin: User):
    make_sql_topic(session)
    data = quiz_data()
    cells = {k: data[k] for k in ("id", "topic", "kind", "difficulty", "prompt", "explanation", "source")}
    for i, option in enumerate(data["options"], start=1):
        cells[f"option_{i}"], cells[f"why_{i}"] = option["text"], option["why"]
    cells["correct"] = "2"
    cells["tags"] = " | ".join(data["tags"])
    broken = {**cells, "id": "sql-admin-broken", "prompt": "Which of these is broken on purpose here?", "correct": "9"}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(question_import.QUIZ_COLUMNS), restval="")
    writer.writeheader()
    writer.writerows([cells, broken])
    report = question_import.apply(session, admin, "quiz", "quiz.csv", out.getvalue().encode())
    assert [r.action for r in report.rows] == ["create", "error"]
    assert "correct: '9' is not an option number (1-4)" in report.rows[1].errors
    row = session.exec(select(QuizQuestion)).one()
    assert [o["correct"] for o in row.options] == [False, True, False, False] and row.tags == data["tags"]


def test_a_curated_topic_file_imports_as_it_is(session: Session, admin: User):
    topics.seed_quiz_bank(session)
    raw = (QUIZ_DIR / "sql.json").read_bytes()
    report = question_import.dry_run(session, "quiz", "sql.json", raw)
    assert report.file_errors == [] and {r.action for r in report.rows} == {"unchanged"}


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("kind", ["interview", "quiz"])
def test_export_then_import_changes_nothing(session: Session, admin: User, kind: str, fmt: str):
    questions.seed_questions(session)
    topics.seed_quiz_bank(session)
    text, filename = question_export.export(session, admin, kind, fmt)
    assert filename == f"{kind}-questions.{fmt}"
    report = question_import.dry_run(session, kind, filename, text.encode())
    assert report.file_errors == []
    in_files = len(load_bank()[0]) if kind == "interview" else sum(len(f.questions) for f in load_quiz_bank()[0])
    assert len(report.rows) == in_files
    assert {r.action for r in report.rows} == {"unchanged"}, [r.errors for r in report.rows if r.errors][:3]
    assert events(session, "questions.exported")[0].detail == {"kind": kind, "format": fmt, "count": len(report.rows)}


def test_a_korean_question_imports_with_its_language(session: Session, admin: User):
    korean = next(s for s in load_bank()[0] if s.language == "ko").model_dump()
    korean |= {"id": "ko-admin-imported", "prompt": korean["prompt"] + " 경험을 중심으로 답해 주세요."}
    raw = json.dumps({"questions": [korean]}, ensure_ascii=False).encode()
    report = question_import.apply(session, admin, "interview", "ko.json", raw)
    session.commit()
    assert report.applied and report.count("create") == 1, [r.errors for r in report.rows]
    saved = session.exec(select(Question).where(Question.slug == "ko-admin-imported")).one()
    assert saved.language == "ko"
    text, _ = question_export.export(session, admin, "interview", "csv")
    header, *lines = text.splitlines()
    assert header.split(",")[-1] == "language" and any(line.endswith(",ko") for line in lines)
