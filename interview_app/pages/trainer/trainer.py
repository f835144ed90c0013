"""The daily trainer's home: today's quiz, the streak and goal, followed topics and extra practice."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.clock import utcnow
from interview_app.components.buttons import link_button
from interview_app.components.i18n import tr
from interview_app.components.skeletons import card_skeleton, loading_block
from interview_app.i18n import keys
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.services.trainer import home as trainer_home
from interview_app.services.trainer import quiz
from interview_app.state.auth import AuthState, with_user

ALL_TOPICS = "all"


class TrainerState(AuthState):
    """What the trainer page shows; every handler resolves the user on the server."""

    loaded: bool = False
    # Today's daily quiz: status is "none" (not built yet), "ready", "in_progress" or "completed".
    today_status: str = "none"
    today_id: int = 0
    today_total: int = 0
    today_answered: int = 0
    today_correct: int = 0
    quiz_time: str = "08:00"
    streak: int = 0
    best_streak: int = 0
    at_risk: bool = False
    freeze_available: bool = True
    goal_text: str = ""
    goal_done: int = 0
    goal_target: int = 1
    goal_met: bool = False
    due: int = 0
    # Followed topics: name, due, progress label.
    followed: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # Every topic the candidate can practise: id and name.
    practice_topics: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    practice_topic: str = ALL_TOPICS
    practice_count: str = "5"
    # Recent quizzes: title, date, score and link.
    recent: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    error: str = ""
    starting: bool = False

    @rx.event
    def load(self):
        """Read the candidate's trainer summary (and give a new candidate the topics of their role)."""
        self.error, self.starting = "", False
        return self._load()

    @rx.event
    def open_page(self):
        """On load: the page guard, then the summary, in one event (one state update, one render)."""
        self.error, self.starting = "", False
        return self._guard_user() or self._load()

    @with_user
    def _load(self, session: Session, user: User):
        home = trainer_home.summary(session, user.id or 0, utcnow())
        g = home.glance
        self.today_status, self.today_id = g.today_status, g.today_id
        self.today_total, self.today_answered, self.today_correct = g.total, g.answered, g.correct
        self.quiz_time = g.quiz_time
        self.streak, self.best_streak = g.streak.current, g.streak.best
        self.at_risk, self.freeze_available = g.streak.at_risk, g.streak.freeze_available
        self.goal_text, self.goal_done, self.goal_target = g.goal_text, g.goal_done, g.goal_target
        self.goal_met, self.due = g.goal_met, home.due
        self.followed = home.followed
        self.practice_topics = home.practice_topics
        self.recent = home.recent
        self.loaded = True
        return None

    @rx.event
    def start_today(self):
        """Open today's quiz, building it now if its time has not come yet."""
        if self.starting:
            return None
        self.starting = True
        return self._open_today()

    @with_user
    def _open_today(self, session: Session, user: User):
        try:
            attempt = trainer_home.open_today(session, user.id or 0, utcnow())
        except quiz.QuizError as exc:
            self.error, self.starting = self.t(keys.TRAINER_ERRORS[exc.code]), False
            return None
        return rx.redirect(routes.trainer_quiz(attempt.id or 0))

    @rx.event
    def set_practice_topic(self, value: str):
        """Choose the topic for extra practice."""
        self.practice_topic = value

    @rx.event
    def set_practice_count(self, value: str):
        """Choose how many practice questions."""
        self.practice_count = value

    @rx.event
    def start_practice(self):
        """Start extra practice on one topic or on every followed topic."""
        if self.starting:
            return None
        try:
            count = int(self.practice_count)
            topic_id = None if self.practice_topic == ALL_TOPICS else int(self.practice_topic)
        except ValueError:
            self.error = self.t("trainer.error.practice_size")
            return None
        self.starting = True
        return self._open_practice(topic_id, count)

    @with_user
    def _open_practice(self, session: Session, user: User, topic_id: int | None, count: int):
        try:
            attempt = quiz.start_practice(session, user.id or 0, topic_id, count, utcnow())
        except quiz.QuizError as exc:
            self.error, self.starting = self.t(keys.TRAINER_ERRORS[exc.code]), False
            return None
        return rx.redirect(routes.trainer_quiz(attempt.id or 0))


def _today_card() -> rx.Component:
    status = TrainerState.today_status
    return rx.box(
        rx.hstack(
            rx.icon("calendar-check", size=22, color=rx.color("accent", 11)),
            rx.heading(tr("trainer.today.title"), size="4", as_="h2"),
            align="center",
            spacing="2",
        ),
        rx.match(
            status,
            (
                "completed",
                rx.text(
                    tr("trainer.today.done", correct=TrainerState.today_correct, total=TrainerState.today_total),
                    size="3",
                    id="trainer-today-text",
                ),
            ),
            (
                "none",
                rx.text(
                    tr("trainer.today.later", time=TrainerState.quiz_time),
                    size="3",
                    id="trainer-today-text",
                ),
            ),
            ("due", rx.text(tr("trainer.error.nothing_to_ask"), size="3", id="trainer-today-text")),
            rx.text(
                tr("trainer.today.ready", total=TrainerState.today_total, answered=TrainerState.today_answered),
                size="3",
                id="trainer-today-text",
            ),
        ),
        rx.cond(
            TrainerState.due > 0,
            rx.text(tr("trainer.today.due", count=TrainerState.due), size="2", color_scheme="gray"),
        ),
        rx.hstack(
            rx.cond(
                status == "completed",
                link_button(
                    tr("trainer.today.review"),
                    href=routes.trainer_quiz(TrainerState.today_id),
                    variant="soft",
                    size="3",
                ),
                rx.button(
                    rx.match(
                        status,
                        ("in_progress", tr("trainer.today.resume")),
                        ("none", tr("trainer.today.now")),
                        tr("trainer.today.start"),
                    ),
                    on_click=TrainerState.start_today,
                    loading=TrainerState.starting,
                    size="3",
                    id="trainer-start",
                ),
            ),
            margin_top="0.75rem",
        ),
        style=styles.card,
    )


def _streak_card() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.icon("flame", size=22, color=rx.color("orange", 10)),
            rx.heading(tr("trainer.streak.title"), size="4", as_="h2"),
            align="center",
            spacing="2",
        ),
        rx.hstack(
            rx.text(TrainerState.streak, size="8", weight="bold", id="trainer-streak"),
            rx.text(tr("trainer.streak.unit", count=TrainerState.streak), size="3"),
            align="baseline",
            spacing="2",
        ),
        rx.text(tr("trainer.streak.best", count=TrainerState.best_streak), size="2", color_scheme="gray"),
        rx.cond(
            TrainerState.at_risk,
            rx.text(tr("trainer.streak.at_risk"), size="2", color_scheme="orange"),
        ),
        rx.text(
            rx.cond(TrainerState.freeze_available, tr("trainer.streak.freeze_ready"), tr("trainer.streak.freeze_used")),
            size="1",
            color_scheme="gray",
            margin_top="0.25rem",
        ),
        rx.box(
            rx.text(TrainerState.goal_text, size="2", weight="medium", id="trainer-goal"),
            rx.progress(
                value=TrainerState.goal_done,
                max=TrainerState.goal_target,
                margin_top="0.35rem",
                aria_label=tr("trainer.goal.aria"),
            ),
            margin_top="0.75rem",
        ),
        style=styles.card,
    )


def _topics_card() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.heading(tr("trainer.topics.title"), size="4", as_="h2"),
            rx.spacer(),
            rx.link(tr("trainer.topics.manage"), href=routes.TRAINER_TOPICS, id="trainer-manage-topics"),
            align="center",
            width="100%",
        ),
        rx.cond(
            TrainerState.followed.length() > 0,
            rx.vstack(
                rx.foreach(
                    TrainerState.followed,
                    lambda tp: rx.hstack(
                        rx.text(tp["name"], size="2", weight="medium"),
                        rx.spacer(),
                        rx.text(tp["progress"], size="1", color_scheme="gray"),
                        rx.cond(
                            tp["due"] != "0", rx.badge(tr("trainer.topics.due", count=tp["due"]), color_scheme="amber")
                        ),
                        width="100%",
                        align="center",
                    ),
                ),
                spacing="2",
                margin_top="0.75rem",
                width="100%",
            ),
            rx.text(tr("trainer.topics.none"), size="2", color_scheme="gray", margin_top="0.5rem"),
        ),
        style=styles.card,
    )


def _practice_card() -> rx.Component:
    return rx.box(
        rx.heading(tr("trainer.practice.title"), size="4", as_="h2"),
        rx.text(tr("trainer.practice.text"), size="2", color_scheme="gray"),
        rx.flex(
            rx.el.select(
                rx.el.option(tr("trainer.practice.all"), value=ALL_TOPICS),
                rx.foreach(TrainerState.practice_topics, lambda tp: rx.el.option(tp["name"], value=tp["id"])),
                value=TrainerState.practice_topic,
                on_change=TrainerState.set_practice_topic,
                class_name="ic-native-select ic-inline",
                id="practice-topic",
                aria_label=tr("trainer.practice.topic"),
            ),
            rx.el.select(
                *[rx.el.option(tr("trainer.practice.count", count=n), value=str(n)) for n in quiz.PRACTICE_SIZES],
                value=TrainerState.practice_count,
                on_change=TrainerState.set_practice_count,
                class_name="ic-native-select ic-inline",
                id="practice-count",
                aria_label=tr("trainer.practice.size"),
            ),
            rx.button(
                tr("trainer.practice.start"),
                on_click=TrainerState.start_practice,
                size="3",
                loading=TrainerState.starting,
                id="practice-start",
            ),
            spacing="3",
            wrap="wrap",
            margin_top="0.75rem",
            align="center",
        ),
        style=styles.card,
    )


def _recent_card() -> rx.Component:
    return rx.cond(
        TrainerState.recent.length() > 0,
        rx.box(
            rx.heading(tr("trainer.recent.title"), size="4", as_="h2", margin_bottom="0.5rem"),
            rx.vstack(
                rx.foreach(
                    TrainerState.recent,
                    lambda r: rx.link(
                        rx.hstack(
                            rx.text(r["title"], size="2", weight="medium"),
                            rx.text(r["date"], size="1", color_scheme="gray"),
                            rx.spacer(),
                            rx.text(r["score"], size="2"),
                            width="100%",
                            align="center",
                        ),
                        href=r["href"],
                        underline="none",
                        color="inherit",
                        width="100%",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            style=styles.card,
        ),
    )


@rx.page(route=routes.TRAINER, title=tr("trainer.page_title"), on_load=TrainerState.open_page)
def trainer_page() -> rx.Component:
    return app_shell(
        tr("trainer.title"),
        routes.TRAINER,
        rx.vstack(
            rx.cond(
                TrainerState.error != "",
                rx.callout(
                    TrainerState.error, icon="triangle_alert", color_scheme="red", width="100%", id="trainer-error"
                ),
            ),
            rx.cond(TrainerState.loaded, _loaded(), _loading()),
            spacing="4",
            width="100%",
        ),
    )


def _loading() -> rx.Component:
    """The cards' shape until the summary is in (components/skeletons.py: swapped whole, nothing shifts).

    The extra-practice card needs none of the summary (its topic list only grows when it is in), so it is
    there from the first paint, in the page's prerendered HTML: its text is the largest on a phone's first
    screen, and the largest contentful paint no longer waits for the scripts, the websocket and the summary.
    """
    return rx.vstack(
        loading_block(
            rx.grid(
                card_skeleton(), card_skeleton(), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"
            ),
            card_skeleton(),
            key="trainer-loading-cards",
        ),
        _practice_card(),
        spacing="4",
        width="100%",
        key="trainer-loading",
    )


def _loaded() -> rx.Component:
    return rx.vstack(
        rx.grid(_today_card(), _streak_card(), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        _topics_card(),
        _practice_card(),
        _recent_card(),
        spacing="4",
        width="100%",
        key="trainer-loaded",
    )
