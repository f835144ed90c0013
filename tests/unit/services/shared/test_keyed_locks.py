"""A lock per key that is gone once nobody holds or waits for it (the per-answer locks do not grow)."""

from __future__ import annotations

import threading
import time

from interview_app.services.shared.keyed_locks import KeyedLocks


def test_one_holder_per_key_and_nothing_kept_afterwards():
    locks = KeyedLocks()
    with locks.holding(1) as got:
        assert got and len(locks) == 1
        with locks.holding(1, blocking=False) as second:
            assert second is False  # taken
        with locks.holding(2, blocking=False) as other:
            assert other is True  # another key is free
        assert len(locks) == 1
    assert len(locks) == 0


def test_a_waiter_gets_the_lock_when_the_holder_leaves_and_a_timeout_gives_up():
    locks = KeyedLocks()
    order: list[str] = []

    def waiter() -> None:
        with locks.holding(7) as got:
            order.append(f"waiter {got}")

    with locks.holding(7):
        thread = threading.Thread(target=waiter)
        thread.start()
        time.sleep(0.05)
        with locks.holding(7, timeout=0.05) as got:
            assert got is False
        order.append("holder done")
    thread.join(5)
    assert order == ["holder done", "waiter True"] and len(locks) == 0


def test_many_answers_leave_no_lock_behind():
    locks = KeyedLocks()
    for answer_id in range(10_000):
        with locks.holding(answer_id):
            pass
    assert len(locks) == 0


def test_a_reentrant_key_is_taken_again_by_its_holder_only():
    locks = KeyedLocks(reentrant=True)
    seen: list[bool] = []
    with locks.holding(3) as outer:
        with locks.holding(3) as inner:  # the same thread, inside (the route around the service)
            seen += [outer, inner]

            def another_thread() -> None:
                with locks.holding(3, timeout=0.05) as got:
                    seen.append(got)

            other = threading.Thread(target=another_thread)
            other.start()
            other.join(5)
        assert len(locks) == 1
    assert seen == [True, True, False] and len(locks) == 0
