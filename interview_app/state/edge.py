"""Every event handler's arguments are checked at the edge, before the handler runs.

Any client can call any public handler of any state by name, with any payload (docs/security.md).
Reflex coerces some arguments by the handler's annotations and passes the rest through, so a wrong type
or a huge value used to end in an exception deep inside the handler: a generic "An error occurred" toast
and a log line holding the whole value. `ArgumentCheck` runs before every handler of every state and
checks the payload against the handler's signature and annotations:

- no unknown or missing arguments;
- `int` is a whole number in the signed 64-bit range (a numeric string, which Reflex converts, too);
  bool, float and other strings are refused; `float` is finite; `bool` is a bool;
- `str` holds at most `MAX_CHARS` characters, unless the handler allows more with `@max_chars`;
- lists and dicts hold at most `MAX_ITEMS` items and nest at most `MAX_DEPTH` deep.

A refused event changes nothing: the browser gets a toast saying so and the log one short line.
An event whose envelope is broken (not an object, an unknown handler, junk router data) is refused on
the socket before Reflex reads it, with one short log line.
The socket's JSON codec is wrapped too: lone surrogates in what a browser sends become U+FFFD (a
state var holding one could not be sent back, and the socket dropped), and nothing the server sends
can fail to encode as UTF-8.
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
import re
import time
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any, Literal, TypeVar

import reflex as rx
from reflex.middleware.middleware import Middleware
from reflex.state import BaseState, State, StateUpdate, UpdateVarsInternalState
from reflex_base.constants.state import FIELD_MARKER
from reflex_base.event import Event
from reflex_base.event.context import EventContext
from reflex_base.registry import RegistrationContext
from reflex_base.utils.form import FORM_DATA_ENTRIES_KEY

from interview_app.i18n import t

log = logging.getLogger(__name__)

MAX_CHARS = 20_000  # default length limit of a text argument
MAX_ITEMS = 1_000  # entries of a list or dict argument
MAX_DEPTH = 8  # nesting of lists and dicts
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
PREVIEW_CHARS = 60  # how much of a refused value a log line shows
MAX_NAME_CHARS = 1_000  # an event's "<state path>.<handler>" name
MAX_PATH_CHARS = 2_000  # a page path, or a query parameter, in an event's router data

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,19}")
_LIMITS_ATTR = "_edge_max_chars"

F = TypeVar("F", bound=Callable[..., Any])


class Refused(ValueError):
    """An argument the handler must not see: `key` is the text for the user, `detail` the log's words."""

    def __init__(self, key: str, detail: str, **values: object):
        super().__init__(detail)
        self.key, self.detail, self.values = key, detail, values


def max_chars(**limits: int | Callable[[], int]) -> Callable[[F], F]:
    """Allow longer text in the named arguments of a handler (put it below `@rx.event`).

    A limit may be a function, read on each call, such as `lambda: get_settings().answer_max_chars`.
    """

    def mark(fn: F) -> F:
        setattr(fn, _LIMITS_ATTR, limits)
        return fn

    return mark


def sanitize_text(text: str) -> str:
    """`text` with each lone surrogate (never valid in UTF-8) replaced by U+FFFD."""
    if text.isascii() or not _LONE_SURROGATE.search(text):
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def preview(value: object) -> str:
    """A short description of a value for a log line: its type, its size and its first characters."""
    if isinstance(value, str):
        head = sanitize_text(value[:PREVIEW_CHARS])
        return f"str of {len(value):,} chars {head!r}{'...' if len(value) > PREVIEW_CHARS else ''}"
    if isinstance(value, (list, dict)):
        return f"{type(value).__name__} of {len(value):,} items"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"int of {len(str(abs(value))) if abs(value) < 10**4000 else 'over 4000'} digits"
    text = repr(value)
    return f"{type(value).__name__} {text[:PREVIEW_CHARS]}{'...' if len(text) > PREVIEW_CHARS else ''}"


@functools.cache
def _signature(fn: Callable[..., Any]) -> tuple[dict[str, inspect.Parameter], dict[str, Any], bool]:
    """The handler's parameters after `self`, their type hints and whether it takes `**kwargs`."""
    params = list(inspect.signature(fn).parameters.values())[1:]
    hints = typing.get_type_hints(fn)
    named = {p.name: p for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    return named, hints, any(p.kind is p.VAR_KEYWORD for p in params)


def _limit_for(fn: Callable[..., Any], name: str) -> int:
    limit: int | Callable[[], int] = getattr(fn, _LIMITS_ATTR, {}).get(name, MAX_CHARS)
    return limit if isinstance(limit, int) else limit()


def check_payload(fn: Callable[..., Any], payload: object) -> dict[str, Any]:
    """The payload for handler function `fn`, checked and normalised; raises `Refused` if it must not run.

    Numeric strings for `int`/`float` become numbers (as Reflex would convert them) and lone
    surrogates in text become U+FFFD; everything else is returned as it came.
    """
    if not isinstance(payload, dict):
        raise Refused("edge.invalid", f"payload is {preview(payload)}, not an object")
    named, hints, takes_any = _signature(fn)
    unknown = [name for name in payload if name not in named]
    if unknown and not takes_any:
        raise Refused("edge.invalid", f"unknown argument {preview(str(unknown[0]))}")
    missing = [n for n, p in named.items() if p.default is inspect.Parameter.empty and n not in payload]
    if missing:
        raise Refused("edge.invalid", f"missing argument {missing[0]!r}")
    checked = {}
    for name, value in payload.items():
        limit = _limit_for(fn, name)
        try:
            checked[name] = _check(value, hints.get(name, Any), limit, 0)
            if name == "vars" and fn in _BROWSER_STORAGE_HANDLERS and checked[name]:
                _check_storage_vars(checked[name])
        except Refused as refused:
            refused.detail = f"{name}: {refused.detail}"
            raise
    return checked


# Reflex's own handlers that set browser-storage vars named `{state}.{var}` (Reflex fails on an unknown state).
_BROWSER_STORAGE_HANDLERS = (State.hydrate_and_load.fn, UpdateVarsInternalState.update_vars_internal.fn)


def _check_storage_vars(values: dict[str, Any]) -> None:
    """Each key names a state's var (the browser-storage ones get a value of their type)."""
    for key, value in values.items():
        state_name, _, var_name = key.rpartition(".")
        try:
            state = State.get_class_substate(state_name)
        except ValueError:
            raise Refused("edge.invalid", f"no state {preview(state_name)}") from None
        field = state.get_fields().get(var_name.removesuffix(FIELD_MARKER))
        if field is not None and state._is_client_storage(field) and isinstance(field.type_, type):
            _check(value, field.type_, MAX_CHARS, 1)


def _check(value: Any, hint: Any, limit: int, depth: int) -> Any:
    """`value` checked against the annotation `hint` (and normalised); raises `Refused`."""
    origin = typing.get_origin(hint)
    if hint is Any or hint is object or isinstance(hint, TypeVar):
        return _check_any(value, limit, depth)
    if origin in (typing.Union, types.UnionType):
        return _check_union(value, typing.get_args(hint), limit, depth)
    if origin is Literal:
        if value not in typing.get_args(hint) or isinstance(value, bool) != any(
            isinstance(a, bool) for a in typing.get_args(hint)
        ):
            raise Refused("edge.invalid", f"expected one of {typing.get_args(hint)}, got {preview(value)}")
        return value
    if hint is type(None) or hint is None:
        if value is not None:
            raise Refused("edge.invalid", f"expected nothing, got {preview(value)}")
        return None
    if hint is bool:
        if not isinstance(value, bool):
            raise Refused("edge.invalid", f"expected true or false, got {preview(value)}")
        return value
    if hint is int:
        return _check_int(value)
    if hint is float:
        return _check_float(value)
    if hint is str:
        return _check_str(value, limit)
    container = origin or hint
    if container in (list, set, frozenset, tuple) or _is_abc(container, "Sequence", "Set"):
        return _check_list(value, hint, limit, depth)
    if container is dict or _is_abc(container, "Mapping"):
        return _check_dict(value, hint, limit, depth)
    if isinstance(hint, type) and issubclass(hint, Enum):
        if value not in {member.value for member in hint}:
            raise Refused("edge.invalid", f"expected a {hint.__name__}, got {preview(value)}")
        return value
    if isinstance(hint, type) and isinstance(value, hint):
        return value  # an object made on the server, such as an upload's files
    if isinstance(value, dict) and isinstance(hint, type) and _built_from_dict(hint):
        return _check_any(value, limit, depth)
    raise Refused("edge.invalid", f"expected {getattr(hint, '__name__', hint)}, got {preview(value)}")


def _is_abc(container: Any, *names: str) -> bool:
    return getattr(container, "__module__", "") == "collections.abc" and container.__name__ in names


def _built_from_dict(cls: type) -> bool:
    """Whether Reflex builds `cls` from a dict payload (a model, pydantic model or dataclass)."""
    return hasattr(cls, "model_fields") or hasattr(cls, "__dataclass_fields__")


def _check_union(value: Any, options: tuple[Any, ...], limit: int, depth: int) -> Any:
    if value is None and type(None) in options:
        return None
    first: Refused | None = None
    for option in options:
        if option is type(None):
            continue
        try:
            return _check(value, option, limit, depth)
        except Refused as refused:
            first = first or refused
    raise first or Refused("edge.invalid", f"unexpected {preview(value)}")


def _check_int(value: Any) -> int:
    number = value
    if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int):
        raise Refused("edge.invalid", f"expected a whole number, got {preview(value)}")
    if not INT_MIN <= number <= INT_MAX:
        raise Refused("edge.invalid", f"whole number out of range, got {preview(value)}")
    return number


def _check_float(value: Any) -> float | int:
    number = value
    if isinstance(value, str) and len(value) <= 40:
        try:
            number = float(value)
        except ValueError:
            number = value
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        raise Refused("edge.invalid", f"expected a number, got {preview(value)}")
    if (isinstance(number, float) and not math.isfinite(number)) or abs(number) > 1e300:
        raise Refused("edge.invalid", f"number out of range, got {preview(value)}")
    return number


def _check_str(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise Refused("edge.invalid", f"expected text, got {preview(value)}")
    if len(value) > limit:
        raise Refused("edge.too_long", f"text too long (limit {limit:,}), got {preview(value)}", limit=limit)
    return sanitize_text(value)


def _check_list(value: Any, hint: Any, limit: int, depth: int) -> list[Any]:
    if not isinstance(value, list):
        raise Refused("edge.invalid", f"expected a list, got {preview(value)}")
    if len(value) > MAX_ITEMS or depth >= MAX_DEPTH:
        raise Refused("edge.invalid", f"list too large or too deep, got {preview(value)}")
    args = typing.get_args(hint)
    item = args[0] if len(args) == 1 or (len(args) == 2 and args[1] is Ellipsis) else Any
    return [_check(v, item, limit, depth + 1) for v in value]


def _check_dict(value: Any, hint: Any, limit: int, depth: int) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise Refused("edge.invalid", f"expected an object, got {preview(value)}")
    args = typing.get_args(hint)
    item = args[1] if len(args) == 2 else Any
    if set(value) == {FORM_DATA_ENTRIES_KEY}:  # a submitted form's [name, value] entries, as state.js sends them
        entries = value[FORM_DATA_ENTRIES_KEY]
        if not isinstance(entries, list) or any(not (isinstance(e, list) and len(e) == 2) for e in entries):
            raise Refused("edge.invalid", f"malformed form data {preview(entries)}")
        pairs = _check_list(entries, list[list[Any]], limit, depth)
        # A null value is the ref of a control that is not on the page (state.js reads an unmounted ref as
        # null, e.g. the e-mail field of a form that shows the password field instead): it was not submitted.
        return {
            FORM_DATA_ENTRIES_KEY: [
                [_check_str(k, 1_000), _check(v, item, limit, depth + 2)] for k, v in pairs if v is not None
            ]
        }
    if len(value) > MAX_ITEMS or depth >= MAX_DEPTH:
        raise Refused("edge.invalid", f"object too large or too deep, got {preview(value)}")
    return {_check_str(k, 1_000): _check(v, item, limit, depth + 1) for k, v in value.items()}


def _check_any(value: Any, limit: int, depth: int) -> Any:
    """An unannotated value: any JSON, within the limits on text, numbers, size and depth."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return _check_int(value)
    if isinstance(value, float):
        return _check_float(value)
    if isinstance(value, str):
        return _check_str(value, limit)
    if isinstance(value, list):
        return _check_list(value, list[Any], limit, depth)
    if isinstance(value, dict):
        return _check_dict(value, dict[str, Any], limit, depth)
    raise Refused("edge.invalid", f"unexpected {preview(value)}")


def _handler_function(state: BaseState, event: Event) -> tuple[Callable[..., Any], dict[str, Any]] | None:
    """The function an event runs and its arguments; `setvar` is checked as the setter it calls."""
    registered = RegistrationContext.get().event_handlers.get(event.name)
    if registered is None:
        return None
    fn, payload = registered.handler.fn, event.payload
    if fn.__name__ == "setvar" and isinstance(payload, dict):
        target = registered.states[0].event_handlers.get(f"set_{payload.get('var_name')}")
        if target is None or set(payload) != {"var_name", "value"}:
            raise Refused("edge.invalid", f"setvar of {preview(payload.get('var_name'))}")
        names = list(_signature(target.fn)[0])
        return target.fn, {names[0] if names else "value": payload["value"]}
    return fn, payload


class RefusalLog:
    """At most `per_minute` log lines a minute for each caller's refusals, then one line counting the rest.

    A client that sends nothing but bad events could otherwise grow the log at will; one refusal still
    costs the caller a toast, but the log only a counted line once the caller's minute is over.
    """

    def __init__(self, per_minute: int = 20, callers: int = 10_000, clock: Callable[[], float] = time.monotonic):
        self.per_minute, self.callers, self.clock = per_minute, callers, clock
        # caller -> [start of the caller's minute, lines logged in it, refusals not logged]
        self._minutes: dict[str, list[float]] = {}

    def warn(self, caller: str, message: str, *args: object) -> None:
        """Log one refusal of `caller`'s, unless they have had their lines this minute."""
        now = self.clock()
        minute = self._minutes.get(caller)
        if minute is None or now - minute[0] >= 60:
            if minute is not None and minute[2]:
                log.warning("refused %d more events from %s in a minute (not logged one by one)", minute[2], caller)
            if minute is None and len(self._minutes) >= self.callers:
                self._forget_idle(now)
            minute = self._minutes[caller] = [now, 0, 0]
        if minute[1] < self.per_minute:
            minute[1] += 1
            log.warning(message, *args)
        else:
            minute[2] += 1

    def _forget_idle(self, now: float) -> None:
        for caller in [c for c, m in self._minutes.items() if now - m[0] >= 60]:
            del self._minutes[caller]
        while len(self._minutes) >= self.callers:  # all busy: drop the oldest
            del self._minutes[next(iter(self._minutes))]


REFUSALS = RefusalLog()


class ArgumentCheck(Middleware):
    """Refuses an event whose arguments do not fit its handler, before the handler runs."""

    async def preprocess(self, app: rx.App, state: BaseState, event: Event) -> StateUpdate | None:
        """Check (and normalise) the event's payload; a refusal answers with a toast instead."""
        try:
            found = _handler_function(state, event)
            if found is None:
                return None
            fn, payload = found
            checked = check_payload(fn, payload)
        except Refused as refused:
            REFUSALS.warn(_caller(), "refused %s: %s", _short_name(event.name), refused.detail)
            toast = rx.toast.error(t(refused.key, "en", **refused.values), id="edge_refused")
            return StateUpdate(events=Event.from_event_type(toast))
        if payload is event.payload:
            event.payload.clear()
            event.payload.update(checked)
        return None


def _caller() -> str:
    """The tab whose event is being processed (its client token), for counting its refusals."""
    try:
        return sanitize_text(str(EventContext.get().token))[:40]
    except LookupError:
        return ""


def _short_name(name: str) -> str:
    """`pkg___module____some_state.handler` for a log line (the full name repeats every parent state)."""
    return sanitize_text(name.rsplit(".", 2)[-2] + "." + name.rsplit(".", 1)[-1] if "." in name else name)[:200]


def envelope_problem(data: Any) -> str | None:
    """What is wrong with an event as the socket delivered it, before Reflex reads it (None if nothing).

    The browser sends `{"name": "<state>.<handler>", "payload": {...}, "router_data": {...}}`; anything else
    made Reflex raise (and log the whole value) on its way to the handler.
    """
    if not isinstance(data, dict):
        return f"event is {preview(data)}, not an object"
    name = data.get("name")
    if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
        return f"event name is {preview(name)}"
    try:
        if name not in RegistrationContext.get().event_handlers:
            return f"no handler {preview(name)}"
    except LookupError:  # outside a running app: the event processor checks the name
        pass
    if not isinstance(data.get("payload", {}), dict):
        return f"payload is {preview(data.get('payload'))}"
    router = data.get("router_data", {})
    if not isinstance(router, dict):
        return f"router data is {preview(router)}"
    for key in ("pathname", "asPath"):
        if not isinstance(router.get(key, ""), str) or len(router.get(key, "")) > MAX_PATH_CHARS:
            return f"router {key} is {preview(router.get(key))}"
    query = router.get("query", {})
    if not isinstance(query, dict) or len(query) > 100:
        return f"router query is {preview(query)}"
    for key, value in query.items():
        values = value if isinstance(value, list) else [value]
        if len(key) > MAX_PATH_CHARS or not all(isinstance(v, str) and len(v) <= MAX_PATH_CHARS for v in values):
            return f"router query {preview(key)} is {preview(value)}"
    return None


def _guard_events(namespace: Any) -> None:
    """Refuse a broken event envelope on the socket with one short log line, before Reflex reads it."""
    reflex_on_event = namespace.on_event

    async def on_event(sid: str, data: Any = None) -> None:
        if (problem := envelope_problem(data)) is not None:
            caller = sanitize_text(str(sid))[:40]
            REFUSALS.warn(caller, "refused an event from socket %s: %s", caller, problem)
            return
        await reflex_on_event(sid, data)

    on_event._edge_guard = True  # type: ignore[attr-defined]
    namespace.on_event = on_event


def _clean(value: Any) -> Any:
    """`value` as decoded from JSON, with lone surrogates in its strings (and keys) replaced."""
    if isinstance(value, str):
        return sanitize_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {sanitize_text(k): _clean(v) for k, v in value.items()}
    return value


def _safe_codec(codec: Any) -> Any:
    """Socket.IO's JSON codec with lone surrogates replaced coming in and going out."""
    loads, dumps = codec.loads, codec.dumps

    def safe_loads(data: str | bytes, **kwargs: Any) -> Any:
        value = loads(data, **kwargs)
        # A lone surrogate reaches Python only as a `\ud800`-style escape in the JSON text.
        text = data if isinstance(data, str) else data.decode("utf-8", "replace")
        return _clean(value) if re.search(r"\\u[dD][89a-fA-F]", text) else value

    def safe_dumps(obj: Any, **kwargs: Any) -> str:
        return sanitize_text(dumps(obj, **kwargs))

    return types.SimpleNamespace(loads=staticmethod(safe_loads), dumps=staticmethod(safe_dumps))


def install(app: rx.App) -> None:
    """Check every event's envelope and its handler's arguments (before any other middleware); make the codec safe."""
    app.add_middleware(ArgumentCheck(), index=0)
    namespace: Any = app.event_namespace
    if namespace is not None and not getattr(namespace.on_event, "_edge_guard", False):
        _guard_events(namespace)
    packet_class: Any = app.sio.packet_class if app.sio is not None else None
    if packet_class is not None and not getattr(packet_class.json, "_edge_safe", False):
        codec = _safe_codec(packet_class.json)
        codec._edge_safe = True
        packet_class.json = codec


__all__ = [
    "MAX_CHARS",
    "ArgumentCheck",
    "Refused",
    "check_payload",
    "envelope_problem",
    "install",
    "max_chars",
    "sanitize_text",
]
