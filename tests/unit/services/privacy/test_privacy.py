"""Export all my data (contents, progress, failure, expiry, limits, links) and delete my account (nothing left)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import String, Text, func
from sqlmodel import Session, SQLModel, col, select

from interview_app import background
from interview_app.clock import utcnow
from interview_app.i18n import error_text
from interview_app.jobs import runner, tasks
from interview_app.models import (
    Answer,
    AuditEvent,
    AuthSession,
    AuthToken,
    DataExport,
    Feedback,
    InterviewSession,
    Notification,
    OAuthAccount,
    OutboxMessage,
    PushSubscription,
    QuestionReport,
    QuestionRevision,
    QuizAttempt,
    QuizItem,
    QuizQuestion,
    RateLimitHit,
    ReminderSent,
    ReviewCard,
    SessionQuestion,
    StudyPlan,
    Topic,
    TrainerDay,
    User,
    UserStats,
    UserTopic,
)
from interview_app.services.accounts import accounts
from interview_app.services.answers.storage import LocalStorage, new_key
from interview_app.services.privacy import data_export, privacy
from interview_app.services.shared import audit, rate_limit
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.services.trainer import topics
from interview_app.settings import get_settings
from tests.support.handlers import CLIENT, PASSWORD, session_token

MEDIA_BYTES = b"\x1aE\xdf\xa3 pretend webm recording " * 64
SECTIONS = [
    "account", "profile", "sign_in_methods", "sessions", "known_devices", "interview_sessions", "questions_asked",
    "answers", "feedback", "quiz_attempts", "quiz_items", "review_cards", "trainer_days", "streak", "followed_topics",
    "own_topics", "own_topic_questions", "study_plan", "progress_stats", "notifications", "question_reports",
    "push_subscriptions", "reminders_sent", "security_log",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _empty_folders() -> None:
    """Recordings and exports of earlier tests (whose user ids are reused) are gone."""
    for name in ("media", "exports"):
        shutil.rmtree(get_settings().data_dir / name, ignore_errors=True)


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Jobs the services queue after a commit, remembered instead of run."""
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(background, "enqueue", lambda *args: calls.append(args))
    return calls


@dataclass
class Person:
    """A user with something in every table of theirs."""

    user: User
    token: str
    media: Path
    export_file: Path
    answer_text: str


def _commit(session: Session) -> None:
    """Commit and run what `db.session_scope` runs after a commit (file deletions)."""
    session.commit()
    for callback in session.info.pop("after_commit", []):
        callback()


@pytest.fixture
def shared(session: Session) -> QuizQuestion:
    """A default topic with one quiz question, for everyone."""
    topic = Topic(slug="git", name="Git", category="Tools")
    session.add(topic)
    session.flush()
    question = QuizQuestion(
        slug="git-rebase", topic_id=topic.id or 0, kind="single", prompt="What does git rebase do?",
        options=[{"text": "Replays commits", "correct": True, "why": "It does."}],
    )  # fmt: skip
    session.add(question)
    session.commit()
    return question


@pytest.fixture
def fill(session: Session, make_user: Callable[..., User], shared: QuizQuestion) -> Callable[..., Person]:
    """Make a user with rows in every user-owned table and files on disk."""

    def make(email: str, name: str, words: str) -> Person:
        user = make_user(email, name)
        uid = user.id or 0
        token = session_token(session, user)
        accounts.remember_device(session, user, "")  # a browser known for sign-in
        accounts.request_password_reset(session, email=email, client=CLIENT)  # an auth token and an e-mail
        interview = InterviewSession(user_id=uid, interview_type="behavioural", difficulty="medium", overall_score=72)
        session.add(interview)
        session.flush()
        main = SessionQuestion(session_id=interview.id or 0, position=0, prompt="Tell me about a conflict.")
        session.add(main)
        session.flush()
        follow = SessionQuestion(
            session_id=interview.id or 0, position=1, kind="follow_up", parent_id=main.id, prompt="And then?"
        )
        session.add(follow)
        storage = LocalStorage()
        key = new_key(uid)
        storage.append(key, MEDIA_BYTES)
        answer = Answer(
            session_question_id=main.id or 0, user_id=uid, mode="audio", text="", transcript=words,
            word_timings=[{"word": words.split()[0], "start": 0.0, "end": 0.4}], metrics={"wpm": 141},
            media_path=key, media_type="audio/webm", media_bytes=len(MEDIA_BYTES), status="scored",
        )  # fmt: skip
        session.add(answer)
        session.flush()
        typed = Answer(session_question_id=follow.id or 0, user_id=uid, text=f"=SUM(A1) {words}", status="scored")
        session.add(typed)
        session.flush()
        session.add(Feedback(answer_id=answer.id or 0, user_id=uid, total=72, dimensions={"structure": 18},
                             result={"strengths": ["clear"]}, engine="offline", rubric_version="1"))  # fmt: skip
        own = topics.create_topic(session, uid, f"{name} topic")
        topics.add_own_question(session, uid, own.id or 0, kind="short", prompt="What is our deploy tool?",
                                answer="Spinnaker")  # fmt: skip
        session.add(UserTopic(user_id=uid, topic_id=shared.topic_id))
        attempt = QuizAttempt(user_id=uid, local_date=date(2026, 12, 1), total=1, answered=1, correct=1)
        session.add(attempt)
        session.flush()
        card = ReviewCard(user_id=uid, quiz_question_id=shared.id, fsrs={"state": 1})
        missed = ReviewCard(user_id=uid, interview_question_id=None, key_point="Say the result", point_key="abc",
                            session_id=interview.id, answer_id=answer.id)  # fmt: skip
        session.add_all([card, missed])
        session.flush()
        session.add(QuizItem(attempt_id=attempt.id or 0, user_id=uid, position=0, quiz_question_id=shared.id,
                             card_id=card.id, response={"choice": 0}, correct=True))  # fmt: skip
        session.add(TrainerDay(user_id=uid, day=date.today(), answered=1, correct=1, goal_met=True))
        session.add(Notification(user_id=uid, kind="quiz_reminder", title="Your daily quiz is ready"))
        session.add(PushSubscription(user_id=uid, endpoint=f"https://push.example.com/SECRET-ENDPOINT-{uid}",
                                     p256dh=f"SECRET-P256-{uid}", auth=f"SECRET-AUTH-{uid}"))  # fmt: skip
        session.add(ReminderSent(user_id=uid, day=date.today(), channel="email"))
        session.add(StudyPlan(user_id=uid, plan={"weeks": [{"items": ["STAR stories"]}]}))
        session.add(UserStats(user_id=uid, sessions=1, answers=2, avg_score=72.0))
        session.add(OAuthAccount(user_id=uid, provider="github", subject=f"gh-{uid}", email=email))
        session.add(QuestionReport(user_id=uid, quiz_question_id=shared.id or 0, reason="typo", comment=words))
        shared.report_count += 1
        session.add(shared)
        exports = privacy.export_storage()
        old_key = f"u{uid}/old-export.zip"
        exports.append(old_key, b"PK old zip")
        session.add(DataExport(user_id=uid, status="ready", file_path=old_key, size_bytes=10,
                               expires_at=utcnow() + timedelta(hours=2)))  # fmt: skip
        for counter in (f"reauth:{uid}", f"export:{uid}", f"signin-account:{email}", "signin-ip:198.51.100.4"):
            rate_limit.hit(session, counter)
        session.commit()
        return Person(user, token, storage.local_path(key), exports.local_path(old_key), words)

    return make


@pytest.fixture
def ada(fill: Callable[..., Person]) -> Person:
    return fill("ada@example.com", "Ada Lovelace", "Delivered the migration ahead of schedule")


@pytest.fixture
def bob(fill: Callable[..., Person]) -> Person:
    return fill("bob@example.com", "Bob Builder", "Rebuilt the bridge with zero downtime")


def _built(session: Session, person: Person, queued: list) -> DataExport:
    """Request an export for `person`, run the job, return the row."""
    row = privacy.request_export(session, person.user, CLIENT)
    _commit(session)
    assert queued[-1] == ("export_user_data", row.id)
    assert privacy.build_export(row.id or 0) == "ready"
    session.expire_all()
    done = session.get(DataExport, row.id)
    assert done is not None
    return done


def _zip(row: DataExport) -> zipfile.ZipFile:
    return zipfile.ZipFile(privacy.export_storage().local_path(row.file_path))


def _everything(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(n).decode("utf-8", errors="replace") for n in archive.namelist())


def test_the_zip_holds_every_section_as_json_and_csv_with_the_recordings(session, ada, bob, queued):
    row = _built(session, ada, queued)
    archive = _zip(row)
    names = set(archive.namelist())
    assert names >= {"README.txt"} | {f"json/{s}.json" for s in SECTIONS} | {f"csv/{s}.csv" for s in SECTIONS}
    data = {s: json.loads(archive.read(f"json/{s}.json")) for s in SECTIONS}
    for section in SECTIONS:
        rows = list(csv.DictReader(io.StringIO(archive.read(f"csv/{section}.csv").decode())))
        expected = 1 if isinstance(data[section], dict) else len(data[section])
        assert len(rows) == expected, section
        assert expected > 0, f"{section} is empty although the user has data there"
    assert data["account"]["email"] == "ada@example.com" and data["account"]["has_password"] is True
    assert data["profile"]["user_id"] == ada.user.id
    spoken = next(a for a in data["answers"] if a["mode"] == "audio")
    assert spoken["transcript"] == ada.answer_text and spoken["metrics"] == {"wpm": 141}
    assert spoken["word_timings"][0]["word"] == "Delivered"
    assert archive.read(spoken["media_file"]) == MEDIA_BYTES
    assert [m for m in names if m.startswith("media/")] == [spoken["media_file"]]
    assert {q["kind"] for q in data["questions_asked"]} == {"main", "follow_up"}
    assert data["feedback"][0]["dimensions"] == {"structure": 18}
    assert data["quiz_items"][0]["question_prompt"] == "What does git rebase do?"
    assert {f["topic_name"] for f in data["followed_topics"]} == {"Git", "Ada Lovelace topic"}
    assert data["own_topic_questions"][0]["answer"] == "Spinnaker"
    assert data["streak"]["current"] == 1
    assert data["study_plan"][0]["plan"] == {"weeks": [{"items": ["STAR stories"]}]}
    assert data["push_subscriptions"][0]["push_service"] == "push.example.com"
    assert data["question_reports"][0]["comment"] == ada.answer_text
    assert {e["event"] for e in data["security_log"]} >= {"password.reset_requested"}


def test_the_zip_has_nothing_of_another_user_and_no_secrets(session, ada, bob, queued):
    archive = _zip(_built(session, ada, queued))
    text = _everything(archive)
    assert "bob@example.com" not in text and "Bob Builder" not in text and bob.answer_text not in text
    user = session.get(User, ada.user.id)
    assert user is not None and user.password_hash and user.password_hash not in text
    for table in (AuthSession, AuthToken):
        for hashed in session.exec(select(table.token_hash)).all():
            assert hashed not in text
    assert ada.token not in text
    assert "SECRET-" not in text  # push endpoint path and keys
    assert ada.media.name not in text  # storage keys stay on the server
    assert "password_hash" not in text and "token_hash" not in text


def test_csv_cells_hold_json_for_nested_values_and_defuse_formulas():
    assert data_export.csv_cell({"b": 1, "a": [True]}) == '{"a": [true], "b": 1}'
    assert data_export.csv_cell(True) == "true" and data_export.csv_cell(None) == ""
    assert data_export.csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert data_export.csv_cell("-3 ways") == "'-3 ways" and data_export.csv_cell(-3) == "-3"
    assert data_export.csv_cell("plain") == "plain"


def test_the_readme_explains_every_file(session, ada, queued):
    readme = _zip(_built(session, ada, queued)).read("README.txt").decode()
    for section in SECTIONS:
        assert f"json/{section}.json, csv/{section}.csv" in readme
    assert "export.readme" not in readme  # every description exists in the strings
    assert "1 recording(s)" in readme and "apostrophe" in readme


def test_progress_is_written_to_the_row_until_ready_and_the_user_is_notified(session, ada, queued, monkeypatch):
    seen: list[tuple[int, str]] = []
    original = privacy._set_progress

    def spy(export_id: int, attempt: int, percent: int) -> None:
        original(export_id, attempt, percent)
        with Session(session.get_bind()) as other:
            row = other.get(DataExport, export_id)
            assert row is not None
            seen.append((row.progress, row.status))

    monkeypatch.setattr(privacy, "_set_progress", spy)
    row = _built(session, ada, queued)
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and len(set(percents)) == len(percents) and len(percents) >= 3
    assert {s for _, s in seen} == {"building"} and percents[0] >= 5 and percents[-1] <= 99
    assert (row.status, row.progress, row.attempts, row.error) == ("ready", 100, 1, "")
    assert row.size_bytes == privacy.export_storage().local_path(row.file_path).stat().st_size
    assert row.expires_at is not None and row.finished_at is not None
    assert abs((row.expires_at - row.finished_at) - timedelta(hours=24)) < timedelta(seconds=1)
    note = session.exec(select(Notification).where(Notification.kind == "export_ready")).one()
    assert (note.user_id, note.link, note.title) == (ada.user.id, "/settings/data", "Your data export is ready")


def test_a_failing_export_ends_failed_with_the_reason_and_a_retry_works(session, ada, queued, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    working = data_export.write_zip
    monkeypatch.setattr(data_export, "write_zip", broken)
    row = privacy.request_export(session, ada.user, CLIENT)
    _commit(session)
    assert privacy.build_export(row.id or 0) == "failed"
    session.expire_all()
    failed = session.get(DataExport, row.id)
    assert failed is not None and failed.status == "failed" and "No space left on device" in failed.error
    assert not list((privacy.export_storage().root / f"u{ada.user.id}").glob("*.part"))
    assert privacy.build_export(row.id or 0) == "skipped"  # a failed export waits for the user
    monkeypatch.setattr(data_export, "write_zip", working)
    privacy.retry_export(session, ada.user.id or 0, row.id or 0)
    _commit(session)
    assert queued == [("export_user_data", row.id)] * 2
    assert privacy.build_export(row.id or 0) == "ready"
    session.expire_all()
    again = session.get(DataExport, row.id)
    assert again is not None and (again.status, again.error, again.attempts) == ("ready", "", 1)


def test_retry_refuses_another_users_export_and_one_that_did_not_fail(session, ada, bob, queued):
    theirs = session.exec(select(DataExport).where(DataExport.user_id == bob.user.id)).one()
    theirs.status = "failed"
    session.add(theirs)
    session.commit()
    with pytest.raises(privacy.PrivacyError) as info:
        privacy.retry_export(session, ada.user.id or 0, theirs.id or 0)
    assert info.value.code == "export.error.not_found"
    mine = session.exec(select(DataExport).where(DataExport.user_id == ada.user.id)).one()
    with pytest.raises(privacy.PrivacyError) as info:
        privacy.retry_export(session, ada.user.id or 0, mine.id or 0)
    assert info.value.code == "export.error.not_failed"
    session.expire_all()
    assert session.get(DataExport, theirs.id).status == "failed"  # type: ignore[union-attr]
    assert queued == []


def test_one_export_at_a_time_and_three_a_day(session, ada, queued):
    first = privacy.request_export(session, ada.user, CLIENT)
    _commit(session)
    with pytest.raises(privacy.PrivacyError) as info:
        privacy.request_export(session, ada.user, CLIENT)
    assert info.value.code == "export.error.in_progress"
    session.rollback()
    privacy.build_export(first.id or 0)
    row = privacy.request_export(session, ada.user, CLIENT)  # the third today: the fixture counted one
    _commit(session)
    privacy.build_export(row.id or 0)
    with pytest.raises(RateLimited) as limited:
        privacy.request_export(session, ada.user, CLIENT)
    assert 23 * 3600 < limited.value.retry_after <= 24 * 3600
    session.rollback()
    assert (
        session.exec(select(func.count()).select_from(DataExport).where(DataExport.user_id == ada.user.id)).one() == 3
    )
    requested = session.exec(select(AuditEvent).where(AuditEvent.event == "export.requested")).all()
    assert len(requested) == 2 and all(e.actor_user_id == ada.user.id and e.ip == CLIENT.ip for e in requested)


def test_two_requests_at_once_make_one_export(session, ada, queued, monkeypatch):
    hit = rate_limit.hit

    def other_tab_first(db: Session, key: str, **kwargs) -> None:
        with Session(session.get_bind()) as other:  # the other request commits between our check and our insert
            other.add(DataExport(user_id=ada.user.id or 0))
            other.commit()
        hit(db, key, **kwargs)

    monkeypatch.setattr(rate_limit, "hit", other_tab_first)
    with pytest.raises(privacy.PrivacyError) as info:
        privacy.request_export(session, ada.user, CLIENT)
    assert info.value.code == "export.error.in_progress"
    session.rollback()
    waiting = select(DataExport).where(DataExport.user_id == ada.user.id, DataExport.status == "queued")
    assert len(session.exec(waiting).all()) == 1 and queued == []


def test_the_daily_limit_comes_from_the_settings(session, ada, queued, override_settings):
    override_settings(export_limit_per_day=1)
    with pytest.raises(RateLimited):
        privacy.request_export(session, ada.user, CLIENT)  # the fixture's hit already used it


def test_an_export_interrupted_by_a_restart_is_built_again(session, ada, monkeypatch):
    row = DataExport(user_id=ada.user.id or 0, status="building", progress=40, attempts=1)
    waiting = DataExport(user_id=ada.user.id or 0, status="queued")
    session.add_all([row, waiting])
    session.commit()
    started: list[str] = []
    monkeypatch.setattr(runner.InProcessRunner, "enqueue", lambda self, name, *a, **k: started.append(name))
    runner.InProcessRunner(workers=1).recover()
    assert "export_pending" in started and "export_pending" in tasks.TASKS
    assert tasks.TASKS["export_pending"]() == 2
    session.expire_all()
    for export_id, attempts in ((row.id, 2), (waiting.id, 1)):
        done = session.get(DataExport, export_id)
        assert done is not None and (done.status, done.attempts, done.progress) == ("ready", attempts, 100)
        assert privacy.export_storage().local_path(done.file_path).is_file()


def test_an_export_interrupted_too_often_is_given_up(session, ada):
    row = DataExport(user_id=ada.user.id or 0, status="building", attempts=privacy.MAX_ATTEMPTS)
    session.add(row)
    session.commit()
    assert privacy.build_export(row.id or 0) == "failed"
    session.expire_all()
    assert session.get(DataExport, row.id).status == "failed"  # type: ignore[union-attr]


def test_an_attempt_taken_over_by_another_throws_its_file_away(session, ada, queued, monkeypatch):
    row = privacy.request_export(session, ada.user, CLIENT)
    _commit(session)
    original = data_export.write_zip

    def slow_then_taken_over(path, content, progress=None):
        size = original(path, content, progress)
        with Session(session.get_bind()) as other:  # a restarted worker claimed the row meanwhile
            claimed = other.get(DataExport, row.id)
            assert claimed is not None
            claimed.attempts += 1
            other.add(claimed)
            other.commit()
        return size

    monkeypatch.setattr(data_export, "write_zip", slow_then_taken_over)
    assert privacy.build_export(row.id or 0) == "superseded"
    assert [p.name for p in (privacy.export_storage().root / f"u{ada.user.id}").iterdir()] == ["old-export.zip"]


def _link(row: DataExport) -> tuple[str, dict[str, str]]:
    url = privacy.download_url(row)
    parsed = urlparse(url)
    return parsed.path, {k: v[0] for k, v in parse_qs(parsed.query).items()}


def test_the_download_link_is_signed_and_expires(session, ada, queued):
    row = _built(session, ada, queued)
    path, q = _link(row)
    assert path == f"/api/v1/exports/{row.id}/download"
    args = (row.id or 0, int(q["u"]), int(q["e"]))
    assert privacy.resolve_download(session, *args, q["s"]) is not None
    tampered = q["s"][:-1] + ("1" if q["s"][-1] == "0" else "0")
    assert privacy.resolve_download(session, *args, tampered) is None
    assert privacy.resolve_download(session, row.id or 0, int(q["u"]) + 1, int(q["e"]), q["s"]) is None
    assert privacy.resolve_download(session, row.id or 0, int(q["u"]), int(q["e"]) + 3600, q["s"]) is None
    later = utcnow() + timedelta(hours=25)
    assert privacy.resolve_download(session, *args, q["s"], now=later) is None
    row.status = "expired"
    assert privacy.resolve_download(session, *args, q["s"]) is None
    assert privacy.download_url(row) == ""


def test_the_download_route_sends_the_zip_once_signed_and_refuses_otherwise(session, ada, queued):
    from interview_app.api import api

    row = _built(session, ada, queued)
    client = TestClient(api)
    response = client.get(privacy.download_url(row))
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith('attachment; filename="interview-coach-data-')
    assert response.headers["cache-control"] == "no-store"
    assert zipfile.ZipFile(io.BytesIO(response.content)).read("json/account.json")
    tampered = privacy.download_url(row).replace("&s=", "&s=0")
    refused = client.get(tampered)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "link_expired"
    session.expire_all()
    downloads = session.exec(select(AuditEvent).where(AuditEvent.event == "export.downloaded")).all()
    assert len(downloads) == 1 and downloads[0].subject_user_id == ada.user.id


def test_purge_deletes_expired_exports_and_leftovers_but_keeps_fresh_ones(session, ada, queued):
    fresh = _built(session, ada, queued)
    old = session.exec(select(DataExport).where(DataExport.file_path == f"u{ada.user.id}/old-export.zip")).one()
    old.expires_at = utcnow() - timedelta(minutes=1)
    ancient = DataExport(user_id=ada.user.id or 0, status="expired", created_at=utcnow() - timedelta(days=40))
    session.add_all([old, ancient])
    leftover = privacy.export_storage().local_path(f"u{ada.user.id}/crashed.zip.part")
    leftover.write_bytes(b"half")
    day_ago = (utcnow() - timedelta(days=2)).timestamp()
    import os

    os.utime(leftover, (day_ago, day_ago))
    session.commit()
    assert privacy.purge_expired_exports(session) == 2
    assert ada.export_file.exists()  # only once committed
    _commit(session)
    assert not ada.export_file.exists() and not leftover.exists()
    assert privacy.export_storage().local_path(fresh.file_path).exists()
    session.expire_all()
    assert session.get(DataExport, old.id).status == "expired"  # type: ignore[union-attr]
    assert session.get(DataExport, ancient.id) is None
    assert session.get(DataExport, fresh.id).status == "ready"  # type: ignore[union-attr]


def test_the_hourly_purge_also_builds_requests_whose_message_was_lost(session, ada):
    lost = DataExport(user_id=ada.user.id or 0, status="queued", created_at=utcnow() - timedelta(minutes=20))
    recent = DataExport(user_id=ada.user.id or 0, status="queued")
    session.add_all([lost, recent])
    session.commit()
    tasks.TASKS["purge_expired_exports"]()
    session.expire_all()
    assert session.get(DataExport, lost.id).status == "ready"  # type: ignore[union-attr]
    assert session.get(DataExport, recent.id).status == "queued"  # type: ignore[union-attr]


def test_the_scheduler_purges_expired_exports_every_hour():
    from interview_app.jobs import scheduler

    try:
        job = scheduler.build_scheduler().get_job("purge_expired_exports")
    finally:
        runner.stop()
    assert job is not None and job.args == ("purge_expired_exports",) and job.trigger.interval == timedelta(hours=1)
    assert {"export_user_data", "export_pending", "purge_expired_exports"} <= tasks.TASKS.keys()


# ---------------------------------------------------------------- deleting the account


def _user_columns() -> list[tuple[object, object]]:
    """Every (table, column) that can hold a user id, in every table SQLModel knows."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            to_users = any(fk.column.table.name == "users" for fk in column.foreign_keys)
            named = column.name in ("user_id", "owner_id", "actor_user_id", "subject_user_id", "resolved_by")
            if (to_users or named) and table.name != "users":
                found.append((table, column))
    return found


def _rows_about(session: Session, user_id: int) -> dict[str, int]:
    counts = {}
    for table, column in _user_columns():
        n = session.execute(select(func.count()).select_from(table).where(column == user_id)).scalar_one()  # type: ignore[arg-type]
        if n:
            counts[f"{table.name}.{column.name}"] = n  # type: ignore[attr-defined]
    return counts


def _text_mentions(session: Session, *needles: str) -> list[str]:
    """Every text cell of every table that contains one of `needles` (JSON columns included)."""
    hits = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            for row in session.execute(select(column).select_from(table)).scalars():
                text = str(row or "") if isinstance(column.type, String | Text) else json.dumps(row, default=str)
                if any(n.lower() in text.lower() for n in needles):
                    hits.append(f"{table.name}.{column.name}")
    return hits


def test_deleting_the_account_leaves_nothing_of_the_user_and_touches_no_one_else(session, ada, bob, queued):
    admin_edit = QuestionRevision(kind="quiz", question_id=1, version=2, action="edited", actor_user_id=ada.user.id)
    bob_report = session.exec(select(QuestionReport).where(QuestionReport.user_id == bob.user.id)).one()
    bob_report.resolved_by, bob_report.status = ada.user.id, "fixed"  # Ada is also an admin who resolved it
    session.add_all([admin_edit, bob_report])
    building = privacy.request_export(session, ada.user, CLIENT)  # an export of hers is in the works
    session.commit()
    bob_before = _rows_about(session, bob.user.id or 0)
    assert len(_rows_about(session, ada.user.id or 0)) >= 25
    uid = ada.user.id or 0

    report = privacy.delete_account(session, ada.user, password=PASSWORD, client=CLIENT)
    assert ada.media.exists()  # files go only once the rows are committed
    _commit(session)

    session.expire_all()
    assert _rows_about(session, uid) == {}
    assert session.get(User, uid) is None
    assert _text_mentions(session, "ada@example.com", "Ada Lovelace", ada.answer_text) == []
    about_her = session.exec(select(AuditEvent).where(col(AuditEvent.detail).is_not(None))).all()
    assert len([e for e in about_her if "deleted_actor" in e.detail or "deleted_subject" in e.detail]) >= 2
    assert not ada.media.exists() and not ada.export_file.exists()
    for folder in ("media", "exports"):
        assert not (get_settings().data_dir / folder / f"u{uid}").exists()
    deleted = session.exec(select(AuditEvent).where(AuditEvent.event == "account.deleted")).one()
    assert (deleted.actor_user_id, deleted.subject_user_id, deleted.email, deleted.ip) == (None, None, "", "")
    assert deleted.detail["rows"] == report.total >= 30 and deleted.detail["files"] == report.files == 2
    assert set(deleted.detail) == {"rows", "tables", "files", "ref", "audit_anonymised"}
    assert len(deleted.detail["ref"]) == 16 and deleted.detail["audit_anonymised"] >= 2
    assert "audit_events" not in deleted.detail["tables"]  # the trail stays, anonymised
    assert deleted.detail["tables"]["users"] == 1 and deleted.detail["tables"]["answers"] == 2
    # Rows kept without her id: edits and reports she handled, and payments and costs (kept for the books).
    assert report.cleared == {
        "question_reports.resolved_by": 1,
        "question_revisions.actor_user_id": 1,
        "payments.user_id": 0,
        "usage_costs.user_id": 0,
        "platform_settings.updated_by": 0,  # a setting an admin switched stays, without who switched it
    }
    assert session.exec(select(RateLimitHit.key)).all().count("signin-ip:198.51.100.4") == 2  # per-IP stays
    assert session.get(QuestionRevision, admin_edit.id) is not None  # the edit stays, without her id
    assert session.get(QuizQuestion, bob_report.quiz_question_id).report_count == 1  # type: ignore[union-attr]

    assert _rows_about(session, bob.user.id or 0) == bob_before
    assert bob.media.read_bytes() == MEDIA_BYTES and bob.export_file.exists()
    assert accounts.resolve_session(session, bob.token) is not None
    assert accounts.resolve_session(session, ada.token) is None
    with pytest.raises(accounts.AccountError) as info:
        accounts.sign_in(session, email="ada@example.com", password=PASSWORD, client=CLIENT)
    assert info.value.code == "bad_credentials"
    session.rollback()
    assert privacy.build_export(building.id or 0) == "skipped"  # the export job finds nothing to build


def test_the_audit_trail_about_a_deleted_account_stays_without_anything_identifying(session, ada, bob, queued):
    """An admin who deletes their account cannot erase the record of what they did (issue 13, item 8)."""
    uid, bid = ada.user.id or 0, bob.user.id or 0
    ada.user.role = "admin"
    bob.user.role = "admin"
    session.add_all([ada.user, bob.user])
    accounts.set_role(session, user=bob.user, role="candidate", actor_user_id=uid, client=CLIENT)  # Ada demotes Bob
    accounts.set_role(session, user=bob.user, role="admin", actor_user_id=uid, client=CLIENT)
    audit.record(
        session, "admin.denied", actor_user_id=uid, subject_user_id=uid, email="ada@example.com", ip="203.0.113.9"
    )
    audit.record(session, "role.changed", actor_user_id=bid, subject_user_id=uid, ip="192.0.2.77", old="x", new="y")
    audit.record(session, "email.changed", actor_user_id=uid, subject_user_id=uid, old="ada.old@example.com",
                 new="ada@example.com")  # fmt: skip
    audit.record(session, "signin.failure", email="ADA@example.com", ip="203.0.113.10")  # no id: guessed e-mail
    audit.record(session, "questions.exported", actor_user_id=bid, note="sent to Ada Lovelace <ada@example.com>")
    _commit(session)
    before = {e.id: e.event for e in session.exec(select(AuditEvent)).all()}

    privacy.delete_account(session, ada.user, password=PASSWORD, client=CLIENT)
    _commit(session)
    session.expire_all()

    after = {e.id: e for e in session.exec(select(AuditEvent)).all()}
    assert {i: after[i].event for i in before} == before  # every earlier event is still there
    deleted = next(e for e in after.values() if e.event == "account.deleted")
    ref = deleted.detail["ref"]
    demotions = [e for e in after.values() if e.event == "role.changed" and e.subject_user_id == bid]
    assert len(demotions) == 2
    for e in demotions:  # what she did to Bob: Bob stays named, she is the deleted account's ref
        assert (e.actor_user_id, e.detail["deleted_actor"], e.ip) == (None, ref, "")
    done_to_her = next(e for e in after.values() if e.event == "role.changed" and e.detail.get("deleted_subject"))
    assert (done_to_her.actor_user_id, done_to_her.subject_user_id, done_to_her.ip) == (bid, None, "192.0.2.77")
    guessed = next(e for e in after.values() if e.event == "signin.failure" and e.ip == "" and e.email == "")
    assert guessed.detail == {"deleted_subject": ref}
    needles = ("ada@example.com", "ada.old@example.com", "Ada Lovelace", "203.0.113.9", "203.0.113.10")
    assert _text_mentions(session, *needles) == []
    assert all(uid not in (e.actor_user_id, e.subject_user_id) for e in after.values())
    exported = next(e for e in after.values() if e.event == "questions.exported")
    assert exported.actor_user_id == bid and "ada" not in json.dumps(exported.detail).lower()


def test_anonymising_leaves_events_about_similar_addresses_alone(session, make_user):
    """`_` in an address is a LIKE wildcard: an event about `axb@…` is not one about `a_b@…`."""
    user = make_user("a_b@example.com", "Ann Bee")
    other = audit.record(session, "signin.failure", email="", ip="192.0.2.5", note="tried axb@example.com")
    _commit(session)
    privacy.delete_account(session, user, password=PASSWORD, client=CLIENT)
    _commit(session)
    session.expire_all()
    kept = session.get(AuditEvent, other.id)
    assert kept is not None and (kept.ip, kept.detail) == ("192.0.2.5", {"note": "tried axb@example.com"})


def test_the_last_active_admin_cannot_delete_their_account(session, ada, bob):
    ada.user.role = "admin"
    session.add(ada.user)
    _commit(session)
    with pytest.raises(privacy.PrivacyError) as info:
        privacy.delete_account(session, ada.user, password=PASSWORD, client=CLIENT)
    assert info.value.code == "delete.error.last_admin"
    assert "another account an admin" in error_text(info.value.code)
    session.rollback()
    assert session.get(User, ada.user.id) is not None
    bob.user.role, bob.user.is_active = "admin", False  # a deactivated admin does not count
    session.add(bob.user)
    _commit(session)
    with pytest.raises(privacy.PrivacyError):
        privacy.delete_account(session, ada.user, password=PASSWORD, client=CLIENT)
    session.rollback()
    bob.user.is_active = True
    session.add(bob.user)
    _commit(session)
    privacy.delete_account(session, ada.user, password=PASSWORD, client=CLIENT)
    _commit(session)
    assert session.get(User, ada.user.id) is None


def test_an_export_finishing_after_the_deletion_leaves_no_file(session, ada, queued, monkeypatch):
    row = privacy.request_export(session, ada.user, CLIENT)
    _commit(session)
    original = data_export.write_zip

    def delete_meanwhile(path, content, progress=None):
        size = original(path, content, progress)
        with Session(session.get_bind(), expire_on_commit=False) as other:
            user = other.get(User, ada.user.id)
            assert user is not None
            privacy.erase_user(other, user)
            _commit(other)
        return size

    monkeypatch.setattr(data_export, "write_zip", delete_meanwhile)
    assert privacy.build_export(row.id or 0) == "superseded"
    folder = privacy.export_storage().root / f"u{ada.user.id}"
    assert not folder.exists() or not any(folder.iterdir())


def test_a_wrong_password_is_refused_and_rate_limited_like_reauth(session, ada):
    with pytest.raises(accounts.AccountError) as info:
        privacy.delete_account(session, ada.user, password="", client=CLIENT)
    assert info.value.code == "password_required"
    for _ in range(get_settings().signin_account_free_failures - 1):  # the fixture's re-auth failure counts
        with pytest.raises(accounts.AccountError) as info:
            privacy.delete_account(session, ada.user, password="not my password", client=CLIENT)
        assert info.value.code == "current_password_wrong"
    with pytest.raises(RateLimited):
        privacy.delete_account(session, ada.user, password=PASSWORD, client=CLIENT)
    session.rollback()
    session.expire_all()
    assert session.get(User, ada.user.id) is not None
    failures = session.exec(select(AuditEvent).where(AuditEvent.event == "password.recheck_failed")).all()
    assert len(failures) == get_settings().signin_account_free_failures - 1


def test_an_account_without_a_password_confirms_with_its_email(session, make_user):
    user = make_user("oauth.only@example.com", "Olive Oauth")
    user.password_hash = None
    session.add(user)
    session.commit()
    with pytest.raises(privacy.PrivacyError) as info:
        privacy.delete_account(session, user, email="someone.else@example.com", client=CLIENT)
    assert info.value.code == "delete.error.email_mismatch"
    privacy.delete_account(session, user, password="ignored", email=" OAuth.Only@Example.com ", client=CLIENT)
    _commit(session)
    assert session.exec(select(User).where(col(User.email) == "oauth.only@example.com")).first() is None
    assert session.exec(select(OutboxMessage)).all() == []
