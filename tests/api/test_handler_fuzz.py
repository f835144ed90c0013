"""Every handler of every state, called over the raw socket with bad arguments, fails cleanly (issue 13, item 7).

A short version of bench/fuzz_handlers.py against the suite's live app: each handler, enumerated from the
code, gets wrong types, out-of-range numbers, lone surrogates and a 100 kB string as a visitor; afterwards the
server has logged no traceback, no socket dropped and every handler's batch was answered.
"""

from __future__ import annotations

import pytest

from bench import fuzz_handlers
from tests.support.handlers import run_coroutine
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e


def test_bad_arguments_to_every_handler_end_in_a_clean_refusal(live: LiveServer) -> None:
    log_start = live.log_path.stat().st_size
    tally = fuzz_handlers.Tally()
    found = fuzz_handlers.handlers()
    assert len(found) > 200
    run_coroutine(fuzz_handlers.sweep(live.url, None, found, tally, role="visitor", big="x" * 100_000))
    log = live.log_path.read_bytes()[log_start:].decode("utf-8", "replace")
    assert tally.calls > 5_000
    assert tally.drops == 0 and tally.unanswered == 0 and tally.connect_errors == 0
    assert "Traceback" not in log and "[Reflex Backend Exception]" not in log, log[-3000:]
    assert tally.toasts > 1_000  # refusals reach the browser as a toast
    assert max(len(line) for line in log.splitlines()) < 3_000  # no value is logged whole
