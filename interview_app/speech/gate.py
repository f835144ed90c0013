"""Whose turn it is to run Whisper in this process: one call at a time by default, a waiting hand-in first.

CTranslate2 already spreads one call over WHISPER_THREADS cores, and a model loaded once serves every thread.
Two calls started together share the cores and the model, so both end about when the second would have ended
had they run one after the other (measured on 2 cores with a 5.8-s stretch: four at once ended after 6.6-6.8 s
each, four in turn after 2.0, 3.7, 5.3 and 6.7 s; docs/performance.md). When several candidates record at
once, that sharing made every candidate who pressed Stop wait for the slowest. So a call takes a turn here
first: at most WHISPER_PARALLEL_CALLS (default 2) run at once, and among those waiting an urgent one (the stretch left
when a candidate stopped or handed in: someone is looking at the screen) goes before the streamed steps and
the second listen for fillers, then first come, first served. A call that runs is never interrupted.

`busy()` tells whether another call is waiting for its turn right now: the streamed steps leave the second
listen for fillers until after the score then (services/answers/transcription.py), as it costs a Whisper
window of its own.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from interview_app.settings import get_settings

URGENT, LATER = 0, 1
# How often a waiting call asks whether it is still needed (a DB read of its answer's status).
POLL_SECONDS = 0.5


class NoLongerNeeded(Exception):
    """A call's caller no longer needs its words (its answer was handed in while it waited): nothing was run."""


class WhisperGate:
    """At most `slots` Whisper calls at once; waiting urgent calls first, each class in arrival order."""

    def __init__(self, slots: int = 1) -> None:
        if slots < 1:
            raise ValueError("a Whisper gate needs at least one slot")
        self.slots = slots
        self._cond = threading.Condition()
        self._running = 0
        self._waiting: list[tuple[int, int]] = []  # (class, arrival) of the calls waiting, as a heap
        self._arrivals = itertools.count()
        self._mine = threading.local()

    @contextmanager
    def turn(self, *, urgent: bool = False, still_needed: Callable[[], bool] | None = None) -> Iterator[None]:
        """Wait for this call's turn, run the block, then hand the turn on.

        `still_needed` is asked every POLL_SECONDS while waiting (outside the gate's lock) and once more when
        the turn comes: False leaves the line and raises `NoLongerNeeded`.
        """
        ticket = (URGENT if urgent else LATER, next(self._arrivals))
        asked = time.perf_counter()
        with self._cond:
            heapq.heappush(self._waiting, ticket)
        try:
            while not self._take(ticket, POLL_SECONDS if still_needed is not None else None):
                if still_needed is not None and not still_needed():
                    raise NoLongerNeeded
        except BaseException:  # no longer needed, or the question failed: out of the line, never stuck in it
            self._leave(ticket)
            raise
        self._mine.waited = self.waited() + time.perf_counter() - asked
        try:
            if still_needed is not None and not still_needed():
                raise NoLongerNeeded
            yield
        finally:
            with self._cond:
                self._running -= 1
                self._cond.notify_all()

    def _take(self, ticket: tuple[int, int], timeout: float | None) -> bool:
        """Wait up to `timeout` (None: as long as it takes) for `ticket`'s turn; True when it was taken."""
        with self._cond:
            if not self._ready(ticket):
                self._cond.wait(timeout)
                if not self._ready(ticket):
                    return False
            heapq.heappop(self._waiting)
            self._running += 1
            self._cond.notify_all()  # with more than one slot, the next in line may start too
            return True

    def _ready(self, ticket: tuple[int, int]) -> bool:
        return self._running < self.slots and self._waiting[0] == ticket

    def _leave(self, ticket: tuple[int, int]) -> None:
        with self._cond:
            if ticket in self._waiting:
                self._waiting.remove(ticket)
                heapq.heapify(self._waiting)
            self._cond.notify_all()

    def waited(self) -> float:
        """The calling thread's wait for its turns in all, in seconds (two reads apart: the calls' between)."""
        return float(getattr(self._mine, "waited", 0.0))

    def busy(self) -> bool:
        """True while another call waits for its turn."""
        with self._cond:
            return bool(self._waiting)

    def counts(self) -> dict[str, int]:
        """Calls running and waiting (for the logs and tests)."""
        with self._cond:
            return {"running": self._running, "waiting": len(self._waiting)}


_gate: WhisperGate | None = None
_lock = threading.Lock()


def gate() -> WhisperGate:
    """The process-wide gate (WHISPER_PARALLEL_CALLS slots), made on first use."""
    global _gate
    if _gate is None:
        with _lock:
            if _gate is None:
                _gate = WhisperGate(get_settings().whisper_parallel_calls)
    return _gate


def busy() -> bool:
    """True while another Whisper call of this process waits for its turn."""
    return _gate is not None and _gate.busy()
