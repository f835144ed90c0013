"""Candidate profiles: onboarding, preferences and the seeded job roles."""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.i18n import LANGUAGES, collation, keys, t
from interview_app.models import JobRole, Profile, User
from interview_app.services.answers import recordings
from interview_app.services.progress import analytics

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
LEVELS: dict[str, str] = {
    "intern": t("level.intern"),
    "junior": t("level.junior"),
    "mid": t("level.mid"),
    "senior": t("level.senior"),
    "staff": t("level.staff"),
    "manager": t("level.manager"),
}
DIFFICULTIES: dict[str, str] = {
    "easy": t("difficulty.easy"),
    "medium": t("difficulty.medium"),
    "hard": t("difficulty.hard"),
}
RETENTION: dict[str, str] = {
    "7": t("profile.retention.7"),
    "30": t("profile.retention.30"),
    "90": t("profile.retention.90"),
    "forever": t("profile.retention.forever"),
}
MAX_LIST_ITEMS = 30
MAX_ITEM_LENGTH = 60
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Daily quiz sizes offered (0: one question per followed topic) and daily goals (0: finish the daily quiz).
QUIZ_LENGTHS: tuple[int, ...] = (0, 3, 5, 8, 10, 15, 20)
DAILY_GOALS: tuple[int, ...] = (0, 5, 10, 15, 20, 30)
QUIZ_SECONDS_RANGE = (10, 300)


class ProfileError(ValueError):
    """Invalid profile input; `errors` maps each field to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@functools.cache
def common_timezones() -> tuple[str, ...]:
    """Time zone names offered in forms, sorted (read from the system once)."""
    return (*sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))), "UTC")


def seed_job_roles(session: Session) -> int:
    """Insert or update the job roles from `data/job_roles.json`; returns how many there are."""
    items = json.loads((DATA_DIR / "job_roles.json").read_text(encoding="utf-8"))
    existing = {r.slug: r for r in session.exec(select(JobRole)).all()}
    for item in items:
        row = existing.get(item["slug"]) or JobRole(slug=item["slug"], title=item["title"], family=item["family"])
        row.title, row.family = item["title"], item["family"]
        row.description = item.get("description", "")
        row.suggested_skills = list(item.get("suggested_skills", []))
        session.add(row)
    return len(items)


@functools.cache
def _role_translations() -> dict[str, dict[str, dict[str, str]]]:
    """Each role's texts in the other languages, read once from `data/job_roles.json`: {slug: {"ko": {"title": ...}}}.

    The data file is the one home of a role's names; the table keeps the English title it was seeded with.
    """
    try:
        items = json.loads((DATA_DIR / "job_roles.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        str(item["slug"]): {"en": {"title": str(item.get("title", ""))}, **(item.get("translations") or {})}
        for item in items
        if isinstance(item, dict) and "slug" in item
    }


def role_name(role: JobRole, lang: str) -> str:
    """A job role's title in `lang` (its English title for a language the data file does not translate it into)."""
    return str(_role_translations().get(role.slug, {}).get(lang, {}).get("title") or role.title)


def shown_role_title(slug: str | None, stored: str, lang: str) -> str:
    """An interview's role as a reader of `lang` sees it.

    A seeded role's title is shown in `lang`, whatever language the interview stored it in; a role the candidate
    typed (or one the data file no longer has) as stored.
    """
    found = _role_translations().get(slug or "", {}).get(lang, {}).get("title")
    return str(found) if found else stored


def list_roles(session: Session, lang: str = "en") -> list[JobRole]:
    """All job roles, alphabetically by their title in `lang` (every list shows titles only)."""
    return sorted(session.exec(select(JobRole)).all(), key=lambda r: collation.sort_key(role_name(r, lang), lang))


def role_title(session: Session, slug: str, lang: str = "en") -> str | None:
    """The title of the job role `slug` in `lang`; None when there is no such role."""
    role = session.exec(select(JobRole).where(JobRole.slug == slug)).first() if slug else None
    return role_name(role, lang) if role is not None else None


def get_profile(session: Session, user_id: int) -> Profile:
    """The user's profile, created with defaults when missing."""
    profile = session.get(Profile, user_id)
    if profile is None:
        profile = Profile(user_id=user_id)
        session.add(profile)
        session.flush()
    return profile


def language_of(session: Session, user_id: int, default: str = "en") -> str:
    """The user's language (interface, content, e-mails): the profile's, or `default` before a profile exists."""
    profile = session.get(Profile, user_id)
    return profile.language if profile is not None and profile.language in LANGUAGES else default


def set_language(session: Session, user: User, language: str) -> str:
    """Save the user's language (a code of `LANGUAGES`); another value is a ProfileError and changes nothing."""
    return update_profile(session, user, {"language": language}).language


def parse_list(raw: str | list[str]) -> list[str]:
    """Split comma- or newline-separated text into trimmed, de-duplicated items."""
    parts = raw if isinstance(raw, list) else re.split(r"[,\n]", raw or "")
    seen: dict[str, str] = {}
    for part in parts:
        item = " ".join(str(part).split())
        if item and item.lower() not in seen:
            seen[item.lower()] = item
    return list(seen.values())


def update_profile(
    session: Session, user: User, form: dict[str, object], *, finish_onboarding: bool = False, lang: str = "en"
) -> Profile:
    """Validate `form` and save it to the user's profile.

    Args:
        session: Open database session.
        user: The signed-in user (resolved on the server).
        form: Field values as submitted; unknown keys are ignored, missing ones keep their value.
        finish_onboarding: Mark onboarding as done when the form is valid.
        lang: The language of the error messages (the page's; the API's stay English, docs/api.md).

    Returns:
        The saved profile.

    Raises:
        ProfileError: With a message per invalid field; nothing is saved.

    """
    assert user.id is not None
    profile = get_profile(session, user.id)
    errors: dict[str, str] = {}
    values = _validate(session, form, errors, lang)
    submitted = "target_role" in values or "target_role_slug" in values
    role_after = (
        values.get("target_role_slug") or values.get("target_role_text")
        if submitted
        else (profile.target_role_slug or profile.target_role_text)
    )
    if finish_onboarding and not role_after:
        errors["target_role"] = t("profile.error.role_required", lang)
    if errors:
        raise ProfileError(errors)
    if "recording_retention_days" in values and values["recording_retention_days"] != profile.recording_retention_days:
        days = values["recording_retention_days"]
        recordings.apply_retention(session, user.id, days if isinstance(days, int) else None)
    for key, value in values.items():
        setattr(profile, key, value)
    profile.updated_at = utcnow()
    session.add(profile)
    if finish_onboarding and user.onboarded_at is None:
        user.onboarded_at = utcnow()
        session.add(user)
    if {"target_role_slug", "level", "share_progress"} & values.keys():
        session.flush()
        analytics.refresh_user_stats(session, user.id)  # peers are grouped by role and level
    return profile


def _validate(session: Session, form: dict[str, object], errors: dict[str, str], lang: str) -> dict[str, object]:
    values: dict[str, object] = {}
    text = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    if "target_role" in form:
        role = text.get("target_role", "")
        slugs = {r.slug for r in list_roles(session)}
        if role in slugs:
            values["target_role_slug"], values["target_role_text"] = role, ""
        elif len(role) > 120:
            errors["target_role"] = t("profile.error.role_too_long", lang)
        else:
            values["target_role_slug"], values["target_role_text"] = None, " ".join(role.split())
    if "level" in form:
        if text.get("level") in LEVELS:
            values["level"] = text["level"]
        else:
            errors["level"] = t("profile.error.level", lang)
    for key in ("skills", "target_companies"):
        if key in form:
            items = parse_list(form[key] if isinstance(form[key], list) else text.get(key, ""))  # type: ignore[arg-type]
            if len(items) > MAX_LIST_ITEMS:
                errors[key] = t("profile.error.too_many_items", lang, count=MAX_LIST_ITEMS)
            elif any(len(i) > MAX_ITEM_LENGTH for i in items):
                errors[key] = t("profile.error.item_too_long", lang, length=MAX_ITEM_LENGTH)
            else:
                values[key] = items
    if "interview_date" in form:
        raw = text.get("interview_date", "")
        if not raw:
            values["interview_date"] = None
        else:
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                errors["interview_date"] = t("profile.error.date_format", lang)
            else:
                if day < date.today() - timedelta(days=365):
                    errors["interview_date"] = t("profile.error.date_past", lang)
                else:
                    values["interview_date"] = day
    if "timezone" in form:
        try:
            ZoneInfo(text.get("timezone", ""))
            values["timezone"] = text["timezone"]
        except (ZoneInfoNotFoundError, ValueError, KeyError):
            errors["timezone"] = t("profile.error.timezone", lang)
    if "difficulty" in form:
        if text.get("difficulty") in DIFFICULTIES:
            values["difficulty"] = text["difficulty"]
        else:
            errors["difficulty"] = t("profile.error.difficulty", lang)
    if "answer_seconds" in form:
        try:
            seconds = int(str(form["answer_seconds"]))
        except ValueError:
            seconds = -1
        if 30 <= seconds <= 600:
            values["answer_seconds"] = seconds
        else:
            errors["answer_seconds"] = t("profile.error.answer_seconds", lang)
    if "trainer_time" in form:
        if _TIME.match(text.get("trainer_time", "")):
            values["trainer_time"] = text["trainer_time"]
        else:
            errors["trainer_time"] = t("profile.error.trainer_time", lang)
    for key, allowed in (("quiz_length", QUIZ_LENGTHS), ("daily_goal", DAILY_GOALS)):
        if key in form:
            number = _as_int(form[key])
            if number in allowed:
                values[key] = number
            else:
                errors[key] = t(keys.PROFILE_ERRORS[key], lang)
    if "quiz_seconds" in form:
        seconds = _as_int(form["quiz_seconds"])
        if QUIZ_SECONDS_RANGE[0] <= seconds <= QUIZ_SECONDS_RANGE[1]:
            values["quiz_seconds"] = seconds
        else:
            errors["quiz_seconds"] = t(
                "profile.error.quiz_seconds", lang, low=QUIZ_SECONDS_RANGE[0], high=QUIZ_SECONDS_RANGE[1]
            )
    if "quiet_enabled" in form:
        if form["quiet_enabled"] in (False, "false", "off", "0", 0):
            values["quiet_start"] = values["quiet_end"] = "00:00"
        else:
            start, end = text.get("quiet_start", ""), text.get("quiet_end", "")
            for key, value in (("quiet_start", start), ("quiet_end", end)):
                if not _TIME.match(value):
                    errors[key] = t("profile.error.trainer_time", lang)
            if start == end and "quiet_start" not in errors:
                errors["quiet_end"] = t("profile.error.quiet_same", lang)
            if "quiet_start" not in errors and "quiet_end" not in errors:
                values["quiet_start"], values["quiet_end"] = start, end
    if "recording_retention" in form:
        choice = text.get("recording_retention", "")
        if choice in RETENTION:
            values["recording_retention_days"] = None if choice == "forever" else int(choice)
        else:
            errors["recording_retention"] = t("profile.error.retention", lang)
    if "language" in form:
        if text.get("language") in LANGUAGES:
            values["language"] = text["language"]
        else:
            errors["language"] = t("profile.error.language", lang)
    for key in ("timer_enabled", "remind_in_app", "remind_email", "remind_push", "quiz_timer", "share_progress"):
        if key in form:
            values[key] = form[key] in (True, "true", "on", "1", 1)
    return values


def _as_int(value: object) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return -1


def quiet_hours_on(profile: Profile) -> bool:
    """Whether the profile has quiet hours (equal start and end mean none)."""
    return profile.quiet_start != profile.quiet_end


def local_time(session: Session, user_id: int, moment: datetime) -> datetime:
    """`moment` in the user's time zone from their profile (UTC when unset or unknown)."""
    profile = session.get(Profile, user_id)
    try:
        zone = ZoneInfo(profile.timezone) if profile and profile.timezone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone)
