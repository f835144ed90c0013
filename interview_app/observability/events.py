"""Timing every browser event by handler, and counting the connected tabs, for /metrics and the logs.

Reflex 0.10 calls no middleware after a handler, so the timing wraps the event processor's
`_execute_event` (waiting for the tab's state lock included: that is what the person in the tab waits for).
`install` checks that the method is there and logs a warning instead of failing the app if Reflex changes it.
"""

from __future__ import annotations

import functools
import logging
import time
from typing import Any

import reflex as rx
from reflex_base.event.processor import base_state_processor

from interview_app import logs
from interview_app.observability import metrics

log = logging.getLogger("interview_app.access")
_MARK = "_interview_app_timed"


def handler_name(registered_handler: Any) -> str:
    """`State.handler` as the metric label: the state class's name and the handler's, never a token or value."""
    fn = getattr(getattr(registered_handler, "handler", None), "fn", None)
    return str(getattr(fn, "__qualname__", "unknown"))[:200]


def _timed(execute: Any) -> Any:
    @functools.wraps(execute)
    async def execute_timed(self: Any, *, entry: Any, registered_handler: Any) -> None:
        name = handler_name(registered_handler)
        started, failed = time.perf_counter(), True
        with logs.bind(event_id=logs.new_id(), event=name):
            try:
                await execute(self, entry=entry, registered_handler=registered_handler)
                failed = False
            finally:
                seconds = time.perf_counter() - started
                metrics.observe_event(name, seconds, failed)
                log.log(logs.access_level(), "event %s %s %.1f ms", name, "failed" if failed else "ok", seconds * 1000)

    setattr(execute_timed, _MARK, True)
    return execute_timed


def install(app: rx.App) -> None:
    """Time every event handler and let /metrics count this process's connected tabs (once per process)."""
    processor = base_state_processor.BaseStateEventProcessor
    execute = getattr(processor, "_execute_event", None)
    if execute is None:
        log.warning("event timing is off: Reflex's BaseStateEventProcessor has no _execute_event")
    elif not getattr(execute, _MARK, False):
        processor._execute_event = _timed(execute)  # type: ignore[method-assign]

    def live_tabs() -> int:
        namespace = getattr(app, "event_namespace", None)
        return len(getattr(namespace, "sid_to_token", None) or {}) if namespace is not None else 0

    def tab_states() -> int:
        # One entry per tab and state class in Reflex's memory and disk managers; Redis holds none here.
        states = getattr(getattr(app, "_state_manager", None), "states", None)
        return len({key.split("/", 1)[0] for key in states}) if isinstance(states, dict) else 0

    metrics.count_live_tabs(live_tabs, tab_states)
