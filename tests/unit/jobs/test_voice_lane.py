"""The voice lane: one entry per answer (coalescing), hand-ins first, candidates in turn, nothing lost or run twice.

The lane's logic runs without Reflex, a database or a model: the steps here are fakes that "transcribe" pieces
by number, so a test can see which pieces each step covered.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest

from interview_app import background
from interview_app.jobs import runner as runner_module
from interview_app.jobs import voice_lane
from interview_app.jobs.voice_lane import FINAL, REFINE, REST, STREAM, Entry, Lane, MemoryStore

ANSWER, REST_TASK = background.TRANSCRIBE_ANSWER, background.TRANSCRIBE_REST


def entry(answer_id: int, kind: str = STREAM, owner: str | None = None) -> Entry:
    return Entry(answer_id=answer_id, owner=owner or f"user-{answer_id}", kind=kind)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# ---------------------------------------------------------------- coalescing


def test_a_waiting_streamed_step_stands_for_the_next_pieces():
    lane = Lane()
    assert lane.offer(entry(1), 1.0) is True
    assert lane.offer(entry(1), 2.0) is False and lane.offer(entry(1), 3.0) is False
    assert list(lane.waiting) == [1] and lane.waiting[1].since == 1.0  # keeps its place in the queue


def test_the_rest_and_the_final_step_replace_a_waiting_streamed_step_and_never_go_back():
    lane = Lane()
    lane.offer(entry(1), 1.0)
    assert lane.offer(entry(1, REST), 2.0) is False and lane.waiting[1].kind == REST
    assert lane.offer(entry(1), 3.0) is False and lane.waiting[1].kind == REST  # a late piece changes nothing
    assert lane.offer(entry(1, FINAL), 4.0) is False and lane.waiting[1].kind == FINAL
    assert lane.offer(entry(1, REST), 5.0) is False and lane.waiting[1].kind == FINAL
    assert len(lane.waiting) == 1


def test_a_piece_that_arrives_while_its_answer_runs_waits_for_that_step():
    lane = Lane()
    lane.offer(entry(1), 1.0)
    running = lane.take(1.0)
    assert running is not None and running.answer_id == 1
    assert lane.offer(entry(1), 2.0) is True  # a new entry: the running step may have read before this piece
    assert lane.take(2.0) is None  # one step per answer at a time
    assert lane.done(1) is True  # its next entry waits: the caller queues a token for it
    again = lane.take(3.0)
    assert again is not None and again.answer_id == 1
    assert lane.done(1) is False and not lane.waiting and not lane.running


def test_a_step_whose_process_died_frees_its_answer_after_the_lease():
    lane = Lane()
    lane.offer(entry(1), 1.0)
    lane.take(1.0)
    lane.offer(entry(1, FINAL), 2.0)
    assert lane.take(2.0) is None
    late = lane.take(1.0 + voice_lane.LEASE_SECONDS + 0.1)
    assert late is not None and late.kind == FINAL


# ---------------------------------------------------------------- priority and fairness


def test_hand_ins_go_before_streamed_steps_whatever_their_age():
    lane = Lane()
    for answer_id in range(1, 6):
        lane.offer(entry(answer_id), float(answer_id))
    lane.offer(entry(9, FINAL), 10.0)
    lane.offer(entry(8, REST), 11.0)
    first, second = lane.take(12.0), lane.take(12.0)
    assert first is not None and second is not None
    assert {first.answer_id, second.answer_id} == {8, 9}
    third = lane.take(12.0)
    assert third is not None and third.kind == STREAM and third.answer_id == 1  # then the oldest streamed step


def test_the_second_listen_after_a_score_waits_behind_every_hand_in():
    lane = Lane()
    lane.offer(entry(1, REFINE), 1.0)
    lane.offer(entry(2), 2.0)
    lane.offer(entry(3, FINAL), 3.0)
    lane.offer(entry(4, REST), 4.0)
    kinds = []
    while (taken := lane.take(5.0)) is not None:
        kinds.append(taken.kind)
    assert kinds[:2] in ([FINAL, REST], [REST, FINAL]) and sorted(kinds[2:]) == [REFINE, STREAM]
    lane = Lane()
    lane.offer(entry(1), 1.0)
    assert lane.offer(entry(1, REFINE), 2.0) is False and lane.waiting[1].kind == REFINE  # the stream is moot
    assert lane.offer(entry(1, FINAL), 3.0) is False and lane.waiting[1].kind == FINAL  # a retry is not lost


def test_candidates_take_turns_however_many_steps_one_of_them_asks_for():
    lane = Lane()
    # Ada records three answers at once (three tabs); Bob and Cy one each.
    for answer_id in (1, 2, 3):
        lane.offer(entry(answer_id, owner="ada"), 1.0)
    lane.offer(entry(4, owner="bob"), 2.0)
    lane.offer(entry(5, owner="cy"), 3.0)
    order = []
    for t in range(5):
        taken = lane.take(10.0 + t)
        assert taken is not None
        order.append(taken.owner)
        lane.done(taken.answer_id)
    assert order[:3] == ["ada", "bob", "cy"]  # one turn each before Ada's second
    assert order[3:] == ["ada", "ada"]


def test_a_backlogged_candidate_never_starves_the_others():
    """Eight candidates send a piece every tick; one step runs per tick: everyone is served alike."""
    lane = Lane()
    served: Counter[str] = Counter()
    rng = random.Random(7)
    now = 0.0
    for _tick in range(400):
        now += 1.0
        for who in rng.sample(range(8), 8):  # pieces arrive in any order
            lane.offer(entry(who, owner=f"user-{who}"), now)
        # Candidate 0 also asks for a streamed step on two more answers of theirs every tick.
        lane.offer(entry(100, owner="user-0"), now)
        lane.offer(entry(101, owner="user-0"), now)
        taken = lane.take(now)
        assert taken is not None
        served[taken.owner] += 1
        lane.done(taken.answer_id)
    counts = [served[f"user-{who}"] for who in range(8)]
    assert max(counts) - min(counts) <= 1, counts
    assert len(lane.waiting) <= 10  # one entry per answer, however long the backlog


def test_owners_not_seen_for_a_while_are_forgotten():
    lane = Lane()
    for who in range(80):
        lane.offer(entry(who), 1.0)
        lane.take(1.0)
        lane.done(who)
    lane.offer(entry(500), 1.0 + voice_lane.FORGET_OWNER_SECONDS + 5)
    lane.take(1.0 + voice_lane.FORGET_OWNER_SECONDS + 5)
    assert len(lane.served) == 1


def test_the_lane_survives_a_round_trip_through_json_and_a_bad_value_starts_afresh():
    lane = Lane()
    lane.offer(entry(1, FINAL, "ada"), 1.0)
    lane.offer(entry(2, owner="bob"), 2.0)
    lane.take(3.0)
    back = Lane.from_json(lane.to_json())
    assert back.waiting == lane.waiting and back.running == lane.running and back.served == lane.served
    assert Lane.from_json(b"{not json").waiting == {} and Lane.from_json(None).running == {}


def test_task_names_map_to_kinds_and_back():
    assert voice_lane.kind_of(ANSWER, (5, False)) == STREAM
    assert voice_lane.kind_of(ANSWER, (5, True)) == FINAL and voice_lane.kind_of(ANSWER, (5,)) == FINAL
    assert voice_lane.kind_of(REST_TASK, (5,)) == REST and voice_lane.kind_of("score_answer", (5,)) is None
    assert voice_lane.kind_of(background.REFINE_FILLERS, (5,)) == REFINE
    for kind in (STREAM, REST, FINAL, REFINE):
        name, args = voice_lane.task_of(entry(5, kind))
        assert voice_lane.kind_of(name, args) == kind and args[0] == 5


# ---------------------------------------------------------------- running entries (what a token does)


def test_a_final_step_that_fails_is_offered_again_later_and_a_streamed_one_is_not():
    store, clock = MemoryStore(), Clock()
    owner: Callable[[int], str] = lambda a: f"user-{a}"  # noqa: E731
    voice_lane.offer(store, ANSWER, (1, True), owner, clock=clock)
    voice_lane.offer(store, ANSWER, (2, False), owner, clock=clock)

    def broken(name: str, args: tuple[Any, ...]) -> object:
        raise RuntimeError("decoder exploded")

    out = voice_lane.run_one(store, broken, retries=3, retry_delay=1.0, clock=clock)
    assert out.entry is not None and out.entry.kind == FINAL and isinstance(out.error, RuntimeError)
    assert out.retry_in == 1.0 and out.more
    assert store.lane.waiting[1].attempt == 1 and store.lane.waiting[1].not_before == clock.now + 1.0
    out = voice_lane.run_one(store, broken, retries=3, retry_delay=1.0, clock=clock)
    assert out.entry is not None and out.entry.kind == STREAM and out.retry_in is None  # the retry waits
    assert 2 not in store.lane.waiting
    clock.now += 1.0
    out = voice_lane.run_one(store, broken, retries=3, retry_delay=1.0, clock=clock)
    assert out.entry is not None and out.entry.attempt == 1 and out.retry_in == 2.0
    clock.now += 2.0
    out = voice_lane.run_one(store, broken, retries=3, retry_delay=1.0, clock=clock)
    assert out.entry is not None and out.entry.attempt == 2 and out.retry_in is None  # the third was the last
    assert not store.lane.waiting and not store.lane.running


class Recording:
    """A fake recording: pieces arrive; a step 'transcribes' every piece not transcribed yet when it starts."""

    def __init__(self) -> None:
        self.received = 0
        self.transcribed = 0
        self.covered: list[int] = []  # each piece number once per time a step covered it
        self.handed_in = False
        self.scored = False
        self.lock = threading.Lock()
        self.running = 0

    def step(self, final: bool) -> str:
        with self.lock:
            self.running += 1
            assert self.running == 1, "two steps of one answer at once"
            upto = self.received
        time.sleep(0.002)  # the work
        with self.lock:
            self.covered += list(range(self.transcribed, upto))
            self.transcribed = upto
            if final:
                assert self.handed_in
                self.scored = True
            self.running -= 1
        return "transcribed"


def test_under_concurrency_every_piece_is_transcribed_once_and_every_hand_in_scored():
    """Six candidates send 40 pieces each while two worker threads run the tokens, as the in-process runner."""
    store = MemoryStore()
    recordings = {answer_id: Recording() for answer_id in range(1, 7)}
    tokens: list[Future[Any]] = []
    pool = ThreadPoolExecutor(max_workers=2)
    runs: Counter[str] = Counter()

    def execute(name: str, args: tuple[Any, ...]) -> object:
        runs[voice_lane.kind_of(name, args) or "?"] += 1
        return recordings[args[0]].step(final=name == ANSWER and args[1])

    def token() -> None:
        out = voice_lane.run_one(store, execute, retries=3, retry_delay=0.01)
        if out.more:
            tokens.append(pool.submit(token))

    def offer(name: str, *args: Any) -> None:
        if voice_lane.offer(store, name, args, lambda a: f"user-{a}"):
            tokens.append(pool.submit(token))

    def candidate(answer_id: int) -> None:
        rec = recordings[answer_id]
        for _piece in range(40):
            with rec.lock:
                rec.received += 1
            offer(ANSWER, answer_id, False)
            time.sleep(0.001)
        offer(REST_TASK, answer_id)
        rec.handed_in = True
        offer(ANSWER, answer_id, True)

    people = [threading.Thread(target=candidate, args=(a,)) for a in recordings]
    for p in people:
        p.start()
    for p in people:
        p.join()
    deadline = time.monotonic() + 20
    busy = lambda: store.lane.waiting or store.lane.running or not all(t.done() for t in tokens)  # noqa: E731
    while time.monotonic() < deadline and busy():
        time.sleep(0.01)
    pool.shutdown(wait=True)
    for answer_id, rec in recordings.items():
        assert sorted(rec.covered) == list(range(40)), answer_id  # every piece, each once
        assert rec.scored, answer_id
    assert runs[STREAM] < 6 * 40  # coalesced: far fewer steps than pieces
    assert runs[FINAL] == 6


# ---------------------------------------------------------------- the in-process runner


@pytest.fixture
def fake_steps(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The transcription tasks replaced by fakes that record their calls and can be held."""
    seen: dict[str, Any] = {"calls": [], "gate": threading.Event()}

    def stream_or_final(answer_id: int, final: bool = True) -> str:
        seen["gate"].wait(10)
        seen["calls"].append(("final" if final else "stream", answer_id))
        return "ok"

    def rest(answer_id: int) -> str:
        seen["gate"].wait(10)
        seen["calls"].append(("rest", answer_id))
        return "ok"

    monkeypatch.setitem(runner_module.TASKS, ANSWER, stream_or_final)
    monkeypatch.setitem(runner_module.TASKS, REST_TASK, rest)
    monkeypatch.setattr(runner_module.recorded, "run", lambda name, task, args: task(*args))
    yield seen
    seen["gate"].set()


def test_the_runner_coalesces_pieces_and_runs_hand_ins_first(fake_steps: dict[str, Any]):
    jobs = runner_module.InProcessRunner(workers=1, voice_workers=1)
    jobs._owners = lambda answer_id: f"user-{answer_id}"  # type: ignore[assignment]
    try:
        jobs.enqueue(ANSWER, 1, False)  # takes the one thread and is held there
        time.sleep(0.1)
        for _ in range(5):  # five more pieces of answer 1, two of answer 2: one entry each
            jobs.enqueue(ANSWER, 1, False)
        jobs.enqueue(ANSWER, 2, False)
        last = jobs.enqueue(ANSWER, 2, False)
        assert last.result(1) == "coalesced"
        jobs.enqueue(ANSWER, 3, True)  # a hand-in
        fake_steps["gate"].set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(fake_steps["calls"]) < 4:
            time.sleep(0.01)
        time.sleep(0.1)
        assert fake_steps["calls"][0] == ("stream", 1)
        assert fake_steps["calls"][1] == ("final", 3)  # before the streamed steps that waited longer
        assert sorted(fake_steps["calls"][2:]) == [("stream", 1), ("stream", 2)]
        assert jobs.depth() == 0
    finally:
        jobs.shutdown()


def test_voice_steps_run_on_threads_of_their_own_not_behind_other_jobs(monkeypatch: pytest.MonkeyPatch):
    """A hand-in's transcription does not wait for a thread held by scoring (the job pool runs at a lower priority)."""
    release, ran = threading.Event(), threading.Event()
    monkeypatch.setitem(runner_module.TASKS, background.SCORE_ANSWER, lambda answer_id: release.wait(10))
    monkeypatch.setitem(runner_module.TASKS, ANSWER, lambda answer_id, final=True: ran.set() or "scored")
    monkeypatch.setattr(runner_module.recorded, "run", lambda name, task, args: task(*args))
    jobs = runner_module.InProcessRunner(workers=1, voice_workers=1)
    jobs._owners = lambda answer_id: "user-1"  # type: ignore[assignment]
    try:
        jobs.enqueue(background.SCORE_ANSWER, 1)  # holds the job pool's one thread
        jobs.enqueue(ANSWER, 7, True)
        assert ran.wait(5)
        assert not release.is_set()
    finally:
        release.set()
        jobs.shutdown()


def test_a_final_step_that_fails_is_retried_by_the_runner(monkeypatch: pytest.MonkeyPatch):
    calls: list[int] = []

    def flaky(answer_id: int, final: bool = True) -> str:
        calls.append(answer_id)
        if len(calls) < 3:
            raise RuntimeError("busy")
        return "scored"

    monkeypatch.setitem(runner_module.TASKS, ANSWER, flaky)
    monkeypatch.setattr(runner_module.recorded, "run", lambda name, task, args: task(*args))
    jobs = runner_module.InProcessRunner(workers=1, retry_delay=0.01, voice_workers=1)
    jobs._owners = lambda answer_id: "user-1"  # type: ignore[assignment]
    try:
        jobs.enqueue(ANSWER, 7, True)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and len(calls) < 3:
            time.sleep(0.01)
        time.sleep(0.1)
        assert calls == [7, 7, 7] and not jobs.lane.lane.waiting and not jobs.lane.lane.running
    finally:
        jobs.shutdown()


# ---------------------------------------------------------------- the lane in Redis (worker processes)


def test_the_redis_lane_is_one_lane_for_every_process():
    from interview_app.jobs.queue import RedisStore
    from tests.support import servers

    try:
        import redis as redis_client
    except ImportError:  # pragma: no cover - in requirements.txt
        pytest.skip("redis is not installed")
    with servers.redis() as url:
        client = redis_client.Redis.from_url(url)
        first, second = RedisStore(client, "test:lane"), RedisStore(client, "test:lane")  # two processes' views
        owner: Callable[[int], str] = lambda a: f"user-{a % 3}"  # noqa: E731
        made = []

        def offers(store: RedisStore, start: int) -> None:
            for answer_id in range(start, start + 30):
                made.append(voice_lane.offer(store, ANSWER, (answer_id % 10, False), owner))

        threads = [threading.Thread(target=offers, args=(s, i * 30)) for i, s in enumerate((first, second, first))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert made.count(True) == 10  # ten answers, one entry each, whoever offered first
        voice_lane.offer(second, ANSWER, (4, True), owner)
        taken = first.update(lambda lane: lane.take(time.time()))
        assert taken is not None and taken.answer_id == 4 and taken.kind == FINAL
        assert second.update(lambda lane: len(lane.waiting)) == 9
        assert voice_lane.runnable(second) == 9
