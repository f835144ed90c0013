"""The CV's questions written by an LLM: used only when they pass the bank's checks and stay grounded;
the templates on any failure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from interview_app.services.tailoring import writer
from interview_app.services.tailoring.job import parse_job
from interview_app.services.tailoring.selection import Evidence, Pick, write_question
from tests.support import fake_openai as fake_api
from tests.support.fake_openai import FakeOpenAI
from tests.support.tailoring_data import JOB_DESCRIPTION

QUOTE = "Led the payment migration from a monolith to Kafka-based services, cutting p99 latency by 40%"
GOOD = {
    "prompt": (
        "At Acme Pay you led the payment migration from the monolith to Kafka-based services. How did you plan "
        "the cut-over, and what would you change?"
    ),
    "key_points": [
        "Explains why the monolith had to be split",
        "Describes how the cut-over was planned and rolled back safely",
        "Explains how Kafka kept payments consistent",
        "Shows how the latency drop was measured",
    ],
    "model_answer": (
        "A strong answer first explains why the monolith had to be split: releases were slow and one failure "
        "stopped every payment. It describes how the cut-over was planned and rolled back safely, merchant group "
        "by merchant group behind a flag. It explains how Kafka kept payments consistent with idempotent "
        "consumers and an outbox. It shows how the latency drop was measured, comparing p99 before and after "
        "on the same traffic, and ends with what the candidate would change next time."
    ),
}


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeOpenAI]:
    server = fake_api.start()
    yield server
    server.stop()


@pytest.fixture
def fake(fake_server: FakeOpenAI, override_settings) -> Iterator[FakeOpenAI]:
    fake_server.reset()
    writer._cache.clear()
    override_settings(openai_base_url=fake_server.url, openai_model="fake-model", openai_timeout_seconds=5)
    yield fake_server
    fake_server.reset()
    writer._cache.clear()


def _picks() -> list[Pick]:
    job = parse_job(JOB_DESCRIPTION)
    evidence = Evidence("cv", QUOTE, QUOTE, "Acme Pay")
    draft = write_question(evidence, job.requirements[2], job)
    return [
        Pick("cv", QUOTE, "Acme Pay", job.requirements[2].text, draft=draft, prompt=draft.prompt, written_by="template")
    ]


def _reply(*items: dict[str, Any]) -> fake_api.Reply:
    return fake_api.ok({"questions": list(items)})


def test_a_checked_llm_question_replaces_the_template(fake: FakeOpenAI) -> None:
    picks = _picks()
    fake.script(_reply(GOOD))
    writer.rewrite(parse_job(JOB_DESCRIPTION), picks)
    assert picks[0].written_by == "llm" and picks[0].prompt == GOOD["prompt"]
    assert picks[0].draft is not None and list(picks[0].draft.key_points) == GOOD["key_points"]
    sent = fake.requests[0]["messages"][1]["content"]
    assert QUOTE in sent and "Northwind Pay" in sent
    # The same material again: remembered, no second request (the preview's questions are the ones started).
    again = _picks()
    writer.rewrite(parse_job(JOB_DESCRIPTION), again)
    assert again[0].prompt == GOOD["prompt"] and len(fake.requests) == 1


@pytest.mark.parametrize(
    "bad",
    [
        {**GOOD, "key_points": ["Too few", "points"]},
        {**GOOD, "model_answer": "Short."},
        {**GOOD, "key_points": [*GOOD["key_points"][:3], "Mentions the quarterly board review with the CFO"]},
        {**GOOD, "prompt": "Tell me about a time you disagreed with your manager about priorities at work?"},
    ],
)
def test_an_item_failing_the_checks_keeps_its_template(fake: FakeOpenAI, bad: dict[str, Any]) -> None:
    picks = _picks()
    template = picks[0].prompt
    fake.script(_reply(bad))
    writer.rewrite(parse_job(JOB_DESCRIPTION), picks)
    assert picks[0].written_by == "template" and picks[0].prompt == template


def test_any_failure_keeps_the_templates(fake: FakeOpenAI, override_settings) -> None:
    picks = _picks()
    template = picks[0].prompt
    fake.script(fake_api.status(500), fake_api.status(500))
    writer.rewrite(parse_job(JOB_DESCRIPTION), picks)
    assert picks[0].prompt == template and len(fake.requests) == 2
    fake.script(fake_api.text("not json at all"), fake_api.text("still not json"))
    writer.rewrite(parse_job(JOB_DESCRIPTION), picks)
    assert picks[0].prompt == template
    override_settings(openai_base_url="", openai_api_key="")
    writer.rewrite(parse_job(JOB_DESCRIPTION), picks)
    assert picks[0].written_by == "template" and len(fake.requests) == 4
