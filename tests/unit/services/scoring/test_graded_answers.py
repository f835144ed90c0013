"""The offline engine on the product's own graded interview answers (tests/data/graded_answers.jsonl).

40 bank questions with an excellent, an adequate, a weak and an off-topic answer each, written the way
candidates speak and type, graded by a person. These are properties the feedback must keep: the order of the
answers, the score bands, and comments that never contradict the answer. `bench/graded_eval.py` prints the
same numbers; docs/scoring.md records them.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from interview_app.services.scoring import graded, offline
from interview_app.services.scoring.rubric import ScoreResult

ROWS = graded.load()


@pytest.fixture(scope="module")
def results() -> list[ScoreResult]:
    return [offline.score(graded.scoring_input(r)) for r in ROWS]


def test_the_set_is_what_the_issue_asks_for():
    questions = {r["question_id"] for r in ROWS}
    assert len(questions) >= 30
    assert Counter(r["grade"] for r in ROWS) == dict.fromkeys(graded.GRADES, len(questions))
    types = Counter(r["type"] for r in ROWS if r["grade"] == "excellent")
    assert types["technical"] and types["system_design"] and types["behavioural"] + types["situational"] >= 10
    styles = Counter(r["style"] for r in ROWS)
    assert {"typed", "spoken", "typos", "rambling"} <= set(styles)
    bank = {}
    for path in sorted((graded.ROOT / "interview_app" / "data" / "questions").glob("*.json")):
        bank.update({q["id"]: q for q in json.loads(path.read_text())["questions"]})
    for r in ROWS:
        q = bank[r["question_id"]]
        assert (r["question"], r["key_points"], r["type"]) == (q["prompt"], q["key_points"], q["type"]), r["id"]
        assert graded.in_band(r, r["human_score"]), r["id"]
        assert all(0 <= i < len(r["key_points"]) for i in r["covers"]), r["id"]


def test_better_answers_score_higher(results):
    right, total, wrong = graded.ordered_pairs(ROWS, [float(r.total) for r in results])
    # Target 97 % (issue 14), reached on the whole set (97.9 %; holdout 97.2 %): see docs/scoring.md.
    assert right / total >= 0.97, wrong


def test_scores_land_in_their_grade_band(results):
    inside = [graded.in_band(r, s.total) for r, s in zip(ROWS, results, strict=True)]
    # Target 90 % (issue 14); reached 86 % with the band map (docs/scoring.md). A floor, to raise as the engine
    # improves (a few answers of margin: the int8 models round differently by CPU).
    assert sum(inside) / len(inside) >= 0.83
    # Never wildly off: an excellent answer is never below 50, an off-topic one never above 40. (The lowest
    # excellent one, a story told in words far from the question's, general-own-mistake, lands at 61.)
    for r, s in zip(ROWS, results, strict=True):
        if r["grade"] == "excellent":
            assert s.total >= 50, (r["id"], s.total)
        if r["grade"] == "off_topic":
            assert s.total <= 40, (r["id"], s.total)


def test_no_comment_contradicts_the_answer(results):
    problems = [f"{r['id']}: {p}" for r, s in zip(ROWS, results, strict=True) for p in graded.contradictions(r, s)]
    # None, on every CPU: "Missing" is kept off the thin edge where the int8 kernels round differently by CPU
    # (offline.MISSING_ONLY_BELOW_SHARE).
    assert problems == []


def test_every_quote_is_part_of_the_answer(results):
    for r, s in zip(ROWS, results, strict=True):
        for c in [*s.strengths, *s.improvements]:
            if c.quote is not None:
                assert c.quote.rstrip("…").strip() in r["answer"], (r["id"], c.quote)
        for k in s.key_points:
            if k.evidence:
                assert k.evidence in r["answer"], (r["id"], k.evidence)


def test_off_topic_answers_are_mostly_told_so(results):
    off = [(r, s) for r, s in zip(ROWS, results, strict=True) if r["grade"] == "off_topic"]
    flagged = [(r, s) for r, s in off if "off_topic" in s.flags]
    # 32 of 40 today; the rest are stories close to the question's theme (coaching a team for "managing an
    # engineer"). A floor, to raise as the engine improves.
    assert len(flagged) >= 0.75 * len(off)
    for r, s in flagged:
        assert not any(c.text.startswith("You covered a key point") for c in s.strengths), r["id"]
        assert any("does not answer the question" in c.text for c in s.improvements), r["id"]


def test_on_topic_answers_are_rarely_called_off_topic(results):
    wrongly = [
        r["id"] for r, s in zip(ROWS, results, strict=True) if r["grade"] != "off_topic" and "off_topic" in s.flags
    ]
    # 2 of 120 today, both weak answers (one with many typos); never an adequate or excellent one.
    assert len(wrongly) <= 3, wrongly
    assert not [i for i in wrongly if not i.endswith("/weak")], wrongly


def test_each_dimension_says_what_moved_it(results):
    for s in results:
        assert set(s.why) == set(s.dimensions)
        assert all(s.why.values())
