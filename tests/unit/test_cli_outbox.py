"""`python -m interview_app outbox`: the machine's owner reads the local outbox without the web page."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import CliRunner
from sqlmodel import Session

from interview_app.cli import cli
from interview_app.models import User
from interview_app.services.accounts import accounts
from tests.support.handlers import CLIENT, outbox


def _run(*args: str):
    return CliRunner().invoke(cli, ["outbox", *args])


def test_prints_the_newest_messages_with_their_links_oldest_first(session: Session, make_user: Callable[..., User]):
    for email in ("ada@example.com", "bob@example.com"):
        make_user(email, email.split("@")[0].title())
        accounts.request_password_reset(session, email=email, client=CLIENT)
    session.commit()
    ada, bob = outbox(session)
    result = _run()
    assert result.exit_code == 0, result.output
    assert result.output.index("to ada@example.com") < result.output.index("to bob@example.com")
    assert ada.subject in result.output
    for message in (ada, bob):
        link = next(word for word in message.body_text.split() if word.startswith("http"))
        assert f"  {link}\n" in result.output


def test_filters_by_recipient_and_limits_the_count(session: Session, make_user: Callable[..., User]):
    make_user("ada@example.com")
    make_user("bob@example.com", "Bob")
    for email in ("ada@example.com", "bob@example.com", "ada@example.com"):
        accounts.request_password_reset(session, email=email, client=CLIENT)
    session.commit()
    newest_for_ada = outbox(session, to="ada@example.com")[-1]
    result = _run("--to", " ADA@example.com ", "--limit", "1")
    assert result.exit_code == 0, result.output
    assert result.output.count("to ada@example.com") == 1 and "bob@" not in result.output
    assert f"#{newest_for_ada.id} " in result.output


def test_says_so_when_nothing_was_stored_and_refuses_a_bad_limit(session: Session):
    empty = _run("--to", "nobody@example.com")
    assert empty.exit_code == 0 and empty.output == "no messages to nobody@example.com\n"
    bad = _run("--limit", "0")
    assert bad.exit_code != 0 and "--limit" in bad.output
