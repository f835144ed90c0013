"""What lives long is kept out of the collector's full passes, and what died while frozen is still freed (issue 16)."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Callable, Iterator

import pytest

from interview_app.settings import Settings
from interview_app.state import heap
from tests.support.handlers import run_coroutine


class _Node:
    """An object in a reference cycle: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def _cycle() -> weakref.ref[_Node]:
    return weakref.ref(_Node())


def _kept_cycle() -> tuple[_Node, weakref.ref[_Node]]:
    node = _Node()
    return node, weakref.ref(node)


@pytest.fixture(autouse=True)
def _thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.collect()


def test_a_frozen_object_is_out_of_a_full_collection_until_the_sweep() -> None:
    node, ref = _kept_cycle()
    assert heap.freeze() >= 1
    del node  # dies while frozen: a full collection does not see it
    gc.collect()
    assert ref() is not None
    freed, took = heap.sweep()
    assert ref() is None
    assert freed >= 1 and took >= 0
    assert gc.get_freeze_count() > 0  # what survived the sweep is frozen again


def test_garbage_is_collected_before_the_freeze_not_frozen_with_the_rest() -> None:
    ref = _cycle()  # already unreachable, still in the young generation
    heap.freeze()
    assert ref() is None


def test_keep_frozen_freezes_new_objects_and_sweeps_on_time() -> None:
    async def scenario() -> None:
        task = asyncio.get_running_loop().create_task(heap.keep_frozen(sweep_seconds=0.15, freeze_seconds=0.02))
        node, ref = _kept_cycle()
        await asyncio.sleep(0.06)  # a freeze has run: the node is frozen
        del node
        gc.collect()
        assert ref() is not None
        await asyncio.sleep(0.3)  # the sweep has run
        assert ref() is None
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    run_coroutine(scenario())


def test_the_lifespan_freezes_at_start_and_hands_everything_back_at_the_end(
    override_settings: Callable[..., Settings],
) -> None:
    override_settings(heap_sweep_minutes=30)

    async def scenario() -> None:
        async with heap.lifespan():
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0

    run_coroutine(scenario())


def test_zero_minutes_leaves_the_collector_as_it_is(override_settings: Callable[..., Settings]) -> None:
    override_settings(heap_sweep_minutes=0)

    async def scenario() -> None:
        async with heap.lifespan():
            assert gc.get_freeze_count() == 0

    run_coroutine(scenario())
