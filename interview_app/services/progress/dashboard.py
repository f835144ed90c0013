"""What the dashboard shows about a candidate before any practice exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from interview_app.models import JobRole, User
from interview_app.services.accounts import profiles
from interview_app.services.accounts.profiles import LEVELS


@dataclass(frozen=True)
class DashboardSummary:
    """Plain values for the dashboard header."""

    first_name: str
    role_title: str  # "" when the profile names no role yet
    level: str  # the profile's level code ("senior"), "" when unset
    level_label: str
    days_to_interview: int | None
    skills: list[str]
    companies: list[str]


def summary(session: Session, user: User, today: date | None = None, lang: str = "en") -> DashboardSummary:
    """The candidate's goal in words (a seeded role's title in `lang`), with the days left until the interview."""
    assert user.id is not None
    profile = profiles.get_profile(session, user.id)
    role_title = profile.target_role_text
    if profile.target_role_slug:
        role = session.exec(select(JobRole).where(JobRole.slug == profile.target_role_slug)).first()
        role_title = profiles.role_name(role, lang) if role else profile.target_role_slug
    days = None
    if profile.interview_date:
        days = (profile.interview_date - (today or date.today())).days
    return DashboardSummary(
        first_name=user.name.split(" ")[0],
        role_title=role_title or "",
        level=profile.level or "",
        level_label=LEVELS.get(profile.level, profile.level),
        days_to_interview=days,
        skills=list(profile.skills),
        companies=list(profile.target_companies),
    )
