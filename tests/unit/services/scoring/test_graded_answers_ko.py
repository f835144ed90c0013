"""The Korean graded answers (tests/data/graded_answers_ko.jsonl): well formed, and tied to the Korean bank."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from interview_app.services.bank.files import load_bank
from interview_app.services.scoring import graded

PATH = Path(__file__).resolve().parents[4] / "tests" / "data" / "graded_answers_ko.jsonl"


def test_forty_korean_answers_four_grades_for_ten_bank_questions() -> None:
    rows = graded.load(PATH)
    assert len(rows) >= 40
    per_question = Counter(r["question_id"] for r in rows)
    assert len(per_question) >= 10 and set(per_question.values()) == {4}
    bank = {s.id: s for s in load_bank()[0]}
    for row in rows:
        spec = bank[row["question_id"]]
        assert spec.language == "ko" and row["language"] == "ko"
        assert row["question"] == spec.prompt and row["key_points"] == spec.key_points
        assert row["reference_answer"] == spec.model_answer
        low, high = graded.BANDS[row["grade"]]
        assert low <= row["human_score"] <= high, row["id"]
        assert all(0 <= i < len(spec.key_points) for i in row["covers"])
        assert any("\uac00" <= ch <= "\ud7a3" for ch in row["answer"])
    for question in per_question:
        grades = {r["grade"]: r for r in rows if r["question_id"] == question}
        assert set(grades) == set(graded.GRADES)
        covered = [len(grades[g]["covers"]) for g in graded.GRADES]
        assert covered == sorted(covered, reverse=True), question  # better answers cover at least as much
        assert grades["off_topic"]["covers"] == []
