"""The transcription steps of recorded answers: one queue entry per answer, hand-ins first, candidates in turn.

Every stored piece of a recording asks for a streamed step (`transcribe_answer(id, False)`), Stop asks for the
rest (`transcribe_rest`), the hand-in for the final transcription and score (`transcribe_answer(id, True)`),
and the score for the second listen to fillers (`refine_fillers`).
Queued one message each, as other jobs are, a class of candidates recording at once puts hundreds of
streamed steps in front of the hand-ins, and whoever sent the most pieces takes the most turns. Instead:

- Coalescing: an answer has at most one waiting entry. A streamed step that still waits when the next piece
  arrives stands for both (it decodes and transcribes all the new audio when it runs); the rest or the final
  step replaces a waiting streamed step (each does everything the streamed step would, and more). A piece
  that arrives while its answer's step runs gets a new entry, which waits until that step is done: one
  answer never has two steps running.
- Priority: the rest and the final step (the candidate stopped, feedback is awaited) go before streamed steps
  and before the second listen that follows a score (the score is on screen already).
- Fairness: within a priority, the candidate served least recently goes first (round robin), so one
  candidate's backlog never holds the others back.

The lane is a small state (`Lane`) changed only through `offer`, `take` and `done`, kept in this process
(`MemoryStore`, the in-process runner) or in Redis (`jobs/queue.py`, shared by the worker processes). The
queue itself carries only tokens ("take the best entry"): one per new entry, and one more when an answer's
step ends while its next entry waits. Pieces are never lost: the answer row and the recording on disk are
the source of truth, every step reads all the audio that is new, and a lane lost with its process is rebuilt
from the rows on start-up (`transcription.transcribe_pending`). Nothing is transcribed twice either: a streamed
step stores its words only if the transcript has not moved on meanwhile, and only one step per answer runs.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, TypeVar

from interview_app import background
from interview_app.services.answers import lifecycle

log = logging.getLogger(__name__)

STREAM, REST, FINAL, REFINE = "stream", "rest", "final", "refine"
# Priority classes: a higher one always goes first (the rest and the final step are both "hand-in"). What
# follows a score (the second listen for fillers) waits with the streamed steps, behind every hand-in.
PRIORITY = {STREAM: 0, REFINE: 0, REST: 1, FINAL: 1}
# What a kind covers: a waiting entry of a covered kind is replaced, an offer of a covered kind coalesces.
# (A streamed step after the hand-in has nothing to do; a final step after the score finds it scored.)
_RANK = {STREAM: 0, REFINE: 1, REST: 2, FINAL: 3}
# A running step is assumed lost after this long (its process died): the answer's next entry may run.
LEASE_SECONDS = 180.0
# A candidate not served for this long (and with nothing waiting) is forgotten by the round robin.
FORGET_OWNER_SECONDS = 600.0

T = TypeVar("T")


def kind_of(name: str, args: tuple[Any, ...]) -> str | None:
    """The lane's kind for a queued task (`transcribe_answer` / `transcribe_rest`), or None for other tasks."""
    if name == background.TRANSCRIBE_REST:
        return REST
    if name == background.REFINE_FILLERS:
        return REFINE
    if name == background.TRANSCRIBE_ANSWER:
        final = args[1] if len(args) > 1 else True  # the task's default: the final step
        return FINAL if final else STREAM
    return None


def task_of(entry: Entry) -> tuple[str, tuple[Any, ...]]:
    """The task name and arguments that run an entry."""
    if entry.kind == REST:
        return background.TRANSCRIBE_REST, (entry.answer_id,)
    if entry.kind == REFINE:
        return background.REFINE_FILLERS, (entry.answer_id,)
    return background.TRANSCRIBE_ANSWER, (entry.answer_id, entry.kind == FINAL)


@dataclass
class Entry:
    """One answer's waiting step."""

    answer_id: int
    owner: str  # whose turn it is: the candidate (their user id), for the round robin
    kind: str
    since: float = 0.0  # when it was first offered (the older goes first within one candidate)
    attempt: int = 0  # of the final step: how often it failed (it is tried again after a delay)
    not_before: float = 0.0  # a retry waits until then


@dataclass
class Lane:
    """Waiting entries by answer, running answers with their lease, and when each candidate was last served."""

    waiting: dict[int, Entry] = field(default_factory=dict)
    running: dict[int, float] = field(default_factory=dict)  # answer id -> lease end
    served: dict[str, float] = field(default_factory=dict)  # owner -> when their last step started

    def offer(self, entry: Entry, now: float) -> bool:
        """Ask for a step; True when it made a new entry (the caller queues one token for it).

        A waiting entry of the same answer stays one entry: it takes the stronger kind of the two (a final
        step covers the rest, the rest covers a streamed step) and the earlier time.
        """
        entry.since = entry.since or now
        old = self.waiting.get(entry.answer_id)
        if old is None:
            self.waiting[entry.answer_id] = entry
            return True
        if _RANK[entry.kind] > _RANK[old.kind]:
            old.kind, old.attempt, old.not_before = entry.kind, entry.attempt, entry.not_before
        elif _RANK[entry.kind] == _RANK[old.kind]:
            old.not_before = min(old.not_before, entry.not_before)
        return False

    def runnable(self, now: float) -> list[Entry]:
        """Entries that may start now: their answer runs no step (or its lease ran out), their delay is over."""
        return [e for e in self.waiting.values() if e.not_before <= now and self.running.get(e.answer_id, 0.0) <= now]

    def take(self, now: float) -> Entry | None:
        """The entry to run next (marked running), or None when nothing may start now.

        The highest priority first; within it the candidate served least recently (one never served first),
        then their oldest entry.
        """
        ready = self.runnable(now)
        if not ready:
            return None
        best = min(ready, key=lambda e: (-PRIORITY[e.kind], self.served.get(e.owner, -1.0), e.since, e.answer_id))
        del self.waiting[best.answer_id]
        self.running[best.answer_id] = now + LEASE_SECONDS
        self.served[best.owner] = now
        self._forget_idle_owners(now)
        return best

    def done(self, answer_id: int) -> bool:
        """An answer's step ended; True when another entry of it waits (the caller queues a token for it)."""
        self.running.pop(answer_id, None)
        return answer_id in self.waiting

    def next_due(self, now: float) -> float | None:
        """When the earliest delayed entry may start (None when none waits for a delay)."""
        delays = [e.not_before for e in self.waiting.values() if e.not_before > now]
        return min(delays) if delays else None

    def behind(self) -> dict[str, int]:
        """How many entries wait and run (for /metrics and the logs)."""
        return {"waiting": len(self.waiting), "running": len(self.running)}

    def _forget_idle_owners(self, now: float) -> None:
        if len(self.served) < 64:
            return
        busy = {e.owner for e in self.waiting.values()}
        for owner, at in list(self.served.items()):
            if at < now - FORGET_OWNER_SECONDS and owner not in busy:
                del self.served[owner]

    def to_json(self) -> str:
        """The lane as JSON (kept in Redis between workers)."""
        return json.dumps(
            {
                "waiting": [asdict(e) for e in self.waiting.values()],
                "running": {str(k): v for k, v in self.running.items()},
                "served": self.served,
            }
        )

    @classmethod
    def from_json(cls, raw: str | bytes | None) -> Lane:
        """A lane read back from `to_json` (an empty one for nothing stored, or anything unreadable)."""
        if not raw:
            return cls()
        try:
            data = json.loads(raw)
            waiting = {int(e["answer_id"]): Entry(**e) for e in data.get("waiting", [])}
            running = {int(k): float(v) for k, v in data.get("running", {}).items()}
            served = {str(k): float(v) for k, v in data.get("served", {}).items()}
        except (ValueError, TypeError, KeyError):
            log.warning("the voice lane's stored state is unreadable: starting an empty one")
            return cls()
        return cls(waiting, running, served)


class MemoryStore:
    """The lane of one process (the in-process runner): changed under a lock."""

    def __init__(self) -> None:
        self.lane = Lane()
        self._lock = threading.Lock()

    def update(self, change: Callable[[Lane], T]) -> T:
        """Apply `change` to the lane atomically and return what it returned."""
        with self._lock:
            return change(self.lane)


class Store(Protocol):
    """Where a lane lives: `update(change)` applies `change` to it atomically (MemoryStore, or Redis)."""

    def update(self, change: Callable[[Lane], T]) -> T:
        """Apply `change` to the lane atomically and return what it returned."""
        ...


Owner = Callable[[int], str]


class Owners:
    """Whose answer an id is (for the voice lane's round robin): read once per answer, the last 4,096 kept."""

    def __init__(self, size: int = 4096) -> None:
        self._known: OrderedDict[int, str] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def __call__(self, answer_id: int) -> str:
        """The round robin's key for the answer's owner ("user-7"; the answer's own when it cannot be read)."""
        with self._lock:
            if answer_id in self._known:
                self._known.move_to_end(answer_id)
                return self._known[answer_id]
        try:
            user_id = lifecycle.owner_of(answer_id)
        except Exception as exc:  # the database is busy or gone: the answer takes its own turn
            log.warning("could not read the owner of answer %s: %s", answer_id, exc)
            user_id = None
        owner = f"user-{user_id}" if user_id is not None else f"answer-{answer_id}"
        with self._lock:
            self._known[answer_id] = owner
            while len(self._known) > self._size:
                self._known.popitem(last=False)
        return owner


def offer(
    store: Store, name: str, args: tuple[Any, ...], owner: Owner, *, clock: Callable[[], float] = time.time
) -> bool:
    """Put a voice task in the lane; True when a new entry was made (queue one token then)."""
    kind = kind_of(name, args)
    if kind is None:
        raise ValueError(f"{name!r} is not a transcription step")
    answer_id = int(args[0])
    entry = Entry(answer_id=answer_id, owner=owner(answer_id), kind=kind)
    return store.update(lambda lane: lane.offer(entry, clock()))


def runnable(store: Store, clock: Callable[[], float] = time.time) -> int:
    """How many entries could start now (a runner that lost its tokens queues as many: `recover`)."""
    return store.update(lambda lane: len(lane.runnable(clock())))


@dataclass
class Outcome:
    """What one token did: the entry it ran (None: nothing could start), and what the queue should do next."""

    entry: Entry | None = None
    result: object = None
    error: BaseException | None = None
    more: bool = False  # another entry of the same answer waits: queue a token
    retry_in: float | None = None  # the final step failed and is offered again after this delay


def run_one(
    store: Store,
    execute: Callable[[str, tuple[Any, ...]], object],
    *,
    retries: int,
    retry_delay: float,
    clock: Callable[[], float] = time.time,
) -> Outcome:
    """Take the best entry, run it with `execute(name, args)` and mark it done (what a token does).

    A final step that raises is offered again after `retry_delay * 2**attempt` while fewer than `retries`
    attempts were made (the answer row counts them too: `lifecycle.fail_transcription`); a streamed step
    that raises is not (the next piece, or the hand-in, transcribes its audio).
    """
    entry = store.update(lambda lane: lane.take(clock()))
    if entry is None:
        return Outcome()
    if PRIORITY[entry.kind]:  # what a candidate who stopped waits for: how long its entry waited for a thread
        log.info("answer %s: %s step starts %.2f s after its entry was made (a streamed one it replaced counts)",
                 entry.answer_id, entry.kind, clock() - entry.since)  # fmt: skip
    outcome = Outcome(entry=entry)
    name, args = task_of(entry)
    try:
        outcome.result = execute(name, args)
    except Exception as exc:
        outcome.error = exc
        if entry.kind == FINAL and entry.attempt + 1 < retries:
            outcome.retry_in = retry_delay * 2**entry.attempt
    finally:
        outcome.more = store.update(lambda lane: lane.done(entry.answer_id))
    if outcome.retry_in is not None:
        retry = Entry(entry.answer_id, entry.owner, FINAL, attempt=entry.attempt + 1)
        retry.not_before = clock() + outcome.retry_in
        outcome.more = store.update(lambda lane: lane.offer(retry, clock())) or outcome.more
    return outcome
