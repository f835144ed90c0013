"""Choosing trainer topics and their priority; creating one's own topics and writing their questions."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.dialogs import confirm_dialog
from interview_app.components.forms import field_error, labelled
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.services.trainer import topics
from interview_app.state.auth import AuthState, with_user

PRIORITY_OPTIONS = [(str(k), tr(keys.TRAINER_PRIORITY[str(k)])) for k in topics.PRIORITIES]
OWN_KINDS = [("short", tr("trainer.own.kind.short")), ("single", tr("trainer.own.kind.single")),
             ("true_false", tr("trainer.own.kind.true_false"))]  # fmt: skip


class TopicsState(AuthState):
    """The topics list and the two forms (new topic, new question)."""

    # Every visible topic: id, name, category, description, following, priority, counts, own.
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    loaded: bool = False
    new_name: str = ""
    new_description: str = ""
    # Field errors of the last submitted form.
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # The own topic a question is being added to (0: the dialog is closed).
    question_topic: int = 0
    question_topic_name: str = ""
    q_kind: str = "short"
    q_prompt: str = ""
    q_answer: str = ""
    q_options: rx.Field[list[str]] = rx.field(default_factory=lambda: ["", "", "", ""])
    q_correct: str = "0"
    q_true: str = "true"
    q_explanation: str = ""

    @rx.event
    @with_user
    def load(self, session: Session, user: User):
        """Read every topic with what the candidate follows."""
        topics.ensure_default_topics(session, user.id or 0)
        views = topics.list_topics(session, user.id or 0, lang=self.lang)
        self.rows = [
            {
                "id": v.id,
                "name": v.name,
                "category": v.category,
                "description": v.description,
                "following": v.following,
                "priority": str(v.priority),
                "own": v.own,
                "counts": self.t("trainer.topics.counts", questions=v.questions, seen=v.seen, due=v.due),
            }
            for v in views
        ]
        self.loaded = True
        return None

    @with_user
    def _follow(self, session: Session, user: User, topic_id: int, active: bool, priority: int):
        try:
            topics.follow_topic(session, user.id or 0, topic_id, active, priority)
        except topics.TopicError as exc:
            return rx.toast.error(self.t(keys.TRAINER_ERRORS[exc.code]))
        return TopicsState.load

    @rx.event
    def set_following(self, topic_id: int, on: bool):
        """Follow or stop following a topic."""
        row = next((r for r in self.rows if r["id"] == topic_id), None)
        return self._follow(topic_id, bool(on), int(row["priority"]) if row else 2)

    @rx.event
    def set_priority(self, topic_id: int, value: str):
        """Change a followed topic's priority."""
        if value not in {k for k, _ in PRIORITY_OPTIONS}:
            return rx.toast.error(self.t("trainer.error.priority_invalid"))
        return self._follow(topic_id, True, int(value))

    @rx.event
    def set_field(self, field: str, value: str):
        """Update one field of the forms."""
        if field in (
            "new_name",
            "new_description",
            "q_kind",
            "q_prompt",
            "q_answer",
            "q_correct",
            "q_true",
            "q_explanation",
        ):
            setattr(self, field, str(value)[:2000])
            self.errors = {}

    @rx.event
    def set_option(self, index: int, value: str):
        """Update one option of a new single-choice question."""
        options = list(self.q_options)
        if 0 <= index < len(options):
            options[index] = str(value)[:300]
            self.q_options = options

    @rx.event
    @with_user
    def create_topic(self, session: Session, user: User):
        """Create the candidate's own topic (followed at once)."""
        try:
            topics.create_topic(session, user.id or 0, self.new_name, self.new_description)
        except topics.TopicError as exc:
            self.errors = {exc.field or "new_name": self.t(keys.TRAINER_ERRORS[exc.code])}
            return None
        self.new_name, self.new_description, self.errors = "", "", {}
        return [TopicsState.load, rx.toast.success(self.t("trainer.own.created"))]

    @rx.event
    @with_user
    def delete_topic(self, session: Session, user: User, topic_id: int):
        """Delete one of the candidate's own topics with its questions."""
        try:
            topics.delete_topic(session, user.id or 0, topic_id)
        except topics.TopicError as exc:
            return rx.toast.error(self.t(keys.TRAINER_ERRORS[exc.code]))
        return [TopicsState.load, rx.toast.success(self.t("trainer.own.deleted"))]

    @rx.event
    def open_question(self, topic_id: int, name: str):
        """Open the form to write a question for an own topic."""
        self.question_topic, self.question_topic_name, self.errors = topic_id, name, {}
        self.q_kind, self.q_prompt, self.q_answer, self.q_explanation = "short", "", "", ""
        self.q_options, self.q_correct, self.q_true = ["", "", "", ""], "0", "true"

    @rx.event
    def close_question(self, open_: bool):
        """Close the question form (keeps nothing half-written on purpose only when saved or cancelled)."""
        if not open_:
            self.question_topic = 0

    @rx.event
    @with_user
    def save_question(self, session: Session, user: User):
        """Save the question written in the form."""
        if self.q_kind == "true_false":
            options: list[dict[str, object]] = [{"text": "True", "correct": self.q_true == "true"}]
        else:
            options = [{"text": o, "correct": str(i) == self.q_correct} for i, o in enumerate(self.q_options)]
        try:
            topics.add_own_question(
                session,
                user.id or 0,
                self.question_topic,
                kind=self.q_kind,
                prompt=self.q_prompt,
                answer=self.q_answer,
                options=options,
                explanation=self.q_explanation,
            )
        except topics.TopicError as exc:
            self.errors = {exc.field or "q_prompt": self.t(keys.TRAINER_ERRORS[exc.code])}
            return None
        self.question_topic = 0
        return [TopicsState.load, rx.toast.success(self.t("trainer.own.question_saved"))]


def _error(field: str) -> rx.Var[str]:
    return TopicsState.errors.get(field, "").to(str)


def _topic_row(row: Any) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.text(row["name"], size="3", weight="bold"),
                    rx.cond(row["own"], rx.badge(tr("trainer.own.badge"), variant="soft", color_scheme="violet")),
                    align="center",
                    spacing="2",
                ),
                rx.text(row["description"], size="2", color_scheme="gray"),
                rx.text(row["counts"], size="1", color_scheme="gray"),
                spacing="1",
                flex="1",
                min_width="14rem",
            ),
            rx.hstack(
                rx.el.select(
                    *[rx.el.option(label, value=value) for value, label in PRIORITY_OPTIONS],
                    value=row["priority"],
                    on_change=lambda v: TopicsState.set_priority(row["id"], v),
                    disabled=~row["following"].to(bool),
                    class_name="ic-native-select ic-inline",
                    aria_label=tr("trainer.priority.label_for", name=row["name"].to(str)),
                ),
                rx.el.label(
                    rx.switch(
                        checked=row["following"].to(bool),
                        on_change=lambda on: TopicsState.set_following(row["id"], on),
                        aria_label=tr("trainer.topics.follow_named", name=row["name"].to(str)),
                        class_name="topic-follow",
                    ),
                    rx.text(tr("trainer.topics.follow_short"), size="2"),
                    display="flex",
                    align_items="center",
                    gap="0.5rem",
                    cursor="pointer",
                ),
                align="center",
                spacing="3",
            ),
            justify="between",
            align="center",
            gap="0.75rem",
            wrap="wrap",
            width="100%",
        ),
        rx.cond(
            row["own"],
            rx.hstack(
                rx.button(
                    rx.icon("plus", size=14),
                    tr("trainer.own.add_question"),
                    size="1",
                    variant="soft",
                    on_click=TopicsState.open_question(row["id"], row["name"]),
                ),
                confirm_dialog(
                    rx.button(tr("trainer.own.delete"), size="1", variant="ghost", color_scheme="red"),
                    tr("trainer.own.delete_title"),
                    tr("trainer.own.delete_text"),
                    tr("trainer.own.delete"),
                    TopicsState.delete_topic(row["id"]),
                ),
                margin_top="0.5rem",
                spacing="3",
            ),
        ),
        style=styles.card,
        padding="1rem",
    )


def _new_topic_form() -> rx.Component:
    return rx.box(
        rx.heading(tr("trainer.own.title"), size="4", as_="h2"),
        rx.text(tr("trainer.own.text"), size="2", color_scheme="gray", margin_bottom="0.75rem"),
        rx.vstack(
            labelled(
                tr("trainer.own.name"),
                "new-topic-name",
                rx.input(
                    value=TopicsState.new_name,
                    on_change=lambda v: TopicsState.set_field("new_name", v),
                    id="new-topic-name",
                    size="3",
                    width="100%",
                    max_length=80,
                ),
                _error("name"),
            ),
            labelled(
                tr("trainer.own.description"),
                "new-topic-description",
                rx.input(
                    value=TopicsState.new_description,
                    on_change=lambda v: TopicsState.set_field("new_description", v),
                    id="new-topic-description",
                    size="3",
                    width="100%",
                    max_length=300,
                ),
                _error("description"),
            ),
            rx.button(tr("trainer.own.create"), on_click=TopicsState.create_topic, size="3", id="new-topic-create"),
            spacing="3",
            max_width="32rem",
        ),
        style=styles.card,
    )


def _question_form() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("trainer.own.question_title"), " ", TopicsState.question_topic_name),
            rx.vstack(
                labelled(
                    tr("trainer.own.kind"),
                    "q-kind",
                    rx.el.select(
                        *[rx.el.option(label, value=value) for value, label in OWN_KINDS],
                        value=TopicsState.q_kind,
                        on_change=lambda v: TopicsState.set_field("q_kind", v),
                        class_name="ic-native-select",
                        id="q-kind",
                    ),
                ),
                labelled(
                    tr("trainer.own.prompt"),
                    "q-prompt",
                    rx.text_area(
                        value=TopicsState.q_prompt,
                        on_change=lambda v: TopicsState.set_field("q_prompt", v),
                        id="q-prompt",
                        rows="2",
                        width="100%",
                    ),
                    _error("prompt"),
                ),
                rx.match(
                    TopicsState.q_kind,
                    (
                        "short",
                        labelled(
                            tr("trainer.own.answer"),
                            "q-answer",
                            rx.text_area(
                                value=TopicsState.q_answer,
                                on_change=lambda v: TopicsState.set_field("q_answer", v),
                                id="q-answer",
                                rows="3",
                                width="100%",
                            ),
                            _error("answer"),
                        ),
                    ),
                    (
                        "true_false",
                        labelled(
                            tr("trainer.own.statement_is"),
                            "q-true",
                            rx.el.select(
                                rx.el.option(tr("trainer.own.true"), value="true"),
                                rx.el.option(tr("trainer.own.false"), value="false"),
                                value=TopicsState.q_true,
                                on_change=lambda v: TopicsState.set_field("q_true", v),
                                class_name="ic-native-select",
                                id="q-true",
                            ),
                        ),
                    ),
                    rx.vstack(
                        rx.text(tr("trainer.own.options"), size="2", weight="medium"),
                        *[
                            rx.input(
                                value=TopicsState.q_options[i],
                                on_change=lambda v, i=i: TopicsState.set_option(i, v),
                                placeholder=tr("trainer.own.option", n=i + 1),
                                width="100%",
                                aria_label=tr("trainer.own.option", n=i + 1),
                            )
                            for i in range(4)
                        ],
                        labelled(
                            tr("trainer.own.correct"),
                            "q-correct",
                            rx.el.select(
                                *[rx.el.option(tr("trainer.own.option", n=i + 1), value=str(i)) for i in range(4)],
                                value=TopicsState.q_correct,
                                on_change=lambda v: TopicsState.set_field("q_correct", v),
                                class_name="ic-native-select",
                                id="q-correct",
                            ),
                        ),
                        field_error(_error("options"), "q-options"),
                        spacing="2",
                        width="100%",
                    ),
                ),
                labelled(
                    tr("trainer.own.explanation"),
                    "q-explanation",
                    rx.text_area(
                        value=TopicsState.q_explanation,
                        on_change=lambda v: TopicsState.set_field("q_explanation", v),
                        id="q-explanation",
                        rows="2",
                        width="100%",
                    ),
                ),
                field_error(_error("kind"), "q-kind"),
                rx.flex(
                    rx.dialog.close(rx.button(tr("common.cancel"), variant="soft", color_scheme="gray")),
                    rx.button(tr("trainer.own.save_question"), on_click=TopicsState.save_question, id="q-save"),
                    spacing="3",
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
        ),
        open=TopicsState.question_topic > 0,
        on_open_change=TopicsState.close_question,
    )


@rx.page(
    route=routes.TRAINER_TOPICS,
    title=tr("trainer.topics.page_title"),
    on_load=[TopicsState.require_user, TopicsState.load],
)
def trainer_topics_page() -> rx.Component:
    return app_shell(
        tr("trainer.topics.page_heading"),
        routes.TRAINER,
        rx.vstack(
            rx.link(
                rx.hstack(rx.icon("arrow-left", size=16), rx.text(tr("trainer.topics.back")), align="center"),
                href=routes.TRAINER,
                size="2",
            ),
            rx.text(tr("trainer.topics.intro"), size="2", color_scheme="gray"),
            rx.vstack(rx.foreach(TopicsState.rows, _topic_row), spacing="3", width="100%", id="topic-list"),
            _new_topic_form(),
            _question_form(),
            spacing="4",
            width="100%",
        ),
    )
