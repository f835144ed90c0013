"""Every handler's arguments are checked at the edge (interview_app/state/edge.py) before the handler runs.

The handlers are enumerated from the code, as a client would address them, so a new handler cannot skip
the check; each argument is sent the kinds of value the fuzz run sends (bench/fuzz_handlers.py).
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import json
import logging
import typing
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from reflex.app import _sio_dumps, _sio_loads
from reflex.state import State, StateUpdate
from reflex_base.event import Event
from reflex_base.utils.form import FORM_DATA_ENTRIES_KEY
from reflex_base.utils.format import format_event_handler

import interview_app.interview_app
from interview_app.pages.admin.question_import import ImportState
from interview_app.pages.interviews.run import RunState
from interview_app.pages.privacy.settings_data import DataState
from interview_app.pages.progress.progress import ProgressState
from interview_app.pages.trainer.quiz import QuizState
from interview_app.pages.trainer.trainer import TrainerState
from interview_app.services.bank.importer import MAX_IMPORT_BYTES
from interview_app.state import edge
from interview_app.state.auth import AuthState
from tests.support.handlers import new_state

MB = "1" * 1_000_000


def _preprocess(event: Event) -> StateUpdate | None:
    """Run the edge check on `event` as the app would (in a thread of its own, with this context)."""
    check = edge.ArgumentCheck().preprocess(None, None, event)  # type: ignore[arg-type]
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(contextvars.copy_context().run, asyncio.run, check).result()


def _states(cls: Any) -> Iterator[Any]:
    yield cls
    for sub in cls.get_substates():
        yield from _states(sub)


HANDLERS = [(state, name, handler) for state in _states(State) for name, handler in state.event_handlers.items()]


def _good(hint: Any) -> Any:
    """A value the annotation accepts, to pair with one bad argument."""
    hint = next((h for h in typing.get_args(hint) if h is not type(None)), hint) if typing.get_args(hint) else hint
    origin = typing.get_origin(hint) or hint
    return {int: 1, float: 1.0, bool: True, str: "x", list: [], dict: {}}.get(origin)


def _bad(hint: Any) -> list[Any]:
    """Values the annotation must refuse."""
    deep: Any = []
    for _ in range(20):
        deep = [deep]
    junk = [deep, list(range(5_000)), {str(i): i for i in range(5_000)}, "x" * (edge.MAX_CHARS + 1)]
    origin = typing.get_origin(hint) or hint
    if hint is int:
        return [*junk, 2**63, -(2**63) - 1, True, 1.5, MB, "NaN", "9223372036854775808", "", "x", None, [1]]
    if hint is bool:
        return [*junk, 1, "true", None, MB]
    if hint is str:
        return [*junk, MB, 1, None, ["x"], {"a": "b"}]
    if origin in (list, dict):
        return [*junk, "x", 1, None]
    return junk


@pytest.mark.parametrize(("state", "name", "handler"), HANDLERS, ids=[f"{s.__name__}.{n}" for s, n, _ in HANDLERS])
def test_every_handler_refuses_bad_arguments(state: Any, name: str, handler: Any):
    assert len(HANDLERS) > 200  # the walk found the app's states
    params = list(inspect.signature(handler.fn).parameters.values())[1:]
    hints = typing.get_type_hints(handler.fn)
    good = {p.name: _good(hints.get(p.name, Any)) for p in params}
    for param in params:
        hint = hints.get(param.name, Any)
        for value in _bad(hint):
            if isinstance(value, str) and len(value) <= edge._limit_for(handler.fn, param.name):
                continue  # a long text where a handler allows one
            with pytest.raises(edge.Refused):
                edge.check_payload(handler.fn, {**good, param.name: value})
    with pytest.raises(edge.Refused):
        edge.check_payload(handler.fn, {**good, "unexpected": 1})
    with pytest.raises(edge.Refused):
        edge.check_payload(handler.fn, ["not", "an", "object"])
    if any(p.default is inspect.Parameter.empty for p in params):
        with pytest.raises(edge.Refused):
            edge.check_payload(handler.fn, {})


def test_whole_numbers_are_64_bit_and_numeric_text_is_converted_as_reflex_would():
    fn = ProgressState.open_edit.fn
    assert edge.check_payload(fn, {"index": "12", "sessions": -1, "note": ""}) == {
        "index": 12,
        "sessions": -1,
        "note": "",
    }
    assert edge.check_payload(fn, {"index": 2**63 - 1, "sessions": -(2**63), "note": ""})["index"] == 2**63 - 1
    with pytest.raises(edge.Refused, match="out of range"):
        edge.check_payload(fn, {"index": "9223372036854775808", "sessions": 0, "note": ""})


def test_text_is_limited_unless_the_handler_allows_more():
    long_text = "a" * (edge.MAX_CHARS + 1)
    with pytest.raises(edge.Refused) as refused:
        edge.check_payload(TrainerState.set_practice_topic.fn, {"value": long_text})
    assert refused.value.key == "edge.too_long" and refused.value.values == {"limit": edge.MAX_CHARS}
    pasted = "a" * MAX_IMPORT_BYTES
    assert edge.check_payload(ImportState.set_paste.fn, {"text": pasted}) == {"text": pasted}


def test_the_answer_box_takes_as_much_text_as_the_settings_allow(override_settings: Any):
    answer = "a" * 30_000
    with pytest.raises(edge.Refused):
        edge.check_payload(RunState.change_draft.fn, {"value": answer})
    override_settings(answer_max_chars=40_000)
    assert edge.check_payload(RunState.change_draft.fn, {"value": answer}) == {"value": answer}


def test_a_refused_event_answers_with_a_toast_and_one_short_log_line():
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger(edge.__name__).addHandler(handler)
    event = Event(
        name=format_event_handler(ProgressState.event_handlers["open_edit"]),
        payload={"index": MB, "sessions": 1, "note": ""},
    )
    try:
        update = _preprocess(event)
    finally:
        logging.getLogger(edge.__name__).removeHandler(handler)
    assert isinstance(update, StateUpdate) and update.delta == {}
    assert "not understood" in json.dumps([e.payload for e in update.events])
    lines = [r.getMessage() for r in records]
    assert len(lines) == 1 and "progress_state.open_edit" in lines[0] and len(lines[0]) < 300


def test_an_accepted_event_runs_with_normalised_arguments():
    event = Event(
        name=format_event_handler(ProgressState.event_handlers["open_edit"]),
        payload={"index": "3", "sessions": 2, "note": "x\ud800"},
    )
    assert _preprocess(event) is None
    assert event.payload == {"index": 3, "sessions": 2, "note": "x\ufffd"}


def test_setvar_is_checked_as_the_setter_it_calls():
    event_name = format_event_handler(TrainerState.event_handlers["setvar"])
    for payload in (
        {"var_name": "practice_count", "value": {"a": 1}},
        {"var_name": "no_such_var", "value": "1"},
        {"var_name": "practice_count"},
    ):
        update = _preprocess(Event(name=event_name, payload=payload))
        assert isinstance(update, StateUpdate), payload
    ok = Event(name=event_name, payload={"var_name": "practice_count", "value": "5"})
    assert _preprocess(ok) is None


def test_browser_storage_vars_must_name_a_state():
    fn = State.hydrate_and_load.fn
    token_key = f"{AuthState.get_full_name()}.session_token"
    assert edge.check_payload(fn, {"vars": {token_key: "abc"}}) == {"vars": {token_key: "abc"}}
    for vars_ in ({"a": "1"}, {"no.such_state.var": "1"}, {token_key: {"nested": 1}}):
        with pytest.raises(edge.Refused):
            edge.check_payload(fn, {"vars": vars_})


def test_a_lone_surrogate_cannot_break_what_the_socket_sends():
    update = {"delta": {"s": {"draft_rx_state_": "ok \ud800 \udfff"}}}
    with pytest.raises(UnicodeEncodeError):  # what dropped the connection: the frame is not valid UTF-8
        _sio_dumps(update).encode()
    codec = edge._safe_codec(type("Codec", (), {"loads": staticmethod(_sio_loads), "dumps": staticmethod(_sio_dumps)}))
    sent = codec.dumps(update)
    assert sent.encode() and "\ufffd" in sent
    received = codec.loads('[{"name":"a\\ud800","payload":{"v":["\\udfffx", "\\ud83d\\ude00"]}}]')
    assert received == [{"name": "a\ufffd", "payload": {"v": ["\ufffdx", "\U0001f600"]}}]


def test_the_app_checks_every_event_and_guards_its_socket():
    app = interview_app.interview_app.app
    assert isinstance(app._middlewares[0], edge.ArgumentCheck)
    packet_class: Any = app.sio.packet_class if app.sio is not None else None
    assert packet_class.json.dumps({"a": "\ud800"}).encode()


def test_quiz_toggle_ignores_an_index_that_is_not_an_option():
    state = new_state(QuizState)
    state.options = ["a", "b", "c"]
    for index in ("abc", "", "7", "-1"):
        state.toggle(index, True)
    assert state.choices == []
    state.toggle("1", True)
    state.toggle("0", True)
    assert state.choices == ["0", "1"]


@pytest.mark.parametrize(
    "envelope",
    [
        "junk",
        '{"name": "x"}',
        42,
        None,
        ["event"],
        {},
        {"payload": {}},
        {"name": 1, "payload": {}},
        {"name": "no.such_handler", "payload": {}},
        {"name": "x" * 999_000, "payload": {}},
        {"name": "reflex___state____state.set_is_hydrated", "payload": []},
        {"name": "reflex___state____state.set_is_hydrated", "payload": {}, "router_data": "x"},
        {"name": "reflex___state____state.set_is_hydrated", "payload": {}, "router_data": {"pathname": 5}},
        {"name": "reflex___state____state.set_is_hydrated", "payload": {}, "router_data": {"query": [1]}},
        {"name": "reflex___state____state.set_is_hydrated", "router_data": {"pathname": "/" + "a/" * 400_000}},
    ],
)
def test_a_broken_event_envelope_is_refused_before_reflex_reads_it(envelope: Any):
    assert edge.envelope_problem(envelope) is not None


def test_the_browsers_envelopes_pass():
    router = {"pathname": "/interview/[id]", "asPath": "/interview/12?x=1", "query": {"id": "12", "tag": ["a", "b"]}}
    for envelope in (
        {"name": "reflex___state____state.set_is_hydrated", "payload": {"value": True}, "router_data": router},
        {"name": format_event_handler(ProgressState.event_handlers["load"]), "payload": {}, "router_data": {}},
        {"name": "reflex___state____state.hydrate_and_load", "payload": {}},
    ):
        assert edge.envelope_problem(envelope) is None


def test_the_app_refuses_broken_envelopes_without_calling_reflex():
    namespace: Any = interview_app.interview_app.app.event_namespace
    assert getattr(namespace.on_event, "_edge_guard", False)


def test_a_form_field_that_is_not_on_the_page_is_left_out_not_refused():
    """state.js sends the ref of an unmounted control as null (the data page shows either field)."""
    entries = [["password", "correct horse battery"], ["email", None]]
    event = Event(
        name=format_event_handler(DataState.event_handlers["delete_account"]),
        payload={"form": {FORM_DATA_ENTRIES_KEY: entries}},
    )
    assert _preprocess(event) is None
    assert event.payload == {"form": {FORM_DATA_ENTRIES_KEY: [["password", "correct horse battery"]]}}


def test_one_caller_gets_a_few_log_lines_a_minute_then_one_line_counting_the_rest(caplog: pytest.LogCaptureFixture):
    now = [0.0]
    refusals = edge.RefusalLog(per_minute=3, callers=2, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger=edge.__name__):
        for _ in range(1000):
            refusals.warn("tab-a", "refused %s", "x" * 10)
        refusals.warn("tab-b", "refused %s", "y")
        assert len(caplog.records) == 4  # three of tab-a's, one of tab-b's
        now[0] = 61.0
        refusals.warn("tab-a", "refused %s", "z")
    lines = [r.getMessage() for r in caplog.records]
    assert "refused 997 more events from tab-a in a minute" in lines[4] and lines[5] == "refused z"
    refusals.warn("tab-c", "refused %s", "w")  # a third caller makes room by forgetting an idle one
    assert len(refusals._minutes) <= 2
