"""The candidate's home: their goal, the countdown and where to start."""

import reflex as rx

from interview_app import db, routes, styles
from interview_app.components.cards import icon_card
from interview_app.layouts.app_shell import app_shell
from interview_app.services import dashboard
from interview_app.state.auth import AuthState
from interview_app.strings import t


class DashboardState(AuthState):
    """Values shown on the dashboard."""

    first_name: str = ""
    role_title: str = ""
    level_label: str = ""
    # Days until the interview; -1 when no date is set.
    days_to_interview: int = -1
    has_date: bool = False
    skills: rx.Field[list[str]] = rx.field(default_factory=list)
    companies: rx.Field[list[str]] = rx.field(default_factory=list)

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
            rx.text(rx.text.strong(DashboardState.days_to_interview), t("dashboard.countdown.days"), size="3"),
            rx.text(t("dashboard.countdown.passed"), size="3"),
        ),
        rx.text(
            t("dashboard.countdown.none.before"),
            rx.link(t("dashboard.countdown.none.link"), href=routes.SETTINGS),
            t("dashboard.countdown.none.after"),
            size="3",
        ),
    )


@rx.page(
    route=routes.DASHBOARD,
    title=t("dashboard.page_title"),
    on_load=[DashboardState.require_user, DashboardState.load],
)
def dashboard_page() -> rx.Component:
    return app_shell(
        t("dashboard.title"),
        routes.DASHBOARD,
        rx.vstack(
            rx.box(
                rx.heading(
                    t("dashboard.greeting"), DashboardState.first_name, size="7", as_="h2", id="dashboard-greeting"
                ),
                rx.text(
                    t("dashboard.preparing.before"),
                    rx.text.strong(DashboardState.role_title),
                    t("dashboard.preparing.middle"),
                    DashboardState.level_label,
                    t("dashboard.preparing.after"),
                    size="3",
                    margin_top="0.25rem",
                ),
                _countdown(),
                rx.cond(
                    DashboardState.companies.length() > 0,
                    rx.text(
                        t("dashboard.companies"),
                        DashboardState.companies.join(t("dashboard.companies_separator")),
                        size="2",
                        color_scheme="gray",
                    ),
                ),
                style=styles.card,
            ),
            rx.grid(
                icon_card(
                    "mic",
                    t("dashboard.empty.interviews.title"),
                    t("dashboard.empty.interviews.text"),
                ),
                icon_card(
                    "calendar-check",
                    t("dashboard.empty.trainer.title"),
                    t("dashboard.empty.trainer.text"),
                ),
                icon_card(
                    "chart-line",
                    t("dashboard.empty.progress.title"),
                    t("dashboard.empty.progress.text"),
                ),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                DashboardState.skills.length() > 0,
                rx.box(
                    rx.heading(t("dashboard.skills"), size="3", as_="h3", margin_bottom="0.5rem"),
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
