"""Placeholders a page shows while its values load: the shape of the cards to come, never half-filled sentences.

A page that loads its values after the first paint shows `loading_block(...)` and swaps the whole block for
its content once the values are in, each block with its own `key` so React builds the content afresh: no
card that was already on screen moves down when the content turns out taller than its placeholder (Lighthouse
counts such moves as layout shift).
"""

import reflex as rx

from interview_app import styles
from interview_app.components.i18n import tr


def card_skeleton() -> rx.Component:
    """A card's shape: an icon, two lines of text and a button (hidden from screen readers)."""
    return rx.vstack(
        rx.skeleton(height="2.5rem", width="2.5rem"),
        rx.skeleton(height="1.1rem", width="70%"),
        rx.skeleton(height="1.1rem", width="90%"),
        rx.skeleton(height="2rem", width="9rem"),
        style=styles.card,
        spacing="3",
        aria_hidden="true",
    )


def loading_block(*children: rx.Component, key: str) -> rx.Component:
    """The placeholders of a page, announced once as loading (a status, busy until the content replaces it)."""
    return rx.vstack(
        *children,
        spacing="4",
        width="100%",
        role="status",
        aria_busy="true",
        aria_label=tr("common.loading"),
        key=key,
    )
