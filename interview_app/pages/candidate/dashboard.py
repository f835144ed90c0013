"""The candidate's home: their goal, the countdown and where to start."""

import reflex as rx

from interview_app import db, routes, styles
from interview_app.layouts.app_shell import app_shell
from interview_app.services import dashboard
from interview_app.state.auth import AuthState


class DashboardState(AuthState):
    """Values shown on the dashboard."""

    first_name: str = ""
    role_title: str = ""
    level_label: str = ""
    # Days until the interview; -1 when no date is set.
    days_to_interview: int = -1
    has_date: bool = False
    skills: rx.Field[list[str]] = rx.field([])
    companies: rx.Field[list[str]] = rx.field([])

    @rx.event
    def load(self):
        """Read the signed-in user's summary."""
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            if user is None:
                return self._to_sign_in()
            s = dashboard.summary(session, user)
        self.first_name, self.role_title, self.level_label = s.first_name, s.role_title, s.level_label
        self.has_date = s.days_to_interview is not None
        self.days_to_interview = s.days_to_interview if s.days_to_interview is not None else -1
        self.skills, self.companies = s.skills, s.companies
        return None


def _countdown() -> rx.Component:
    return rx.cond(
        DashboardState.has_date,
        rx.cond(
            DashboardState.days_to_interview >= 0,
            rx.text(rx.text.strong(DashboardState.days_to_interview), " days until your interview.", size="3"),
            rx.text("Your interview date has passed. How did it go? Set a new date in settings.", size="3"),
        ),
        rx.text(
            "No interview date yet. ",
            rx.link("Add one", href=routes.SETTINGS),
            " and we will plan your practice around it.",
            size="3",
        ),
    )


def _empty_card(icon: str, title: str, text: str) -> rx.Component:
    return rx.vstack(
        rx.center(
            rx.icon(icon, size=22),
            width="2.5rem",
            height="2.5rem",
            border_radius="var(--radius-3)",
            background=rx.color("accent", 3),
            color=rx.color("accent", 11),
        ),
        rx.heading(title, size="3", as_="h3"),
        rx.text(text, size="2", color_scheme="gray"),
        style=styles.card,
        spacing="2",
    )


@rx.page(
    route=routes.DASHBOARD,
    title="Dashboard · Interview Coach",
    on_load=[DashboardState.require_user, DashboardState.load],
)
def dashboard_page() -> rx.Component:
    return app_shell(
        "Dashboard",
        routes.DASHBOARD,
        rx.vstack(
            rx.box(
                rx.heading("Hello, ", DashboardState.first_name, size="7", as_="h2", id="dashboard-greeting"),
                rx.text(
                    "You are preparing for ",
                    rx.text.strong(DashboardState.role_title),
                    " (",
                    DashboardState.level_label,
                    ").",
                    size="3",
                    margin_top="0.25rem",
                ),
                _countdown(),
                rx.cond(
                    DashboardState.companies.length() > 0,
                    rx.text("Target companies: ", DashboardState.companies.join(", "), size="2", color_scheme="gray"),
                ),
                style=styles.card,
            ),
            rx.grid(
                _empty_card(
                    "mic",
                    "Mock interviews",
                    "Your sessions and their scores will appear here once you complete your first mock interview.",
                ),
                _empty_card(
                    "calendar-check",
                    "Daily trainer",
                    "A short daily quiz on your topics, with a streak to "
                    "keep. It appears here when the trainer is set up.",
                ),
                _empty_card(
                    "chart-line",
                    "Progress",
                    "Scores over time, a skill radar and a study plan, built from your practice.",
                ),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                DashboardState.skills.length() > 0,
                rx.box(
                    rx.heading("Skills you are sharpening", size="3", as_="h3", margin_bottom="0.5rem"),
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
        ),
    )
