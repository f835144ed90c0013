"""The candidate's home: their goal, the countdown and where to start."""

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.clock import utcnow
from interview_app.components.buttons import link_button
from interview_app.components.cards import icon_card
from interview_app.components.i18n import tr
from interview_app.components.progress import trend_badge
from interview_app.components.skeletons import card_skeleton, loading_block
from interview_app.i18n import keys
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.services.progress import analytics, dashboard
from interview_app.services.trainer import home as trainer_home
from interview_app.state.auth import AuthState, with_user


class DashboardState(AuthState):
    """Values shown on the dashboard."""

    # False until the first load has filled the values in: the page shows a skeleton, never half sentences.
    loaded: bool = False
    first_name: str = ""
    role_title: str = ""
    level_label: str = ""
    # Days until the interview; -1 when no date is set.
    days_to_interview: int = -1
    has_date: bool = False
    skills: rx.Field[list[str]] = rx.field(default_factory=list)
    companies: rx.Field[list[str]] = rx.field(default_factory=list)
    # The daily trainer at a glance: streak, today's quiz ("none", "ready", "in_progress", "completed"), goal.
    streak: int = 0
    streak_at_risk: bool = False
    quiz_status: str = "none"
    quiz_total: int = 0
    quiz_answered: int = 0
    quiz_time: str = "08:00"
    goal_text: str = ""
    goal_done: int = 0
    goal_target: int = 1
    # Interviews at a glance: how many finished, the last score and the overall trend.
    sessions_done: int = 0
    last_score: int = -1
    score_trend: str = "not_enough"

    @rx.event
    def open_page(self):
        """On load: the page guard, then the summary, in one event (one state update, one render)."""
        return self._guard_user() or self._load()

    @rx.event
    def load(self):
        """Read the signed-in user's summary."""
        return self._load()

    @with_user
    def _load(self, session: Session, user: User):
        s = dashboard.summary(session, user, lang=self.lang)
        g = trainer_home.glance(session, user.id or 0, utcnow())
        points = analytics.completed_sessions(session, user.id or 0)
        self.sessions_done = len(points)
        self.last_score = points[-1].overall if points else -1
        self.score_trend = analytics.trend([float(p.overall) for p in points]).label
        self.streak, self.streak_at_risk = g.streak.current, g.streak.at_risk
        self.quiz_status, self.quiz_total, self.quiz_answered = g.today_status, g.total, g.answered
        self.quiz_time, self.goal_text, self.goal_done, self.goal_target = (
            g.quiz_time,
            g.goal_text,
            g.goal_done,
            g.goal_target,
        )
        self.first_name = s.first_name
        self.role_title = s.role_title or self.t("dashboard.your_next_role")
        self.level_label = self.t(keys.LEVEL[s.level]) if s.level in keys.LEVEL else s.level_label
        self.has_date = s.days_to_interview is not None
        self.days_to_interview = s.days_to_interview if s.days_to_interview is not None else -1
        self.skills, self.companies = s.skills, s.companies
        self.loaded = True
        return None


def _interviews_card() -> rx.Component:
    s = DashboardState
    return rx.vstack(
        rx.hstack(
            rx.center(
                rx.icon("mic", size=22),
                width="2.5rem",
                height="2.5rem",
                border_radius="var(--radius-3)",
                background=rx.color("accent", 3),
                color=rx.color("accent", 11),
            ),
            rx.vstack(
                rx.heading(s.last_score, "/100", size="4", as_="h3", id="dashboard-last-score"),
                rx.text(tr("dashboard.interviews.last"), size="1", color_scheme="gray"),
                spacing="0",
            ),
            align="center",
            spacing="3",
        ),
        rx.text(tr("dashboard.interviews.done", count=s.sessions_done), size="2"),
        rx.hstack(rx.text(tr("dashboard.interviews.trend"), size="2"), trend_badge(s.score_trend, ""), align="center"),
        rx.hstack(
            link_button(tr("dashboard.interviews.new"), href=routes.INTERVIEW_NEW, variant="soft"),
            link_button(tr("dashboard.interviews.tailor"), href=routes.TAILOR, variant="ghost", id="dashboard-tailor"),
            link_button(tr("dashboard.interviews.history"), href=routes.HISTORY, variant="outline"),
            spacing="2",
            wrap="wrap",
        ),
        style=styles.card,
        spacing="2",
    )


def _trainer_card() -> rx.Component:
    s = DashboardState
    return rx.vstack(
        rx.hstack(
            rx.center(
                rx.icon("flame", size=22),
                width="2.5rem",
                height="2.5rem",
                border_radius="var(--radius-3)",
                background=rx.color("orange", 3),
                color=rx.color("orange", 10),
            ),
            rx.vstack(
                rx.heading(
                    tr("dashboard.streak", count=s.streak),
                    size="4",
                    as_="h3",
                    id="dashboard-streak",
                ),
                rx.text(tr("dashboard.trainer.streak"), size="1", color_scheme="gray"),
                spacing="0",
            ),
            align="center",
            spacing="3",
        ),
        rx.match(
            s.quiz_status,
            ("completed", rx.text(tr("dashboard.trainer.done"), size="2")),
            ("none", rx.text(tr("dashboard.trainer.later", time=s.quiz_time), size="2")),
            ("due", rx.text(tr("dashboard.trainer.due"), size="2")),
            rx.text(tr("dashboard.trainer.progress", answered=s.quiz_answered, total=s.quiz_total), size="2"),
        ),
        rx.text(s.goal_text, size="2", color_scheme="gray", id="dashboard-goal"),
        # flex="none": in a card stretched to its row's height the bar grew into a grey oval.
        rx.progress(value=s.goal_done, max=s.goal_target, aria_label=tr("trainer.goal.aria"), flex="none"),
        rx.cond(s.streak_at_risk, rx.text(tr("trainer.streak.at_risk"), size="1", color_scheme="orange")),
        link_button(
            rx.cond(s.quiz_status == "completed", tr("dashboard.trainer.open"), tr("dashboard.trainer.go")),
            href=routes.TRAINER,
            variant="soft",
            id="dashboard-trainer",
        ),
        style=styles.card,
        spacing="2",
    )


def _countdown() -> rx.Component:
    return rx.cond(
        DashboardState.has_date,
        rx.cond(
            DashboardState.days_to_interview >= 0,
            rx.text(
                tr("dashboard.countdown.days", count=DashboardState.days_to_interview),
                size="3",
                id="dashboard-countdown",
            ),
            rx.text(tr("dashboard.countdown.passed"), size="3"),
        ),
        rx.text(
            tr("dashboard.countdown.none.before"),
            rx.link(tr("dashboard.countdown.none.link"), href=routes.SETTINGS),
            tr("dashboard.countdown.none.after"),
            size="3",
        ),
    )


def _goal_card() -> rx.Component:
    s = DashboardState
    return rx.box(
        rx.heading(
            rx.cond(
                s.first_name != "", tr("dashboard.greeting", name=s.first_name), tr("dashboard.greeting_anonymous")
            ),
            size="7",
            as_="h2",
            id="dashboard-greeting",
        ),
        rx.cond(
            s.role_title != "",
            rx.text(
                rx.cond(
                    s.level_label != "",
                    tr("dashboard.preparing_level", role=s.role_title, level=s.level_label),
                    tr("dashboard.preparing", role=s.role_title),
                ),
                size="3",
                margin_top="0.25rem",
                id="dashboard-goal-line",
            ),
            rx.text(
                tr("dashboard.no_goal.before"),
                rx.link(tr("dashboard.no_goal.link"), href=routes.SETTINGS),
                tr("dashboard.no_goal.after"),
                size="3",
                margin_top="0.25rem",
                id="dashboard-goal-line",
            ),
        ),
        _countdown(),
        rx.cond(
            s.companies.length() > 0,
            rx.text(
                tr("dashboard.companies"),
                s.companies.join(tr("dashboard.companies_separator")),
                size="2",
                color_scheme="gray",
            ),
        ),
        style=styles.card,
    )


def _goal_skeleton() -> rx.Component:
    """The goal card's shape while the values load."""
    return rx.vstack(
        rx.skeleton(height="2rem", width="14rem"),
        rx.skeleton(height="1.1rem", width="min(24rem, 100%)"),
        rx.skeleton(height="1.1rem", width="min(18rem, 90%)"),
        style=styles.card,
        spacing="3",
        aria_hidden="true",
        id="dashboard-skeleton",
    )


def _first_interview_card() -> rx.Component:
    """A new user's way in: the first mock interview, or a warm-up in the trainer."""
    return rx.vstack(
        rx.center(
            rx.icon("mic", size=22),
            width="2.5rem",
            height="2.5rem",
            border_radius="var(--radius-3)",
            background=rx.color("accent", 3),
            color=rx.color("accent", 11),
        ),
        rx.heading(tr("dashboard.empty.interviews.title"), size="3", as_="h3"),
        rx.text(tr("dashboard.empty.interviews.text"), size="2", color_scheme="gray"),
        rx.flex(
            link_button(
                tr("dashboard.first.start"), href=routes.INTERVIEW_NEW, icon="play", id="dashboard-first-interview"
            ),
            rx.link(tr("dashboard.first.tailor"), href=routes.TAILOR, size="2", id="dashboard-first-tailor"),
            rx.link(tr("dashboard.first.trainer"), href=routes.TRAINER, size="2", id="dashboard-first-trainer"),
            spacing="3",
            align="center",
            wrap="wrap",
            margin_top="0.25rem",
        ),
        style=styles.card,
        spacing="2",
    )


def _loading() -> rx.Component:
    """The page's shape while the values load (components/skeletons.py: swapped whole, nothing shifts)."""
    return loading_block(
        _goal_skeleton(),
        rx.grid(
            card_skeleton(),
            card_skeleton(),
            card_skeleton(),
            columns=rx.breakpoints(initial="1", sm="2", lg="3"),
            spacing="4",
            width="100%",
        ),
        key="dashboard-loading",
    )


def _loaded() -> rx.Component:
    return rx.vstack(
        _goal_card(),
        rx.grid(
            rx.cond(DashboardState.sessions_done > 0, _interviews_card(), _first_interview_card()),
            _trainer_card(),
            rx.link(
                icon_card("chart-line", tr("dashboard.empty.progress.title"), tr("dashboard.empty.progress.text")),
                href=routes.PROGRESS,
                underline="none",
                color="inherit",
                id="dashboard-progress",
            ),
            columns=rx.breakpoints(initial="1", sm="2", lg="3"),
            spacing="4",
            width="100%",
        ),
        rx.cond(
            DashboardState.skills.length() > 0,
            rx.box(
                rx.heading(tr("dashboard.skills"), size="3", as_="h3", margin_bottom="0.5rem"),
                rx.flex(
                    rx.foreach(DashboardState.skills, lambda s: rx.badge(s, size="2", variant="soft")),
                    wrap="wrap",
                    spacing="2",
                ),
                style=styles.card,
            ),
        ),
        spacing="4",
        width="100%",
        key="dashboard-loaded",
    )


@rx.page(
    route=routes.DASHBOARD,
    title=tr("dashboard.page_title"),
    on_load=DashboardState.open_page,
)
def dashboard_page() -> rx.Component:
    return app_shell(tr("dashboard.title"), routes.DASHBOARD, rx.cond(DashboardState.loaded, _loaded(), _loading()))
