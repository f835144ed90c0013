"""Follow-ups over our own graded interview answers: grounded every time, a redirect for off-topic answers,
never a "what was missing" question after an excellent one.

Reads tests/data/graded_answers.jsonl (one answer a line, with question_id, type, question, reference_answer,
key_points, answer and grade). The shares below are
floors measured with the offline scorer; raise them as the scorer's key-point and on-topic verdicts improve.
"""

from __future__ import annotations

import collections
import functools
import json
from pathlib import Path
from typing import Any

import pytest

from interview_app.i18n import t
from interview_app.services.answers import follow_ups as fu
from interview_app.services.bank.files import load_bank
from interview_app.services.scoring import offline
from interview_app.services.scoring.rubric import ScoringInput

DATA = Path(__file__).resolve().parents[3] / "data"
OFF_TOPIC_REDIRECTED_AT_LEAST = 0.75  # share of off-topic answers that get the redirect
EXCELLENT_LEFT_ALONE_AT_LEAST = 0.65  # share of excellent answers that get no follow-up (or a deeper one)


def _rows() -> list[dict[str, Any]]:
    path = DATA / "graded_answers.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.cache
def _plans() -> list[tuple[dict[str, Any], fu.FollowUpPlan]]:
    bank = {spec.id: spec for spec in load_bank()[0]}
    out = []
    for row in _rows():
        spec = bank.get(row["question_id"])
        question = fu.AskedQuestion(
            prompt=row["question"],
            type=row["type"],
            key_points=tuple(row["key_points"]),
            follow_ups=tuple(spec.follow_ups) if spec else (),
        )
        result = offline.score(
            ScoringInput(
                question=row["question"],
                answer=row["answer"],
                reference_answer=row["reference_answer"],
                key_points=list(row["key_points"]),
                question_type=row["type"],
                time_limit_seconds=row.get("time_limit_seconds"),
            )
        )
        out.append((row, fu.plan_follow_up(question, row["answer"], fu.analysis_from_result(result))))
    return out


pytestmark = pytest.mark.skipif(not _rows(), reason="no graded answers in tests/data")


def test_every_follow_up_is_grounded_in_the_question_and_the_answer():
    problems = {
        row["id"]: (plan.prompt, found)
        for row, plan in _plans()
        if plan.kind != "none" and (found := fu.grounding_problems(plan.prompt, row["question"], row["answer"]))
    }
    assert problems == {}


def test_every_follow_up_is_one_question_with_its_own_key_points():
    for row, plan in _plans():
        assert plan.kind in fu.KINDS
        if plan.kind == "none":
            continue
        assert plan.prompt.strip(), row["id"]
        assert plan.key_points and set(plan.key_points) <= set(row["key_points"])
        if plan.kind == "redirect":
            assert plan.prompt.startswith(t("followup.redirect", question=""))
            assert plan.key_points == tuple(row["key_points"])


def test_excellent_answers_never_get_a_what_was_missing_question_or_a_redirect():
    for row, plan in _plans():
        if row["grade"] == "excellent":
            assert plan.kind != "redirect", row["id"]
            assert not fu.sounds_like_missing(plan.prompt), (row["id"], plan.prompt)
    kinds = collections.Counter(plan.kind for row, plan in _plans() if row["grade"] == "excellent")
    quiet = (kinds["none"] + kinds["deeper"]) / max(1, sum(kinds.values()))
    assert quiet >= EXCELLENT_LEFT_ALONE_AT_LEAST, kinds


def test_off_topic_answers_are_redirected_and_never_left_alone():
    kinds = collections.Counter(plan.kind for row, plan in _plans() if row["grade"] == "off_topic")
    assert kinds["none"] == 0 and kinds["deeper"] == 0, kinds
    assert kinds["redirect"] / max(1, sum(kinds.values())) >= OFF_TOPIC_REDIRECTED_AT_LEAST, kinds


def test_weak_and_adequate_answers_are_rarely_redirected():
    kinds = collections.Counter(plan.kind for row, plan in _plans() if row["grade"] in ("weak", "adequate"))
    assert kinds["redirect"] / max(1, sum(kinds.values())) <= 0.1, kinds
