"""Calls into the app's own browser functions (assets/*.js), sent as data rather than as JavaScript.

Reflex runs `rx.call_script` code with `eval`, which the Content-Security-Policy forbids. The built
frontend instead reads the script text as a JSON call and runs only the functions named in
`BROWSER_FUNCTIONS` (see `interview_app.browser_calls_plugin`, which patches Reflex's `state.js`):

    browser.call("icRecorder.take", then=RunState.recorder_events)
    browser.call("icRecorder.start", spec, wait_ms=10_000)
    browser.run(browser.step("icRecorder.cancelSpeech"), browser.step("icRecorder.stop", False))

A call runs in the browser at once when used as a component's event trigger (no round trip), or when a
handler returns it. With `then`, the last step's result (awaited when it is a promise) is sent to that
handler as its one argument.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

import reflex as rx
from reflex_base.utils import format

# The functions a server-sent call may run: methods of the app's own scripts, plus a few built-ins
# implemented in the patched state.js ("location.reload", "intl.timeZone", "toast"), and `location.assign`
# (a full page load of an address of the app's own host that is not one of its pages, e.g. an API route).
BROWSER_FUNCTIONS: frozenset[str] = frozenset(
    {
        *(
            f"icRecorder.{name}"
            for name in (
                "askAndRecord",
                "cancelSpeech",
                "discard",
                "reset",
                "resume",
                "speak",
                "start",
                "stop",
                "submit",
                "take",
            )
        ),
        *(f"icPush.{name}" for name in ("disable", "enable", "status")),
        "location.reload",
        "location.assign",
        "intl.timeZone",
        "toast",
    }
)


def step(function: str, *args: Any) -> list[Any]:
    """One call of an allowed browser function with JSON arguments.

    Raises:
        ValueError: If `function` is not in BROWSER_FUNCTIONS.

    """
    if function not in BROWSER_FUNCTIONS:
        raise ValueError(f"{function!r} is not an allowed browser function (see BROWSER_FUNCTIONS)")
    return [function, list(args)]


def run(
    *steps: list[Any],
    then: rx.event.EventCallback | rx.event.EventHandler | None = None,
    wait_ms: int = 0,
    fallback: Any = None,
) -> rx.event.EventSpec:
    """Run `steps` in order in the browser once their scripts have loaded.

    Args:
        steps: Calls made with `step`.
        then: A handler receiving the last step's result (or `fallback`).
        wait_ms: How long to wait for a script (e.g. /recorder.js) that has not loaded yet; 0 means
            skip the steps when it is not there (the result is then `fallback`).
        fallback: The result when the script never loaded or a step failed.

    Returns:
        The event that makes the call.

    """
    call: dict[str, Any] = {"steps": list(steps), "wait": wait_ms, "fallback": fallback}
    if then is not None:
        name = format.format_event_handler(then)  # pyright: ignore[reportArgumentType]
        call["then"] = {"event": name, "arg": _argument_name(then)}
    return rx.call_script(json.dumps(call, separators=(",", ":")))


def call(
    function: str,
    *args: Any,
    then: rx.event.EventCallback | rx.event.EventHandler | None = None,
    wait_ms: int = 0,
    fallback: Any = None,
) -> rx.event.EventSpec:
    """Call one allowed browser function with JSON arguments; see `run`."""
    return run(step(function, *args), then=then, wait_ms=wait_ms, fallback=fallback)


def _argument_name(handler: rx.event.EventCallback | rx.event.EventHandler) -> str:
    fn = handler.fn  # pyright: ignore[reportAttributeAccessIssue]
    params = [p for p in inspect.signature(fn).parameters.values() if p.name != "self"]
    if len(params) != 1:
        raise ValueError(f"{fn.__qualname__} must take exactly one argument to receive a browser result")
    return params[0].name
