"""CPU priorities of the job threads (Linux, per thread): requests first, then the next question, then scoring.

A request (a sign-in, a token refresh, a hand-in) takes a few milliseconds of CPU; a follow-up decision about 130 ms,
most of it the answer judge; a score more. On two busy cores, a request next to two deciding threads at the app's
priority took a median 50-85 ms against 21-26 ms with those threads at nice +2 or +5 (a thread that hands the GIL
back as it waits: docs/performance.md). So the job threads run nicer than the app: the priority lane (and the
Redis workers' threads, beside the web processes on the same cores) by LANE, the in-process scoring pool by POOL.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

# The priority lane's threads, and every thread of a Redis job worker (whose actor priority puts the lane first).
LANE = 2
# The in-process scoring pool: about a third of a core's share next to a busy request thread, so scoring still
# moves on when the app never rests.
POOL = 5


def lower(by: int) -> None:
    """Make the calling thread `by` nicer (Linux; elsewhere a no-op: a thread id would name the whole process)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + by)
    except OSError as exc:  # a sandbox may refuse it: the thread then runs at the app's priority
        log.warning("could not lower a job thread's CPU priority: %s", exc)
