"""numpy's BLAS runs on one thread in the app's processes (small products, shared cores)."""

from __future__ import annotations

import os
import subprocess
import sys

from interview_app.services.shared import blas


def _run(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in (*blas.ENV_VARS, "BLAS_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_importing_the_package_first_sets_the_environment_before_numpy():
    code = (
        "import interview_app, numpy\n"
        "from threadpoolctl import threadpool_info\n"
        "print(sorted({p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'}))"
    )
    assert _run(code) == "[1]"


def test_limit_applies_when_numpy_was_imported_first():
    code = (
        "import numpy\n"
        "from threadpoolctl import threadpool_info\n"
        "before = {p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'}\n"
        "from interview_app.services.shared import blas\n"
        "blas.limit()\n"
        "after = {p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'}\n"
        "print(sorted(after))"
    )
    assert _run(code, OPENBLAS_NUM_THREADS="2") == "[1]"


def test_blas_threads_setting_is_read_and_bad_values_fall_back_to_one(monkeypatch):
    monkeypatch.setenv("BLAS_THREADS", "2")
    assert blas.threads_from_env() == 2
    monkeypatch.setenv("BLAS_THREADS", "many")
    assert blas.threads_from_env() == 1
    monkeypatch.delenv("BLAS_THREADS")
    assert blas.threads_from_env() == 1
