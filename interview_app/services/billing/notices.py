"""E-mails about a subscriber's payments, written in their language and sent through the e-mail outbox.

- **A payment failed**: once per failed invoice, when the subscription turns past due (`payment_failed`, called by
  the state machine in `subscriptions.py` in the webhook's transaction). The provider's retries of the same
  invoice keep it past due and send nothing more; a later invoice that fails after a paid one writes again. It
  says that nothing is deleted, that the paid plan stays until the grace period's end (the day is named), what the
  provider does next, how to fix the payment method (Manage billing on the settings page for Stripe; the card or
  bank with Razorpay, which retries by itself), and what happens if it is not fixed by then.
- **The grace period has ended**: the subscription is still past due after `grace_until`, so the plan has gone
  back to the default one (`grace_ended`, run by the `billing_grace_ended` job every 15 minutes). Once per grace
  period: the `billing.grace_ended` audit event (the subscription and the period's end) is the mark. Only
  periods that ended in the last `GRACE_ENDED_WINDOW` are looked at, so an old past-due row never writes long
  afterwards.

Neither is sent to a deleted account (no user) or with plans off.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from interview_app import routes
from interview_app.clock import aware, utcnow
from interview_app.i18n import formats, t
from interview_app.models import AuditEvent, Plan, Subscription, User
from interview_app.services.billing import plans
from interview_app.services.notifications import mail
from interview_app.services.shared import audit
from interview_app.settings import get_settings

log = logging.getLogger(__name__)

FAILED_KIND = "billing_payment_failed"
GRACE_ENDED_KIND = "billing_grace_ended"
GRACE_ENDED_WINDOW = timedelta(days=3)


def _recipient(session: Session, row: Subscription) -> tuple[User, str] | None:
    user = session.get(User, row.user_id) if row.user_id is not None else None
    if user is None or not get_settings().plans_enabled:
        return None
    return user, mail.recipient_language(session, user.id)


def _plan_name(session: Session, row: Subscription) -> str:
    plan = session.get(Plan, row.plan_id)
    return plan.name if plan is not None else ""


def payment_failed(session: Session, row: Subscription) -> None:
    """Tell the subscriber that a payment failed and what happens next (the row has just turned past due)."""
    found = _recipient(session, row)
    if found is None or row.grace_until is None:
        return
    user, lang = found
    day = formats.date(aware(row.grace_until).date(), lang, "long")
    invoices = get_settings().public_url.rstrip("/") + routes.SETTINGS_INVOICES
    texts = ("mail.billing_failed_subject", "mail.billing_failed_body")
    _write(session, row, user, lang, FAILED_KIND, texts, day=day, invoices=invoices)


def _write(
    session: Session, row: Subscription, user: User, lang: str, kind: str, texts: tuple[str, str], **params: str
) -> None:
    """Queue the e-mail whose subject and body are the keys `texts`, about `row`'s plan, to its subscriber."""
    plan = _plan_name(session, row)
    how = "mail.billing_fix_portal" if row.provider == "stripe" else "mail.billing_fix_provider"
    mail.queue(
        session,
        to=user.email,
        subject=t(texts[0], lang, plan=plan),
        body=t(
            texts[1],
            lang,
            name=user.name or user.email,
            plan=plan,
            default_plan=plans.default_plan(session).name,
            how=t(how, lang, settings=get_settings().public_url.rstrip("/") + routes.SETTINGS),
            **params,
        ),
        kind=kind,
    )


def grace_ended(session: Session, now: datetime | None = None) -> int:
    """E-mail every subscriber whose grace period ended unpaid (once each); returns how many were written.

    Commits after each e-mail, so one that fails to be written does not hold back the others.
    """
    now = aware(now or utcnow())
    if not get_settings().plans_enabled:
        return 0
    query = select(Subscription).where(
        Subscription.status == "past_due",
        col(Subscription.grace_until).is_not(None),
        col(Subscription.grace_until) <= now,
        col(Subscription.grace_until) > now - GRACE_ENDED_WINDOW,
    )
    written = 0
    for row in session.exec(query).all():
        found = _recipient(session, row)
        if found is None or row.grace_until is None:
            continue
        user, lang = found
        if plans.subscription_for(session, user.id or 0, now) is not None:
            continue  # paid again meanwhile (a new subscription): the plan did not go back
        ended = aware(row.grace_until).isoformat()
        told = session.exec(
            select(AuditEvent.detail).where(
                AuditEvent.event == "billing.grace_ended", AuditEvent.subject_user_id == user.id
            )
        ).all()
        if any(d.get("subscription_id") == row.id and d.get("grace_until") == ended for d in told):
            continue
        pricing = get_settings().public_url.rstrip("/") + routes.PRICING
        texts = ("mail.billing_grace_ended_subject", "mail.billing_grace_ended_body")
        _write(session, row, user, lang, GRACE_ENDED_KIND, texts, pricing=pricing)
        audit.record(
            session,
            "billing.grace_ended",
            subject_user_id=user.id,
            subscription_id=row.id,
            grace_until=ended,
            plan=_plan_name(session, row),
        )
        session.commit()
        written += 1
    if written:
        log.info("Told %d subscribers that their grace period ended", written)
    return written
