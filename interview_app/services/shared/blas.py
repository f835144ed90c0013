"""One BLAS thread per process for numpy's small matrix products.

numpy's OpenBLAS starts one thread per core. The scorer's products are small (a key point's 15 token vectors
against an answer's few hundred), where a second thread saves nothing, and when other work shares the cores
(other candidates' answers, transcription, a test run) the threads wait on each other: on the 2-core
reference machine at load average 8, one such product took 16-48 ms with two threads and 0.4 ms with one,
and scoring a 300-word answer spent most of its time there (docs/scoring.md, Speed). Parallel work in this
app comes from processes and job threads, not from BLAS.

`OPENBLAS_NUM_THREADS` (and friends) set before numpy is first imported win; `limit()` applies the same
limit at run time for processes where numpy was imported earlier (the web process), once.
"""

from __future__ import annotations

import functools
import logging
import os

log = logging.getLogger(__name__)
ENV_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def threads_from_env() -> int:
    """`BLAS_THREADS` (default 1): how many threads numpy's BLAS may use."""
    try:
        return max(1, int(os.environ.get("BLAS_THREADS", "1")))
    except ValueError:
        return 1


def set_env_defaults() -> None:
    """Before numpy is imported: the BLAS libraries read their thread count from the environment."""
    for name in ENV_VARS:
        os.environ.setdefault(name, str(threads_from_env()))


@functools.cache
def limit() -> int:
    """Limit the BLAS libraries already loaded in this process (numpy's OpenBLAS) to `BLAS_THREADS`.

    Returns the number of thread pools changed; 0 when threadpoolctl is missing (the environment default
    still applies to processes that set it before importing numpy).
    """
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:  # pragma: no cover - a pinned dependency
        log.warning("threadpoolctl is not installed; numpy's BLAS keeps one thread per core")
        return 0
    threads = threads_from_env()
    pools = [p for p in threadpool_info() if p.get("user_api") == "blas" and p.get("num_threads") != threads]
    if pools:
        threadpool_limits(limits=threads, user_api="blas")
    return len(pools)
