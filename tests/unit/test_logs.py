"""No log line carries a huge value: a 1 MB argument costs a short line, wherever it is logged from."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from interview_app import logs

HUGE = "9" * 1_000_000


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Everything the `reflex.app` logger (one of Reflex's own) writes, with the app's logging configured."""
    logs.configure()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("reflex.app")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_a_huge_message_is_cut_to_a_short_line(captured: io.StringIO):
    logging.getLogger("reflex.app").warning(f"Received event data as a string. Event data: {HUGE}")
    text = captured.getvalue()
    assert text.startswith("Received event data as a string. Event data: 9999")
    assert len(text) < 2 * logs.MAX_MESSAGE_CHARS
    assert "chars cut" in text


def test_huge_arguments_are_cut_too(captured: io.StringIO):
    logging.getLogger("reflex.app").warning("value %s and %r", HUGE, {"payload": HUGE})
    assert len(captured.getvalue()) < 2 * logs.MAX_MESSAGE_CHARS


def test_a_traceback_holding_a_huge_value_is_cut(captured: io.StringIO):
    try:
        int(HUGE[:4000] + "x")
    except ValueError:
        try:
            raise ValueError(f"Error transforming event argument 'index' with value '{HUGE}'")
        except ValueError:
            logging.getLogger("reflex.app").exception("Error in event")
    text = captured.getvalue()
    assert "Traceback" in text and "Error transforming event argument" in text
    assert len(text) < logs.MAX_MESSAGE_CHARS + logs.MAX_TRACEBACK_CHARS + 500


def test_short_lines_and_their_tracebacks_are_left_alone(captured: io.StringIO):
    try:
        raise KeyError("No registered handler found for event: x.y")
    except KeyError:
        logging.getLogger("reflex.app").exception("Error processing %s", "x.y")
    text = captured.getvalue()
    assert text.startswith("Error processing x.y\nTraceback (most recent call last):")
    assert "chars cut" not in text
