"""The app's own log lines (`interview_app.*` loggers) on standard error, at LOG_LEVEL; no line carries a huge value.

Reflex, Granian and dramatiq set up their own loggers; without this, Python's default (warnings only, no
format) would hide the app's info lines, such as each recorded answer's timing after hand-in.

Any client can send a 1 MB value to any handler, and several of Reflex's log lines quote what arrived
(`f"... Event data: {data}"`), as do the tracebacks of exceptions whose message holds it. Every log record
made in this process, whichever logger makes it, is therefore cut to a few thousand characters (head and
tail kept) before any handler formats or writes it: writing megabytes per event blocked the event loop.

With LOG_FORMAT=json each record is one JSON object per line (time, level, logger, message, exception) and
carries the id of what it belongs to: an HTTP request (`request_id`, from the X-Request-ID header or made
here), a job run (`job_id`) or a browser event (`event_id`), set with `bind()` by whoever starts that work.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import sys
import traceback
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from interview_app.settings import get_settings

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_MESSAGE_CHARS = 2_000  # a log message, after its arguments are filled in
MAX_TRACEBACK_CHARS = 8_000  # the traceback logged with an exception

# What the current work is: {"request_id": ...}, {"job_id": ..., "job": ...} or {"event_id": ..., "event": ...}.
_context: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("log_context", default=None)


def new_id() -> str:
    """A short random id for a request, job run or event."""
    return uuid.uuid4().hex[:16]


@contextlib.contextmanager
def bind(**ids: str) -> Iterator[None]:
    """Tag every log record made inside the block (in this thread or task) with `ids`."""
    token = _context.set({**(_context.get() or {}), **ids})
    try:
        yield
    finally:
        _context.reset(token)


def current_ids() -> dict[str, str]:
    """The ids bound to the current work (empty outside any)."""
    return dict(_context.get() or {})


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the bound ids, and the exception if any."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "ids", None) or current_ids())
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def access_level() -> int:
    """The level of the one line per request, job run and event: INFO in JSON logs, DEBUG in text logs."""
    return logging.INFO if get_settings().log_format == "json" else logging.DEBUG


def formatter() -> logging.Formatter:
    """The formatter LOG_FORMAT asks for."""
    return JsonFormatter() if get_settings().log_format == "json" else logging.Formatter(_FORMAT)


def configure() -> None:
    """Send `interview_app.*` log records at LOG_LEVEL or above to standard error (once per process)."""
    _cut_long_records()
    logger = logging.getLogger("interview_app")
    if any(getattr(h, "_interview_app", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter())
    handler._interview_app = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(get_settings().log_level)
    logger.propagate = False


def shorten(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters, else its start and end around a note of what was cut."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]} ...[{len(text) - 2 * half:,} chars cut]... {text[-half:]}"


def _cut_long_records() -> None:
    """Make every log record of this process short (installed once, on top of the current record factory)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "_interview_app", False):
        return

    def make_short_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        _shorten_record(record)
        ids = _context.get()
        if ids:
            record.ids = dict(ids)  # type: ignore[attr-defined]
        return record

    make_short_record._interview_app = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make_short_record)


def _shorten_record(record: logging.LogRecord) -> None:
    if record.args:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is left for logging's own error report
            return
        if len(message) > MAX_MESSAGE_CHARS:
            record.msg, record.args = shorten(message, MAX_MESSAGE_CHARS), None
    elif isinstance(record.msg, str) and len(record.msg) > MAX_MESSAGE_CHARS:
        record.msg = shorten(record.msg, MAX_MESSAGE_CHARS)
    if record.exc_info and record.exc_info[1] is not None:
        kind, error, tb = record.exc_info
        text = "".join(traceback.format_exception(kind, error, tb))
        if len(text) > MAX_TRACEBACK_CHARS:
            # Handlers render exc_info themselves (Reflex's ignores exc_text), so the cut text replaces it.
            record.msg = f"{record.msg}\n{shorten(text, MAX_TRACEBACK_CHARS).rstrip()}"
            record.exc_info, record.exc_text = None, None
