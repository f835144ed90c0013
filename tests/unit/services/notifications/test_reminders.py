"""Daily-quiz reminders: quiet hours and time zones (DST days too), channels, races, e-mail with one-click
unsubscribe delivered over real SMTP, web push to a local push service, the unsubscribe routes and the job."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from interview_app import db
from interview_app.api import api
from interview_app.jobs import runner, scheduler, tasks
from interview_app.models import Notification, OutboxMessage, Profile, QuizAttempt, ReminderSent, User
from interview_app.services.notifications import inbox as notifications
from interview_app.services.notifications import mail, reminders, webpush
from interview_app.services.notifications.reminders import in_quiet_hours, local_now
from interview_app.settings import Settings, get_settings
from tests.support.fake_push import Browser, PushService
from tests.support.fake_smtp import Collector
from tests.support.handlers import events

MakeUser = Callable[..., User]
Override = Callable[..., Settings]

SPRING_FORWARD = date(2026, 3, 8)  # New York: 02:00 EST becomes 03:00 EDT
FALL_BACK = date(2026, 11, 1)  # New York: 02:00 EDT becomes 01:00 EST


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A UTC instant."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@pytest.fixture
def candidate(session: Session, make_user: MakeUser) -> Callable[..., int]:
    """A user with reminder preferences set on their profile; returns the user id."""

    def make(
        email_address: str = "ada@example.com",
        *,
        tz: str = "UTC",
        trainer_time: str = "08:00",
        quiet: tuple[str, str] = ("22:00", "07:00"),
        in_app: bool = True,
        by_email: bool = False,
        push: bool = False,
        verified: bool = True,
        active: bool = True,
    ) -> int:
        user = make_user(email_address, email_address.split("@")[0].title(), verified=verified, active=active)
        assert user.id is not None
        profile = session.get(Profile, user.id)
        assert profile is not None
        profile.timezone, profile.trainer_time = tz, trainer_time
        profile.quiet_start, profile.quiet_end = quiet
        profile.remind_in_app, profile.remind_email, profile.remind_push = in_app, by_email, push
        session.add(profile)
        session.commit()
        return user.id

    return make


def daily_quiz(session: Session, user_id: int, day: date, status: str = "ready", kind: str = "daily") -> QuizAttempt:
    attempt = QuizAttempt(
        user_id=user_id, kind=kind, local_date=day, daily_key=f"{user_id}:{day}" if kind == "daily" else None
    )
    attempt.status = status
    session.add(attempt)
    session.commit()
    return attempt


def run(now: datetime) -> dict[str, int]:
    """One scheduler run, in its own session like the job."""
    with db.session_scope() as own:
        return reminders.send_due_reminders(own, now)


def claimed(session: Session, user_id: int | None = None) -> set[tuple[int, date, str]]:
    session.expire_all()
    rows = session.exec(select(ReminderSent)).all()
    return {(r.user_id, r.day, r.channel) for r in rows if user_id is None or r.user_id == user_id}


def inbox(session: Session, user_id: int) -> list[Notification]:
    return notifications.recent(session, user_id, 50)


def outbox(session: Session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())  # type: ignore[arg-type]


# --- quiet hours and local time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("clock", "start", "end", "quiet"),
    [
        (time(23, 0), "22:00", "07:00", True),
        (time(0, 0), "22:00", "07:00", True),
        (time(6, 59), "22:00", "07:00", True),
        (time(22, 0), "22:00", "07:00", True),  # the start is inside
        (time(7, 0), "22:00", "07:00", False),  # the end is outside
        (time(12, 0), "22:00", "07:00", False),
        (time(21, 59, 59), "22:00", "07:00", False),
        (time(13, 30), "13:00", "14:00", True),  # same-day window
        (time(14, 0), "13:00", "14:00", False),
        (time(12, 59), "13:00", "14:00", False),
        (time(3, 0), "08:00", "08:00", False),  # start == end: no quiet hours
        (time(8, 0), "08:00", "08:00", False),
        (time(23, 0), "", "07:00", False),  # unset or malformed: none
        (time(23, 0), "10pm", "07:00", False),
        (time(23, 0), "25:00", "07:00", False),
        (time(23, 30), time(23, 0), time(1, 0), True),
    ],
)
def test_in_quiet_hours(clock, start, end, quiet):
    assert in_quiet_hours(clock, start, end) is quiet


def test_local_now_follows_the_users_time_zone_and_falls_back_to_utc():
    profile = Profile(user_id=1, timezone="Asia/Kolkata")
    assert local_now(profile, at(date(2026, 1, 1), 20, 0)).isoformat() == "2026-01-02T01:30:00+05:30"
    for broken in ("Mars/Olympus_Mons", "", "../../etc/passwd", "UTC+5"):
        profile.timezone = broken
        assert local_now(profile, at(date(2026, 1, 1), 20, 0)).utcoffset() == timedelta(0), broken
    profile.timezone = "UTC"
    assert local_now(profile, datetime(2026, 1, 1, 20, 0)).hour == 20  # naive counts as UTC


def test_local_now_across_new_york_dst_changes():
    profile = Profile(user_id=1, timezone="America/New_York")
    assert local_now(profile, at(SPRING_FORWARD, 6, 59)).strftime("%H:%M %Z") == "01:59 EST"
    assert local_now(profile, at(SPRING_FORWARD, 7, 0)).strftime("%H:%M %Z") == "03:00 EDT"
    assert local_now(profile, at(FALL_BACK, 5, 30)).strftime("%H:%M %Z") == "01:30 EDT"
    assert local_now(profile, at(FALL_BACK, 6, 30)).strftime("%H:%M %Z") == "01:30 EST"  # the same hour again


# --- who is due, and when -------------------------------------------------------------------


def test_the_in_app_reminder_comes_at_the_trainer_time(session, candidate):
    ada = candidate(trainer_time="08:00", quiet=("00:00", "00:00"))
    daily_quiz(session, ada, date(2026, 5, 4))
    assert run(at(date(2026, 5, 4), 7, 55))["due"] == 0
    counts = run(at(date(2026, 5, 4), 8, 0))
    assert (counts["due"], counts["in_app"]) == (1, 1)
    [note] = inbox(session, ada)
    assert (note.kind, note.link, note.dedupe_key) == ("quiz_reminder", "/trainer", f"quiz:{ada}:2026-05-04")
    assert note.title == "Your daily quiz is ready"
    assert claimed(session) == {(ada, date(2026, 5, 4), "in_app")}


def test_a_run_again_sends_nothing_twice(session, candidate):
    ada = candidate(by_email=True, quiet=("00:00", "00:00"))
    daily_quiz(session, ada, date(2026, 5, 4))
    first = run(at(date(2026, 5, 4), 9))
    again = run(at(date(2026, 5, 4), 9, 5))
    assert (first["in_app"], first["email"]) == (1, 1)
    assert (again["due"], again["in_app"], again["email"]) == (1, 0, 0)
    assert len(inbox(session, ada)) == 1
    assert len(outbox(session)) == 1


def test_completed_quizzes_practice_and_other_days_get_no_reminder(session, candidate):
    done = candidate("done@example.com")
    practice = candidate("practice@example.com")
    yesterday = candidate("yesterday@example.com")
    daily_quiz(session, done, date(2026, 5, 4), status="completed")
    daily_quiz(session, practice, date(2026, 5, 4), kind="practice")
    daily_quiz(session, yesterday, date(2026, 5, 3))
    assert run(at(date(2026, 5, 4), 12))["due"] == 0
    assert claimed(session) == set()


def test_an_in_progress_quiz_still_gets_its_reminder(session, candidate):
    ada = candidate()
    daily_quiz(session, ada, date(2026, 5, 4), status="in_progress")
    assert run(at(date(2026, 5, 4), 12))["in_app"] == 1


def test_the_local_day_decides_not_the_utc_day(session, candidate):
    kiwi = candidate("kiwi@example.com", tz="Pacific/Auckland", trainer_time="00:30", quiet=("00:00", "00:00"))
    daily_quiz(session, kiwi, date(2026, 12, 1))  # their yesterday: 12:00 UTC is 01:00 on the 2nd in Auckland
    assert run(at(date(2026, 12, 1), 12))["due"] == 0
    daily_quiz(session, kiwi, date(2026, 12, 2))
    assert run(at(date(2026, 12, 1), 12))["in_app"] == 1
    assert claimed(session) == {(kiwi, date(2026, 12, 2), "in_app")}


def test_inactive_users_get_nothing(session, candidate):
    gone = candidate(active=False, by_email=True)
    daily_quiz(session, gone, date(2026, 5, 4))
    assert run(at(date(2026, 5, 4), 12))["due"] == 0
    assert inbox(session, gone) == [] and outbox(session) == []


# --- quiet hours defer e-mail and push ------------------------------------------------------


def test_quiet_hours_defer_email_but_not_the_in_app_reminder(session, candidate):
    ada = candidate(trainer_time="05:00", by_email=True)
    daily_quiz(session, ada, date(2026, 5, 4))
    counts = run(at(date(2026, 5, 4), 6, 30))
    assert (counts["in_app"], counts["email"], counts["deferred"]) == (1, 0, 1)
    assert outbox(session) == []
    assert claimed(session) == {(ada, date(2026, 5, 4), "in_app")}
    counts = run(at(date(2026, 5, 4), 7, 0))  # the quiet hours are over
    assert (counts["in_app"], counts["email"], counts["deferred"]) == (0, 1, 0)
    [message] = outbox(session)
    assert (message.to_email, message.kind) == ("ada@example.com", "reminder")


def test_a_deferred_reminder_is_dropped_when_the_quiz_is_done_meanwhile(session, candidate):
    ada = candidate(trainer_time="05:00", by_email=True)
    quiz = daily_quiz(session, ada, date(2026, 5, 4))
    assert run(at(date(2026, 5, 4), 6, 30))["deferred"] == 1
    quiz.status = "completed"
    session.add(quiz)
    session.commit()
    assert run(at(date(2026, 5, 4), 7, 5))["due"] == 0
    assert outbox(session) == []


def test_quiet_hours_wrapping_midnight_hold_a_late_trainer_time_until_morning(session, candidate):
    owl = candidate(trainer_time="23:00", by_email=True)
    daily_quiz(session, owl, date(2026, 5, 4))
    assert run(at(date(2026, 5, 4), 23, 30))["deferred"] == 1
    # At 07:00 it is already the next local day: yesterday's quiz gets no e-mail at all.
    assert run(at(date(2026, 5, 5), 7))["due"] == 0
    assert outbox(session) == []


@pytest.mark.parametrize(
    ("day", "quiet_at", "free_at"),
    [
        # 10:30 UTC is 06:30 EDT (quiet); 11:00 UTC is 07:00 EDT (free) — on standard time it would be 06:00.
        (SPRING_FORWARD, (10, 30), (11, 0)),
        # 11:30 UTC is 06:30 EST (quiet) — it would have been 07:30 EDT the day before; 12:00 UTC is 07:00 EST.
        (FALL_BACK, (11, 30), (12, 0)),
    ],
)
def test_quiet_hours_follow_new_york_across_dst_changes(session, candidate, day, quiet_at, free_at):
    ny = candidate("ny@example.com", tz="America/New_York", trainer_time="05:00", by_email=True)
    daily_quiz(session, ny, day)
    counts = run(at(day, *quiet_at))
    assert (counts["in_app"], counts["email"], counts["deferred"]) == (1, 0, 1)
    counts = run(at(day, *free_at))
    assert (counts["email"], counts["deferred"]) == (1, 0)
    assert claimed(session) == {(ny, day, "in_app"), (ny, day, "email")}


# --- channels --------------------------------------------------------------------------------


def test_channel_preferences_are_respected(session, candidate, push_service: PushService):
    day, browser = date(2026, 5, 4), Browser.new()
    only_mail = candidate("mail@example.com", in_app=False, by_email=True)
    unverified = candidate("unverified@example.com", by_email=True, verified=False)
    no_device = candidate("nodevice@example.com", push=True)
    pusher = candidate("push@example.com", in_app=False, push=True)
    nothing = candidate("nothing@example.com", in_app=False)
    webpush.subscribe(session, pusher, push_service.endpoint("pusher"), browser.p256dh, browser.auth)
    session.commit()
    for user_id in (only_mail, unverified, no_device, pusher, nothing):
        daily_quiz(session, user_id, day)

    counts = run(at(day, 12))
    assert counts == {"due": 4, "in_app": 2, "email": 1, "push": 1, "deferred": 0, "failed": 0}
    assert claimed(session) == {
        (only_mail, day, "email"),
        (unverified, day, "in_app"),
        (no_device, day, "in_app"),
        (pusher, day, "push"),
    }
    assert [m.to_email for m in outbox(session)] == ["mail@example.com"]
    assert inbox(session, only_mail) == [] and inbox(session, pusher) == []
    [request] = push_service.received
    assert request.path == "/push/pusher"
    payload = browser.decrypt(request.body).decode()
    assert '"url":"/trainer"' in payload and f'"tag":"quiz-{day}"' in payload
    assert request.headers["urgency"] == "normal"
    assert int(request.headers["ttl"]) == 12 * 3600  # until the user's midnight
    session.expire_all()
    push_claim = session.exec(select(ReminderSent).where(ReminderSent.channel == "push")).one()
    assert push_claim.outcome == "delivered to 1 of 1"


def test_push_is_claimed_once_even_when_every_browser_fails(session, candidate, push_service: PushService):
    day, browser = date(2026, 5, 4), Browser.new()
    ada = candidate(in_app=False, push=True)
    webpush.subscribe(session, ada, push_service.endpoint(), browser.p256dh, browser.auth)
    session.commit()
    daily_quiz(session, ada, day)
    push_service.status = 503
    assert run(at(day, 12))["push"] == 0
    assert run(at(day, 12, 5))["push"] == 0
    assert len(push_service.received) == 1  # at most once per day, delivered or not
    assert claimed(session) == {(ada, day, "push")}


def test_two_racing_runs_send_each_reminder_once(session, candidate, push_service: PushService):
    day = date(2026, 5, 4)
    users = []
    for i in range(3):
        browser = Browser.new()
        user_id = candidate(f"user{i}@example.com", by_email=True, push=True, quiet=("00:00", "00:00"))
        webpush.subscribe(session, user_id, push_service.endpoint(f"u{i}"), browser.p256dh, browser.auth)
        session.commit()
        daily_quiz(session, user_id, day)
        users.append(user_id)
    start = threading.Barrier(2)

    def scheduler_run(_: int) -> dict[str, int]:
        start.wait()
        return run(at(day, 12))

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(scheduler_run, range(2)))

    for channel in ("in_app", "email", "push"):
        assert sum(r[channel] for r in results) == 3, (channel, results)
    assert sum(r["failed"] for r in results) == 0
    assert len(claimed(session)) == 9
    assert session.exec(select(func.count()).select_from(Notification)).one() == 3
    assert sorted(m.to_email for m in outbox(session)) == [f"user{i}@example.com" for i in range(3)]
    assert sorted(r.path for r in push_service.received) == ["/push/u0", "/push/u1", "/push/u2"]


def test_one_failing_user_does_not_stop_the_others(session, candidate, monkeypatch: pytest.MonkeyPatch):
    day = date(2026, 5, 4)
    broken, fine = candidate("broken@example.com"), candidate("fine@example.com")
    daily_quiz(session, broken, day)
    daily_quiz(session, fine, day)
    real_notify = notifications.notify

    def notify(own: Session, user_id: int, *args: object, **kwargs: object):
        if user_id == broken:
            raise RuntimeError("database hiccup")
        return real_notify(own, user_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(notifications, "notify", notify)
    counts = run(at(day, 12))
    assert (counts["due"], counts["in_app"], counts["failed"]) == (2, 1, 1)
    assert claimed(session) == {(fine, day, "in_app")}  # the failed user's claim was rolled back: retried next run
    monkeypatch.setattr(notifications, "notify", real_notify)
    assert run(at(day, 12, 5))["in_app"] == 1
    assert len(inbox(session, broken)) == 1


def test_a_push_failure_after_the_claims_keeps_the_queued_email(
    session, candidate, override_settings: Override, monkeypatch: pytest.MonkeyPatch
):
    day, browser = date(2026, 5, 4), Browser.new()
    override_settings(smtp_host="127.0.0.1", smtp_port=1, smtp_security="none")
    dispatched: list[int] = []
    mail.set_dispatcher(dispatched.append)  # reset by the autouse fixture
    first = candidate("first@example.com", by_email=True, quiet=("00:00", "00:00"))
    second = candidate("second@example.com", by_email=True, push=True, quiet=("00:00", "00:00"))
    webpush.subscribe(session, second, "https://push.example.com/second", browser.p256dh, browser.auth)
    session.commit()
    daily_quiz(session, first, day)
    daily_quiz(session, second, day)

    def broken_send(*args: object, **kwargs: object) -> int:
        raise RuntimeError("push crashed")

    monkeypatch.setattr(webpush, "send", broken_send)
    counts = run(at(day, 12))
    assert (counts["email"], counts["failed"]) == (2, 1)
    assert sorted(dispatched) == sorted(m.id for m in outbox(session) if m.id is not None)
    assert len(dispatched) == 2


# --- e-mail and unsubscribe -----------------------------------------------------------------


def test_unsubscribe_tokens_round_trip_and_refuse_tampering(override_settings: Override):
    token = reminders.unsubscribe_token(42)
    assert reminders.user_of_unsubscribe_token(token) == 42
    user_part, signature = token.split(".")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    for bad in ("", "42", "42.", f"43.{signature}", f"{user_part}.{flipped}", f"x.{signature}", "1" * 20 + ".x"):
        assert reminders.user_of_unsubscribe_token(bad) is None, bad
    override_settings(secret_key="another-secret-key-of-enough-length-0123456789")
    assert reminders.user_of_unsubscribe_token(token) is None


def test_unsubscribe_email_turns_reminders_off_once_and_audits_it(session, candidate):
    ada = candidate(by_email=True)
    token = reminders.unsubscribe_token(ada)
    assert reminders.unsubscribe_email(session, token, ip="203.0.113.5", one_click=True) is True
    session.commit()
    assert reminders.unsubscribe_email(session, token) is False
    session.commit()
    profile = session.get(Profile, ada)
    assert profile is not None and profile.remind_email is False
    [event] = events(session, "reminders.email_unsubscribed")
    assert (event.subject_user_id, event.ip, event.detail) == (ada, "203.0.113.5", {"via": "one_click"})
    with pytest.raises(reminders.ReminderError) as caught:
        reminders.unsubscribe_email(session, token + "x")
    assert caught.value.code == "unsubscribe_invalid"


@pytest.mark.smtp
def test_the_reminder_email_arrives_with_one_click_unsubscribe(session, candidate, smtp: Collector):
    day = date(2026, 5, 4)
    ada = candidate(by_email=True, quiet=("00:00", "00:00"))
    daily_quiz(session, ada, day)
    assert run(at(day, 12))["email"] == 1

    [received] = smtp.messages()
    public = get_settings().public_url
    unsubscribe = f"{public}/api/v1/reminders/unsubscribe?token={reminders.unsubscribe_token(ada)}"
    assert received["To"] == "ada@example.com"
    assert received["Subject"] == "Your daily Interview Coach quiz is waiting"
    assert received["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    payload = received.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode()
    assert f"{public}/trainer" in body and unsubscribe in body and f"{public}/settings" in body
    assert "Hello Ada," in body
    [row] = outbox(session)
    assert (row.status, row.kind, row.headers["List-Unsubscribe-Post"]) == (
        "sent",
        "reminder",
        "List-Unsubscribe=One-Click",
    )

    # What a mail client does for RFC 8058 one-click: POST to the List-Unsubscribe address.
    url = urlsplit(received["List-Unsubscribe"].strip("<>"))
    with TestClient(api) as client:
        response = client.post(f"{url.path}?{url.query}", content=b"List-Unsubscribe=One-Click")
    assert response.status_code == 200
    session.expire_all()
    profile = session.get(Profile, ada)
    assert profile is not None and profile.remind_email is False


def test_mail_headers_are_stored_and_checked(session):
    message = mail.queue(session, to="a@example.com", subject="s", body="b", kind="test", headers={"X-Tag": "1"})
    assert message.headers == {"X-Tag": "1"}
    assert mail.queue(session, to="a@example.com", subject="s", body="b", kind="test").headers == {}
    for bad in ({"Subject": "x"}, {"bad name": "x"}, {"X-Evil": "a\r\nBcc: victim@example.com"}):
        with pytest.raises(ValueError):
            mail.queue(session, to="a@example.com", subject="s", body="b", kind="test", headers=bad)


# --- the unsubscribe routes -----------------------------------------------------------------


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(api) as test_client:
        yield test_client


def test_the_unsubscribe_link_shows_an_accessible_page(session, candidate, client: TestClient):
    ada = candidate(by_email=True)
    response = client.get("/api/v1/reminders/unsubscribe", params={"token": reminders.unsubscribe_token(ada)})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    page = response.text
    assert '<html lang="en">' in page and "<h1>Reminder e-mails turned off</h1>" in page
    assert "You will no longer get reminder e-mails" in page
    assert '<a href="/settings">' in page and "<script" not in page
    session.expire_all()
    profile = session.get(Profile, ada)
    assert profile is not None and profile.remind_email is False
    assert len(events(session, "reminders.email_unsubscribed")) == 1
    assert client.get("/api/v1/reminders/unsubscribe", params={"token": reminders.unsubscribe_token(ada)}).is_success


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_tampered_unsubscribe_link_gets_a_clear_400_page(session, candidate, client: TestClient, method):
    ada = candidate(by_email=True)
    token = reminders.unsubscribe_token(ada)
    for bad in (token[:-2], f"{ada + 1}.{token.split('.')[1]}", "", "<script>alert(1)</script>"):
        response = client.request(method, "/api/v1/reminders/unsubscribe", params={"token": bad})
        assert response.status_code == 400
        assert "This unsubscribe link does not work" in response.text
        assert "<script>" not in response.text
    session.expire_all()
    profile = session.get(Profile, ada)
    assert profile is not None and profile.remind_email is True


# --- the job ---------------------------------------------------------------------------------


def test_the_send_reminders_task_uses_the_current_time(session, candidate):
    ada = candidate(trainer_time="00:00", quiet=("00:00", "00:00"))
    daily_quiz(session, ada, datetime.now(UTC).date())
    result = tasks.send_reminders()
    assert (result["due"], result["in_app"]) == (1, 1)
    assert tasks.TASKS["send_reminders"] is tasks.send_reminders


def test_the_scheduler_runs_reminders_every_five_minutes():
    try:
        job = scheduler.build_scheduler().get_job("send_reminders")
    finally:
        runner.stop()
    assert job is not None
    assert job.args == ("send_reminders",)
    assert job.trigger.interval == timedelta(minutes=5)
    assert job.coalesce is True
