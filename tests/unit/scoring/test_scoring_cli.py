"""The scoring CLI (evaluate, calibrate) and the statistics behind it."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from interview_app.scoring.__main__ import cli
from interview_app.services.scoring import calibration
from interview_app.services.scoring import features as ft
from interview_app.services.scoring.rubric import DIMENSIONS, RUBRIC_VERSION

SEMEVAL_SAMPLE = Path(__file__).resolve().parents[2] / "data" / "semeval_sample.jsonl"

GOOD_ROWS: list[dict[str, Any]] = [
    {
        "id": "cache-good",
        "question": "What happens to read latency when you add a cache in front of the database?",
        "reference_answer": "Adding a cache in front of the database decreases the read latency for hot keys.",
        "answer": "Reads of hot keys get faster, because the cache answers before the database is asked.",
        "key_points": ["Read latency goes down for hot keys"],
        "type": "technical",
        "time_limit_seconds": 120,
    },
    {
        "id": "cache-off-topic",
        "question": "What happens to read latency when you add a cache in front of the database?",
        "reference_answer": "Adding a cache in front of the database decreases the read latency for hot keys.",
        "answer": "I like to go hiking at the weekend with my dog.",
    },
    {
        "id": 7,
        "question": "Tell me about a time you disagreed with your manager.",
        "reference_answer": "At my last job I disagreed with my manager about a launch date. I showed data on the "
        "open bugs and we agreed to ship a week later; the launch had no incidents.",
        "answer": "At my last job my manager wanted to launch early. I showed him the open bugs and we moved "
        "the date by a week. As a result the launch went smoothly with zero incidents.",
        "type": "behavioural",
    },
]


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- evaluate ------------------------------------------------------------------------------------------


def test_evaluate_writes_one_result_per_line(tmp_path):
    source, out = write_jsonl(tmp_path / "in.jsonl", GOOD_ROWS), tmp_path / "out.jsonl"
    result = run("evaluate", str(source), str(out))
    assert result.exit_code == 0, result.output
    lines = read_lines(out)
    assert [line["id"] for line in lines] == ["cache-good", "cache-off-topic", 7]
    for line in lines:
        assert set(DIMENSIONS) <= set(line)
        assert all(0 <= line[d] <= 25 for d in DIMENSIONS)
        assert line["total"] == sum(line[d] for d in DIMENSIONS)
        feedback = line["feedback"]
        assert feedback["summary"]
        assert feedback["strengths"] and feedback["improvements"]
        assert all("text" in c and "quote" in c for c in feedback["strengths"] + feedback["improvements"])
        assert isinstance(feedback["key_points"], list) and isinstance(feedback["checklist"], dict)
        assert (line["engine"], line["rubric_version"]) == ("offline", RUBRIC_VERSION)
        assert line["model"]
        assert "error" not in line
    assert lines[0]["total"] > lines[1]["total"]
    assert set(lines[2]["feedback"]["checklist"]) == {"situation", "task", "action", "result"}
    assert "Pearson" not in result.output  # no human scores, no table


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"id": "no-ref", "question": "Why?", "answer": "Because."}, "missing field(s): reference_answer"),
        ({"id": "empty", "question": "Why?", "reference_answer": "Because.", "answer": "   "}, "the answer is empty"),
        ({"id": "type", "question": "Why?", "reference_answer": "x", "answer": "y", "type": "quiz"}, "type must be"),
        (
            {"id": "limit", "question": "Why?", "reference_answer": "x", "answer": "y", "time_limit_seconds": "soon"},
            "soon",
        ),
    ],
)
def test_evaluate_reports_bad_lines_and_keeps_going(tmp_path, bad, message):
    rows = [GOOD_ROWS[0], bad, GOOD_ROWS[1]]
    source, out = write_jsonl(tmp_path / "in.jsonl", rows), tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", str(source), str(out)])
    assert result.exit_code == 1
    lines = read_lines(out)
    assert [line["id"] for line in lines] == ["cache-good", bad["id"], "cache-off-topic"]
    assert message in lines[1]["error"] and "total" not in lines[1]
    assert "total" in lines[0] and "total" in lines[2]
    assert "line 2:" in result.output


def test_evaluate_reports_a_line_that_is_not_json(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(GOOD_ROWS[0]) + "\n{not json\n" + json.dumps(GOOD_ROWS[1]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", str(source), str(out)])
    assert result.exit_code == 1
    assert len(read_lines(out)) == 3


def test_evaluate_reports_a_line_that_is_not_an_object(tmp_path):
    source, out = write_jsonl(tmp_path / "in.jsonl", [GOOD_ROWS[0], 42, GOOD_ROWS[1]]), tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", str(source), str(out)])
    assert result.exit_code == 1
    assert len(read_lines(out)) == 3


def graded_rows() -> list[dict[str, Any]]:
    rows = []
    for i, (answer, grade) in enumerate(
        [
            ("Adding a cache decreases the read latency for hot keys.", 1.0),
            ("Hot keys are read faster because the cache answers first.", 1.0),
            ("The database gets slower when you add a cache.", 0.0),
            ("I like to go hiking at the weekend.", 0.0),
        ]
    ):
        for split in ("test-a", "test-b"):
            rows.append(
                {
                    "id": f"{split}-{i}",
                    "corpus": "toy",
                    "split": split,
                    "question": GOOD_ROWS[0]["question"],
                    "reference_answer": GOOD_ROWS[0]["reference_answer"],
                    "answer": answer,
                    "human_score": grade,
                }
            )
    return rows


def test_evaluate_prints_correlations_when_human_scores_are_present(tmp_path):
    source, out = write_jsonl(tmp_path / "in.jsonl", graded_rows()), tmp_path / "out.jsonl"
    result = run("evaluate", str(source), str(out))
    assert result.exit_code == 0
    assert "| corpus | split | n | Pearson | Spearman |" in result.output
    table = [line for line in result.output.splitlines() if line.startswith("| toy |")]
    assert len(table) == 2
    for line in table:
        _, corpus, split, n, pearson, spearman, _ = (cell.strip() for cell in line.split("|"))
        assert corpus == "toy" and split in ("test-a", "test-b") and n == "4"
        assert -1.0 <= float(pearson) <= 1.0 and -1.0 <= float(spearman) <= 1.0
        assert float(pearson) > 0.5, line


def test_evaluate_split_and_limit_options(tmp_path):
    source, out = write_jsonl(tmp_path / "in.jsonl", graded_rows()), tmp_path / "out.jsonl"
    assert run("evaluate", str(source), str(out), "--split", "test-b").exit_code == 0
    assert {line["id"] for line in read_lines(out)} == {f"test-b-{i}" for i in range(4)}
    assert run("evaluate", str(source), str(out), "--limit", "3").exit_code == 0
    assert [line["id"] for line in read_lines(out)] == ["test-a-0", "test-b-0", "test-a-1"]


def test_evaluate_needs_an_existing_input(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path / "missing.jsonl"), str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2
    assert not (tmp_path / "out.jsonl").exists()


# --- calibrate -----------------------------------------------------------------------------------------


@pytest.fixture
def semeval_sample(tmp_path) -> Path:
    rows = [json.loads(line) for line in SEMEVAL_SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    picked = {0.0: [r for r in rows if r["human_score"] == 0.0], 1.0: [r for r in rows if r["human_score"] == 1.0]}
    assert len(picked[0.0]) == len(picked[1.0]) == 20
    rows = picked[0.0] + picked[1.0]
    # A few rows of another corpus and split, which calibration must ignore.
    rows += [dict(r, corpus="beetle", human_score=1.0 - r["human_score"]) for r in rows[:5]]
    return write_jsonl(tmp_path / "sample.jsonl", rows)


def test_calibrate_writes_weights_for_every_feature(tmp_path, semeval_sample):
    real = ft.CALIBRATION_FILE.read_bytes()
    target = tmp_path / "weights.json"
    result = run("calibrate", str(semeval_sample), "--out", str(target))
    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(ft.CORRECTNESS_FEATURES)
    assert all(math.isfinite(v) for v in data["weights"].values())
    assert data["trained_on"] == "SemEval-2013 Task 7 sciEntsBank training (40 answers)"
    assert data["model"] and data["created"]
    assert ft.CALIBRATION_FILE.read_bytes() == real  # the shipped calibration is untouched


def test_calibrate_without_matching_rows_fails(tmp_path, semeval_sample):
    target = tmp_path / "weights.json"
    result = CliRunner().invoke(cli, ["calibrate", str(semeval_sample), "--split", "nope", "--out", str(target)])
    assert result.exit_code != 0
    assert isinstance(result.exception, ValueError) and "no rows" in str(result.exception)
    assert not target.exists()


# --- statistics -----------------------------------------------------------------------------------------


def test_fit_logistic_recovers_a_known_direction():
    rng = np.random.default_rng(7)
    true_w = np.array([-0.5, 2.0, -1.0])
    x = np.column_stack([np.ones(4000), rng.normal(size=(4000, 2))])
    y = (rng.random(4000) < 1 / (1 + np.exp(-(x @ true_w)))).astype(float)
    w = calibration.fit_logistic(x, y)
    assert np.allclose(w, true_w, atol=0.2), w
    cosine = float(w @ true_w / np.linalg.norm(w) / np.linalg.norm(true_w))
    assert cosine > 0.99


def test_fit_logistic_separates_separable_data():
    x = np.array([[1, -2.0], [1, -1.0], [1, -0.5], [1, 0.5], [1, 1.0], [1, 2.0]])
    y = np.array([0, 0, 0, 1, 1, 1], dtype=float)
    w = calibration.fit_logistic(x, y)
    assert np.all(np.isfinite(w))
    assert w[1] > 0
    predictions = 1 / (1 + np.exp(-(x @ w)))
    assert np.array_equal(predictions > 0.5, y == 1)


def test_pearson_against_hand_computed_values():
    # dx = [-2,-1,0,1,2], dy = [-2,0,1,0,1]: sxy = 6, sxx = 10, syy = 6.
    assert calibration.pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) == pytest.approx(6 / math.sqrt(60))
    assert calibration.pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert calibration.pearson([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert math.isnan(calibration.pearson([1, 1, 1], [1, 2, 3]))
    assert math.isnan(calibration.pearson([1], [2]))


def test_spearman_against_hand_computed_values_with_ties():
    # Ranks of y with ties averaged: [0, 1.5, 3.5, 1.5, 3.5]; sxy = 7, sxx = 10, syy = 9.
    assert calibration.spearman([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) == pytest.approx(7 / math.sqrt(90))
    assert calibration.spearman([1, 2, 3, 4], [1, 4, 9, 16]) == pytest.approx(1.0)  # monotonic, not linear
    assert calibration.spearman([1, 2, 3, 4], [10, 1, 0.5, 0.1]) == pytest.approx(-1.0)
    assert calibration._ranks([5, 1, 5, 3]) == [2.5, 0.0, 2.5, 1.0]


def test_correlation_table_groups_by_corpus_and_split():
    rows = [
        {"id": "a", "corpus": "c1", "split": "s", "human_score": 0.0},
        {"id": "b", "corpus": "c1", "split": "s", "human_score": 1.0},
        {"id": "c", "corpus": "c1", "split": "s", "human_score": 1.0},
        {"id": "d", "corpus": "c2", "split": "s", "human_score": 0.0},
        {"id": "e", "corpus": "c2", "split": "s", "human_score": 1.0},
        {"id": "f", "corpus": "c2", "split": "s"},  # no human score
        {"id": "g", "corpus": "c2", "split": "s", "human_score": 1.0},  # not scored
    ]
    table = calibration.correlation_table(rows, {"a": 10, "b": 80, "c": 90, "d": 70, "e": 20, "f": 50})
    assert [(r["corpus"], r["split"], r["n"]) for r in table] == [("c1", "s", 3), ("c2", "s", 2)]
    assert table[0]["pearson"] > 0.9 and table[0]["spearman"] == pytest.approx(math.sqrt(3) / 2)
    assert table[1]["pearson"] == pytest.approx(-1.0)


def test_calibrate_scale_without_rows_of_the_split_says_so(tmp_path):
    data = tmp_path / "graded.jsonl"
    data.write_text(json.dumps({"id": "q/excellent", "split": "holdout", "grade": "excellent"}) + "\n")
    result = CliRunner().invoke(cli, ["calibrate-scale", str(data), "--out", str(tmp_path / "out.json")])
    assert result.exit_code == 1
    assert "no graded answers with split='dev'" in result.output
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    ("command", "split", "written"),
    [
        ("calibrate", "training", "weights"),
        ("calibrate-scale", "dev", "scale"),
        ("calibrate-multilingual", "dev", "maps"),
    ],
)
def test_every_calibrate_command_takes_split_and_out(command: str, split: str, written: str) -> None:
    """The shared `_fit_options`: each fit names its split (with its own default) and where it writes."""
    params = {p.name: p for p in cli.commands[command].params}
    assert params["split"].default == split and params["out_path"].default is None
    assert params["out_path"].opts == ["--out"]
    shown = CliRunner().invoke(cli, [command, "--help"]).output
    assert f"[default: {split}]" in shown and f"Where to write the {written}" in shown
    names = [p.name for p in cli.commands[command].params]
    assert names.index("split") < names.index("out_path")
