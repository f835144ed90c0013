"""The app's speech pipeline in one place: decode, transcribe (whole or streamed), speaking metrics."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from interview_app.speech import metrics as speech_metrics
from interview_app.speech.audio import SAMPLE_RATE, probe
from interview_app.speech.models import get_model
from interview_app.speech.transcribe import confirm_hesitations, join_words, speech_spans, transcribe_samples


def analyse(samples: np.ndarray, words: list[dict[str, Any]], time_limit: int | None = None) -> dict[str, Any]:
    """Speaking metrics for a transcribed recording (VAD pauses, fillers with a second listen, pace)."""
    spans = speech_spans(samples)
    candidates = speech_metrics.hesitation_candidates(words, spans)
    recovered = confirm_hesitations(samples, candidates)
    return speech_metrics.compute(
        words, spans, len(samples) / SAMPLE_RATE, time_limit, recovered=recovered, candidates=candidates
    )


@dataclass
class FileResult:
    """What `python -m interview_app.speech transcribe` prints."""

    model: str
    media_type: str
    seconds: float
    transcript: str
    words: list[dict[str, Any]]
    metrics: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)


def transcribe_file(path: Path, model: str | None = None, time_limit: int | None = None) -> FileResult:
    """Transcribe an audio or video file and measure how it was spoken, timing each stage."""
    t0 = time.perf_counter()
    loaded = get_model(model)
    t1 = time.perf_counter()
    found = probe(path)
    t2 = time.perf_counter()
    words = transcribe_samples(found.samples, model=loaded.name)
    t3 = time.perf_counter()
    metrics = analyse(found.samples, words, time_limit)
    t4 = time.perf_counter()
    return FileResult(
        model=loaded.name,
        media_type=found.media_type,
        seconds=round(found.seconds, 2),
        transcript=join_words(words),
        words=words,
        metrics=metrics,
        timings={
            "load_seconds": round(t1 - t0, 3),
            "decode_seconds": round(t2 - t1, 3),
            "transcribe_seconds": round(t3 - t2, 3),
            "metrics_seconds": round(t4 - t3, 3),
            "real_time_factor": round(found.seconds / max(1e-6, t3 - t2), 1),
        },
    )
