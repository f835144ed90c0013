"""The profile and preferences form shared by onboarding and the settings page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components import browser
from interview_app.components.forms import field_error, labelled
from interview_app.components.i18n import tr
from interview_app.i18n import LANGUAGE_NAMES, keys
from interview_app.models import User
from interview_app.services.accounts import profiles
from interview_app.state.auth import AuthState, with_user

OTHER_ROLE = "other"
TEXT_FIELDS = (
    "target_role",
    "target_role_text",
    "level",
    "skills_text",
    "companies_text",
    "interview_date",
    "timezone",
    "difficulty",
    "answer_seconds",
    "trainer_time",
    "language",
    "recording_retention",
    "quiz_length",
    "daily_goal",
    "quiz_seconds",
    "quiet_start",
    "quiet_end",
)
BOOL_FIELDS = ("timer_enabled", "remind_in_app", "remind_email", "remind_push", "quiz_timer", "quiet_enabled")


class ProfileState(AuthState):
    """Profile values being edited; saved only through `profiles.update_profile`."""

    target_role: str = ""
    target_role_text: str = ""
    level: str = "mid"
    skills_text: str = ""
    companies_text: str = ""
    interview_date: str = ""
    timezone: str = "UTC"
    difficulty: str = "medium"
    timer_enabled: bool = True
    answer_seconds: str = "120"
    trainer_time: str = "08:00"
    remind_in_app: bool = True
    remind_email: bool = False
    remind_push: bool = False
    language: str = "en"
    recording_retention: str = "30"
    quiz_length: str = "0"
    daily_goal: str = "0"
    quiz_timer: bool = False
    quiz_seconds: str = "45"
    quiet_enabled: bool = True
    quiet_start: str = "22:00"
    quiet_end: str = "07:00"
    # What the browser said about push notifications on this device.
    push_message: str = ""
    # Error message per field from the last save.
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # Job roles offered: slug, title, family and suggested skills.
    roles: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # Suggested skills of every role, by slug.
    role_skills: rx.Field[dict[str, list[str]]] = rx.field(default_factory=dict)
    # The onboarding step (1-3).
    step: int = 1
    saving: bool = False

    @rx.var
    def suggested_skills(self) -> list[dict[str, str | bool]]:
        """The chosen role's skills, each marked picked when it is in the list (chips stay where they are)."""
        have = {s.lower() for s in profiles.parse_list(self.skills_text)}
        return [{"name": s, "picked": s.lower() in have} for s in self.role_skills.get(self.target_role, [])]

    @rx.event
    def load(self):
        """Fill the form from the signed-in user's profile."""
        self.errors = {}
        self.step = 1
        return self._load()

    @with_user
    def _load(self, session: Session, user: User):
        self._show_user(user)
        profile = profiles.get_profile(session, user.id or 0)
        roles = profiles.list_roles(session, self.lang)
        self.roles = [{"slug": r.slug, "title": profiles.role_name(r, self.lang), "family": r.family} for r in roles]
        self.role_skills = {r.slug: list(r.suggested_skills) for r in roles}
        self.target_role = profile.target_role_slug or (OTHER_ROLE if profile.target_role_text else "")
        self.target_role_text = profile.target_role_text
        self.level = profile.level
        self.skills_text = ", ".join(profile.skills)
        self.companies_text = ", ".join(profile.target_companies)
        self.interview_date = profile.interview_date.isoformat() if profile.interview_date else ""
        self.timezone = profile.timezone
        self.difficulty = profile.difficulty
        self.timer_enabled = profile.timer_enabled
        self.answer_seconds = str(profile.answer_seconds)
        self.trainer_time = profile.trainer_time
        self.remind_in_app, self.remind_email = profile.remind_in_app, profile.remind_email
        self.remind_push = profile.remind_push
        self.language = profile.language
        days = profile.recording_retention_days
        self.recording_retention = str(days) if days else "forever"
        self.quiz_length, self.daily_goal = str(profile.quiz_length), str(profile.daily_goal)
        self.quiz_timer, self.quiz_seconds = profile.quiz_timer, str(profile.quiz_seconds)
        self.quiet_enabled = profiles.quiet_hours_on(profile)
        self.quiet_start = profile.quiet_start if self.quiet_enabled else "22:00"
        self.quiet_end = profile.quiet_end if self.quiet_enabled else "07:00"
        default_zone = profile.timezone == "UTC"
        if default_zone:
            return browser.call("intl.timeZone", then=ProfileState.set_browser_zone)
        return None

    @rx.event
    def set_browser_zone(self, zone: str):
        """Preselect the browser's time zone when the profile has none yet."""
        if isinstance(zone, str) and zone in profiles.common_timezones():
            self.timezone = zone

    @rx.event
    def set_text(self, field: str, value: str):
        """Update one text field of the form."""
        if field in TEXT_FIELDS:
            setattr(self, field, str(value)[:2000])
            self.errors = {k: v for k, v in self.errors.items() if k not in (field, field.removesuffix("_text"))}

    @rx.event
    def set_flag(self, field: str, value: bool):
        """Update one switch of the form."""
        if field in BOOL_FIELDS:
            setattr(self, field, bool(value))

    @rx.event
    def push(self, enable: bool):
        """Turn push notifications on or off for this device (the browser asks for permission)."""
        return _push("enable" if enable else "disable")

    @rx.event
    def push_status(self):
        """Ask the browser whether push notifications are on for this device."""
        return _push("status")

    @rx.event
    def push_done(self, result: dict):
        """Show what the browser answered, and keep the push switch in step with it."""
        state = str(result.get("state", "failed")) if isinstance(result, dict) else "failed"
        if state in keys.PUSH_STATE:  # the page's language (assets/push.js only knows English)
            self.push_message = self.t(keys.PUSH_STATE[state])
        else:
            self.push_message = str(result.get("message") or self.t("push.failed")) if isinstance(result, dict) else ""
        if state in ("enabled", "disabled"):
            self.remind_push = state == "enabled"

    @rx.event
    def toggle_skill(self, skill: str):
        """Add a suggested skill to the list, or take it out when it is there already."""
        listed = profiles.parse_list(self.skills_text)
        kept = [s for s in listed if s.lower() != skill.lower()]
        self.skills_text = ", ".join(kept if len(kept) < len(listed) else [*listed, skill])

    def _form(self) -> dict[str, object]:
        role = self.target_role_text if self.target_role in ("", OTHER_ROLE) else self.target_role
        return {
            "target_role": role,
            "level": self.level,
            "skills": self.skills_text,
            "target_companies": self.companies_text,
            "interview_date": self.interview_date,
            "timezone": self.timezone,
            "difficulty": self.difficulty,
            "timer_enabled": self.timer_enabled,
            "answer_seconds": self.answer_seconds,
            "trainer_time": self.trainer_time,
            "remind_in_app": self.remind_in_app,
            "remind_email": self.remind_email,
            "remind_push": self.remind_push,
            "language": self.language,
            "recording_retention": self.recording_retention,
            "quiz_length": self.quiz_length,
            "daily_goal": self.daily_goal,
            "quiz_timer": self.quiz_timer,
            "quiz_seconds": self.quiz_seconds,
            "quiet_enabled": self.quiet_enabled,
            "quiet_start": self.quiet_start,
            "quiet_end": self.quiet_end,
        }

    def _save(self, finish_onboarding: bool) -> Literal["saved", "invalid", "signed_out"]:
        with self._session() as session:
            user = self._signed_in_user(session)
            if user is None:
                return "signed_out"
            try:
                profiles.update_profile(
                    session, user, self._form(), finish_onboarding=finish_onboarding, lang=self.lang
                )
            except profiles.ProfileError as exc:
                self.errors = exc.errors
                return "invalid"
        self.errors = {}
        return "saved"

    @rx.event
    def save_settings(self):
        """Save the settings page."""
        outcome = self._save(finish_onboarding=False)
        if outcome == "signed_out":
            return self._to_sign_in()
        if outcome == "saved":
            return rx.toast.success(self.t("profile.saved"))
        return rx.toast.error(self.t("profile.needs_attention"))

    @rx.event
    def next_step(self):
        """Onboarding: validate this step's role choice and move on."""
        if self.step == 1 and self.target_role in ("", OTHER_ROLE) and not self.target_role_text.strip():
            self.errors = {"target_role": self.t("profile.error.role_required")}
            return
        self.step = min(3, self.step + 1)

    @rx.event
    def previous_step(self):
        """Onboarding: go back one step, keeping everything typed."""
        self.step = max(1, self.step - 1)

    @rx.event
    def finish_onboarding(self):
        """Save everything and open the dashboard."""
        outcome = self._save(finish_onboarding=True)
        if outcome == "signed_out":
            return self._to_sign_in()
        if outcome == "invalid":
            first = next(iter(self.errors), "")
            self.step = (
                1
                if first in ("target_role", "level", "interview_date", "target_companies")
                else (2 if first == "skills" else 3)
            )
            return rx.toast.error(self.t("profile.needs_attention"))
        return rx.redirect(routes.DASHBOARD)


def _push(action: str) -> rx.event.EventSpec:
    """Run `icPush.<action>()` once assets/push.js has loaded; the outcome goes to `push_done`."""
    unsupported = {"state": "unsupported"}
    return browser.call(f"icPush.{action}", then=ProfileState.push_done, wait_ms=5000, fallback=unsupported)


def _error(field: str) -> rx.Var[str]:
    return ProfileState.errors.get(field, "").to(str)


def _select(field: str, options: Sequence[tuple[str, str | rx.Var]], label: str | rx.Var) -> rx.Component:
    field_id = f"field-{field}"
    items = [rx.select.item(text, value=value) for value, text in options]
    return labelled(
        label,
        field_id,
        rx.select.root(
            rx.select.trigger(id=field_id, width="100%", aria_label=label),
            rx.select.content(*items),
            value=getattr(ProfileState, field),
            on_change=lambda v: ProfileState.set_text(field, v),
            size="3",
        ),
        _error(field),
    )


def _input(
    field: str,
    label: str | rx.Var,
    hint: str | rx.Var = "",
    type: Literal["text", "date", "time", "number"] = "text",
    placeholder: str | rx.Var = "",
) -> rx.Component:
    field_id = f"field-{field}"
    return labelled(
        label,
        field_id,
        rx.input(
            id=field_id,
            type=type,
            value=getattr(ProfileState, field),
            placeholder=placeholder,
            size="3",
            on_change=lambda v: ProfileState.set_text(field, v),
            width="100%",
        ),
        _error(field.removesuffix("_text").replace("companies", "target_companies")),
        hint,
    )


def _switch(field: str, label: str | rx.Var) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.switch(
                checked=getattr(ProfileState, field),
                on_change=lambda v: ProfileState.set_flag(field, v),
                id=f"field-{field}",
            ),
            rx.text(label, size="2"),
            align="center",
        ),
        html_for=f"field-{field}",
    )


def role_fields() -> rx.Component:
    """Target role, level, interview date and companies."""
    return rx.vstack(
        labelled(
            tr("profile.role.label"),
            "field-target_role",
            rx.select.root(
                rx.select.trigger(
                    placeholder=tr("profile.role.placeholder"),
                    id="field-target_role",
                    width="100%",
                    aria_label=tr("profile.role.aria"),
                ),
                rx.select.content(
                    rx.foreach(ProfileState.roles, lambda r: rx.select.item(r["title"], value=r["slug"])),
                    rx.select.separator(),
                    rx.select.item(tr("profile.role.other"), value=OTHER_ROLE),
                ),
                value=ProfileState.target_role,
                on_change=lambda v: ProfileState.set_text("target_role", v),
                size="3",
            ),
            _error("target_role"),
        ),
        rx.cond(
            ProfileState.target_role == OTHER_ROLE,
            _input("target_role_text", tr("profile.role_text.label"), placeholder=tr("profile.role_text.placeholder")),
        ),
        _select("level", [(v, tr(keys.LEVEL[v])) for v in profiles.LEVELS], tr("profile.level.label")),
        _input("interview_date", tr("profile.interview_date.label"), tr("profile.interview_date.hint"), type="date"),
        _input(
            "companies_text",
            tr("profile.companies.label"),
            tr("profile.companies.hint"),
            placeholder=tr("profile.companies.placeholder"),
        ),
        spacing="4",
        width="100%",
    )


def skill_fields() -> rx.Component:
    """Skills, with one-click suggestions from the chosen role."""
    return rx.vstack(
        _input(
            "skills_text",
            tr("profile.skills.label"),
            tr("profile.skills.hint"),
            placeholder=tr("profile.skills.placeholder"),
        ),
        rx.cond(
            ProfileState.suggested_skills.length() > 0,
            rx.vstack(
                rx.text(tr("profile.skills.suggested"), size="2", color_scheme="gray"),
                rx.flex(
                    rx.foreach(
                        ProfileState.suggested_skills,
                        lambda s: rx.button(
                            rx.cond(s["picked"], rx.icon("check", size=14), rx.icon("plus", size=14)),
                            s["name"],
                            size="1",
                            variant=rx.cond(s["picked"], "solid", "soft"),
                            radius="full",
                            on_click=ProfileState.toggle_skill(s["name"].to(str)),
                            type="button",
                            aria_pressed=rx.cond(s["picked"], "true", "false"),
                        ),
                    ),
                    wrap="wrap",
                    spacing="2",
                ),
                spacing="2",
            ),
        ),
        spacing="4",
        width="100%",
    )


def practice_fields() -> rx.Component:
    """Difficulty, answer timer, time zone, language and how long recordings are kept."""
    return rx.vstack(
        _select(
            "difficulty", [(v, tr(keys.DIFFICULTY[v])) for v in profiles.DIFFICULTIES], tr("profile.difficulty.label")
        ),
        _switch("timer_enabled", tr("profile.timer.label")),
        rx.cond(
            ProfileState.timer_enabled,
            _input(
                "answer_seconds", tr("profile.answer_seconds.label"), tr("profile.answer_seconds.hint"), type="number"
            ),
        ),
        labelled(
            tr("profile.timezone.label"),
            "field-timezone",
            rx.el.select(
                *[rx.el.option(z, value=z) for z in profiles.common_timezones()],
                id="field-timezone",
                value=ProfileState.timezone,
                on_change=lambda v: ProfileState.set_text("timezone", v),
                class_name="ic-native-select",
            ),
            _error("timezone"),
        ),
        _select("language", list(LANGUAGE_NAMES.items()), tr("profile.language.label")),
        _select(
            "recording_retention",
            [(v, tr(keys.RETENTION[v])) for v in profiles.RETENTION],
            tr("profile.retention.label"),
        ),
        rx.text(tr("profile.retention.hint"), size="1", color_scheme="gray"),
        field_error(_error("form"), "form"),
        spacing="4",
        width="100%",
    )


def reminder_fields() -> rx.Component:
    """When the daily quiz is ready and how to be reminded of it."""
    return rx.vstack(
        _input("trainer_time", tr("profile.trainer_time.label"), tr("profile.trainer_time.hint"), type="time"),
        rx.text(tr("profile.reminders"), size="2", weight="medium"),
        _switch("remind_in_app", tr("profile.remind_in_app")),
        _switch("remind_email", tr("profile.remind_email")),
        _switch("remind_push", tr("profile.remind_push")),
        spacing="4",
        width="100%",
    )


def trainer_fields() -> rx.Component:
    """Daily quiz size, goal and timer; quiet hours; push notifications on this device."""
    return rx.vstack(
        _select(
            "quiz_length",
            [
                (str(n), tr("profile.quiz_length.topics") if n == 0 else tr("profile.quiz_length.n", n=n))
                for n in profiles.QUIZ_LENGTHS
            ],
            tr("profile.quiz_length.label"),
        ),
        _select(
            "daily_goal",
            [
                (str(n), tr("profile.daily_goal.quiz") if n == 0 else tr("profile.daily_goal.n", n=n))
                for n in profiles.DAILY_GOALS
            ],
            tr("profile.daily_goal.label"),
        ),
        _switch("quiz_timer", tr("profile.quiz_timer.label")),
        rx.cond(
            ProfileState.quiz_timer,
            _input("quiz_seconds", tr("profile.quiz_seconds.label"), tr("profile.quiz_seconds.hint"), type="number"),
        ),
        reminder_fields(),
        _switch("quiet_enabled", tr("profile.quiet.label")),
        rx.cond(
            ProfileState.quiet_enabled,
            rx.hstack(
                _input("quiet_start", tr("profile.quiet.start"), type="time"),
                _input("quiet_end", tr("profile.quiet.end"), type="time"),
                spacing="3",
                width="100%",
            ),
        ),
        rx.text(tr("profile.quiet.hint"), size="1", color_scheme="gray"),
        rx.vstack(
            rx.text(tr("profile.push.title"), size="2", weight="medium"),
            rx.hstack(
                rx.button(
                    tr("profile.push.enable"),
                    on_click=ProfileState.push(True),
                    variant="soft",
                    size="2",
                    type="button",
                    id="push-enable",
                ),
                rx.button(
                    tr("profile.push.disable"),
                    on_click=ProfileState.push(False),
                    variant="ghost",
                    size="2",
                    color_scheme="gray",
                    type="button",
                    id="push-disable",
                ),
                spacing="3",
                wrap="wrap",
            ),
            rx.cond(
                ProfileState.push_message != "",
                rx.text(ProfileState.push_message, size="2", id="push-message", role="status"),
            ),
            rx.script(src="/push.js"),
            spacing="2",
            width="100%",
            on_mount=ProfileState.push_status,
        ),
        spacing="4",
        width="100%",
    )
