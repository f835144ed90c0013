"""Spoken answer latency: from the end of a 60-s answer to transcript, speaking metrics and score being ready.

Usage: .venv/bin/python bench/speech_latency.py [--models tiny.en,base] [--runs 3] [--seconds 60]
       .venv/bin/python bench/speech_latency.py --browser http://127.0.0.1:3000 [--runs 3]
       .venv/bin/python bench/speech_latency.py --growth

Simulated (default): the answer (espeak-ng, en-us 150 words/min, from speech_rtf.py; the bank question
backend-orm-n-plus-one) is encoded like the browser's MediaRecorder (webm/opus, 48 kHz, 32 kbit/s) and fed in
3-s pieces at real time: piece k arrives at 3k s, and the loop sleeps only when it is ahead of the clock.
Each arrival does what the app does:
- the upload decodes the stored recording (`recordings.receive_piece` probes the whole file);
- when at least STREAM_MIN_SECONDS of audio is not transcribed yet, the streamed step of
  `services.transcription.stream`: decode the recording again, `stream_step(final=False)`, `speech_spans` of
  the transcribed part, hesitation candidates and `confirm_hesitations` on the new ones.
When the last piece has arrived (the end of the answer), the hand-in work of
`transcription.transcribe_and_score` is timed stage by stage: the decoding the last upload did (reused),
`stream_step(final=True)`, VAD of the last stretch (the streamed steps keep theirs), `metrics.compute`, and
offline scoring (`scoring.engine.score`) with the speech metrics: that is "feedback ready". The second listen to
the last stretch's voiced gaps comes after it, as in the app, and is timed as its own stage. The streamed step
that the last piece starts skips its second listen, as the app's does once the answer is handed in.
One worker does all of it in turn, as the app's per-answer lock makes it: a streamed step still running when
the answer ends delays the hand-in. The number printed is end of answer -> feedback ready (p50 and max over
--runs), plus the alternative without streaming (the whole file transcribed after the fact). Database writes,
job dispatch and the page's 0.5-s poll are not included: --browser measures those.

--browser URL measures the real app: headless Chromium (/usr/bin/chromium, fake microphone playing the answer)
signs in with a session token (REFLEX_DB_URL / DATA_DIR must point at that app's database), starts a one-question
technical interview answered by voice, records the answer, stops, and times the click on "Hand in" until the
score (#run-score) is on screen, and reads the answer row's own timestamps (hand-in -> transcribed -> scored).
The model is whatever the app runs with (WHISPER_MODEL); the first run also pays the app's first-use costs.

--growth prints what each uploaded piece and each streamed step redo over the whole recording (decode it, VAD
over all of it) for recordings of 1 to 15 minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speech_rtf import MODELS, ROOT, SPEECH_CACHE, build_answer, load_average, normalise

PIECE_SECONDS = 3.0
QUESTION_ID = "backend-orm-n-plus-one"
TARGET_SECONDS = 2.0  # end of answer -> feedback ready, tiny.en


def encode_pieces(wav: Path, piece_seconds: float = PIECE_SECONDS) -> tuple[list[tuple[float, Path]], Path]:
    """The recording as the server holds it after each piece: [(arrival second, webm)], and the whole webm."""
    from speech_rtf import wav_seconds

    total = wav_seconds(wav)
    digest = hashlib.sha256(wav.read_bytes()).hexdigest()[:12]
    folder = SPEECH_CACHE / f"pieces-{digest}-{piece_seconds:g}"
    folder.mkdir(parents=True, exist_ok=True)
    pieces = []
    k = 1
    while True:
        until = min(total, k * piece_seconds)
        out = folder / f"upto-{k:03d}.webm"
        if not out.exists():
            tmp = out.with_suffix(".tmp.webm")
            subprocess.run(
                [
                    "ffmpeg",
                    "-v",
                    "error",
                    "-y",
                    "-i",
                    str(wav),
                    "-t",
                    f"{until:.3f}",
                    "-ar",
                    "48000",
                    "-ac",
                    "1",
                    "-c:a",
                    "libopus",
                    "-b:a",
                    "32k",
                    "-f",
                    "webm",
                    str(tmp),
                ],
                check=True,
            )
            tmp.replace(out)
        pieces.append((until, out))
        if until >= total:
            break
        k += 1
    return pieces, pieces[-1][1]


@dataclass
class Timer:
    """Named stage durations in seconds."""

    stages: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        """Add `seconds` to stage `name`."""
        self.stages[name] = self.stages.get(name, 0.0) + seconds


def _key(c: dict[str, Any]) -> str:
    return f"{c['start']:.2f}-{c['end']:.2f}"


class Answer:
    """One answer's state as the answer row holds it: words so far, transcribed seconds, stream state."""

    def __init__(self, model: str, min_seconds: float) -> None:
        self.model = model
        self.min_seconds = min_seconds
        self.words: list[dict[str, Any]] = []
        self.done = 0.0
        self.checked: set[str] = set()
        self.recovered: list[dict[str, Any]] = []
        self.spans: list[tuple[float, float]] = []
        self.steps: list[dict[str, float]] = []

    def stream(self, recording: Path, handed_in: bool = False) -> bool:
        """`transcription.stream`: the next stretch up to the last pause; False when it waited."""
        from interview_app.speech import metrics as speech_metrics
        from interview_app.speech.audio import probe_file
        from interview_app.speech.transcribe import confirm_hesitations, speech_spans, stream_step

        t0 = time.perf_counter()
        samples = probe_file(recording).samples
        t1 = time.perf_counter()
        piece = stream_step(samples, self.done, final=False, min_seconds=self.min_seconds, model=self.model)
        t2 = time.perf_counter()
        if piece is None:
            self.steps.append({"decode": t1 - t0, "cut_and_transcribe": t2 - t1, "total": t2 - t0, "audio": 0.0})
            return False
        words = [*self.words, *piece.words]
        part = samples[int(self.done * 16000) : int(piece.cut_seconds * 16000)]
        spans = [*self.spans, *[(a + self.done, b + self.done) for a, b in speech_spans(part)]]
        t3 = time.perf_counter()
        candidates = speech_metrics.hesitation_candidates(words, spans)
        # Once the answer is handed in, the app leaves these gaps to the second listen after the score.
        fresh = [] if handed_in else [c for c in candidates if _key(c) not in self.checked]
        recovered = [*self.recovered, *confirm_hesitations(samples, fresh)]
        t4 = time.perf_counter()
        self.steps.append(
            {
                "decode": t1 - t0,
                "cut_and_transcribe": t2 - t1,
                "spans": t3 - t2,
                "confirm": t4 - t3,
                "total": t4 - t0,
                "audio": piece.cut_seconds - self.done,
                "fresh": len(fresh),
            }
        )
        self.words, self.done, self.spans = words, piece.cut_seconds, spans
        self.checked |= {_key(c) for c in fresh}
        self.recovered = recovered
        return True

    def finish(self, recording: Path, score: Any) -> tuple[Timer, dict[str, Any], Any]:
        """`transcription.transcribe_and_score` up to the score, timed by stage, then the second listen after it.

        Returns (timer, metrics, score result); the stages after "score" are not part of end -> ready.
        """
        from interview_app.speech import metrics as speech_metrics
        from interview_app.speech.audio import probe_file
        from interview_app.speech.transcribe import confirm_hesitations, speech_spans, stream_step

        timer = Timer()
        t = time.perf_counter()
        samples = probe_file(recording).samples  # the last upload's decoding, as in the app
        timer.add("decode recording (reused from the upload)", time.perf_counter() - t)
        t = time.perf_counter()
        piece = stream_step(samples, self.done, final=True, model=self.model)
        words = [*self.words, *(piece.words if piece else [])]
        timer.add(f"transcribe the rest ({len(samples) / 16000 - self.done:.1f} s)", time.perf_counter() - t)
        t = time.perf_counter()
        if self.spans:
            rest_spans = speech_spans(samples[int(self.done * 16000) :])
            spans = [*self.spans, *[(a + self.done, b + self.done) for a, b in rest_spans]]
        else:
            spans = speech_spans(samples)
        label = "speech_spans (the rest)" if self.spans else "speech_spans (whole recording)"
        timer.add(label, time.perf_counter() - t)
        t = time.perf_counter()
        candidates = speech_metrics.hesitation_candidates(words, spans)
        keys = {_key(c) for c in candidates}
        recovered = [r for r in self.recovered if _key(r) in keys]
        rest = [c for c in candidates if _key(c) not in self.checked]
        measured = speech_metrics.compute(
            words, spans, len(samples) / 16000, None, recovered=recovered, candidates=candidates
        )
        timer.add("metrics.compute", time.perf_counter() - t)
        t = time.perf_counter()
        result = score(words, measured, len(samples) / 16000)
        timer.add("score (offline engine)", time.perf_counter() - t)
        t = time.perf_counter()
        recovered += confirm_hesitations(samples, rest)
        measured = speech_metrics.compute(
            words, spans, len(samples) / 16000, None, recovered=recovered, candidates=candidates
        )
        timer.add(f"after the score: second listen ({len(rest)} left of {len(candidates)})", time.perf_counter() - t)
        self.words = words
        return timer, measured, result


def make_scorer() -> Any:
    """A function (words, metrics, seconds) -> ScoreResult for the bank question, engine warmed up."""
    from interview_app.services.bank.files import load_bank
    from interview_app.services.scoring import engine
    from interview_app.services.scoring.rubric import ScoringInput
    from interview_app.speech.transcribe import join_words

    spec = next(s for s in load_bank()[0] if s.id == QUESTION_ID)

    def score(words: list[dict[str, Any]], measured: dict[str, Any], seconds: float) -> Any:
        return engine.score(
            ScoringInput(
                question=spec.prompt,
                answer=join_words(words),
                reference_answer=spec.model_answer,
                key_points=list(spec.key_points),
                question_type=spec.type,
                time_limit_seconds=spec.time_limit_seconds,
                duration_seconds=seconds,
                role="backend-engineer",
                competencies=list(spec.competencies),
                speech=measured,
            ),
            engine="offline",
        )

    # The app embeds the question and its model answer when the question is shown: do the same here.
    score([{"word": w, "start": 0, "end": 0} for w in spec.model_answer.split()[:40]], {}, 10.0)
    return score


def streamed_run(model: str, pieces: list[tuple[float, Path]], min_seconds: float, score: Any) -> dict[str, Any]:
    """One answer at real time; returns the end -> ready latency, its stages and what happened while speaking."""
    from interview_app.speech.audio import probe_file

    answer = Answer(model, min_seconds)
    uploads: list[float] = []
    lags: list[float] = []
    t0 = time.perf_counter()
    for arrival, recording in pieces:
        ahead = arrival - (time.perf_counter() - t0)
        if ahead > 0:
            time.sleep(ahead)
        t = time.perf_counter()
        media_seconds = probe_file(recording).seconds  # receive_piece decodes the stored recording
        uploads.append(time.perf_counter() - t)
        if media_seconds - answer.done >= min_seconds:
            answer.stream(recording, handed_in=recording == pieces[-1][1])
            lags.append(time.perf_counter() - t0 - arrival)
    end = pieces[-1][0]
    handed_in = time.perf_counter() - t0
    timer, measured, result = answer.finish(pieces[-1][1], score)
    ready = time.perf_counter() - t0 - sum(v for k, v in timer.stages.items() if k.startswith("after the score"))
    busy = sum(s["total"] for s in answer.steps)
    return {
        "ready_s": ready - end,
        "waited_s": max(0.0, handed_in - end),
        "stages": timer.stages,
        "steps": answer.steps,
        "upload_decode_max_s": max(uploads),
        "upload_decode_sum_s": sum(uploads),
        "max_lag_s": max(lags, default=0.0),
        "stream_busy_s": busy,
        "streamed_audio_s": answer.done,
        "words": answer.words,
        "metrics": measured,
        "total": result.total,
        "load": load_average(),
    }


def whole_file_run(model: str, recording: Path, score: Any) -> dict[str, Any]:
    """The alternative without streaming: everything after the answer ends."""
    answer = Answer(model, min_seconds=0)
    t0 = time.perf_counter()
    timer, _measured, result = answer.finish(recording, score)
    after = sum(v for k, v in timer.stages.items() if k.startswith("after the score"))
    return {
        "ready_s": time.perf_counter() - t0 - after,
        "stages": timer.stages,
        "words": answer.words,
        "total": result.total,
        "load": load_average(),
    }


def _p50_max(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s | {max(values):.2f} s"


def _stage_table(title: str, runs: list[dict[str, Any]]) -> None:
    names: list[str] = []
    for r in runs:
        names += [n for n in r["stages"] if n not in names]
    print(f"| {title} | median | max |")
    print("|---|---:|---:|")
    for name in names:
        values = [r["stages"].get(name, 0.0) for r in runs]
        print(f"| {name} | {statistics.median(values):.3f} s | {max(values):.3f} s |")


def simulate(args: argparse.Namespace) -> None:
    """The simulated in-app pipeline for each model."""
    os.environ.setdefault("DATA_DIR", str(ROOT / "data"))
    sys.path.insert(0, str(ROOT))
    import jiwer

    from interview_app.settings import get_settings
    from interview_app.speech.models import get_model
    from interview_app.speech.transcribe import join_words, transcribe_samples

    wav, text, seconds = build_answer(args.seconds)
    pieces, whole = encode_pieces(wav)
    min_seconds = args.min_seconds if args.min_seconds is not None else get_settings().stream_min_seconds
    print(
        f"answer: {seconds:.1f} s, {len(text.split())} words, {len(pieces)} pieces of {PIECE_SECONDS:g} s (webm/opus)"
    )
    print(f"question: {QUESTION_ID}; stream_min_seconds: {min_seconds:g}; runs per model: {args.runs}")
    print(f"cpus: {os.cpu_count()}  load_average_start: {load_average()}")
    started = time.perf_counter()
    score = make_scorer()
    print(f"scoring engine warm-up: {time.perf_counter() - started:.2f} s")
    summary = []
    for model in args.models.split(","):
        loaded = get_model(model)
        transcribe_samples(np.zeros(16000 * 3, np.float32), model=model)  # first-call costs
        streamed = [streamed_run(model, pieces, min_seconds, score) for _ in range(args.runs)]
        whole_runs = [whole_file_run(model, whole, score) for _ in range(args.runs)]
        ref = normalise(text)
        wer_streamed = jiwer.wer(ref, normalise(join_words(streamed[0]["words"])))
        wer_whole = jiwer.wer(ref, normalise(join_words(whole_runs[0]["words"])))
        print()
        print(f"## {model} (model load {loaded.load_seconds:.2f} s)")
        for i, r in enumerate(streamed):
            steps = [s for s in r["steps"] if s["audio"] > 0]
            m = r["metrics"]
            print(
                f"run {i + 1}: end->ready {r['ready_s']:.2f} s (of which waiting for a streamed step "
                f"{r['waited_s']:.2f} s); streamed steps {len(steps)} (+{len(r['steps']) - len(steps)} without a "
                f"pause to cut at), {r['streamed_audio_s']:.1f} s of {seconds:.1f} s transcribed before the end, "
                f"worker busy {r['stream_busy_s']:.1f} s while speaking, "
                f"step max {max(s['total'] for s in steps):.2f} s, "
                f"max lag behind the clock {r['max_lag_s']:.2f} s; upload decode max {r['upload_decode_max_s']:.3f} s "
                f"(sum {r['upload_decode_sum_s']:.2f} s); score {r['total']}; words {m['word_count']}, "
                f"fillers {m['fillers']['count']} (recovered {m['fillers']['recovered']}); load {r['load']}"
            )
        for i, r in enumerate(whole_runs):
            print(f"whole file run {i + 1}: {r['ready_s']:.2f} s; score {r['total']}; load {r['load']}")
        print(f"WER streamed {100 * wer_streamed:.1f} %, whole file {100 * wer_whole:.1f} %")
        if args.show:
            print(f"  reference: {ref}\n  streamed:  {normalise(join_words(streamed[0]['words']))}")
            print(f"  whole:     {normalise(join_words(whole_runs[0]['words']))}")
        print()
        _stage_table(f"{model}: after the end of the answer, streamed", streamed)
        print()
        _stage_table(f"{model}: whole file after the fact", whole_runs)
        steps = [s for r in streamed for s in r["steps"] if s["audio"] > 0]
        print()
        print(f"| {model}: one streamed step while speaking ({len(steps)} steps) | median | max |")
        print("|---|---:|---:|")
        for name in ("decode", "cut_and_transcribe", "spans", "confirm", "total", "audio"):
            values = [s[name] for s in steps]
            unit = "s of audio" if name == "audio" else "s"
            print(f"| {name} | {statistics.median(values):.3f} {unit} | {max(values):.3f} {unit} |")
        step_totals = [s["total"] for s in steps]
        summary.append(
            (
                model,
                [r["ready_s"] for r in streamed],
                [r["ready_s"] for r in whole_runs],
                step_totals,
                wer_streamed,
                wer_whole,
                streamed[-1]["load"],
            )
        )
    print()
    print(f"load_average_end: {load_average()}")
    print()
    print(
        "| model | end of answer -> feedback ready, streamed: p50 | max | whole file after the fact: p50 | max "
        "| streamed step while speaking: median / max | WER streamed / whole | target | load avg |"
    )
    print("|---|---:|---:|---:|---:|---|---|---|---|")
    for model, ready, whole_ready, steps, w1, w2, load in summary:
        target = ""
        if model == "tiny.en":
            target = f"<= {TARGET_SECONDS:g} s ({'met' if max(ready) <= TARGET_SECONDS else 'NOT met'} at max)"
        print(
            f"| {model} | {_p50_max(ready)} | {_p50_max(whole_ready)} | {statistics.median(steps):.2f} / "
            f"{max(steps):.2f} s | {100 * w1:.1f} / {100 * w2:.1f} % | {target} | {load} |"
        )


def growth(args: argparse.Namespace) -> None:
    """Per-piece work that grows with the recording: decoding the whole file and VAD over all of it."""
    os.environ.setdefault("DATA_DIR", str(ROOT / "data"))
    sys.path.insert(0, str(ROOT))
    from interview_app.speech.audio import probe
    from interview_app.speech.transcribe import speech_spans

    wav, _text, seconds = build_answer(120)
    print(f"cpus: {os.cpu_count()}  load_average_start: {load_average()}")
    print()
    print("| recording | decode the whole webm (best of 3) | speech_spans over all of it | load avg |")
    print("|---:|---:|---:|---|")
    for minutes in (1, 2, 5, 10, 15):
        copies = max(1, round(minutes * 60 / seconds + 0.49))
        out = SPEECH_CACHE / f"{wav.stem}-x{copies}-{minutes}min.webm"
        if not out.exists():
            inputs = [a for _ in range(copies) for a in ("-i", str(wav))]
            subprocess.run(
                ["ffmpeg", "-v", "error", "-y", *inputs, "-filter_complex", f"concat=n={copies}:v=0:a=1",
                 "-t", str(minutes * 60), "-ar", "48000", "-ac", "1", "-c:a", "libopus", "-b:a", "32k",
                 "-f", "webm", str(out)],
                check=True,
            )  # fmt: skip
        times = []
        for _ in range(3):
            t = time.perf_counter()
            found = probe(out)
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        speech_spans(found.samples)
        vad = time.perf_counter() - t
        print(f"| {found.seconds:.0f} s | {min(times):.3f} s | {vad:.3f} s | {load_average()} |")


# ---- --browser: the real app in headless Chromium --------------------------------------------------------
def _browser_setup(question_id: str) -> tuple[str, int]:
    """A signed-in demo candidate (scripts/screenshots.py) and a one-question practice interview by voice."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    from screenshots import demo_token  # type: ignore[import-not-found]
    from sqlmodel import select

    from interview_app import db
    from interview_app.models import Question
    from interview_app.services.accounts import accounts
    from interview_app.services.interviews import interviews

    token = demo_token()
    with db.session_scope() as session:
        user = accounts.find_user(session, "demo.candidate@example.com")
        question = session.exec(select(Question).where(Question.slug == question_id)).first()
        if user is None or user.id is None or question is None or question.id is None:
            raise SystemExit(f"the app's database has no demo user or no question {question_id}")
        interview = interviews.start_practice(session, user.id, question.id)
        interview.answer_mode = "audio"
        session.add(interview)
        session.flush()
        return token, interview.id or 0


def browser(args: argparse.Namespace) -> None:
    """Hand in a recorded answer in the real app and time the click on "Hand in" -> score on screen."""
    from playwright.sync_api import sync_playwright

    base = args.browser.rstrip("/")
    wav, _text, seconds = build_answer(args.seconds)
    mic = SPEECH_CACHE / f"{wav.stem}-48k.wav"
    if not mic.exists():
        subprocess.run(["sox", str(wav), "-r", "48000", "-c", "1", "-b", "16", str(mic), "pad", "0.3", "3"], check=True)
    chromium_args = [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-quic",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={mic.resolve()}", "--autoplay-policy=no-user-gesture-required",
    ]  # fmt: skip
    print(f"app: {base}; answer {seconds:.1f} s; cpus: {os.cpu_count()}  load_average_start: {load_average()}")
    results: list[float] = []
    from_stop: list[float] = []
    servers: list[dict[str, Any]] = []
    with sync_playwright() as p:
        for run in range(args.runs):
            token, interview_id = _browser_setup(QUESTION_ID)
            with tempfile.TemporaryDirectory() as profile:
                ctx = p.chromium.launch_persistent_context(
                    profile, executable_path="/usr/bin/chromium", headless=True, args=chromium_args
                )
                try:
                    ctx.add_init_script(f"window.localStorage.setItem('ic_session', {token!r});")
                    page = ctx.pages[0] if ctx.pages else ctx.new_page()
                    page.set_default_timeout(60_000)
                    page.goto(f"{base}/interview/{interview_id}")
                    page.locator("#run-record").click()
                    page.locator("#run-stop").wait_for(state="visible")
                    recorded = time.perf_counter()
                    time.sleep(max(0.0, seconds - (time.perf_counter() - recorded)))
                    stop_clicked = time.perf_counter()
                    page.locator("#run-stop").click()
                    page.locator("#run-send-recording").wait_for(state="visible")
                    clicked, clicked_at = time.perf_counter(), datetime.now(UTC)
                    page.locator("#run-send-recording").click()
                    page.locator("#run-score").wait_for(state="visible", timeout=120_000)
                    ready = time.perf_counter() - clicked
                    from_stop.append(time.perf_counter() - stop_clicked)
                    shown = page.locator("#run-score").inner_text()
                finally:
                    ctx.close()
            results.append(ready)
            server = _server_side(interview_id, clicked_at, ready)
            servers.append(server)
            print(
                f"run {run + 1}: hand in -> score on screen {ready:.2f} s (score {shown}; from the click on Stop "
                f"{from_stop[-1]:.2f} s, Hand in clicked {clicked - stop_clicked:.2f} s after it); "
                f"click -> hand-in stored "
                f"{server['handed_in']:.2f} s, -> transcribed {server['transcribed']:.2f} s, -> scored "
                f"{server['scored']:.2f} s, -> on screen {ready:.2f} s; {server['words']} words, "
                f"{server['seconds']:.1f} s recorded; load {load_average()}"
            )
    print()
    print("| click on Hand in -> | p50 | max | runs | load avg |")
    print("|---|---:|---:|---:|---|")
    for label, values in (
        ("hand-in stored (the last piece uploaded, then POST finish)", [x["handed_in"] for x in servers]),
        ("transcript and metrics stored", [x["transcribed"] for x in servers]),
        ("score stored", [x["scored"] for x in servers]),
        ("#run-score visible (browser)", results),
    ):
        print(f"| {label} | {_p50_max(values)} | {len(values)} | {load_average()} |")
    for label, values in (("click on Stop -> #run-score visible (browser)", from_stop),):
        print(f"| {label} | {_p50_max(values)} | {len(values)} | {load_average()} |")


def _server_side(interview_id: int, clicked_at: datetime, ready: float) -> dict[str, Any]:
    """Seconds from the click on "Hand in" to the answer row's own timestamps (same machine, same clock)."""
    from sqlmodel import select

    from interview_app import db
    from interview_app.models import Answer, SessionQuestion

    with db.session_scope() as session:
        row = session.exec(
            select(Answer)
            .join(SessionQuestion, SessionQuestion.id == Answer.session_question_id)  # type: ignore[arg-type]
            .where(SessionQuestion.session_id == interview_id)
        ).first()

        def since(stamp: datetime | None) -> float:
            if stamp is None:
                return float("nan")
            return ((stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)) - clicked_at).total_seconds()

        if row is None:
            return {"handed_in": float("nan"), "transcribed": float("nan"), "scored": ready, "words": 0, "seconds": 0}
        return {
            "handed_in": since(row.recording_finished_at),
            "transcribed": since(row.transcribed_at),
            "scored": since(row.scored_at),
            "words": len(row.word_timings),
            "seconds": row.media_seconds,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated: tiny.en,base")
    parser.add_argument("--runs", type=int, default=3, help="answers per model (each takes the answer's length)")
    parser.add_argument("--seconds", type=float, default=60, help="answer length")
    parser.add_argument("--min-seconds", type=float, default=None, help="STREAM_MIN_SECONDS (default: settings)")
    parser.add_argument("--show", action="store_true", help="print the reference and both transcripts")
    parser.add_argument("--browser", metavar="URL", help="measure in the running app at URL instead")
    parser.add_argument("--growth", action="store_true", help="only: per-piece decode and VAD cost, 1-15 min")
    args = parser.parse_args()
    if args.growth:
        growth(args)
    elif args.browser:
        browser(args)
    else:
        simulate(args)


if __name__ == "__main__":
    main()
