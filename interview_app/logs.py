"""The app's own log lines (`interview_app.*` loggers) on standard error, at LOG_LEVEL.

Reflex, Granian and dramatiq set up their own loggers; without this, Python's default (warnings only, no
format) would hide the app's info lines, such as each recorded answer's timing after hand-in.
"""

from __future__ import annotations

import logging
import sys

from interview_app.settings import get_settings

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure() -> None:
    """Send `interview_app.*` log records at LOG_LEVEL or above to standard error (once per process)."""
    logger = logging.getLogger("interview_app")
    if any(getattr(h, "_interview_app", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._interview_app = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(get_settings().log_level)
    logger.propagate = False
