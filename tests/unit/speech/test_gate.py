"""The Whisper gate: one call at a time, a waiting hand-in's first, then in arrival order."""

from __future__ import annotations

import threading
import time

import pytest

from interview_app.speech import gate as gate_module
from interview_app.speech.gate import WhisperGate


def _hold(gate: WhisperGate) -> tuple[threading.Event, threading.Thread]:
    """A call that holds the gate until the returned event is set."""
    release, started = threading.Event(), threading.Event()

    def run() -> None:
        with gate.turn():
            started.set()
            release.wait(5)

    thread = threading.Thread(target=run)
    thread.start()
    assert started.wait(5)
    return release, thread


def _wait_until(check, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_waiting_calls_run_urgent_first_then_in_arrival_order():
    gate = WhisperGate(1)
    release, holder = _hold(gate)
    order: list[str] = []
    threads = []
    calls = [("stream-1", False), ("refine", False), ("stop-1", True), ("stream-2", False), ("stop-2", True)]
    for name, urgent in calls:

        def run(name: str = name, urgent: bool = urgent) -> None:
            with gate.turn(urgent=urgent):
                order.append(name)

        waiting = gate.counts()["waiting"]
        threads.append(threading.Thread(target=run))
        threads[-1].start()
        _wait_until(lambda w=waiting: gate.counts()["waiting"] == w + 1)  # queued in this order
    assert gate.busy() and gate.counts() == {"running": 1, "waiting": 5}
    release.set()
    for thread in [holder, *threads]:
        thread.join(5)
    assert order == ["stop-1", "stop-2", "stream-1", "refine", "stream-2"]
    assert not gate.busy() and gate.counts() == {"running": 0, "waiting": 0}


@pytest.mark.parametrize("slots", [1, 2])
def test_one_call_runs_at_a_time_and_more_with_more_slots(slots: int):
    gate = WhisperGate(slots)
    running = peak = 0
    lock = threading.Lock()

    def run() -> None:
        nonlocal running, peak
        with gate.turn():
            with lock:
                running += 1
                peak = max(peak, running)
            time.sleep(0.02)
            with lock:
                running -= 1

    threads = [threading.Thread(target=run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert peak == slots


def test_a_failing_call_hands_the_turn_on_and_the_wait_is_measured():
    gate = WhisperGate(1)
    with pytest.raises(RuntimeError), gate.turn(urgent=True):
        raise RuntimeError("whisper failed")
    assert gate.counts() == {"running": 0, "waiting": 0}
    release, holder = _hold(gate)
    waited: list[float] = []

    def run() -> None:
        before = gate.waited()
        with gate.turn():
            pass
        waited.append(gate.waited() - before)

    thread = threading.Thread(target=run)
    thread.start()
    _wait_until(gate.busy)
    time.sleep(0.1)
    release.set()
    thread.join(5)
    holder.join(5)
    assert 0.09 <= waited[0] < 5


def test_the_process_gate_takes_its_slots_from_the_settings(override_settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(gate_module, "_gate", None)
    override_settings(whisper_parallel_calls=3)
    assert gate_module.gate().slots == 3 and gate_module.gate() is gate_module.gate()
    assert not gate_module.busy()
    with pytest.raises(ValueError):
        WhisperGate(0)


def test_a_waiting_call_no_longer_needed_leaves_the_line_without_running():
    gate = WhisperGate(1)
    release, holder = _hold(gate)
    wanted = threading.Event()
    wanted.set()
    raised: list[BaseException] = []
    ran: list[str] = []

    def run() -> None:
        try:
            with gate.turn(still_needed=wanted.is_set):
                ran.append("later")
        except gate_module.NoLongerNeeded as exc:
            raised.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    _wait_until(gate.busy)
    time.sleep(0.2)
    wanted.clear()  # handed in meanwhile
    thread.join(5)
    assert raised and ran == [] and not gate.busy()  # left while the other call still ran
    release.set()
    holder.join(5)
    with gate.turn(urgent=True):  # the line is free again
        pass
    assert gate.counts() == {"running": 0, "waiting": 0}


def test_a_failing_question_takes_the_call_out_of_the_line():
    gate = WhisperGate(1)
    release, holder = _hold(gate)

    def broken() -> bool:
        raise RuntimeError("database is locked")

    errors: list[BaseException] = []

    def run() -> None:
        try:
            with gate.turn(still_needed=broken):
                pass
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(5)
    assert errors and gate.counts() == {"running": 1, "waiting": 0}
    release.set()
    holder.join(5)
