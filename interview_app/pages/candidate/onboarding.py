"""Three short steps after the first sign-in: goal, skills, practice habits."""

import reflex as rx

from interview_app import routes, styles
from interview_app.components.brand import logo, ready_marker
from interview_app.pages.candidate.profile_form import ProfileState, practice_fields, role_fields, skill_fields

STEPS = ("Your goal", "Your skills", "How you practise")


def _progress() -> rx.Component:
    return rx.vstack(
        rx.text("Step ", ProfileState.step, " of 3", size="2", color_scheme="gray", id="onboarding-step"),
        rx.progress(value=ProfileState.step * 33 + 1, max=100, width="100%", aria_label="Onboarding progress"),
        width="100%",
        spacing="2",
    )


def _nav() -> rx.Component:
    return rx.hstack(
        rx.cond(
            ProfileState.step > 1,
            rx.button("Back", variant="soft", on_click=ProfileState.previous_step, size="3", type="button"),
        ),
        rx.spacer(),
        rx.cond(
            ProfileState.step < 3,
            rx.button("Continue", on_click=ProfileState.next_step, size="3", id="onboarding-next", type="button"),
            rx.button(
                "Finish and open my dashboard",
                on_click=ProfileState.finish_onboarding,
                size="3",
                id="onboarding-finish",
                type="button",
            ),
        ),
        width="100%",
    )


@rx.page(
    route=routes.ONBOARDING,
    title="Set up your practice · Interview Coach",
    on_load=[ProfileState.require_user, ProfileState.load],
)
def onboarding_page() -> rx.Component:
    return rx.box(
        rx.hstack(
            logo(href=routes.ONBOARDING),
            rx.spacer(),
            rx.color_mode.button(aria_label="Switch light and dark theme", variant="ghost"),
            padding="1rem",
            as_="header",
            align="center",
        ),
        rx.el.main(
            rx.center(
                rx.vstack(
                    rx.heading(rx.match(ProfileState.step, (1, STEPS[0]), (2, STEPS[1]), STEPS[2]), size="7", as_="h1"),
                    rx.text(
                        "A minute now makes every interview fit you. You can change all of it later.",
                        color_scheme="gray",
                    ),
                    _progress(),
                    rx.match(ProfileState.step, (1, role_fields()), (2, skill_fields()), practice_fields()),
                    _nav(),
                    spacing="5",
                    width="100%",
                    max_width="34rem",
                    style=styles.card,
                    padding="1.75rem",
                ),
                padding="1rem",
            ),
            id="main",
        ),
        ready_marker(),
        min_height="100vh",
        background=rx.color("gray", 2),
    )
