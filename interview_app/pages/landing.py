"""The page visitors see first: what Interview Coach does and how to start."""

import reflex as rx

from interview_app import routes, styles
from interview_app.layouts.public import public_layout
from interview_app.state.auth import AuthState

FEATURES = (
    (
        "mic",
        "Rehearse out loud",
        "Answer by voice, video or text with a timer, follow-up questions and an interviewer "
        "who reads questions aloud.",
    ),
    (
        "message-square-text",
        "Feedback you can act on",
        "Every answer is scored on a clear rubric, with strengths and "
        "improvements that quote what you actually said, plus a model answer.",
    ),
    (
        "calendar-check",
        "A daily trainer",
        "Five focused minutes a day: quizzes with explanations and spaced repetition, so what you learn sticks.",
    ),
    (
        "chart-line",
        "See yourself improve",
        "Scores over time, a skill radar and a study plan counted back from your interview date.",
    ),
    (
        "shield-check",
        "Private by design",
        "Runs entirely on your own machine: speech recognition and scoring work offline. Your recordings stay yours.",
    ),
    ("smartphone", "On any device", "Practise at your desk or on your phone; install it like an app."),
)

STEPS = (
    ("1", "Tell us the role", "Pick the job, your level and your interview date."),
    ("2", "Practise a mock interview", "Behavioural, technical, system design or mixed, at your difficulty."),
    ("3", "Get coached", "Scores, quotes from your answers, what to say instead, and what to practise next."),
)


def _feature(icon: str, title: str, text: str) -> rx.Component:
    return rx.vstack(
        rx.center(
            rx.icon(icon, size=22),
            width="2.75rem",
            height="2.75rem",
            border_radius="var(--radius-3)",
            background=rx.color("accent", 3),
            color=rx.color("accent", 11),
        ),
        rx.heading(title, size="4", as_="h3"),
        rx.text(text, size="2", color_scheme="gray"),
        style=styles.card,
        spacing="2",
    )


def _step(number: str, title: str, text: str) -> rx.Component:
    return rx.hstack(
        rx.center(
            number,
            width="2rem",
            height="2rem",
            border_radius="full",
            background=rx.color("accent", 9),
            color="white",
            font_weight="bold",
            flex_shrink="0",
        ),
        rx.vstack(rx.text(title, weight="bold"), rx.text(text, size="2", color_scheme="gray"), spacing="1"),
        align="start",
        spacing="3",
    )


def hero() -> rx.Component:
    """Headline and the two calls to action."""
    return rx.vstack(
        rx.badge("Free · open source · works offline", size="2", radius="full", variant="soft"),
        rx.heading(
            "Walk into your next interview ready.",
            size=rx.breakpoints(initial="8", md="9"),
            as_="h1",
            text_align="center",
            max_width="40rem",
        ),
        rx.text(
            "Interview Coach listens to your answers, scores them on a clear rubric and tells you exactly what "
            "to improve, then keeps you sharp with a short daily trainer.",
            size="4",
            color_scheme="gray",
            text_align="center",
            max_width="38rem",
        ),
        rx.cond(
            AuthState.signed_in,
            rx.link(rx.button("Open your dashboard", size="4"), href=routes.DASHBOARD),
            rx.flex(
                rx.link(rx.button("Start practising free", size="4", id="hero-register"), href=routes.REGISTER),
                rx.link(rx.button("I have an account", size="4", variant="soft"), href=routes.SIGN_IN),
                spacing="3",
                wrap="wrap",
                justify="center",
            ),
        ),
        align="center",
        spacing="5",
        padding_y=rx.breakpoints(initial="3rem", md="5rem"),
        padding_x="1rem",
    )


@rx.page(
    route=routes.LANDING,
    title="Interview Coach · practise interviews with instant feedback",
    description="Rehearse real interviews by voice, video or text and get honest, specific feedback. "
    "Open source and private.",
    on_load=AuthState.load_visitor,
)
def landing_page() -> rx.Component:
    return public_layout(
        hero(),
        rx.box(
            rx.grid(
                *[_feature(*f) for f in FEATURES],
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="4",
                width="100%",
            ),
            max_width=styles.CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding_x="1rem",
        ),
        rx.vstack(
            rx.heading("How it works", size="6", as_="h2"),
            rx.grid(
                *[_step(*s) for s in STEPS], columns=rx.breakpoints(initial="1", md="3"), spacing="5", width="100%"
            ),
            max_width=styles.CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding="3rem 1rem",
            spacing="5",
        ),
    )
