"""Loading the offline scorer's models (the sentence embeddings and the answer judge) ahead of their first use."""

from __future__ import annotations

import logging
import threading
import time

from interview_app.services.scoring.embeddings import get_embedder
from interview_app.services.scoring.judge import get_judge

log = logging.getLogger(__name__)


def load_in_background() -> threading.Thread:
    """Load both models on a thread of their own, as a process that scores starts (the app, a job worker).

    The first typed answer's follow-up decision after a start then does not wait for them: 0.2 s with the int8 file
    that `setup` makes, seconds if it still has to be made. Requests go on meanwhile: loading holds the GIL for at
    most about 20 ms at a time (measured), and nothing but a first scoring waits for this thread.
    """

    def load() -> None:
        started = time.perf_counter()
        get_embedder()
        get_judge()
        log.info("scoring models loaded in %.2f s", time.perf_counter() - started)

    thread = threading.Thread(target=load, name="load-models", daemon=True)
    thread.start()
    return thread
