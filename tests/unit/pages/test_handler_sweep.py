"""Every event handler of every state, called as a visitor and as another candidate with the first one's ids.

Any client can call any handler by name over the websocket, with any arguments, after setting any public var
of its own state (Reflex's `setvar`) and opening any URL. The handlers are enumerated from the app itself
(every `rx.State` subclass the app's pages register), so a new handler cannot skip this sweep. Each is called:

(a) without a session (no token, a made-up one, a revoked one): a handler that is not public by design
    (PUBLIC below, each with its reason) must leave every table as it was, apart from the security log;
(b) as a second signed-in candidate B, with A's ids in every id argument, id var and route parameter:
    none of A's rows (A's user row and every row that refers to it, directly or through other rows) may
    change or disappear.

In both, no var of the caller's state and nothing the handler returns (redirects, downloads, toasts) may
contain A's private data, and no handler may raise.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import json
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex.state import BaseState
from reflex_base.constants import RouteVar
from sqlalchemy import event as sa_event
from sqlalchemy import select as select_table
from sqlmodel import Session, SQLModel, select

import interview_app.interview_app  # noqa: F401  (registers every page and its states)
from interview_app import background, db, routes
from interview_app.clock import utcnow
from interview_app.jobs import runner
from interview_app.models import Answer, AuthSession, InterviewSession, User
from interview_app.pages.interviews.history import HistoryState
from interview_app.services.accounts import accounts
from interview_app.services.answers import recordings
from interview_app.services.bank import questions
from interview_app.services.interviews import interviews
from interview_app.services.notifications import inbox as notifications
from interview_app.services.privacy import privacy
from interview_app.services.progress import study_plan
from interview_app.services.trainer import quiz, topics
from tests.support.handlers import CLIENT, OTHER_PASSWORD, new_state, outbox, run_handler, session_token, token_in

MakeUser = Callable[..., User]

# Handlers anyone may call without a session, and why. Called like every other handler; they are only
# excused from "writes nothing" for a visitor.
PUBLIC = {
    "RegisterState.submit": "creates an account (rate-limited per IP)",
    "SignInState.submit": "starts a session for correct credentials; failures are counted",
    "ForgotPasswordState.submit": "e-mails a reset link to the address given (rate-limited)",
    "ResetPasswordState.submit": "sets a password with the single-use token from that e-mail",
    "EmailLinkState.verify": "confirms an address with the single-use token from the e-mail",
    "EmailLinkState.confirm_change": "confirms a new address with the single-use token from the e-mail",
    "OAuthCompleteState.redeem": "redeems the one-time code the OAuth callback handed to the browser",
}
# Written by the security machinery itself whoever calls: refusals are logged and rate limits counted.
SECURITY_LOG = {"audit_events", "rate_limit_hits"}
# Reflex's own states (hydration, on-load plumbing, client-side errors) hold no app data.
FRAMEWORK_PREFIX = "reflex"

ALICE = "alice.privett@example.com"
SECRETS = (
    "Alice Privett",
    "alice.privett",
    "ALICE-DRAFT-7f3a",
    "ALICE-ANSWER-91bc",
    "Alice Secret Topic 5d2e",
    "ALICE-OWN-QUESTION-3e1f",
    "ALICE-REPORT-c0de",
    "ALICE-NOTE-b33f",
)


@dataclass
class World:
    """User A and the ids of A's objects, by the names handlers give them."""

    alice: User
    ids: dict[str, int] = field(default_factory=dict)
    # A's private strings besides SECRETS: the token of the password-reset link mailed to A.
    secrets: list[str] = field(default_factory=list)


def app_states() -> list[type[BaseState]]:
    """Every state class of the app, walked from the root of the state tree."""

    def walk(cls: type[BaseState]) -> Iterator[type[BaseState]]:
        yield cls
        for sub in sorted(cls.get_substates(), key=lambda c: c.__name__):
            yield from walk(sub)

    return [cls for cls in walk(rx.State) if not cls.__module__.startswith(FRAMEWORK_PREFIX)]


Handlers = list[tuple[type[BaseState], str, Any]]


def all_handlers() -> Handlers:
    """Every (state, handler name, handler) a client can call, inherited ones too (`setvar` is covered by
    setting the vars it could set before each call)."""
    return [
        (cls, name, handler)
        for cls in app_states()
        for name, handler in sorted(cls.event_handlers.items())
        if name != "setvar"
    ]


def _id_for(name: str, ids: dict[str, int]) -> int:
    for key, value in ids.items():
        if key in name:
            return value
    return ids["interview"]


def arguments(fn: Callable[..., Any], world: World) -> list[Any]:
    """A's ids for int parameters (by name), A's identifiers for strings, and plain values otherwise."""
    hints = typing.get_type_hints(fn)
    values: list[Any] = []
    for name in list(inspect.signature(fn).parameters)[1:]:
        hint = hints.get(name, Any)
        origin = typing.get_origin(hint) or hint
        if origin is int:
            values.append(_id_for(name, world.ids))
        elif origin is bool:
            values.append(True)
        elif origin is str:
            values.append(_string_for(name, world))
        elif origin is list:
            values.append([str(world.ids["topic"])])
        elif origin is dict:
            # A's address with a password that is not A's (the sweep's callers never know it).
            values.append({"email": ALICE, "password": OTHER_PASSWORD, "id": world.ids["interview"]})
        else:
            values.append(None)
    return values


def _string_for(name: str, world: World) -> str:
    if "email" in name:
        return ALICE
    if name == "link":
        return f"/interview/{world.ids['interview']}/report"
    # Topic and practice pickers take a topic id as text; everything else gets one of A's ids too.
    return str(world.ids["topic"])


# The route of the page each state reads its ids from (the rest: the interview's).
ADDRESSES = {
    "interview_app.pages.admin.question_edit": routes.ADMIN_QUESTION,
    "interview_app.pages.admin.user_detail": routes.ADMIN_USER,
    "interview_app.pages.trainer.quiz": routes.TRAINER_QUIZ,
    "interview_app.pages.tailoring.fit": routes.TAILOR_FIT,
    "interview_app.pages.interviews.report": routes.INTERVIEW_REPORT,
}


def prepare(state: Any, token: str, world: World) -> None:
    """The caller's state as a client can make it: its token, A's ids in every id var, A's URL."""
    if "session_token" in type(state).vars:  # a state outside AuthState has no session to show
        state.session_token = token
    for name, var in type(state).base_vars.items():
        if var._var_type is int and (name.endswith("_id") or name in ("question_topic", "resolve_id")):
            setattr(state, name, _id_for(name.removesuffix("_id"), world.ids))
    params = {
        # The URL of A's finished interview (its report page); id arguments name the running one.
        "interview_id": str(world.ids["finished"]),
        "quiz_id": str(world.ids["quiz"]),
        "user_id": str(world.alice.id),
        "question_id": str(world.ids["question"]),
        "kind": "quiz",
    }
    # The address of A's page this state shows (its route, as the backend matched it, and the path).
    route = ADDRESSES.get(type(state).__module__, routes.INTERVIEW_RUN)
    path = re.sub(r"\[(\w+)\]", lambda m: params[m.group(1)], route)
    state.router = RouterData.from_router_data(
        {
            RouteVar.QUERY: params,
            RouteVar.PATH: route,
            RouteVar.ORIGIN: f"{path}?person={ALICE}",
            RouteVar.HEADERS: {"origin": "http://localhost:3000", "user-agent": "sweep"},
            RouteVar.CLIENT_IP: "198.51.100.9",
        }
    )


def visible(state: Any, result: Any) -> str:
    """Everything the caller could see afterwards: every var of its state (inherited and computed ones too)
    and what the handler returned."""
    values: dict[str, Any] = {}
    for name in type(state).vars:
        if name.startswith("rx_router") or name == "router":
            continue
        try:
            values[name] = getattr(state, name)
        except Exception:
            continue  # a computed var that needs a running app shows nothing
    return json.dumps(values, default=repr) + repr(result)


def all_rows() -> dict[str, dict[Any, dict[str, Any]]]:
    """Every row of every table, by table and primary key."""
    tables: dict[str, dict[Any, dict[str, Any]]] = {}
    with db.get_engine().connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            key = [c.name for c in table.primary_key.columns]
            tables[table.name] = {
                tuple(row[k] for k in key): dict(row) for row in connection.execute(select_table(table)).mappings()
            }
    return tables


def owned_by(user_id: int) -> dict[tuple[str, Any], dict[str, Any]]:
    """The user's row and every row that refers to one of the user's rows, followed to the end."""
    rows = all_rows()
    owned: set[tuple[str, Any]] = {("users", (user_id,))}
    grew = True
    while grew:
        grew = False
        for table in SQLModel.metadata.sorted_tables:
            for fk in table.foreign_keys:
                target = fk.column.table.name
                for key, row in rows[table.name].items():
                    value = row.get(fk.parent.name)
                    if value is not None and (target, (value,)) in owned and (table.name, key) not in owned:
                        owned.add((table.name, key))
                        grew = True
    return {(name, key): copy.deepcopy(rows[name][key]) for name, key in owned}


def current(keys: Iterator[tuple[str, Any]]) -> dict[tuple[str, Any], dict[str, Any]]:
    """The rows with these (table, primary key) keys as they are now (missing ones left out)."""
    wanted: dict[str, list[Any]] = {}
    for name, key in keys:
        wanted.setdefault(name, []).append(key)
    found: dict[tuple[str, Any], dict[str, Any]] = {}
    with db.get_engine().connect() as connection:
        for name, keys_of_table in wanted.items():
            table = SQLModel.metadata.tables[name]
            (pk,) = table.primary_key.columns  # every table has a one-column key
            query = select_table(table).where(pk.in_([k[0] for k in keys_of_table]))
            for row in connection.execute(query).mappings():
                found[(name, (row[pk.name],))] = dict(row)
    return found


def changed(before: dict[tuple[str, Any], dict[str, Any]]) -> list[str]:
    """The rows of `before` that are gone or differ now."""
    now = current(iter(before))
    problems = []
    for (name, key), row in before.items():
        if (name, key) not in now:
            problems.append(f"{name}{list(key)} deleted")
        elif now[(name, key)] != row:
            diff = {c: (row[c], now[(name, key)][c]) for c in row if row[c] != now[(name, key)][c]}
            problems.append(f"{name}{list(key)} changed {diff}")
    return problems


_WRITE = re.compile(r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


@contextlib.contextmanager
def writes() -> Iterator[list[str]]:
    """The tables written to (INSERT, UPDATE, DELETE) while the block runs."""
    tables: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if match := _WRITE.match(statement):
            tables.append(match.group(1))

    engine = db.get_engine()
    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        yield tables
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)


def _noop(*_args: object) -> None:
    return None


# Jobs that work on one row, and the table of that row.
JOB_TARGETS = {
    "score_answer": "answers",
    "prepare_next": "answers",
    "transcribe_answer": "answers",
    "transcribe_rest": "answers",
    "export_user_data": "data_exports",
}


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[object, ...]]]:
    """Jobs the handlers queue, kept instead of run (a runner thread would also pick up A's own pending work)."""
    jobs: list[tuple[str, tuple[object, ...]]] = []

    def keep(name: str, *args: object) -> None:
        jobs.append((name, args))

    monkeypatch.setattr(runner, "enqueue", keep)  # pages that queue a job themselves
    monkeypatch.setattr(background, "enqueue", keep)  # services queue by name
    return jobs


@pytest.fixture
def world(session: Session, make_user: MakeUser, queued: list[tuple[str, tuple[object, ...]]]) -> World:
    """A with an interview (draft, typed answer, recording), a finished interview, today's quiz with an
    answer, an own topic with an own question, a question report, a study plan, a data export, a
    notification, a password-reset e-mail and a live session."""
    questions.seed_questions(session)
    topics.seed_quiz_bank(session)
    alice = make_user(ALICE, "Alice Privett")
    alice.onboarded_at = utcnow()
    session.add(alice)
    uid = alice.id or 0
    raw = {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3"}
    setup = interviews.validate_setup(raw)
    running = interviews.start_session(session, uid, setup)
    first = interviews.current_question(session, running)
    assert first is not None
    handed_in = interviews.submit_answer(session, uid, first.id or 0, "ALICE-ANSWER-91bc " * 8, enqueue=_noop)
    interviews.prepare_next(session, handed_in.answer_id)  # what the score_answer job does first: move on
    current = interviews.current_question(session, running)
    assert current is not None
    interviews.save_draft(session, uid, current.id or 0, "ALICE-DRAFT-7f3a")
    spoken = interviews.validate_setup({**raw, "answer_mode": "audio"})
    finished = interviews.start_session(session, uid, spoken)
    recording_sq = interviews.current_question(session, finished)
    assert recording_sq is not None
    # A recording being made: the row receive_piece starts with (real audio needs ffmpeg; see test_recordings).
    recording = Answer(
        session_question_id=recording_sq.id or 0,
        user_id=uid,
        mode="audio",
        status="recording",
        media_path=recordings.new_key(uid),
        transcript="ALICE-ANSWER-91bc spoken",
    )
    session.add(recording)
    session.flush()
    interviews.end_early(session, uid, finished.id or 0, enqueue=_noop)
    attempt = quiz.get_todays_quiz(session, uid, utcnow())
    _, item = quiz.current_item(session, uid, attempt.id or 0, utcnow())
    assert item is not None
    quiz.answer_item(session, uid, item.id or 0, {"skipped": True}, utcnow())
    own = topics.create_topic(session, uid, "Alice Secret Topic 5d2e")
    own_question = topics.add_own_question(
        session, uid, own.id or 0, kind="short", prompt="ALICE-OWN-QUESTION-3e1f what?", answer="Because."
    )
    report = quiz.report_question(session, uid, item.quiz_question_id or 0, "wrong_answer", "ALICE-REPORT-c0de")
    note = notifications.notify(session, uid, "quiz_reminder", "ALICE-NOTE-b33f", link="/trainer")
    assert note is not None
    plan = study_plan.generate(session, uid, date.today())
    session.commit()
    export = privacy.request_export(session, alice, CLIENT, enqueue=_noop)
    session.commit()
    accounts.request_password_reset(session, email=ALICE, client=CLIENT)
    session.commit()
    [reset_mail] = outbox(session, kind="password_reset", to=ALICE)
    session_token(session, alice)
    auth_row = session.exec(select(AuthSession).where(AuthSession.user_id == uid)).one()
    ids = {
        # `_id_for` takes the first key contained in a name: the longer and more specific ones come first.
        "auth_session": auth_row.id or 0,
        "interview": running.id or 0,
        "session_id": running.id or 0,
        "sq": current.id or 0,
        "answer": first.id or 0,
        "item": item.id or 0,
        "quiz": attempt.id or 0,
        "attempt": attempt.id or 0,
        "today": attempt.id or 0,
        "topic": own.id or 0,
        "question": own_question.id or 0,
        "report": report.id or 0,
        "resolve": report.id or 0,
        "notification": note.id or 0,
        "plan": plan.id or 0,
        "export": export.id or 0,
        "revision": 1,
        "user": uid,
        "finished": finished.id or 0,
    }
    return World(alice=alice, ids=ids, secrets=[token_in(reset_mail.body_text)])


def test_the_sweep_finds_every_state_of_the_app():
    states = {cls.__name__ for cls in app_states()}
    assert {"AuthState", "RunState", "QuizState", "DataState", "InboxState", "OutboxState", "UsersState"} <= states
    assert len(all_handlers()) >= 180
    named = {f"{cls.__name__}.{name}" for cls, name, _ in all_handlers()}
    assert set(PUBLIC) <= named, set(PUBLIC) - named


def _sweep(world: World, token_for: Callable[[], str], handlers: Handlers) -> Iterator[tuple[str, str, list[str], str]]:
    """Call every handler once with a fresh caller.

    Yields (handler, what the caller could see, the tables written, the error if it raised); what the caller
    gave as arguments is taken out of what it could see (an address it typed may be shown back to it).
    """
    for cls, name, handler in handlers:
        state = new_state(cls)
        prepare(state, token_for(), world)
        args = arguments(handler.fn, world)
        error, result = "", None
        with writes() as written:
            try:
                result = run_handler(state, handler, *args)
            except Exception as exc:
                error = repr(exc)
        shown = visible(state, result)
        if ALICE in json.dumps(args, default=repr):
            shown = shown.replace(ALICE, "")
        yield f"{cls.__name__}.{name}", shown, written, error


def _leaks(shown: str, world: World) -> list[str]:
    return [secret for secret in (*SECRETS, *world.secrets) if secret in shown]


def visitor_problems(world: World, tokens: list[str], handlers: Handlers) -> list[str]:
    """What went wrong when visitors with these tokens called the handlers."""
    problems: list[str] = []
    for token in tokens:
        for name, shown, written, error in _sweep(world, lambda token=token: token, handlers):
            if error:
                problems.append(f"{name}: raised {error}")
            problems += [f"{name}: shows {secret!r}" for secret in _leaks(shown, world)]
            wrote = sorted(set(written) - SECURITY_LOG)
            if wrote and name not in PUBLIC:
                problems.append(f"{name}: wrote to {wrote} for a visitor (token {token!r})")
    return problems


def intruder_problems(
    world: World, token_for: Callable[[], str], queued: list[tuple[str, tuple[object, ...]]], handlers: Handlers
) -> list[str]:
    """What went wrong when other signed-in candidates called the handlers with A's ids."""
    alice_rows = owned_by(world.alice.id or 0)
    problems: list[str] = []
    for name, shown, _written, error in _sweep(world, token_for, handlers):
        if error:
            problems.append(f"{name}: raised {error}")
        problems += [f"{name}: shows {secret!r}" for secret in _leaks(shown, world)]
        changes = changed(alice_rows)
        problems += [f"{name}: {change}" for change in changes]
        for job, args in queued:
            if job in JOB_TARGETS and (JOB_TARGETS[job], args[:1]) in alice_rows:
                problems.append(f"{name}: queued {job}{args} on A's {JOB_TARGETS[job]}")
        queued.clear()
        if changes:  # the next handler is judged on its own
            alice_rows = owned_by(world.alice.id or 0)
    return problems


@pytest.fixture
def bob_token(session: Session, make_user: MakeUser) -> Callable[[], str]:
    """A new signed-in candidate B for each call (a handler may sign B out or delete B's account)."""
    counter = iter(range(100_000))

    def make() -> str:
        bob = make_user(f"bob{next(counter)}@example.com", "Bob Intruder")
        bob.onboarded_at = utcnow()
        session.add(bob)
        return session_token(session, bob)

    return make


def test_no_handler_acts_or_tells_anything_without_a_session(world: World, forged_tokens: list[str]):
    problems = visitor_problems(world, forged_tokens, all_handlers())
    assert not problems, "\n".join(problems)


def test_no_handler_touches_or_shows_another_users_data(
    world: World, bob_token: Callable[[], str], queued: list[tuple[str, tuple[object, ...]]]
):
    assert {name for name, _ in owned_by(world.alice.id or 0)} >= {
        "answers",
        "auth_sessions",
        "data_exports",
        "interview_sessions",
        "notifications",
        "question_reports",
        "quiz_attempts",
        "quiz_items",
        "quiz_questions",
        "session_questions",
        "study_plans",
        "topics",
        "users",
    }
    problems = intruder_problems(world, bob_token, queued, all_handlers())
    assert not problems, "\n".join(problems)


def test_the_sweep_catches_handlers_that_skip_the_checks(
    world: World, bob_token: Callable[[], str], queued: list[tuple[str, tuple[object, ...]]]
):
    """The sweep itself can fail: handlers that trust the id they are given, or the client, are reported."""

    def delete_any(self: Any, interview_id: int) -> None:
        with db.session_scope() as session:
            row = session.get(InterviewSession, interview_id)
            session.delete(row)

    def show_owner(self: Any, interview_id: int) -> None:
        with db.session_scope() as session:
            row = session.get(InterviewSession, interview_id)
            owner = session.get(User, row.user_id if row else 0)
            self.user_name = owner.name if owner else ""

    def score_any(self: Any, answer_id: int) -> None:
        runner.enqueue("score_answer", answer_id)

    def fake(fn: Callable[..., None]) -> Handlers:
        return [(HistoryState, fn.__name__, SimpleNamespace(fn=fn))]

    visitor = visitor_problems(world, [""], fake(show_owner))
    assert visitor == ["HistoryState.show_owner: shows 'Alice Privett'"]
    assert intruder_problems(world, bob_token, queued, fake(score_any)) == [
        f"HistoryState.score_any: queued score_answer({world.ids['answer']},) on A's answers"
    ]
    deleted = intruder_problems(world, bob_token, queued, fake(delete_any))
    assert f"HistoryState.delete_any: interview_sessions[{world.ids['interview']}] deleted" in deleted
