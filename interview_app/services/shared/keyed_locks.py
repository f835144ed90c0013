"""A lock per key (an answer id) that exists only while someone holds or waits for it.

A `defaultdict(threading.Lock)` keyed by answer id keeps one lock for every answer the process ever saw;
this keeps none once the last holder leaves, so a long-running worker does not grow with the answers.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field


@dataclass
class _Slot:
    lock: threading.Lock | threading.RLock = field(default_factory=threading.Lock)
    users: int = 0  # holders and waiters


class KeyedLocks:
    """`with locks.holding(key) as got:` one holder per key at a time; entries vanish when unused.

    `reentrant`: the thread that holds a key may take it again inside (a caller holding it around a service
    call that takes it too).
    """

    def __init__(self, *, reentrant: bool = False) -> None:
        self._guard = threading.Lock()
        self._slots: dict[Hashable, _Slot] = {}
        self._new_lock = threading.RLock if reentrant else threading.Lock

    @contextlib.contextmanager
    def holding(self, key: Hashable, *, blocking: bool = True, timeout: float = -1) -> Iterator[bool]:
        """Hold the key's lock inside the block; yields False when it was not free (`blocking=False`) or in time."""
        with self._guard:
            slot = self._slots.get(key) or self._slots.setdefault(key, _Slot(self._new_lock()))
            slot.users += 1
        got = slot.lock.acquire(blocking, timeout if blocking else -1)
        try:
            yield got
        finally:
            if got:
                slot.lock.release()
            with self._guard:
                slot.users -= 1
                if not slot.users:
                    del self._slots[key]

    def __len__(self) -> int:
        """Keys held or waited for right now."""
        with self._guard:
            return len(self._slots)
