"""What a candidate's data export holds, and writing it as one ZIP.

`collect` reads every row that belongs to the candidate into plain sections (never a password hash, a
token hash or a push key); `write_zip` writes each section as JSON and as CSV, the recordings they still
have and a README explaining the files. The export's lifecycle (request, job, link, expiry) is in
`services/privacy.py`.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, SQLModel, col, or_, select

from interview_app import clock
from interview_app.clock import utcnow
from interview_app.i18n import keys, t
from interview_app.models import (
    Answer,
    AuditEvent,
    AuthSession,
    CandidateDocument,
    Feedback,
    GitHubProfile,
    InterviewSession,
    KnownDevice,
    Notification,
    OAuthAccount,
    Profile,
    PushSubscription,
    Question,
    QuestionReport,
    QuizAttempt,
    QuizItem,
    QuizQuestion,
    ReminderSent,
    ReviewCard,
    SessionQuestion,
    StudyPlan,
    TailoredInterview,
    Topic,
    TrainerDay,
    User,
    UserStats,
    UserTopic,
)
from interview_app.services.answers.storage import Storage, get_storage
from interview_app.services.notifications import mail
from interview_app.services.trainer import streaks

# Never exported: secrets (password and token hashes, push keys and endpoints) and storage keys.
# Secrets, storage paths, and `user_stats.history` (a copy of the sessions' scores, exported with the sessions).
HIDDEN_COLUMNS = frozenset({"password_hash", "token_hash", "p256dh", "auth", "endpoint", "media_path", "history"})
# CSV cells starting with these run as formulas in spreadsheet programs; such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MEDIA_SUFFIX = {"webm": "webm", "ogg": "ogg", "mp4": "m4a"}
_CHUNK = 1024 * 1024

Progress = Callable[[int], None]
Extra = dict[str, Callable[[Any], Any]]


@dataclass
class Section:
    """One kind of data: its rows (one file each in json/ and csv/) and the CSV header."""

    name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    # The account, profile and streak are one object each, not a list.
    single: bool = False


@dataclass
class MediaFile:
    """A recording to copy into the ZIP under `media/`."""

    arcname: str
    path: Path
    size: int


@dataclass
class ExportContent:
    """Everything that goes into one export."""

    user_id: int
    made_at: datetime
    sections: list[Section] = field(default_factory=list)
    media: list[MediaFile] = field(default_factory=list)
    lang: str = "en"  # the README's language: the account's


def plain(value: Any) -> Any:
    """A column value as JSON can hold it (datetimes in ISO 8601 with their UTC offset)."""
    if isinstance(value, datetime):
        return clock.aware(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def table_section(
    name: str, model: type[SQLModel], items: Iterable[Any], extra: Extra | None = None, *, single: bool = False
) -> Section:
    """Rows of `model` with every column but the hidden ones, plus `extra` columns computed from each row."""
    extra = extra or {}
    table = model.__table__  # type: ignore[attr-defined]
    columns = [c.name for c in table.columns if c.name not in HIDDEN_COLUMNS] + list(extra)
    rows = [
        {name: plain(extra[name](item) if name in extra else getattr(item, name)) for name in columns} for item in items
    ]
    return Section(name, columns, rows, single)


def _media_name(answer: Answer, questions: dict[int, SessionQuestion]) -> str:
    suffix = _MEDIA_SUFFIX.get((answer.media_type or "audio/webm").split("/")[-1], "bin")
    asked = questions.get(answer.session_question_id)
    where = f"interview-{asked.session_id}-question-{asked.position + 1}" if asked else "interview"
    return f"media/{where}-answer-{answer.id}.{suffix}"


class _Reader:
    """Queries of one user's rows, oldest first."""

    def __init__(self, session: Session, user_id: int) -> None:
        self.session, self.user_id = session, user_id

    def owned(self, model: Any, column: str = "user_id", *order: Any) -> list[Any]:
        query = select(model).where(getattr(model, column) == self.user_id)
        return list(self.session.exec(query.order_by(*(order or (col(model.id),)))).all())


def collect(session: Session, user_id: int, storage: Storage | None = None) -> ExportContent:
    """Read everything of one candidate into sections, and find the recordings they still have.

    Args:
        session: An open database session.
        user_id: Whose data.
        storage: Where recordings live (the configured storage by default).

    Returns:
        The sections in the order the README lists them, and the recordings to include.

    Raises:
        LookupError: The user does not exist (any more).

    """
    user = session.get(User, user_id)
    if user is None:
        raise LookupError(f"no user {user_id}")
    storage = storage or get_storage()
    read = _Reader(session, user_id)
    content = ExportContent(user_id=user_id, made_at=utcnow(), lang=mail.recipient_language(session, user_id))
    add = content.sections.append
    profile = session.get(Profile, user_id)

    add(table_section("account", User, [user], {"has_password": lambda u: bool(u.password_hash)}, single=True))
    add(table_section("profile", Profile, [profile] if profile else [], single=True))
    add(table_section("sign_in_methods", OAuthAccount, read.owned(OAuthAccount)))
    add(table_section("sessions", AuthSession, read.owned(AuthSession)))
    add(table_section("known_devices", KnownDevice, read.owned(KnownDevice)))

    interviews = read.owned(InterviewSession)
    add(table_section("interview_sessions", InterviewSession, interviews))
    asked = list(
        session.exec(
            select(SessionQuestion)
            .where(col(SessionQuestion.session_id).in_([i.id for i in interviews]))
            .order_by(col(SessionQuestion.session_id), col(SessionQuestion.position))
        ).all()
    )
    add(table_section("questions_asked", SessionQuestion, asked))
    by_id = {q.id or 0: q for q in asked}
    answers = read.owned(Answer)
    files: dict[int, str] = {}
    for answer in answers:
        if answer.media_path and answer.media_deleted_at is None:
            path = storage.local_path(answer.media_path)
            if path.is_file():
                files[answer.id or 0] = _media_name(answer, by_id)
                content.media.append(MediaFile(files[answer.id or 0], path, path.stat().st_size))
    add(table_section("answers", Answer, answers, {"media_file": lambda a: files.get(a.id or 0, "")}))
    add(table_section("feedback", Feedback, read.owned(Feedback)))
    add(table_section("job_descriptions_and_cvs", CandidateDocument, read.owned(CandidateDocument)))
    add(table_section("tailored_interviews", TailoredInterview, read.owned(TailoredInterview)))
    add(
        table_section("github_profile", GitHubProfile, read.owned(GitHubProfile, "user_id", col(GitHubProfile.user_id)))
    )
    add(table_section("own_interview_questions", Question, read.owned(Question, "owner_id")))

    items = read.owned(QuizItem, "user_id", col(QuizItem.attempt_id), col(QuizItem.position))
    cards = read.owned(ReviewCard)
    wanted = {i.quiz_question_id for i in items} | {c.quiz_question_id for c in cards}
    prompts = {
        q.id: q.prompt
        for q in session.exec(select(QuizQuestion).where(col(QuizQuestion.id).in_(wanted - {None}))).all()
    }
    add(table_section("quiz_attempts", QuizAttempt, read.owned(QuizAttempt)))
    add(
        table_section("quiz_items", QuizItem, items, {"question_prompt": lambda i: prompts.get(i.quiz_question_id, "")})
    )
    add(
        table_section(
            "review_cards", ReviewCard, cards, {"question_prompt": lambda c: prompts.get(c.quiz_question_id, "")}
        )
    )
    add(table_section("trainer_days", TrainerDay, read.owned(TrainerDay, "user_id", col(TrainerDay.day))))
    add(_streak(session, user_id, profile))

    followed = read.owned(UserTopic)
    names = {
        tp.id: tp.name
        for tp in session.exec(select(Topic).where(col(Topic.id).in_([f.topic_id for f in followed]))).all()
    }
    add(table_section("followed_topics", UserTopic, followed, {"topic_name": lambda f: names.get(f.topic_id, "")}))
    add(table_section("own_topics", Topic, read.owned(Topic, "owner_id")))
    add(table_section("own_topic_questions", QuizQuestion, read.owned(QuizQuestion, "owner_id")))
    add(table_section("study_plan", StudyPlan, read.owned(StudyPlan)))
    add(table_section("progress_stats", UserStats, read.owned(UserStats, "user_id", col(UserStats.user_id))))
    add(table_section("notifications", Notification, read.owned(Notification)))
    add(table_section("question_reports", QuestionReport, read.owned(QuestionReport)))
    push_service = {"push_service": lambda p: urlsplit(p.endpoint).hostname or ""}
    add(table_section("push_subscriptions", PushSubscription, read.owned(PushSubscription), push_service))
    add(table_section("reminders_sent", ReminderSent, read.owned(ReminderSent)))
    add(_security_log(session, user_id))
    return content


def _streak(session: Session, user_id: int, profile: Profile | None) -> Section:
    """The streak as the trainer shows it today (computed from the trainer days)."""
    streak = streaks.streak_for(session, user_id, clock.local_today(profile, utcnow()))
    row = {
        "current": streak.current,
        "best": streak.best,
        "today_met": streak.today_met,
        "freeze_available": streak.freeze_available,
        "frozen_days": plain(streak.frozen_days),
    }
    return Section("streak", list(row), [row], single=True)


def _security_log(session: Session, user_id: int) -> Section:
    """Security events of the account; the IP address only of what the candidate did themselves."""
    events = session.exec(
        select(AuditEvent)
        .where(or_(col(AuditEvent.actor_user_id) == user_id, col(AuditEvent.subject_user_id) == user_id))
        .order_by(col(AuditEvent.id))
    ).all()
    columns = ["created_at", "event", "ip", "detail"]
    rows = [
        {
            "created_at": plain(e.created_at),
            "event": e.event,
            "ip": e.ip if e.actor_user_id == user_id else "",
            "detail": plain(e.detail),
        }
        for e in events
    ]
    return Section("security_log", columns, rows)


def csv_cell(value: Any) -> str:
    """One CSV cell: nested values as JSON, booleans as true/false, formula-looking text made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def section_csv(section: Section) -> str:
    """The section as CSV text with a header row (just the header when it has no rows)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(section.columns)
    for row in section.rows:
        writer.writerow([csv_cell(row.get(c)) for c in section.columns])
    return out.getvalue()


def section_json(section: Section) -> str:
    """The section as JSON: an object for single sections (null when missing), otherwise a list."""
    data: Any = (section.rows[0] if section.rows else None) if section.single else section.rows
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)


def readme(content: ExportContent) -> str:
    """README.txt: what the export is, and one line per file with how many rows it holds."""
    lang = content.lang
    lines = [
        t("export.readme.intro", lang, made=plain(content.made_at)),
        "",
        t("export.readme.files", lang),
    ]
    for section in content.sections:
        rows = t("export.readme.rows", lang, count=len(section.rows))
        lines.append(
            f"  json/{section.name}.json, csv/{section.name}.csv  ({rows}): "
            + t(keys.EXPORT_README_SECTION[section.name], lang)
        )
    media = t("export.readme.media", lang, count=len(content.media))
    lines += ["", media, "", t("export.readme.notes", lang)]
    return "\n".join(lines) + "\n"


def write_zip(path: Path, content: ExportContent, progress: Progress | None = None) -> int:
    """Write the export to `path` (JSON, CSV, recordings, README); returns its size in bytes.

    Progress goes from 5 to 99 percent: the sections are the first part, the recordings (by bytes) the rest.
    A recording deleted meanwhile (retention) is left out.
    """
    report = progress or (lambda _p: None)
    path.parent.mkdir(parents=True, exist_ok=True)
    media_total = sum(m.size for m in content.media)
    table_share = 90 if media_total == 0 else 30
    done_bytes, last = 0, -1

    def tell(percent: float) -> None:
        nonlocal last
        value = max(5, min(99, int(percent)))
        if value != last:
            last = value
            report(value)

    tell(5)
    stamp = clock.aware(content.made_at).timetuple()[:6]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:

        def put(name: str, text: str) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))

        for number, section in enumerate(content.sections, start=1):
            put(f"json/{section.name}.json", section_json(section))
            put(f"csv/{section.name}.csv", section_csv(section))
            tell(5 + table_share * number / len(content.sections))
        included: list[MediaFile] = []
        for media in content.media:
            try:
                source = media.path.open("rb")
            except FileNotFoundError:
                continue
            info = zipfile.ZipInfo(media.arcname, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED  # recordings are compressed already
            with source, archive.open(info, "w", force_zip64=True) as target:
                while chunk := source.read(_CHUNK):
                    target.write(chunk)
                    done_bytes += len(chunk)
                    tell(5 + table_share + (94 - table_share) * done_bytes / media_total)
            included.append(media)
        content.media = included
        put("README.txt", readme(content))
    return path.stat().st_size
