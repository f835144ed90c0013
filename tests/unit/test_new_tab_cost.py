"""A new tab's first snapshot must not hold the event loop: every user waits while it is built."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import plotly.graph_objects as go
from reflex.state import State

import interview_app.interview_app  # noqa: F401  (registers every page and state)


def _states(cls: Any) -> Iterator[Any]:
    yield cls
    for sub in cls.get_substates():
        yield from _states(sub)


def test_chart_defaults_copy_quickly():
    # Reflex deep-copies each state var's default for every new tab, on the event loop. A plain
    # go.Figure() carries plotly's default template, which takes ~40 ms per figure to copy.
    defaults = [
        field.default_factory
        for state in _states(State)
        for field in state.get_fields().values()
        if callable(field.default_factory) and isinstance(getattr(field.default_factory, "args", [None])[0], go.Figure)
    ]
    assert len(defaults) >= 10  # the progress, analytics and report charts
    defaults[0]()
    start = time.perf_counter()
    for make_default in defaults:
        assert isinstance(make_default(), go.Figure)
    assert time.perf_counter() - start < 0.1
