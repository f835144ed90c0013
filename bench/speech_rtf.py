"""Speech transcription speed: real-time factor of 30-, 60- and 120-s spoken answers per Whisper model.

Usage: .venv/bin/python bench/speech_rtf.py [--models tiny.en,base] [--lengths 30,60,120] [--runs 2]
The answers are interview answers (written here, with "um", "uh", "like", "you know" and SSML pauses) spoken
by espeak-ng (en-us, 150 words/min) and cached under data/bench-cache/speech/. Each model is measured in its
own child process, so its load time and peak memory are its own: model load time, then per length the
transcription wall time with the app's settings (`transcribe.transcribe_samples`: int8, beam 5, word
timestamps, VAD; decoding the file is not included), best of `--runs`, x real time, CPU time and the peak
RSS of the process while transcribing (model included). Prints plain numbers and a Markdown table.

The text, the espeak-ng helper and the WER normalisation here are shared with speech_latency.py and
speech_wer.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "data" / "bench-cache"
SPEECH_CACHE = CACHE / "speech"
MODELS = ("tiny.en", "base")
LENGTHS = (30, 60, 120)

# Spoken interview answers. <break/> tags are SSML pauses (espeak-ng -m); the reference text drops them.
# Numbers are spelled out as a candidate says them; the WER normalisation maps 0-99 to digits.
ANSWERS: dict[str, list[str]] = {
    # backend-orm-n-plus-one in the question bank: 50 posts, 101 queries per request.
    "n_plus_one": [
        "Okay, so that many queries for one page is, um, the classic N plus one problem.",
        "The ORM runs one query to get the list of posts, and then, like, for every post the serializer "
        "touches the author and the comments, and each of those is a lazy load.",
        '<break time="1200ms"/> So you end up with one query per row, and each query is fast on its own, but '
        "the round trips add up, and it gets worse as the page grows.",
        "For the authors, I would eager load them, either with a join or with one batched query that fetches "
        "all the authors at once.",
        "For the comments, uh, the important thing is that we only need a number, you know, not the comments "
        "themselves.",
        "So I would compute the counts with a single group by query on the post id, or add the count to the "
        "posts query as a subquery.",
        '<break time="1500ms"/> What I would avoid is loading every comment just to count them, because a '
        "popular post might have thousands of comments and we would pull all of them into memory.",
        "That brings the endpoint down to two or three queries, no matter how many posts are on the page.",
        "Then, um, to stop it from coming back, I would add a test that counts the queries for this endpoint "
        "and fails if the number goes up.",
        "That way a change that touches a new relation in the serializer fails in the build, and not in production.",
        "And in development I would turn on query logging, or a tool that warns about lazy loads, so the team "
        "sees the problem early.",
        '<break time="1000ms"/> Finally, I would check the database side as well, basically making sure there '
        "is an index on the post id column in the comments table, because the group by query depends on it.",
        "If the page is still slow after that, I would look at caching the counts, but honestly I think the "
        "query fix alone would solve most of it.",
    ],
    # general-conflict-with-peer
    "conflict": [
        "Sure, um, at my last company I worked closely with another senior engineer who owned the billing "
        "service, and we disagreed a lot about how to release changes.",
        "He wanted big releases once a month, and I wanted small releases every day, because my team kept "
        "waiting on his.",
        '<break time="1200ms"/> For a while it was, like, pretty tense, you know, we argued in code reviews '
        "and in planning meetings.",
        "So I asked him for a coffee, just the two of us, and I tried to understand why he cared so much about "
        "monthly releases.",
        "It turned out that a bad release two years earlier had cost the company a lot of money, and he was "
        "the one who got blamed for it.",
        '<break time="1500ms"/> Once I understood that, uh, we agreed on a trial: small releases behind '
        "feature flags, with an automatic rollback if the error rate went up.",
        "After two months we had fewer incidents than before, and he actually presented the results to the "
        "rest of the team himself.",
        "Today we still disagree sometimes, but we talk first, and I think we trust each other a lot more.",
    ],
    # backend-webhook-delivery-platform
    "webhooks": [
        "Okay, so the main goal is that one slow merchant cannot delay everyone else, and that no event is ever lost.",
        "First, when an order is created, I would write the event to a durable queue in the same transaction, "
        "using an outbox table, so we never lose it.",
        "Then, um, a pool of delivery workers reads from the queue, but each merchant gets its own logical "
        "queue, so their deliveries are isolated.",
        '<break time="1200ms"/> If an endpoint is slow or down, we retry with exponential backoff and jitter, '
        "and after a few failures we open a circuit breaker for that merchant.",
        "While the circuit is open, their events just wait in their own queue, and, you know, the other "
        "merchants are not affected at all.",
        "Each request has a short timeout, maybe five seconds, and we sign every payload so the merchant can "
        "verify it came from us.",
        '<break time="1500ms"/> We also include an event id, because delivery is at least once, and the '
        "merchant should ignore duplicates.",
        "After about three days of failures we stop retrying, mark the events as failed, and, uh, let the "
        "merchant replay them from a dashboard.",
        "Finally, I would monitor the queue depth and the delivery latency per merchant, so we can see "
        "problems before the merchants do.",
    ],
}
# One long answer for the length-targeted builds: all sentences in order.
ALL_SENTENCES = [s for answer in ANSWERS.values() for s in answer]


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, e.g. "0.52 0.40 0.31"."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def reference_text(sentences: list[str]) -> str:
    """What is said: the sentences without SSML tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", " ".join(sentences))).strip()


def wav_seconds(path: Path) -> float:
    """Duration of a WAV file."""
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def espeak(sentences: list[str], voice: str, speed: int, folder: Path = SPEECH_CACHE) -> Path:
    """Speak `sentences` as one SSML document with espeak-ng into a WAV (cached by content)."""
    ssml = "<speak>" + " ".join(sentences) + "</speak>"
    key = hashlib.sha256(f"{voice}|{speed}|{ssml}".encode()).hexdigest()[:16]
    out = folder / f"{voice}-{speed}-{key}.wav"
    if not out.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp.wav")
        subprocess.run(["espeak-ng", "-m", "-v", voice, "-s", str(speed), "-w", str(tmp), ssml], check=True)
        tmp.replace(out)
    return out


def build_answer(seconds: float, voice: str = "en-us", speed: int = 150) -> tuple[Path, str, float]:
    """An answer of about `seconds` (whole sentences, the count closest to the target): (wav, text, seconds)."""
    pool = ALL_SENTENCES * 4
    durations = [wav_seconds(espeak([s], voice, speed)) for s in ALL_SENTENCES]
    total, best_n, best_err = 0.0, 1, float("inf")
    for n in range(1, len(pool) + 1):
        total += durations[(n - 1) % len(ALL_SENTENCES)]
        if abs(total - seconds) < best_err:
            best_n, best_err = n, abs(total - seconds)
        if total > seconds:
            break
    sentences = pool[:best_n]
    path = espeak(sentences, voice, speed)
    return path, reference_text(sentences), wav_seconds(path)


# ---- WER normalisation (probe_speech.md): lower-case, no punctuation, numbers as digits, spelling ----
_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_SPELLING = {
    "okay": "ok",
    "center": "centre",
    "umm": "um",
    "hmm": "um",
    "mm": "um",
    "uhm": "um",
    "uhh": "uh",
    "er": "uh",
    "erm": "uh",
    "ah": "uh",
}
HESITATIONS = {"um", "uh"}


def normalise(text: str, drop_hesitations: bool = False) -> str:
    """Lower-case, strip punctuation and apostrophes, split hyphens, numbers 0-99 to digits, unify spellings."""
    text = text.lower().replace("’", "'").replace("+", " plus ").replace("%", " percent ")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 1,000 -> 1000
    text = text.replace("'", "")
    text = re.sub(r"[-_/]", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = [_SPELLING.get(w, w) for w in text.split()]
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in _NUMBER:
            value = _NUMBER[w]
            if value >= 20 and i + 1 < len(words) and words[i + 1] in _NUMBER and _NUMBER[words[i + 1]] < 10:
                value += _NUMBER[words[i + 1]]
                i += 1
            out.append(str(value))
        else:
            out.append(w)
        i += 1
    if drop_hesitations:
        out = [w for w in out if w not in HESITATIONS]
    return " ".join(out)


# ---- measuring ---------------------------------------------------------------------------------------
class PeakRss:
    """Samples this process's RSS every 10 ms in a thread; `peak` is the highest value seen (bytes)."""

    def __init__(self) -> None:
        import psutil

        self._process = psutil.Process()
        self.peak = self._process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self._process.memory_info().rss)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)


def child(model: str, files: list[tuple[int, str]], runs: int) -> dict[str, object]:
    """Measure one model in this process: load, then each file `runs` times. Returns plain data."""
    os.environ.setdefault("DATA_DIR", str(ROOT / "data"))
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    import faster_whisper  # noqa: F401 - timed: the import is part of the first use

    import_s = time.perf_counter() - started
    from interview_app.settings import get_settings
    from interview_app.speech import models
    from interview_app.speech.audio import probe
    from interview_app.speech.transcribe import transcribe_samples

    started = time.perf_counter()
    models.model_dir(model)  # base: joins the two parts into the data folder once
    assemble_s = time.perf_counter() - started
    rss_before = PeakRss().peak
    loaded = models.get_model(model)
    settings = get_settings()
    result: dict[str, object] = {
        "model": model,
        "import_s": import_s,
        "assemble_s": assemble_s,
        "load_s": loaded.load_seconds,
        "rss_before_load_mb": rss_before / 2**20,
        "rss_after_load_mb": PeakRss().peak / 2**20,
        "settings": f"{settings.whisper_compute_type}, beam {settings.whisper_beam_size}, "
        f"{settings.whisper_threads} threads, word timestamps, VAD",
        "lengths": [],
    }
    import psutil

    proc = psutil.Process()
    for target, path in files:
        found = probe(Path(path))
        walls, cpus, words = [], [], 0
        with PeakRss() as rss:
            for _ in range(runs):
                cpu0, t0 = proc.cpu_times(), time.perf_counter()
                words = len(transcribe_samples(found.samples, model=model))
                wall, cpu1 = time.perf_counter() - t0, proc.cpu_times()
                walls.append(wall)
                cpus.append((cpu1.user - cpu0.user) + (cpu1.system - cpu0.system))
        best = min(range(runs), key=lambda i: walls[i])
        result["lengths"].append(  # type: ignore[union-attr]
            {
                "target": target,
                "audio_s": found.seconds,
                "walls": walls,
                "best_s": walls[best],
                "cpu_s": cpus[best],
                "x_real_time": found.seconds / walls[best],
                "peak_rss_mb": rss.peak / 2**20,
                "words": words,
                "load": load_average(),
            }
        )
    result["ru_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated: tiny.en,base")
    parser.add_argument("--lengths", default=",".join(map(str, LENGTHS)), help="answer lengths in seconds")
    parser.add_argument("--runs", type=int, default=2, help="transcriptions per length; the best is reported")
    parser.add_argument("--voice", default="en-us")
    parser.add_argument("--speed", type=int, default=150, help="espeak-ng words per minute")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--files", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, json.loads(args.files), args.runs)))
        return

    models = [m.strip() for m in args.models.split(",") if m.strip()]
    lengths = [int(x) for x in args.lengths.split(",") if x.strip()]
    files = []
    for seconds in lengths:
        path, text, actual = build_answer(seconds, args.voice, args.speed)
        files.append((seconds, str(path)))
        print(f"answer_{seconds}s: {actual:.1f} s, {len(text.split())} words, {path.relative_to(ROOT)}")
    print(f"python: {platform.python_version()}  cpus: {os.cpu_count()}  voice: {args.voice} {args.speed} wpm")
    print(f"load_average_start: {load_average()}")
    results = []
    for model in models:
        out = subprocess.run(
            [sys.executable, __file__, "--child", model, "--files", json.dumps(files), "--runs", str(args.runs)],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"load_average_end: {load_average()}")
    print(f"settings: {results[0]['settings'] if results else ''}")
    print()
    print("| model | import faster_whisper | join parts | model load | RSS after load |")
    print("|---|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['model']} | {r['import_s']:.2f} s | {r['assemble_s']:.2f} s | {r['load_s']:.2f} s "
            f"| {r['rss_after_load_mb']:.0f} MB |"
        )
    print()
    print(
        f"| model | answer | audio | transcription (best of {args.runs}) | other runs | x real time | CPU time "
        "| peak RSS | words | load avg |"
    )
    print("|---|---|---:|---:|---|---:|---:|---:|---:|---|")
    for r in results:
        for x in r["lengths"]:
            others = ", ".join(f"{w:.2f}" for w in sorted(x["walls"])[1:]) or "-"
            print(
                f"| {r['model']} | {x['target']} s | {x['audio_s']:.1f} s | {x['best_s']:.2f} s | {others} "
                f"| {x['x_real_time']:.1f}x | {x['cpu_s']:.2f} s | {x['peak_rss_mb']:.0f} MB | {x['words']} "
                f"| {x['load']} |"
            )


if __name__ == "__main__":
    main()
