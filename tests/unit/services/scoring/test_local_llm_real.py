"""The local LLM engine against the real model: llama-cpp-python's server with Qwen2.5-Coder-1.5B-Instruct.

Needs `scripts/local_llm.sh prepare` (scripts/test.sh does it, cached in ~/.cache/interview-coach/llm);
skipped without it, except under scripts/test.sh (LOCAL_LLM_TESTS=required), where a missing model fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from interview_app.jobs import tasks
from interview_app.models import Feedback, User
from interview_app.services.scoring import local_llm, second_opinion
from interview_app.settings import Settings
from tests.support import local_llm_wire as wire
from tests.support.live_server import free_port
from tests.support.scored_answers import scored_answer

pytestmark = pytest.mark.local_llm

GRADED = Path(__file__).resolve().parents[3] / "data" / "graded_answers.jsonl"
START_TIMEOUT = 120.0


def _shape(value: Any) -> Any:
    """The keys and value types of a JSON value (list items by their first element)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    if isinstance(value, bool) or value is None:
        return type(value).__name__
    return "number" if isinstance(value, int | float) else type(value).__name__


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server on a free loopback port for this module; its base URL."""
    if not local_llm.is_ready():
        reason = "the local LLM is not prepared here (run scripts/local_llm.sh prepare)"
        if os.environ.get("LOCAL_LLM_TESTS") == "required":
            pytest.fail(reason)
        pytest.skip(reason)
    port = free_port()
    log = tmp_path_factory.mktemp("local-llm") / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(local_llm.server_command(port=port), stdout=out, stderr=subprocess.STDOUT)
    url = local_llm.base_url(port)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"the local LLM server exited with {process.returncode}: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/models", timeout=2.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the local LLM server did not start in {START_TIMEOUT:.0f} s: {log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def graded(question_id: str) -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in GRADED.read_text().splitlines() if line.strip()]
    return {r["grade"]: r for r in rows if r["question_id"] == question_id}


def test_the_server_replies_in_the_wire_format_the_fake_server_copies(server: str) -> None:
    body = {
        "model": local_llm.MODEL_NAME,
        "messages": [{"role": "user", "content": "Reply with one digit from 0 to 5: how many sides has a square?"}],
        "max_tokens": 1,
        "temperature": 0,
        "logprobs": True,
        "top_logprobs": second_opinion.TOP_LOGPROBS,
    }
    real = httpx.post(f"{server}/chat/completions", json=body, timeout=60.0).json()
    choice = real["choices"][0]
    top = choice["logprobs"]["content"][0]["top_logprobs"]
    assert len(top) >= second_opinion.TOP_LOGPROBS
    assert choice["message"]["content"] == "4" == top[0]["token"]
    fake = wire.grade(4).body
    assert fake is not None
    assert _shape(choice) == _shape(fake["choices"][0])


def test_the_real_model_grades_an_excellent_answer_above_a_weak_and_an_off_topic_one(server: str) -> None:
    answers = graded("ds-vp-wants-model-by-friday")
    client = second_opinion.make_client(server)
    grades: dict[str, float] = {}
    for grade in ("excellent", "weak", "off_topic"):
        row = answers[grade]
        started = time.perf_counter()
        opinion = second_opinion.ask(row["question"], row["answer"], [], client=client, model=local_llm.MODEL_NAME)
        grades[grade] = opinion.overall.expected
        assert time.perf_counter() - started < 60
    # Alone, the small model does not always tell an off-topic answer from a weak one: the offline score does.
    assert grades["excellent"] > max(grades["weak"], grades["off_topic"]) + 0.3, grades


def test_a_scored_answer_is_refined_by_the_real_model(
    server: str, session: Session, make_user: Callable[..., User], override_settings: Callable[..., Settings]
) -> None:
    override_settings(local_llm=True, local_llm_port=int(server.rsplit(":", 1)[1].split("/")[0]))
    answer = scored_answer(session, make_user())
    assert tasks.refine_with_local_llm(answer.id or 0) == "refined"
    session.expire_all()
    feedback = session.exec(select(Feedback).where(Feedback.answer_id == answer.id)).one()
    refined = feedback.result["refined"]
    assert refined["points"] == [], "the whole answer only"
    assert refined["llm_grade"] >= 2.5, "a relevant, specific answer with a measured result"
    weight = second_opinion.LLM_WEIGHT
    assert (
        feedback.total == sum(feedback.dimensions.values()) == round((1 - weight) * 40 + weight * refined["llm_total"])
    )
