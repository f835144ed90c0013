"""The garbage collector's pauses in a backend with many open tabs.

Every open tab keeps a tree of Reflex states in the backend (one instance of each of the app's state classes,
about a thousand objects a tab). CPython's cyclic collector walks every object it tracks in a full collection,
with the event loop stopped: with the app's own objects (modules, pages, SQLAlchemy, the scoring model) and
300 tabs that was about 630,000 objects and 0.5-0.8 s, during which no tab got an answer. Full collections came
every several seconds under load; they were most of the draft autosave's tail at 300 tabs (docs/performance.md).

What lives long is taken out of the collector's sight (`gc.freeze`), so a full collection walks only what is
new since:

- at start, everything loaded so far; then every `FREEZE_EVERY_SECONDS`, what survived a young collection (the
  scoring model loaded on first use, the states of the tabs open by then);
- every HEAP_SWEEP_MINUTES the frozen objects are handed back and one full collection runs (one pause of the
  old length), so that reference cycles among objects that died after being frozen are freed: the process does
  not grow with them for longer than that. A closed tab's states never wait for it: they are freed by
  reference counting when they leave memory (`state/tabs.py`, Reflex breaks their cycles).

HEAP_SWEEP_MINUTES=0 leaves Python's collector as it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import AsyncIterator

from interview_app.settings import get_settings

log = logging.getLogger(__name__)

FREEZE_EVERY_SECONDS = 30.0


def freeze() -> int:
    """Collect the young generations, then move every object still tracked out of the collector's sight.

    Returns how many objects are frozen now. The young collection first keeps short-lived garbage from being
    frozen with them (it would stay until the next sweep).
    """
    gc.collect(1)
    gc.freeze()
    return gc.get_freeze_count()


def sweep() -> tuple[int, float]:
    """Hand the frozen objects back, collect everything once, freeze what survived.

    Returns (objects freed, seconds the collection took).
    """
    gc.unfreeze()
    started = time.perf_counter()
    freed = gc.collect()
    took = time.perf_counter() - started
    freeze()
    return freed, took


async def keep_frozen(sweep_seconds: float, freeze_seconds: float = FREEZE_EVERY_SECONDS) -> None:
    """Freeze every `freeze_seconds` and sweep every `sweep_seconds`, until cancelled."""
    next_sweep = time.monotonic() + sweep_seconds
    while True:
        await asyncio.sleep(freeze_seconds)
        if time.monotonic() >= next_sweep:
            freed, took = sweep()
            next_sweep = time.monotonic() + sweep_seconds
            log.info("heap sweep: %d objects freed in %.0f ms, %d frozen", freed, took * 1000, gc.get_freeze_count())
        else:
            freeze()


@contextlib.asynccontextmanager
async def lifespan() -> AsyncIterator[None]:
    """In each web process: freeze what start-up loaded and keep freezing while it serves (see the module)."""
    minutes = get_settings().heap_sweep_minutes
    if minutes <= 0:
        yield
        return
    gc.collect()
    frozen = freeze()
    log.info("heap: %d objects frozen at start, swept every %g min", frozen, minutes)
    task = asyncio.get_running_loop().create_task(keep_frozen(minutes * 60), name="heap-keep-frozen")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        gc.unfreeze()
