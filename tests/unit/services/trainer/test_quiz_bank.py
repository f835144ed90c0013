"""The trainer's curated topics and quiz questions: the files, their schema and the checks."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from interview_app.cli import cli
from interview_app.services.trainer.quiz_bank import QuizQuestionSpec, TopicSpec, curated_topics, load_quiz_bank

REQUIRED_TOPICS = {
    "data-structures", "algorithms", "python", "javascript", "sql", "system-design", "networking",
    "operating-systems", "cloud", "security", "machine-learning", "statistics", "behavioural-frameworks",
    "product-sense", "testing", "git",
}  # fmt: skip


@pytest.fixture(scope="module")
def bank():
    files, problems = load_quiz_bank()
    assert problems == []
    return files


def test_the_bank_has_the_default_topics_and_enough_questions(bank) -> None:
    assert {f.topic.slug for f in bank} >= REQUIRED_TOPICS
    questions = [q for f in bank for q in f.questions]
    assert len(questions) >= 260
    kinds = Counter(q.kind for q in questions)
    assert set(kinds) == {"single", "multi", "true_false", "short"}
    assert Counter(q.difficulty for q in questions).keys() == {"easy", "medium", "hard"}
    for f in bank:
        assert len(f.questions) >= 12, f.topic.slug
        # A language folder's file needs choice and short questions; true/false is English-only for now.
        kinds = {"single", "multi", "true_false", "short"} if f.language == "en" else {"single", "multi", "short"}
        assert {q.kind for q in f.questions} >= kinds, f.topic.slug


def test_the_korean_quiz_has_six_topics_and_96_questions_each_in_korean(bank) -> None:
    korean = [f for f in bank if f.language == "ko"]
    assert len(korean) >= 6 and sum(len(f.questions) for f in korean) >= 96
    english = {f.topic.slug for f in bank if f.language == "en"}
    for f in korean:
        assert f.topic.slug in english
        for q in f.questions:
            assert q.language == "ko" and q.id.startswith(f"{f.topic.slug}-ko-"), q.id
            assert any("\uac00" <= ch <= "\ud7a3" for ch in q.prompt + q.explanation), q.id


def test_a_language_file_must_name_an_english_topic_and_use_its_language(tmp_path: Path) -> None:
    english = {
        "topic": {"slug": "sql", "name": "SQL", "category": "Data", "description": "Queries, joins and indexes."}
    }
    question = {
        "id": "sql-ko-null",
        "kind": "short",
        "difficulty": "easy",
        "prompt": "NULL 값은 어떻게 비교하나요?",
        "answer": "NULL 값은 = 대신 IS NULL로 비교합니다.",
        "key_points": ["IS NULL로 비교"],
        "explanation": "NULL과의 = 비교는 항상 알 수 없음이 되므로 IS NULL을 씁니다.",
        "source": "PostgreSQL 문서",
    }
    english_question = {
        **question,
        "id": "sql-null",
        "prompt": "How do you compare a value with NULL?",
        "answer": "Compare with IS NULL rather than the equals sign.",
        "key_points": ["compare with IS NULL"],
        "explanation": "Comparing with = NULL is never true, so use IS NULL.",
        "source": "PostgreSQL documentation",
    }
    (tmp_path / "sql.json").write_text(json.dumps({**english, "questions": [english_question]}), encoding="utf-8")
    (tmp_path / "ko").mkdir()
    (tmp_path / "ko" / "sql.json").write_text(json.dumps({"topic": "sql", "questions": [question]}), encoding="utf-8")
    files, problems = load_quiz_bank(tmp_path)
    assert problems == []
    assert [(f.language, [q.language for q in f.questions]) for f in files] == [("en", ["en"]), ("ko", ["ko"])]
    (tmp_path / "ko" / "sql.json").write_text(
        json.dumps({"topic": "nosuch", "questions": [{**question, "language": "en", "id": "sql-null-2"}]}),
        encoding="utf-8",
    )
    _, problems = load_quiz_bank(tmp_path)
    assert any('"topic" must be the slug of a topic defined in English' in p for p in problems)
    (tmp_path / "ko" / "sql.json").write_text(
        json.dumps({"topic": "sql", "questions": [{**question, "id": "sql-null-2", "language": "en"}]}),
        encoding="utf-8",
    )
    _, problems = load_quiz_bank(tmp_path)
    assert problems == ["ko/sql.json: sql-null-2: language: 'en' in the ko/ folder"]
    (tmp_path / "ko" / "sql.json").write_text(
        json.dumps(
            {"topic": "sql", "questions": [{**question, "id": "sql-null-2", "prompt": "How is NULL compared?"}]}
        ),
        encoding="utf-8",
    )
    _, problems = load_quiz_bank(tmp_path)
    assert "sql-null-2: ids of ko questions start with sql-ko-" in problems


def test_every_topic_has_its_korean_name_category_and_description(bank) -> None:
    hangul = re.compile("[가-힣]")
    english = [f.topic for f in bank if f.language == "en"]
    for topic in english:
        korean = topic.text("ko")
        assert korean is topic.translations["ko"], topic.slug
        assert hangul.search(korean.category) and hangul.search(korean.description), topic.slug
    assert {t.slug: t.text("ko").name for t in english}["system-design"] == "시스템 설계"
    assert curated_topics()["behavioural-frameworks"].text("en").name == "Behavioural interview frameworks"


def test_a_translation_is_checked_and_never_english() -> None:
    text = {"name": "Demo", "category": "Test", "description": "A topic for the schema's own test."}
    topic = {"slug": "demo", **text}
    with pytest.raises(ValidationError, match="English texts"):
        TopicSpec.model_validate({**topic, "translations": {"en": text}})
    with pytest.raises(ValidationError, match="description"):
        TopicSpec.model_validate({**topic, "translations": {"ko": {"name": "데모", "category": "시험"}}})
    with pytest.raises(ValidationError):
        TopicSpec.model_validate({**topic, "translations": {"xx": text}})
    assert TopicSpec.model_validate({**topic, "translations": {"ko": text}}).text("ko").name == "Demo"


def test_every_option_explains_itself_and_correct_answers_move_around(bank) -> None:
    for f in bank:
        positions = Counter()
        for q in f.questions:
            assert q.explanation and q.source
            for option in q.options:
                assert len(option.why) >= 10, q.id
            if q.kind == "single":
                positions[next(i for i, o in enumerate(q.options) if o.correct)] += 1
        assert len(positions) >= 3, f"{f.topic.slug}: the correct option is nearly always in the same place"


def spec(**changes) -> dict:
    base = {
        "id": "git-example",
        "kind": "single",
        "difficulty": "easy",
        "prompt": "Which command shows the commits of the current branch?",
        "options": [
            {"text": "git log", "correct": True, "why": "It lists the commits reachable from HEAD."},
            {"text": "git status", "correct": False, "why": "It shows the working tree, not the history."},
            {"text": "git diff", "correct": False, "why": "It shows changes, not commits."},
        ],
        "explanation": "git log walks the history from HEAD backwards.",
        "source": "git-log(1)",
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"options": []}, "3-5 options"),
        (
            {"options": [{"text": o, "correct": True, "why": "Because it is right."} for o in ("a", "b", "c")]},
            "exactly one correct",
        ),
        (
            {"options": [{"text": "a", "correct": c, "why": "Because it is right."} for c in (True, False, False)]},
            "must not repeat",
        ),
        (
            {
                "kind": "true_false",
                "options": [
                    {"text": "False", "correct": True, "why": "Because it is right."},
                    {"text": "True", "correct": False, "why": "Because it is wrong."},
                ],
            },
            '"True" and "False"',
        ),
        (
            {
                "kind": "multi",
                "options": [
                    {"text": t, "correct": c, "why": "Because of the rule."}
                    for t, c in (("a", True), ("b", False), ("c", False), ("d", False))
                ],
            },
            "at least two correct",
        ),
        ({"kind": "short", "answer": "Too short", "key_points": ["x"], "options": []}, "at least 20"),
        ({"kind": "short", "answer": "A long enough model answer here.", "options": []}, "1-4 key points"),
        ({"answer": "Only short answers have one of these."}, "only short-answer"),
        ({"unknown": 1}, "Extra inputs"),
    ],
)
def test_malformed_questions_are_refused_with_a_reason(changes: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        QuizQuestionSpec.model_validate(spec(**changes))


def write_topic(folder: Path, slug: str, questions: list[dict]) -> None:
    topic = {"slug": slug, "name": slug.title(), "category": "Test", "description": "A topic made by the test."}
    (folder / f"{slug}.json").write_text(json.dumps({"topic": topic, "questions": questions}), encoding="utf-8")


def test_cross_file_checks_catch_duplicates_prefixes_and_key_points(tmp_path: Path) -> None:
    write_topic(tmp_path, "git", [spec(), spec()])
    write_topic(tmp_path, "other", [spec(id="git-elsewhere", prompt="Which command shows the commits of the branch?")])
    short = spec(
        id="third-short",
        kind="short",
        options=[],
        prompt="How do you undo the last commit but keep its changes staged?",
        answer="Run git reset --soft HEAD~1; the changes stay in the index.",
        key_points=["Use an interactive rebase squash"],
    )
    write_topic(tmp_path, "third", [short])
    (tmp_path / "broken.json").write_text("{ not json", encoding="utf-8")
    _, problems = load_quiz_bank(tmp_path)
    text = "\n".join(problems)
    assert "broken.json: not readable JSON" in text
    assert "git-example: id used 2 times" in text
    assert "prompt repeated 2 times" in text
    assert "git-elsewhere: ids start with the topic slug (other-)" in text
    assert "key point not reflected in the model answer" in text


def test_check_quiz_command_reports_the_bank() -> None:
    result = CliRunner().invoke(cli, ["check-quiz"])
    assert result.exit_code == 0, result.output
    assert "all valid" in result.output
