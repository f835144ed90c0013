"""Setting up a mock interview: role, type, difficulty, focus, length, timer and answer mode."""

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.forms import form_alert
from interview_app.components.i18n import tr
from interview_app.i18n import LANGUAGE_NAMES, keys, t
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.pages.billing.usage_card import upgrade_button
from interview_app.services.accounts import profiles
from interview_app.services.bank.files import COMPETENCIES
from interview_app.services.interviews import interviews
from interview_app.services.shared import limits
from interview_app.state.auth import AuthState, with_user

TYPE_OPTIONS = [(k, tr(keys.INTERVIEW_TYPE[k])) for k in interviews.INTERVIEW_TYPES]
DIFFICULTY_OPTIONS = [(k, tr(keys.DIFFICULTY[k])) for k in ("easy", "medium", "hard")]
LIMIT_OPTIONS = [("auto", tr("interview.setup.limit.auto"))] + [
    (str(s), tr("interview.setup.limit.seconds", seconds=s)) for s in (60, 90, 120, 180, 240, 300, 420, 600)
]


class SetupState(AuthState):
    """The set-up form."""

    roles: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    role_slug: str = ""
    interview_type: str = "mixed"
    difficulty: str = "medium"
    focus: rx.Field[list[str]] = rx.field(default_factory=list)
    question_count: str = "5"
    timer_enabled: bool = True
    time_limit: str = "auto"
    answer_mode: str = "text"
    hands_free: bool = False
    error: str = ""
    error_field: str = ""
    # The refusal was one of the plan's quotas: the Upgrade button is shown with it.
    upgrade: bool = False
    # Roles (by interview type) whose interview is asked in English because the bank has too few questions
    # in the profile's language, and that language's name for the note.
    fallback_roles: rx.Field[dict[str, list[str]]] = rx.field(default_factory=dict)
    language_name: str = ""
    # The profile's language, which the note is written in (a var of this state, so the computed note does
    # not hang on AuthState.lang).
    note_language: str = "en"

    @rx.var
    def language_note(self) -> str:
        """Said above the form when this interview falls back to English, or ""."""
        if self.role_slug in self.fallback_roles.get(self.interview_type, []):
            return t("interview.setup.language_fallback", self.note_language, language=self.language_name)
        return ""

    @rx.event
    @with_user
    def load(self, session: Session, user: User):
        """Fill the form with the profile's defaults."""
        defaults = interviews.defaults_for(session, user.id or 0)
        self.roles = [
            {"slug": r.slug, "title": profiles.role_name(r, self.lang)} for r in profiles.list_roles(session, self.lang)
        ]
        self.role_slug = defaults["role_slug"] or (self.roles[0]["slug"] if self.roles else "")
        self.difficulty = defaults["difficulty"]
        self.timer_enabled = defaults["timer_enabled"]
        self.interview_type, self.question_count, self.time_limit = "mixed", "5", "auto"
        self.focus, self.error, self.error_field, self.upgrade = [], "", "", False
        language, self.fallback_roles = interviews.language_fallbacks(
            session, user.id or 0, [r["slug"] for r in self.roles]
        )
        self.language_name, self.note_language = LANGUAGE_NAMES.get(language, language), language
        return None

    @rx.event
    def set_role(self, value: str):
        """Choose the role."""
        self.role_slug = value

    @rx.event
    def set_type(self, value: str):
        """Choose the interview type."""
        self.interview_type = value

    @rx.event
    def set_difficulty(self, value: str):
        """Choose the difficulty."""
        self.difficulty = value

    @rx.event
    def set_count(self, value: list[int | float]):
        """Slider value for the number of questions."""
        self.question_count = str(int(value[0])) if value else "5"

    @rx.event
    def set_hands_free(self, value: bool):
        """Spoken interviewer on or off (voice and video only)."""
        self.hands_free = value

    @rx.event
    def set_timer(self, value: bool):
        """Timer on or off."""
        self.timer_enabled = value

    @rx.event
    def set_limit(self, value: str):
        """Per-question time limit."""
        self.time_limit = value

    @rx.event
    def set_mode(self, value: str):
        """Answer mode."""
        self.answer_mode = value

    @rx.event
    def toggle_focus(self, key: str):
        """Add or remove a focus competency (at most five)."""
        if key in self.focus:
            self.focus = [k for k in self.focus if k != key]
        elif len(self.focus) < 5 and key in COMPETENCIES:
            self.focus = [*self.focus, key]

    @rx.event
    def start(self):
        """Validate, create the session and open it."""
        self.error, self.error_field, self.upgrade = "", "", False
        return self._start()

    @with_user
    def _start(self, session: Session, user: User):
        title = profiles.role_title(session, self.role_slug, self.lang) or ""
        try:
            options = interviews.validate_setup(
                {
                    "role_slug": self.role_slug,
                    "role_title": title,
                    "interview_type": self.interview_type,
                    "difficulty": self.difficulty,
                    "focus": self.focus,
                    "question_count": self.question_count,
                    "timer_enabled": self.timer_enabled,
                    "time_limit_seconds": self.time_limit,
                    "answer_mode": self.answer_mode,
                    "hands_free": self.hands_free,
                }
            )
            interview = interviews.start_session(session, user.id or 0, options)
        except interviews.InterviewError as exc:
            self.error, self.error_field = self.t(keys.INTERVIEW_ERRORS[exc.code]), exc.field or ""
            return None
        except limits.LimitExceeded as exc:
            self.error, self.error_field, self.upgrade = exc.message(self.lang), "", exc.by_plan
            return None
        target = routes.interview(interview.id or 0)
        return rx.redirect(target)


def _choice(label: str | rx.Var, value, on_change, options, test_id: str) -> rx.Component:
    return rx.box(
        rx.text(label, as_="label", size="2", weight="medium", html_for=test_id),
        rx.select.root(
            rx.select.trigger(id=test_id, width="100%", aria_label=label),
            rx.select.content(*[rx.select.item(text, value=key) for key, text in options]),
            value=value,
            on_change=on_change,
            size="3",
        ),
        width="100%",
    )


def _focus_chip(key: str, label: str | rx.Var) -> rx.Component:
    chosen = SetupState.focus.contains(key)
    return rx.button(
        label,
        on_click=SetupState.toggle_focus(key),
        variant=rx.cond(chosen, "solid", "outline"),
        size="1",
        radius="full",
        type="button",
        aria_pressed=rx.cond(chosen, "true", "false"),
    )


@rx.page(
    route=routes.INTERVIEW_NEW,
    title=tr("interview.setup.page_title"),
    on_load=[SetupState.require_user, SetupState.load],
)
def interview_setup_page() -> rx.Component:
    return app_shell(
        tr("interview.setup.title"),
        routes.INTERVIEW_NEW,
        rx.vstack(
            rx.text(tr("interview.setup.intro"), size="3", color_scheme="gray"),
            rx.cond(SetupState.error != "", form_alert(SetupState.error)),
            rx.cond(SetupState.upgrade, upgrade_button("setup-upgrade")),
            rx.cond(
                SetupState.language_note != "",
                rx.box(form_alert(SetupState.language_note, tone="amber"), id="setup-language-note", width="100%"),
            ),
            rx.box(
                rx.grid(
                    rx.box(
                        rx.text(
                            tr("interview.setup.role"), as_="label", size="2", weight="medium", html_for="setup-role"
                        ),
                        rx.select.root(
                            rx.select.trigger(id="setup-role", width="100%", aria_label=tr("interview.setup.role")),
                            rx.select.content(
                                rx.foreach(SetupState.roles, lambda r: rx.select.item(r["title"], value=r["slug"]))
                            ),
                            value=SetupState.role_slug,
                            on_change=SetupState.set_role,
                            size="3",
                        ),
                    ),
                    _choice(
                        tr("interview.setup.type"),
                        SetupState.interview_type,
                        SetupState.set_type,
                        TYPE_OPTIONS,
                        "setup-type",
                    ),
                    _choice(
                        tr("interview.setup.difficulty"),
                        SetupState.difficulty,
                        SetupState.set_difficulty,
                        DIFFICULTY_OPTIONS,
                        "setup-difficulty",
                    ),
                    rx.box(
                        rx.text(
                            tr("interview.setup.mode"), as_="label", size="2", weight="medium", html_for="setup-mode"
                        ),
                        rx.select.root(
                            rx.select.trigger(id="setup-mode", width="100%", aria_label=tr("interview.setup.mode")),
                            rx.select.content(
                                rx.select.item(tr("interview.mode.text"), value="text"),
                                rx.select.item(tr("interview.mode.audio"), value="audio"),
                                rx.select.item(tr("interview.mode.video"), value="video"),
                            ),
                            value=SetupState.answer_mode,
                            on_change=SetupState.set_mode,
                            size="3",
                        ),
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="4",
                    width="100%",
                ),
                rx.box(
                    rx.text(
                        tr("interview.setup.count"),
                        rx.text.strong(" ", SetupState.question_count),
                        size="2",
                        weight="medium",
                    ),
                    rx.slider(
                        default_value=[5],
                        min=interviews.MIN_QUESTIONS,
                        max=interviews.MAX_QUESTIONS,
                        step=1,
                        on_value_commit=SetupState.set_count,
                        id="setup-count",
                        aria_label=tr("interview.setup.count"),
                        # Radix puts no name on the thumb (the focusable part): assets/enhance.js copies this one.
                        custom_attrs={"data-thumb-label": tr("interview.setup.count")},
                        margin_top="0.5rem",
                    ),
                    margin_top="1.25rem",
                ),
                rx.flex(
                    rx.text(
                        tr("interview.setup.timer"), as_="label", size="2", weight="medium", html_for="setup-timer"
                    ),
                    rx.switch(
                        checked=SetupState.timer_enabled,
                        on_change=SetupState.set_timer,
                        id="setup-timer",
                        aria_label=tr("interview.setup.timer"),
                    ),
                    rx.cond(
                        SetupState.timer_enabled,
                        rx.box(
                            _choice(
                                tr("interview.setup.limit"),
                                SetupState.time_limit,
                                SetupState.set_limit,
                                LIMIT_OPTIONS,
                                "setup-limit",
                            ),
                            min_width="14rem",
                        ),
                    ),
                    align="center",
                    spacing="4",
                    wrap="wrap",
                    margin_top="1.25rem",
                ),
                rx.cond(
                    SetupState.answer_mode != "text",
                    rx.flex(
                        rx.switch(
                            checked=SetupState.hands_free,
                            on_change=SetupState.set_hands_free,
                            id="setup-hands-free",
                            aria_label=tr("interview.setup.hands_free"),
                        ),
                        rx.box(
                            rx.text(
                                tr("interview.setup.hands_free"),
                                as_="label",
                                size="2",
                                weight="medium",
                                html_for="setup-hands-free",
                            ),
                            rx.text(tr("interview.setup.hands_free_hint"), size="1", color_scheme="gray"),
                        ),
                        align="start",
                        spacing="3",
                        margin_top="1.25rem",
                    ),
                ),
                rx.box(
                    rx.text(tr("interview.setup.focus"), size="2", weight="medium"),
                    rx.text(tr("interview.setup.focus_hint"), size="1", color_scheme="gray"),
                    rx.flex(
                        *[_focus_chip(k, tr(keys.COMPETENCY[k])) for k in COMPETENCIES],
                        wrap="wrap",
                        spacing="2",
                        margin_top="0.5rem",
                    ),
                    margin_top="1.25rem",
                ),
                rx.button(
                    rx.icon("play"),
                    tr("interview.setup.start"),
                    on_click=SetupState.start,
                    size="3",
                    margin_top="1.5rem",
                    id="setup-start",
                    width=["100%", "auto"],
                ),
                style=styles.card,
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
    )
