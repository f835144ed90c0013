"""Scoring CLI: evaluate answers from JSON Lines, calibrate the offline engine, report correlations."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from interview_app.services.scoring import calibration, graded
from interview_app.services.scoring.rubric import ANSWER_TYPES, DIMENSIONS, ScoringInput

REQUIRED = ("id", "question", "reference_answer", "answer")


class _BadLine:
    """A line that could not be read; kept in place so the output lines up with the input."""

    def __init__(self, message: str) -> None:
        self.message = message


def _input(row: dict[str, Any]) -> ScoringInput:
    missing = [k for k in REQUIRED if k not in row]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    if not str(row["answer"]).strip():
        raise ValueError("the answer is empty")
    question_type = row.get("type") or row.get("question_type") or "technical"
    if question_type not in ANSWER_TYPES:
        raise ValueError(f"type must be one of {', '.join(ANSWER_TYPES)}")
    limit = row.get("time_limit_seconds")
    return ScoringInput(
        question=str(row["question"]),
        answer=str(row["answer"]),
        reference_answer=str(row["reference_answer"]),
        key_points=[str(k) for k in row.get("key_points") or []],
        question_type=question_type,
        time_limit_seconds=int(limit) if limit else None,
        other_references=[str(r) for r in row.get("other_references") or []],
    )


@click.group()
def cli() -> None:
    """Score answers with the Interview Coach engines."""


@cli.command()
@click.argument("input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("output_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--engine",
    type=click.Choice(["offline", "llm", "auto"]),
    default="offline",
    show_default=True,
    help="Which engine scores (llm falls back to offline on any error).",
)
@click.option("--limit", type=int, default=0, help="Score only the first N lines (0 = all).")
@click.option("--split", "splits", multiple=True, help="Only rows whose `split` is one of these.")
def evaluate(input_path: Path, output_path: Path, engine: str, limit: int, splits: tuple[str, ...]) -> None:
    """Score every line of INPUT_PATH and write one result per line to OUTPUT_PATH.

    Each input line needs id, question, reference_answer and answer (optional key_points, type,
    time_limit_seconds). When lines carry human_score, Pearson and Spearman are printed per corpus and split.
    """
    from interview_app.services.scoring.engine import score as score_answer

    rows: list[Any] = []
    with input_path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                rows.append(json.loads(raw))
            except json.JSONDecodeError as exc:
                rows.append(_BadLine(f"line {number} is not JSON: {exc.msg}"))
    if splits:
        rows = [r for r in rows if isinstance(r, dict) and r.get("split") in splits]
    if limit:
        rows = rows[:limit]
    scores: dict[str, float] = {}
    errors = 0
    started = time.perf_counter()
    with output_path.open("w", encoding="utf-8") as out:
        for number, row in enumerate(rows, start=1):
            try:
                if isinstance(row, _BadLine):
                    raise ValueError(row.message)
                if not isinstance(row, dict):
                    raise ValueError("each line must be a JSON object")
                result = score_answer(_input(row), engine=engine)
            except (ValueError, TypeError) as exc:
                errors += 1
                row_id = row.get("id") if isinstance(row, dict) else None
                out.write(json.dumps({"id": row_id, "error": str(exc)}) + "\n")
                click.echo(f"line {number}: {exc}", err=True)
                continue
            scores[str(row["id"])] = float(result.total)
            line = {"id": row["id"], "total": result.total, **{d: result.dimensions[d] for d in DIMENSIONS}}
            line["feedback"] = {
                "summary": result.summary,
                "strengths": [c.__dict__ for c in result.strengths],
                "improvements": [c.__dict__ for c in result.improvements],
                "key_points": [k.__dict__ for k in result.key_points],
                "checklist": result.checklist,
            }
            line.update(engine=result.engine, model=result.model, rubric_version=result.rubric_version)
            if result.fallback_reason:
                line["fallback_reason"] = result.fallback_reason
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - started
    click.echo(f"scored {len(scores)} answer(s) in {elapsed:.1f} s; {errors} error(s); wrote {output_path}", err=True)
    table = calibration.correlation_table([r for r in rows if isinstance(r, dict)], scores)
    if table:
        click.echo("| corpus | split | n | Pearson | Spearman |\n|---|---|---:|---:|---:|")
        for r in table:
            click.echo(f"| {r['corpus']} | {r['split']} | {r['n']} | {r['pearson']:.3f} | {r['spearman']:.3f} |")
    if errors:
        sys.exit(1)


def _fit_options(written: str, split: str = "dev") -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The options every `calibrate*` command takes: `--split` to fit on, `--out` for what it writes."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        command = click.option(
            "--out",
            "out_path",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help=f"Where to write the {written} (default: the engine's calibration.json).",
        )(command)
        return click.option("--split", default=split, show_default=True, help="Fit on this split only.")(command)

    return decorate


@cli.command()
@click.argument("data_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corpus", default="sciEntsBank", show_default=True)
@_fit_options("weights", split="training")
def calibrate(data_path: Path, corpus: str, split: str, out_path: Path | None) -> None:
    """Fit the offline engine's correctness model on graded answers (SemEval-2013 format)."""
    from interview_app.services.scoring import features

    result = calibration.calibrate(calibration.read_jsonl(data_path), corpus=corpus, split=split)
    target = out_path or features.CALIBRATION_FILE
    calibration.write_calibration(target, **result)
    click.echo(f"wrote {target}: {result['trained_on']}")


@cli.command("calibrate-scale")
@click.argument("data_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_fit_options("scale")
def calibrate_scale(data_path: Path, split: str, out_path: Path | None) -> None:
    """Fit the 0-100 scale on graded interview answers (tests/data/graded_answers.jsonl format)."""
    from interview_app.services.scoring import features

    try:
        result = graded.calibrate_scale(calibration.read_jsonl(data_path), split=split)
    except (ValueError, KeyError) as exc:
        raise click.ClickException(f"cannot fit the scale on {data_path}: {exc}") from exc
    target = out_path or features.CALIBRATION_FILE
    calibration.write_calibration(target, scale=result)
    click.echo(f"wrote {target}: scale fitted on {result['trained_on']}, loss {result['loss']}")


@cli.command("calibrate-multilingual")
@click.argument("english_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("other_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_fit_options("maps")
def calibrate_multilingual(english_path: Path, other_path: Path, split: str, out_path: Path | None) -> None:
    """Fit the multilingual encoder's maps on graded answers in English and in another language (Korean)."""
    from interview_app.services.scoring import features

    try:
        result = graded.calibrate_multilingual(
            calibration.read_jsonl(english_path), calibration.read_jsonl(other_path), split=split
        )
    except (ValueError, KeyError) as exc:
        raise click.ClickException(f"cannot fit the multilingual maps: {exc}") from exc
    target = out_path or features.CALIBRATION_FILE
    calibration.write_calibration(target, multilingual=result)
    click.echo(f"wrote {target}: multilingual maps fitted on {result['trained_on']}")


if __name__ == "__main__":
    cli()
