"""The app's own log lines (`interview_app.*` loggers) on standard error, at LOG_LEVEL; no line carries a huge value.

Reflex, Granian and dramatiq set up their own loggers; without this, Python's default (warnings only, no
format) would hide the app's info lines, such as each recorded answer's timing after hand-in.

Any client can send a 1 MB value to any handler, and several of Reflex's log lines quote what arrived
(`f"... Event data: {data}"`), as do the tracebacks of exceptions whose message holds it. Every log record
made in this process, whichever logger makes it, is therefore cut to a few thousand characters (head and
tail kept) before any handler formats or writes it: writing megabytes per event blocked the event loop.
"""

from __future__ import annotations

import logging
import sys
import traceback
from typing import Any

from interview_app.settings import get_settings

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_MESSAGE_CHARS = 2_000  # a log message, after its arguments are filled in
MAX_TRACEBACK_CHARS = 8_000  # the traceback logged with an exception


def configure() -> None:
    """Send `interview_app.*` log records at LOG_LEVEL or above to standard error (once per process)."""
    _cut_long_records()
    logger = logging.getLogger("interview_app")
    if any(getattr(h, "_interview_app", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
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
