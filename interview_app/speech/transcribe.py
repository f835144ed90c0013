"""Transcription with faster-whisper: whole files, and a growing recording in pieces cut at pauses.

Streaming: while the candidate speaks, the recording is transcribed up to the middle of the last pause
(Silero VAD, shipped inside faster-whisper) once enough new audio has arrived; the rest waits for the
next piece. When the answer ends only the last stretch remains. No earlier text is passed as a prompt:
that made Whisper skip content (see RECIPES.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from interview_app.settings import get_settings
from interview_app.speech.audio import SAMPLE_RATE
from interview_app.speech.gate import gate
from interview_app.speech.models import get_model, model_for

# A cut must leave at least this much audio before it, and a pause must be this long to cut in.
_MIN_CUT_SECONDS = 1.0
_CUT_SILENCE_MS = 300
# Shorter audio is not given to Whisper (it holds no word).
MIN_TRANSCRIBED_SECONDS = 0.1
# A streamed step transcribes at most this much (up to its last pause): about one Whisper window, which a
# call costs anyway, so a step that finds a long backlog stays short and a hand-in does not wait long behind it.
MAX_STREAM_SECONDS = 28.0


@dataclass
class Piece:
    """Words (with times on the recording's clock) transcribed from one stretch of audio."""

    words: list[dict[str, Any]] = field(default_factory=list)
    cut_seconds: float = 0.0  # how far into the recording the transcript now reaches
    seconds_spent: float = 0.0  # including the wait for Whisper's turn
    seconds_waited: float = 0.0  # for Whisper's turn (another call ran)


def speech_spans(samples: np.ndarray, min_silence_ms: int = _CUT_SILENCE_MS) -> list[tuple[float, float]]:
    """Stretches of speech (start, end) in seconds, from Silero VAD."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if len(samples) == 0:
        return []
    stamps = get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=min_silence_ms, speech_pad_ms=30))
    return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in stamps]


def cut_point(samples: np.ndarray) -> int | None:
    """Where to cut a stretch of audio so no word is split: the middle of its last pause, or None."""
    spans = speech_spans(samples)
    if not spans:
        return None
    gaps = [(spans[i][1], spans[i + 1][0]) for i in range(len(spans) - 1)]
    total = len(samples) / SAMPLE_RATE
    if total - spans[-1][1] >= _CUT_SILENCE_MS / 1000:
        gaps.append((spans[-1][1], total))
    gaps = [g for g in gaps if g[0] >= _MIN_CUT_SECONDS]
    if not gaps:
        return None
    start, end = gaps[-1]
    return int((start + end) / 2 * SAMPLE_RATE)


def transcribe_samples(
    samples: np.ndarray,
    offset: float = 0.0,
    model: str | None = None,
    language: str = "en",
    *,
    urgent: bool = False,
    still_needed: Callable[[], bool] | None = None,
) -> list[dict[str, Any]]:
    """Words with start/end (seconds, shifted by `offset`) and probability for a stretch of audio in `language`.

    A language other than English is transcribed by the multilingual model (`model_for`). The call waits for
    its turn at the process's Whisper gate (`speech/gate.py`); an `urgent` one (someone waits for it) goes
    before the others waiting. `still_needed` is asked while it waits and when the turn comes: False raises
    `NoLongerNeeded` without running Whisper (a streamed step whose answer was handed in while it waited).
    """
    if len(samples) < MIN_TRANSCRIBED_SECONDS * SAMPLE_RATE:
        return []
    settings = get_settings()
    loaded = get_model(model_for(language, model))
    words: list[dict[str, Any]] = []
    # The segments are decoded while they are read: all of it within the turn.
    with gate().turn(urgent=urgent, still_needed=still_needed):
        segments, _info = loaded.model.transcribe(
            samples,
            language=language,
            beam_size=settings.whisper_beam_size,
            word_timestamps=True,
            vad_filter=True,
            condition_on_previous_text=False,
        )
        for segment in segments:
            for w in segment.words or []:
                text = w.word.strip()
                if text:
                    words.append(
                        {
                            "word": text,
                            "start": round(w.start + offset, 2),
                            "end": round(w.end + offset, 2),
                            "p": round(w.probability, 3),
                        }
                    )
    return words


def stream_step(
    samples: np.ndarray,
    done_seconds: float,
    *,
    final: bool,
    min_seconds: float | None = None,
    max_seconds: float = MAX_STREAM_SECONDS,
    model: str | None = None,
    language: str = "en",
    still_needed: Callable[[], bool] | None = None,
) -> Piece | None:
    """Transcribe the next stretch of a growing recording (everything when `final`); None if not yet.

    A streamed (not final) stretch ends at the last pause within its first `max_seconds`. The final stretch
    is what a candidate who stopped waits for: its Whisper call goes first at the gate.
    """
    start = round(done_seconds * SAMPLE_RATE)
    rest = samples[start:]
    if final:
        cut: int | None = len(rest)
    else:
        if len(rest) < (min_seconds if min_seconds is not None else get_settings().stream_min_seconds) * SAMPLE_RATE:
            return None
        # Cutting at shorter pauses (150 ms) when a sentence runs long was tried: streamed WER on the espeak
        # set went from 17.6 % to 20.2 %, so the stream waits for a real pause.
        cut = cut_point(rest[: int(max_seconds * SAMPLE_RATE)])
        if cut is None:
            return None
    started, waited = time.perf_counter(), gate().waited()
    words = transcribe_samples(
        rest[:cut], offset=done_seconds, model=model, language=language, urgent=final, still_needed=still_needed
    )
    return Piece(
        words=words,
        cut_seconds=(start + cut) / SAMPLE_RATE,
        seconds_spent=time.perf_counter() - started,
        seconds_waited=gate().waited() - waited,
    )


def join_words(words: list[dict[str, Any]]) -> str:
    """The transcript text from word entries."""
    return " ".join(w["word"] for w in words).strip()


_FILLER_PROMPT = "Umm, let me think, uh, hmm. Um, so, uh, I mean, um."
_HESITATION_WORDS = {"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "mm"}
# The second listen in Korean: a prompt full of 음 and 어, and the hesitations it may write.
_FILLER_PROMPTS = {"en": _FILLER_PROMPT, "ko": "음, 그러니까, 어... 음. 어, 그, 음."}
_KO_HESITATIONS = {"음": "um", "으음": "um", "음음": "um", "흠": "um", "어": "uh", "어어": "uh", "으": "uh", "아": "uh"}
_SNIPPET_GAP = 0.6
# Voiced gaps listened to in one Whisper call (a longer answer's gaps take several calls).
_GAPS_PER_CALL = 40


def confirm_hesitations(
    samples: np.ndarray, candidates: list[dict[str, Any]], model: str | None = None, language: str = "en"
) -> list[dict[str, Any]]:
    """Listen again to voiced gaps with a prompt that keeps hesitations; the candidates where one is heard.

    The snippets go through Whisper together (up to 40 a call), separated by silence, and each "um"/"uh" the
    second pass writes is matched back to its snippet by time. The prompt is used only here: it is never used
    for the transcript that is scored, because it makes Whisper skip content.
    """
    heard: list[dict[str, Any]] = []
    for first in range(0, len(candidates), _GAPS_PER_CALL):
        heard += _confirm_batch(samples, candidates[first : first + _GAPS_PER_CALL], model, language)
    return heard


def _confirm_batch(
    samples: np.ndarray, candidates: list[dict[str, Any]], model: str | None, language: str
) -> list[dict[str, Any]]:
    """The second listen to at most `_GAPS_PER_CALL` gaps in one Whisper call."""
    pieces: list[np.ndarray] = []
    where: list[tuple[float, float, dict[str, Any]]] = []
    silence = np.zeros(int(_SNIPPET_GAP * SAMPLE_RATE), dtype=np.float32)
    t = 0.0
    for cand in candidates:
        a = max(0, int((cand["start"] - 0.05) * SAMPLE_RATE))
        b = min(len(samples), int((cand["end"] + 0.05) * SAMPLE_RATE))
        if b <= a:
            continue
        snippet = samples[a:b].astype(np.float32)
        pieces += [snippet, silence]
        where.append((t, t + len(snippet) / SAMPLE_RATE, cand))
        t += (len(snippet) + len(silence)) / SAMPLE_RATE
    if not pieces:
        return []
    settings = get_settings()
    loaded = get_model(model_for(language, model or settings.whisper_filler_model))
    with gate().turn():  # never urgent: the score is shown before it, or the candidate is still speaking
        segments, _ = loaded.model.transcribe(
            np.concatenate([silence, *pieces]),
            language=language,
            beam_size=settings.whisper_beam_size,
            word_timestamps=True,
            vad_filter=False,
            condition_on_previous_text=False,
            initial_prompt=_FILLER_PROMPTS.get(language, _FILLER_PROMPT),
            # No temperature fallback: on a looping filler prompt each extra pass only costs time. A snippet
            # holds a hesitation or a word or two, so the output is bounded too (a loop otherwise runs to 224
            # tokens).
            temperature=0.0,
            max_new_tokens=min(200, 12 + 8 * len(where)),
        )
        written = [w for segment in segments for w in segment.words or []]
    lead = _SNIPPET_GAP
    heard: dict[int, dict[str, Any]] = {}
    for w in written:
        token = "".join(ch for ch in w.word.lower() if ch.isalpha())
        kind = _hesitation_kind(token)
        if not kind:
            continue
        mid = (w.start + w.end) / 2 - lead
        for i, (start, end, cand) in enumerate(where):
            # One hesitation per voiced gap: the second pass sometimes writes "uh, uh" for a single one.
            if start - 0.15 <= mid <= end + 0.15 and i not in heard:
                heard[i] = {**cand, "kind": kind}
                break
    return list(heard.values())


def _hesitation_kind(token: str) -> str:
    """The kind ("um" or "uh") of a hesitation the second listen wrote, in English or Korean; "" for a word."""
    if token in _HESITATION_WORDS:
        return "um" if token.startswith(("um", "hm", "mm")) else "uh"
    return _KO_HESITATIONS.get(token, "")
