"""The app's speech pipeline in one place: decode, transcribe (whole or streamed), speaking metrics.

Both the CLI (`python -m interview_app.speech transcribe`, `transcribe_file`) and the app run these steps:

    decode -> transcribe (whole, or stretch by stretch up to a pause while the candidate speaks)
           -> voice activity -> gaps that may hide a dropped filler -> a second listen to them
           -> speaking metrics

The app (`services/answers/transcription.py`) keeps what each streamed step found on the answer row, so the
hand-in only runs the steps on what is new; `analyse` runs them on a whole recording at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from interview_app.speech import chunks
from interview_app.speech import gate as whisper_gate
from interview_app.speech import metrics as speech_metrics
from interview_app.speech.audio import SAMPLE_RATE, probe, probe_file
from interview_app.speech.models import get_model, model_for
from interview_app.speech.transcribe import (
    Piece,
    confirm_hesitations,
    join_words,
    speech_spans,
    stream_step,
    transcribe_samples,
)

Span = tuple[float, float]


def decode_recording(path: Path) -> np.ndarray:
    """A stored recording (pieces appended as they arrived) as 16 kHz mono samples."""
    return probe_file(path).samples


def decoded_samples(path: Path) -> np.ndarray:
    """A recording decoded piece by piece in the background (`chunks.catch_up`): its samples so far."""
    return chunks.decoded_samples(path)


def seconds_of(samples: np.ndarray) -> float:
    """How long the samples last."""
    return len(samples) / SAMPLE_RATE


def transcribe_stretch(
    samples: np.ndarray,
    done_seconds: float,
    *,
    final: bool,
    language: str = "en",
    still_needed: Callable[[], bool] | None = None,
) -> Piece | None:
    """The next stretch of a growing recording up to its last pause (everything left when `final`).

    None while there is not enough new audio, or no pause to cut at yet. `language` is the interview's.
    `still_needed` is asked when Whisper's turn comes (False raises `NoLongerNeeded`, nothing transcribed).
    """
    return stream_step(samples, done_seconds, final=final, language=language, still_needed=still_needed)


def whisper_busy() -> bool:
    """True while another Whisper call of this process waits for its turn (other candidates' audio is queued)."""
    return whisper_gate.busy()


def voice_spans(samples: np.ndarray) -> list[Span]:
    """Where someone speaks (voice activity), in seconds."""
    return speech_spans(samples)


def voice_spans_between(samples: np.ndarray, start: float, end: float | None = None) -> list[Span]:
    """Voice activity of samples[start:end] (seconds), on the recording's clock."""
    part = samples[int(start * SAMPLE_RATE) : None if end is None else int(end * SAMPLE_RATE)]
    return [(round(a + start, 3), round(b + start, 3)) for a, b in speech_spans(part)]


def filler_gaps(words: list[dict[str, Any]], spans: list[Span]) -> list[dict[str, Any]]:
    """Voiced gaps between words where Whisper may have dropped an "um" or "uh"."""
    return speech_metrics.hesitation_candidates(words, spans)


def listen_again(samples: np.ndarray, gaps: list[dict[str, Any]], language: str = "en") -> list[dict[str, Any]]:
    """The second listen: the fillers heard in `gaps` (in the interview's `language`)."""
    return confirm_hesitations(samples, gaps, language=language)


def speaking_metrics(
    words: list[dict[str, Any]],
    spans: list[Span],
    samples: np.ndarray,
    time_limit: int | None,
    *,
    recovered: list[dict[str, Any]],
    gaps: list[dict[str, Any]],
) -> dict[str, Any]:
    """Pace, pauses and fillers (with those the second listen heard in `gaps`) of a transcribed recording."""
    return speech_metrics.compute(words, spans, seconds_of(samples), time_limit, recovered=recovered, candidates=gaps)


def analyse(
    samples: np.ndarray, words: list[dict[str, Any]], time_limit: int | None = None, language: str = "en"
) -> dict[str, Any]:
    """Speaking metrics for a transcribed recording (VAD pauses, fillers with a second listen, pace)."""
    spans = voice_spans(samples)
    gaps = filler_gaps(words, spans)
    recovered = listen_again(samples, gaps, language)
    return speaking_metrics(words, spans, samples, time_limit, recovered=recovered, gaps=gaps)


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


def transcribe_file(
    path: Path, model: str | None = None, time_limit: int | None = None, language: str = "en"
) -> FileResult:
    """Transcribe an audio or video file in `language` and measure how it was spoken, timing each stage."""
    t0 = time.perf_counter()
    loaded = get_model(model_for(language, model))
    t1 = time.perf_counter()
    found = probe(path)
    t2 = time.perf_counter()
    words = transcribe_samples(found.samples, model=loaded.name, language=language)
    t3 = time.perf_counter()
    metrics = analyse(found.samples, words, time_limit, language)
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
