"""Commands for operators: migrate, seed, create an admin, change roles, run jobs, read the local outbox."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter

import click

from interview_app import db
from interview_app.settings import ROOT_DIR, get_settings


@click.group()
def cli() -> None:
    """Interview Coach operator commands."""


@cli.command()
def migrate() -> None:
    """Apply database migrations (same as `reflex db migrate`)."""
    os.chdir(ROOT_DIR)
    from reflex import model

    if model.migrate() is False:
        raise click.ClickException("migration failed; see the messages above")
    click.echo(f"database at head: {_safe_url()}")


@cli.command()
def seed() -> None:
    """Load the default data (job roles, question bank, trainer topics and quizzes); safe to run again."""
    from interview_app.services.accounts import profiles
    from interview_app.services.bank import questions
    from interview_app.services.billing import plans
    from interview_app.services.trainer import topics

    with db.session_scope() as session:
        count = profiles.seed_job_roles(session)
        try:
            changes = questions.seed_questions(session)
            quiz_changes = topics.seed_quiz_bank(session)
        except questions.BankError as exc:
            raise click.ClickException("; ".join(exc.problems[:10])) from None
        try:
            new_plans = plans.seed(session)
        except plans.PlanError as exc:
            raise click.ClickException("plans: " + "; ".join(exc.problems.values())) from None
    click.echo(f"seeded {count} job roles")
    click.echo("question bank: " + ", ".join(f"{n} {k}" for k, n in changes.items()))
    click.echo("trainer: " + ", ".join(f"{n} {k}" for k, n in quiz_changes.items()))
    click.echo(f"plans: {new_plans} created" + ("" if get_settings().plans_enabled else " (PLANS_ENABLED is off)"))
    from interview_app.services.scoring.embeddings import model_path

    path = model_path()
    click.echo(f"scoring model: {path}" if path else "scoring model: not installed (the scorer uses words only)")
    from interview_app.speech.models import ModelUnavailable, model_dir

    try:
        click.echo(f"speech model: Whisper {get_settings().whisper_model} at {model_dir(get_settings().whisper_model)}")
    except ModelUnavailable as exc:
        click.echo(f"speech model: {exc}")


@cli.command("check-questions")
def check_questions() -> None:
    """Validate the question bank files in interview_app/data/questions and the company tracks."""
    from interview_app.services.bank.files import company_track_problems, load_bank

    specs, problems = load_bank()
    problems += company_track_problems(specs)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {len(specs)} valid question(s)")
    by_language = Counter(s.language for s in specs)
    click.echo(f"{len(specs)} questions ({_per_language(by_language)}), all valid")


@cli.command("check-quiz")
def check_quiz() -> None:
    """Validate the daily trainer's topic files in interview_app/data/quiz."""
    from interview_app.services.trainer.quiz_bank import load_quiz_bank

    files, problems = load_quiz_bank()
    for problem in problems:
        click.echo(problem, err=True)
    count = sum(len(f.questions) for f in files)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {count} valid question(s)")
    by_language = Counter(f.language for f in files for _ in f.questions)
    topics = len({f.topic.slug for f in files})
    click.echo(f"{topics} topics, {count} questions ({_per_language(by_language)}), all valid")


def _per_language(counts: Counter[str]) -> str:
    return ", ".join(f"{language}: {n}" for language, n in sorted(counts.items()))


@cli.command()
@click.pass_context
def setup(ctx: click.Context) -> None:
    """Migrate, then seed: everything a fresh or updated installation needs."""
    ctx.invoke(migrate)
    ctx.invoke(seed)


@cli.command("create-admin")
@click.option("--email", required=True, help="E-mail of the admin (an existing account is promoted).")
@click.option("--name", default="Administrator", show_default=True, help="Display name for a new account.")
@click.option(
    "--password",
    envvar="ADMIN_PASSWORD",
    help="Password for a new account (or ADMIN_PASSWORD); asked for when omitted.",
)
def create_admin(email: str, name: str, password: str | None) -> None:
    """Create the first admin, or promote an existing account to admin."""
    from interview_app.services.accounts import accounts

    with db.session_scope() as session:
        exists = accounts.find_user(session, _email(email)) is not None
    if not exists and not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with db.session_scope() as session:
            user = accounts.create_admin(session, email=email, name=name, password=password or "")
            click.echo(f"{user.email} is an admin (user id {user.id})")
    except accounts.AccountError as exc:
        from interview_app.i18n import error_text

        raise click.ClickException(error_text(exc.code)) from exc


@cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(["candidate", "admin"]))
def set_role(email: str, role: str) -> None:
    """Change the role of the account with EMAIL (the last active admin keeps the role)."""
    from interview_app.i18n import error_text
    from interview_app.services.accounts import accounts

    with db.session_scope() as session:
        user = accounts.find_user(session, _email(email))
        if user is None:
            raise click.ClickException(f"no account uses {email}")
        try:
            accounts.set_role(session, user=user, role=role, actor_user_id=None, client=accounts.Client(ip="cli"))
        except accounts.AccountError as exc:
            raise click.ClickException(error_text(exc.code)) from exc
    click.echo(f"{email} is now {role}")


@cli.command("reset-two-factor")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Turn two-factor sign-in off for EMAIL (phone and recovery codes lost); the owner sets it up again."""
    from interview_app.services.accounts import accounts, two_factor

    with db.session_scope() as session:
        user = accounts.find_user(session, _email(email))
        if user is None:
            raise click.ClickException(f"no account uses {email}")
        was_on = two_factor.reset(session, user, ip="cli")
    click.echo(f"two-factor sign-in is off for {email}" if was_on else f"{email} had no two-factor sign-in")


@cli.command("run-job")
@click.argument("name")
@click.argument("args", nargs=-1, type=int)
def run_job(name: str, args: tuple[int, ...]) -> None:
    """Run one background task now, in this process (e.g. prune_security_tables)."""
    from interview_app.jobs.tasks import TASKS
    from interview_app.services.billing import plans

    plans.install_quotas()  # the job counts with the plans' quotas, as the app and the workers do
    if name not in TASKS:
        raise click.ClickException(f"unknown job {name!r}; known: {', '.join(sorted(TASKS))}")
    click.echo(f"{name}: {TASKS[name](*args)}")


@cli.command()
@click.option("--processes", default=1, show_default=True, help="Worker processes (each loads the models once).")
@click.option("--threads", default=2, show_default=True, help="Threads per worker process.")
def worker(processes: int, threads: int) -> None:
    """Run background jobs from the Redis queue (JOB_QUEUE=redis, REFLEX_REDIS_URL set)."""
    from interview_app.settings import get_settings

    settings = get_settings()
    if not settings.redis_url:
        raise click.ClickException("REFLEX_REDIS_URL is not set: the worker reads jobs from Redis")
    from dramatiq.cli import main as dramatiq_main

    sys.argv = [
        "dramatiq",
        "interview_app.jobs.queue",
        "--processes",
        str(processes),
        "--threads",
        str(threads),
    ]
    sys.exit(dramatiq_main())


@cli.command()
def scheduler() -> None:
    """Run the periodic scheduler in the foreground (when SCHEDULER_IN_APP=false)."""
    from interview_app.jobs.scheduler import build_scheduler

    async def main() -> None:
        build_scheduler().start()
        click.echo("scheduler running; Ctrl+C stops it")
        await asyncio.Event().wait()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)


@cli.command()
def settings() -> None:
    """Print the effective settings (secrets hidden)."""
    s = get_settings()
    for key, value in sorted(s.model_dump().items()):
        if any(word in key for word in ("secret", "password", "api_key")) and value:
            value = "***"
        click.echo(f"{key}={value}")
    click.echo(f"database_url={_safe_url()}")


@cli.command()
@click.option("--to", "to", default=None, help="Only messages to this address.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="How many messages.")
def outbox(to: str | None, limit: int) -> None:
    """Print the newest e-mails the app stored or sent, with their links (oldest of them first)."""
    from interview_app.services.notifications import mail

    address = _email(to) if to is not None else None
    with db.session_scope() as session:
        rows = list(reversed(mail.recent_outbox(session, limit, to=address)))
        if not rows:
            click.echo(f"no messages to {address}" if address else "no messages")
            return
        for m in rows:
            click.echo(f"#{m.id} {m.created_at:%Y-%m-%d %H:%M:%S} UTC  {m.status}  to {m.to_email}")
            click.echo(f"  {m.subject}")
            for link in mail.links_in(m.body_text):
                click.echo(f"  {link}")
            click.echo()


def _email(raw: str) -> str:
    """The normalised e-mail, or a clear CLI error."""
    from interview_app.i18n import error_text
    from interview_app.services.accounts import accounts

    try:
        return accounts.normalize_email(raw)
    except accounts.AccountError as exc:
        raise click.ClickException(error_text(exc.code)) from exc


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(get_settings().database_url).render_as_string(hide_password=True)


@cli.command("payments-check")
def payments_check() -> None:
    """Check the payment provider's keys and every paid plan's price there (docs/payments.md); exit 1 on problems."""
    from interview_app.services.billing import checkout

    s = get_settings()
    click.echo(f"provider: {s.payments_provider}")
    click.echo(f"webhook URL to give it: {s.public_url.rstrip('/')}/api/billing/webhooks/{s.payments_provider}")
    with db.session_scope() as session:
        problems = checkout.setup_problems(session)
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if problems:
        sys.exit(1)
    click.echo("ok: the keys work and every paid plan has its price at the provider")
