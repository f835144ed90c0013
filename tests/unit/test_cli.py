"""Operator commands, run in-process with click's CliRunner (the `migrate` command needs Reflex: skipped)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from interview_app import db
from interview_app.cli import cli
from interview_app.clock import utcnow
from interview_app.models import AuditEvent, AuthSession, JobRole, Question, RateLimitHit, TwoFactor, User
from interview_app.services.accounts import accounts, passwords
from interview_app.services.shared import rate_limit
from tests.support.handlers import PASSWORD


@pytest.fixture(autouse=True)
def _no_admin_password_env(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)


@pytest.fixture
def run(session):
    """Invoke the CLI; the `session` fixture empties the database afterwards."""
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(cli, list(args), **kwargs)

    return invoke


def users() -> list[User]:
    with Session(db.get_engine()) as fresh:
        return list(fresh.exec(select(User)).all())


def audit_names() -> list[str]:
    with Session(db.get_engine()) as fresh:
        return list(fresh.exec(select(AuditEvent.event).order_by(AuditEvent.id)).all())  # type: ignore[arg-type]


def test_seed_loads_job_roles_and_is_safe_to_repeat(run):
    first = run("seed")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("seeded ")
    count = int(first.output.split()[1])
    assert count >= 14
    added = int(first.output.splitlines()[1].split()[2])
    assert added >= 220, first.output
    second = run("seed")
    assert second.output.splitlines()[0] == first.output.splitlines()[0]
    assert f"0 added, 0 updated, {added} unchanged, 0 retired" in second.output
    with Session(db.get_engine()) as fresh:
        assert len(fresh.exec(select(JobRole)).all()) == count
        assert len(fresh.exec(select(Question)).all()) == added


def test_create_admin_creates_a_verified_admin(run):
    result = run("create-admin", "--email", "Root@Example.com", "--password", PASSWORD, "--name", "Root Admin")
    assert result.exit_code == 0, result.output
    [user] = users()
    assert f"root@example.com is an admin (user id {user.id})" in result.output
    assert (user.email, user.name, user.role) == ("root@example.com", "Root Admin", "admin")
    assert user.email_verified_at is not None
    assert passwords.verify_password(user.password_hash, PASSWORD)
    assert audit_names() == ["account.created_by_cli", "role.changed"]


def test_create_admin_default_name(run):
    assert run("create-admin", "--email", "root@example.com", "--password", PASSWORD).exit_code == 0
    assert users()[0].name == "Administrator"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "Use at least 10 characters"),
        ("qwertyuiop", "one of the most common ones"),
        ("root@example.com", "Do not use your e-mail address or name"),
    ],
)
def test_create_admin_with_weak_password_fails_clearly(run, password, message):
    result = run("create-admin", "--email", "root@example.com", "--password", password)
    assert result.exit_code != 0
    assert "Error:" in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert users() == []


def test_create_admin_reads_admin_password_from_the_environment(run, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    assert run("create-admin", "--email", "root@example.com").exit_code == 0
    assert passwords.verify_password(users()[0].password_hash, PASSWORD)


def test_create_admin_prompts_for_a_missing_password(run):
    result = run("create-admin", "--email", "root@example.com", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password" in result.output
    assert passwords.verify_password(users()[0].password_hash, PASSWORD)


def test_create_admin_promotes_an_existing_account_without_a_password(run, make_user):
    ada = make_user()
    result = run("create-admin", "--email", "ADA@example.com")
    assert result.exit_code == 0, result.output
    assert f"ada@example.com is an admin (user id {ada.id})" in result.output
    [user] = users()
    assert user.role == "admin"
    assert user.password_hash == ada.password_hash
    assert audit_names() == ["role.changed"]


@pytest.mark.parametrize(
    "args",
    [("create-admin", "--email", "not-an-email", "--password", PASSWORD), ("set-role", "not-an-email", "admin")],
    ids=["create-admin", "set-role"],
)
def test_malformed_email_gives_a_clear_error(run, args):
    result = run(*args)
    assert result.exit_code == 1
    assert "Error: Enter a valid e-mail address" in result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # not an unhandled traceback


def test_set_role_changes_the_role_and_audits_it(run, make_user):
    make_user()
    result = run("set-role", "ada@example.com", "admin")
    assert result.exit_code == 0, result.output
    assert "ada@example.com is now admin" in result.output
    assert users()[0].role == "admin"
    with Session(db.get_engine()) as fresh:
        event = fresh.exec(select(AuditEvent).where(AuditEvent.event == "role.changed")).one()
    assert (event.actor_user_id, event.ip, event.detail) == (None, "cli", {"old": "candidate", "new": "admin"})
    make_user("bob@example.com", "Bob Admin", role="admin")
    assert run("set-role", "ada@example.com", "candidate").exit_code == 0
    assert {u.email: u.role for u in users()}["ada@example.com"] == "candidate"


def test_set_role_keeps_the_last_active_admin(run, make_user):
    make_user(role="admin")
    make_user("old@example.com", "Old Admin", role="admin", active=False)
    result = run("set-role", "ada@example.com", "candidate")
    assert result.exit_code == 1
    assert "last active admin" in result.output and "set-role EMAIL admin" in result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert {u.email: u.role for u in users()}["ada@example.com"] == "admin"
    assert "role.changed" not in audit_names()


def test_set_role_for_unknown_account(run):
    result = run("set-role", "nobody@example.com", "admin")
    assert result.exit_code == 1
    assert "no account uses nobody@example.com" in result.output


def test_set_role_rejects_unknown_role(run, make_user):
    make_user()
    result = run("set-role", "ada@example.com", "superuser")
    assert result.exit_code == 2
    assert "superuser" in result.output
    assert users()[0].role == "candidate"


def test_run_job_prune_security_tables(run, session, make_user):
    ada = make_user()
    now = utcnow()
    session.add(AuthSession(user_id=ada.id, token_hash=accounts.hash_token("old"), expires_at=now - timedelta(days=3)))
    session.add(AuthSession(user_id=ada.id, token_hash=accounts.hash_token("live"), expires_at=now + timedelta(days=3)))
    rate_limit.hit(session, "signin-ip:1.2.3.4", now=now - timedelta(days=2))
    rate_limit.hit(session, "signin-ip:1.2.3.4", now=now)
    session.commit()

    result = run("run-job", "prune_security_tables")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "prune_security_tables: 2"
    with Session(db.get_engine()) as fresh:
        assert fresh.exec(select(AuthSession.token_hash)).all() == [accounts.hash_token("live")]
        assert len(fresh.exec(select(RateLimitHit)).all()) == 1
    assert run("run-job", "prune_security_tables").output.strip() == "prune_security_tables: 0"


def test_run_job_deliver_pending_mail_with_nothing_queued(run):
    result = run("run-job", "deliver_pending_mail")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "deliver_pending_mail: 0"


def test_run_job_unknown_name(run):
    result = run("run-job", "nope")
    assert result.exit_code == 1
    from interview_app.jobs.tasks import TASKS

    assert f"unknown job 'nope'; known: {', '.join(sorted(TASKS))}" in result.output
    assert "transcribe_answer" in result.output and "purge_expired_media" in result.output


def test_run_job_rejects_non_integer_arguments(run):
    result = run("run-job", "deliver_mail", "abc")
    assert result.exit_code == 2


def test_settings_hides_secrets(run, override_settings):
    override_settings(secret_key="x" * 40, smtp_password="hunter2-hunter2", openai_api_key="sk-test-123")
    result = run("settings")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "secret_key=***" in lines
    assert "smtp_password=***" in lines
    assert "openai_api_key=***" in lines
    assert "hunter2" not in result.output
    assert "sk-test-123" not in result.output
    assert any(line.startswith("database_url=sqlite:///") for line in lines)


def test_reset_two_factor_turns_it_off_for_a_lost_phone(run, make_user, session):
    from tests.support.two_factor import enrol

    enrol(session, make_user())
    result = run("reset-two-factor", "ada@example.com")
    assert result.exit_code == 0, result.output
    assert "two-factor sign-in is off for ada@example.com" in result.output
    with Session(db.get_engine()) as fresh:
        assert fresh.exec(select(TwoFactor)).all() == []
        event = fresh.exec(select(AuditEvent).where(AuditEvent.event == "two_factor.reset")).one()
    assert event.ip == "cli"
    assert "had no two-factor sign-in" in run("reset-two-factor", "ada@example.com").output
    assert run("reset-two-factor", "nobody@example.com").exit_code != 0
