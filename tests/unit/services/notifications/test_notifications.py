"""The in-app inbox: dedupe keys (also under races and on PostgreSQL), ownership, paging and pruning."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, create_engine
from sqlmodel import Session, SQLModel, func, select

from interview_app import db
from interview_app.models import Notification, User
from interview_app.services.notifications import inbox as notifications
from tests.support import servers

MakeUser = Callable[..., User]


def uid(user: User) -> int:
    assert user.id is not None
    return user.id


def count(session: Session, user_id: int | None = None) -> int:
    query = select(func.count()).select_from(Notification)
    if user_id is not None:
        query = query.where(Notification.user_id == user_id)
    return session.exec(query).one()


def test_notify_stores_a_notification_and_counts_it_unread(session, make_user: MakeUser):
    ada = uid(make_user())
    row = notifications.notify(session, ada, "quiz_reminder", "Your quiz", "Body", link="/trainer")
    session.commit()
    assert row is not None and row.id is not None
    assert (row.kind, row.title, row.body, row.link, row.read_at) == (
        "quiz_reminder",
        "Your quiz",
        "Body",
        "/trainer",
        None,
    )
    assert notifications.unread_count(session, ada) == 1


def test_notify_cuts_long_text_but_refuses_long_keys(session, make_user: MakeUser):
    ada = uid(make_user())
    row = notifications.notify(session, ada, "info", "t" * 500, "b" * 5000)
    assert row is not None
    assert (len(row.title), len(row.body)) == (200, 1000)
    with pytest.raises(ValueError):
        notifications.notify(session, ada, "k" * 31, "title")
    with pytest.raises(ValueError):
        notifications.notify(session, ada, "info", "title", dedupe_key="d" * 81)
    with pytest.raises(ValueError):
        notifications.notify(session, ada, "info", "title", link="/" + "x" * 300)


def test_a_dedupe_key_makes_one_notification_only(session, make_user: MakeUser):
    ada = uid(make_user())
    first = notifications.notify(session, ada, "quiz_reminder", "Quiz", dedupe_key="quiz:1:2026-03-08")
    second = notifications.notify(session, ada, "quiz_reminder", "Quiz again", dedupe_key="quiz:1:2026-03-08")
    session.commit()
    assert first is not None and first.title == "Quiz" and first.id is not None
    assert second is None
    assert count(session, ada) == 1
    assert notifications.notify(session, ada, "quiz_reminder", "Next day", dedupe_key="quiz:1:2026-03-09")
    assert count(session, ada) == 2


def test_two_processes_racing_on_one_dedupe_key_make_one_row(session, make_user: MakeUser):
    ada = uid(make_user())
    start = threading.Barrier(4)

    def attempt(_: int) -> bool:
        with db.session_scope() as own:
            start.wait()
            return notifications.notify(own, ada, "quiz_reminder", "Quiz", dedupe_key=f"quiz:{ada}:today") is not None

    with ThreadPoolExecutor(4) as pool:
        created = list(pool.map(attempt, range(4)))
    assert sorted(created) == [False, False, False, True]
    assert count(session, ada) == 1


def test_recent_and_page_are_newest_first_and_only_the_owners(session, make_user: MakeUser):
    ada, bob = uid(make_user()), uid(make_user("bob@example.com", "Bob"))
    for i in range(5):
        notifications.notify(session, ada, "info", f"ada {i}")
    notifications.notify(session, bob, "info", "bob 0")
    session.commit()
    assert [n.title for n in notifications.recent(session, ada, 3)] == ["ada 4", "ada 3", "ada 2"]
    page = notifications.page(session, ada, offset=3, limit=10)
    assert [n.title for n in page.items] == ["ada 1", "ada 0"]
    assert page.total == 5
    assert notifications.page(session, ada, offset=-5, limit=0).items[0].title == "ada 4"  # clamped
    assert len(notifications.page(session, ada, limit=10_000).items) == 5
    assert [n.title for n in notifications.recent(session, bob)] == ["bob 0"]


def test_mark_read_only_touches_the_owners_notification(session, make_user: MakeUser):
    ada, bob = uid(make_user()), uid(make_user("bob@example.com", "Bob"))
    mine = notifications.notify(session, ada, "info", "for ada")
    theirs = notifications.notify(session, bob, "info", "for bob")
    session.commit()
    assert mine is not None and theirs is not None and mine.id is not None and theirs.id is not None

    assert notifications.mark_read(session, ada, theirs.id) is False
    assert notifications.mark_read(session, ada, 999_999) is False
    session.commit()
    assert notifications.unread_count(session, bob) == 1

    assert notifications.mark_read(session, ada, mine.id) is True
    session.commit()
    first_read = mine.read_at
    assert first_read is not None
    assert notifications.mark_read(session, ada, mine.id) is True  # already read: still the owner's
    assert mine.read_at == first_read
    assert notifications.unread_count(session, ada) == 0


def test_mark_all_read_counts_and_leaves_other_users_alone(session, make_user: MakeUser):
    ada, bob = uid(make_user()), uid(make_user("bob@example.com", "Bob"))
    for i in range(3):
        notifications.notify(session, ada, "info", f"ada {i}")
    notifications.notify(session, bob, "info", "bob")
    session.commit()
    assert notifications.mark_all_read(session, ada) == 3
    assert notifications.mark_all_read(session, ada) == 0
    session.commit()
    assert notifications.unread_count(session, ada) == 0
    assert notifications.unread_count(session, bob) == 1
    assert all(n.read_at is not None for n in notifications.recent(session, ada))


def test_only_the_newest_200_read_notifications_are_kept(session, make_user: MakeUser):
    ada, bob = uid(make_user()), uid(make_user("bob@example.com", "Bob"))
    for i in range(notifications.KEEP_PER_USER + 5):
        notifications.notify(session, ada, "info", f"#{i}")
    notifications.notify(session, bob, "info", "bob")
    session.commit()
    assert count(session, ada) == 205  # all unread: nothing is dropped unseen

    notifications.mark_all_read(session, ada)
    notifications.notify(session, ada, "info", "newest")
    session.commit()
    assert count(session, ada) == notifications.KEEP_PER_USER
    titles = [n.title for n in notifications.page(session, ada, 0, 100).items]
    assert titles[:2] == ["newest", "#204"]
    assert notifications.page(session, ada, 199, 1).items[0].title == "#6"  # the oldest read ones went
    assert count(session, bob) == 1


def test_insert_once_refuses_other_databases(session, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(session.get_bind().dialect, "name", "mysql")
    with pytest.raises(NotImplementedError):
        db.insert_once(session, Notification(user_id=1, kind="x", title="x", dedupe_key="x"))


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    with servers.postgres() as url:
        engine = create_engine(url)
        SQLModel.metadata.create_all(engine)
        yield engine
        engine.dispose()


@pytest.mark.postgres
def test_dedupe_is_race_safe_on_postgres(pg_engine: Engine):
    with Session(pg_engine) as setup:
        user = User(email="pat@example.com", name="Pat")
        setup.add(user)
        setup.commit()
        assert user.id is not None
        user_id = user.id
    start = threading.Barrier(4)

    def attempt(_: int) -> bool:
        with Session(pg_engine) as own:
            start.wait()
            made = notifications.notify(own, user_id, "quiz_reminder", "Quiz", dedupe_key=f"quiz:{user_id}:pg")
            own.commit()
            return made is not None

    with ThreadPoolExecutor(4) as pool:
        created = list(pool.map(attempt, range(4)))
    assert sorted(created) == [False, False, False, True]
    with Session(pg_engine) as check:
        assert count(check, user_id) == 1
        assert notifications.unread_count(check, user_id) == 1
