"""Speech recognition accuracy: word error rate per Whisper model on synthetic and real recorded speech.

Usage: .venv/bin/python bench/speech_wer.py [--models tiny.en,base] [--sets espeak,asterisk,asterisk-files]
       [--limit N] [--show]

Sets:
- espeak: the three interview answers of speech_rtf.py (about 70-125 s each, with um/uh/like/you know and
  SSML pauses) spoken by several espeak-ng voices and speeds; robustness more than realism.
- asterisk: Debian's `asterisk-core-sounds-en-wav` prompts, real recorded speech (Allison Smith, 8 kHz,
  CC-BY-SA-3.0) with the transcripts of `asterisk-core-sounds-en`. The benchmark fetches both packages with
  `apt-get download` and unpacks them with `dpkg-deb -x` into data/bench-cache/asterisk/ (no root needed;
  never committed). Prompts with tones, keys or "..." and those under 25 characters are left out, as in the
  probe. The prompts (shuffled, seed 0) are joined with 0.7 s gaps into recordings of about 60 s, closer to
  an answer. asterisk-files (not run by default: 183 Whisper calls, about 5 min more for both models) also
  transcribes each prompt alone.

Transcription is the app's own (`speech.audio.probe` + `speech.transcribe.transcribe_samples`). WER is
jiwer's over the whole set (errors / reference words) after the probe's normalisation; "without um/uh" drops
hesitations from both sides (the app counts those separately). Prints plain numbers and Markdown tables.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speech_rtf import ANSWERS, CACHE, MODELS, ROOT, espeak, load_average, normalise, reference_text

VOICES = (("en-us", 150), ("en-us+f3", 165), ("en-gb-x-rp", 155), ("en-gb-scotland", 140), ("en-us", 185))
ASTERISK = CACHE / "asterisk"
ASTERISK_PACKAGES = ("asterisk-core-sounds-en-wav", "asterisk-core-sounds-en")
SOUNDS = ASTERISK / "usr/share/asterisk/sounds/en_US_f_Allison"
TRANSCRIPTS = ASTERISK / "usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz"
JOIN_GAP = 0.7
JOIN_SECONDS = 60.0


def fetch_asterisk() -> str:
    """Download and unpack the Asterisk sound packages into the cache; '' when ready, else why not."""
    if SOUNDS.is_dir() and TRANSCRIPTS.is_file():
        return ""
    if not shutil.which("apt-get") or not shutil.which("dpkg-deb"):
        return "apt-get and dpkg-deb are needed (Debian/Ubuntu)"
    ASTERISK.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ASTERISK) as tmp:
        got = subprocess.run(["apt-get", "download", *ASTERISK_PACKAGES], cwd=tmp, capture_output=True, text=True)
        debs = sorted(Path(tmp).glob("*.deb"))
        if len(debs) != len(ASTERISK_PACKAGES):
            return f"apt-get download failed: {(got.stderr or got.stdout).strip()[-300:]}"
        for deb in debs:
            subprocess.run(["dpkg-deb", "-x", str(deb), str(ASTERISK)], check=True)
    return "" if SOUNDS.is_dir() and TRANSCRIPTS.is_file() else "the packages did not hold the expected files"


def asterisk_prompts() -> list[tuple[Path, str]]:
    """Usable prompts: (wav, transcript), sorted by name."""
    usable = []
    with gzip.open(TRANSCRIPTS, "rt", encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    for line in lines:
        name, sep, text = line.partition(":")
        text = text.strip()
        if not sep or line.startswith(";") or len(text) < 25 or re.search(r"[\[\]*#]|\.\.\.", text):
            continue
        wav = SOUNDS / f"{name.strip()}.wav"
        if wav.is_file():
            usable.append((wav, text))
    return sorted(usable)


def join_prompts(prompts: list[tuple[Path, str]], folder: Path) -> list[tuple[Path, str]]:
    """Prompts shuffled (seed 0) and joined with JOIN_GAP of silence into recordings of about JOIN_SECONDS."""
    order = list(prompts)
    random.Random(0).shuffle(order)
    out, samples, texts, rate = [], [], [], 8000
    folder.mkdir(parents=True, exist_ok=True)

    def flush() -> None:
        path = folder / f"joined_{len(out):02d}.wav"
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(np.concatenate(samples).astype(np.int16).tobytes())
        out.append((path, " ".join(texts)))

    gap = np.zeros(int(JOIN_GAP * rate), np.int16)
    for wav, text in order:
        with wave.open(str(wav)) as w:
            rate = w.getframerate()
            audio = np.frombuffer(w.readframes(w.getnframes()), np.int16)
        samples += [audio, gap]
        texts.append(text)
        if sum(len(s) for s in samples) / rate >= JOIN_SECONDS:
            flush()
            samples, texts = [], []
    if samples and sum(len(s) for s in samples) / rate >= JOIN_SECONDS / 2:
        flush()
    return out


def espeak_set(voices: list[tuple[str, int]]) -> list[tuple[Path, str]]:
    """Every answer spoken by every voice: (wav, reference text)."""
    return [
        (espeak(sentences, voice, speed), reference_text(sentences))
        for voice, speed in voices
        for sentences in ANSWERS.values()
    ]


def streamed_words(samples: np.ndarray, model: str) -> list[dict]:
    """What the app's streaming makes of a recording that grows by 3 s at a time, then is handed in."""
    from interview_app.speech.transcribe import stream_step

    words: list[dict] = []
    done = 0.0
    step = 3 * 16000
    for end in range(step, len(samples) + step, step):
        piece = stream_step(samples[:end], done, final=False, model=model)
        if piece is not None:
            words += piece.words
            done = piece.cut_seconds
    last = stream_step(samples, done, final=True, model=model)
    return words + (last.words if last else [])


def measure(model: str, files: list[tuple[Path, str]], show: bool = False, streamed: bool = False) -> dict[str, float]:
    """Transcribe every file with `model`; WER with and without um/uh, audio and processing seconds."""
    import jiwer

    from interview_app.speech.audio import probe
    from interview_app.speech.transcribe import join_words, transcribe_samples

    refs, hyps, refs_nf, hyps_nf = [], [], [], []
    audio = spent = 0.0
    per_file = []
    for path, text in files:
        found = probe(path)
        started = time.perf_counter()
        if streamed:
            hyp = join_words(streamed_words(found.samples, model))
        else:
            hyp = join_words(transcribe_samples(found.samples, model=model))
        spent += time.perf_counter() - started
        audio += found.seconds
        refs.append(normalise(text) or "empty")
        hyps.append(normalise(hyp))
        refs_nf.append(normalise(text, drop_hesitations=True) or "empty")
        hyps_nf.append(normalise(hyp, drop_hesitations=True))
        per_file.append(jiwer.wer(refs[-1], hyps[-1]))
        if show:
            print(f"  {path.name}: wer {per_file[-1]:.3f}\n    ref: {refs[-1]}\n    hyp: {hyps[-1]}")
    out = jiwer.process_words(refs, hyps)
    return {
        "files": len(files),
        "ref_words": sum(len(r.split()) for r in refs),
        "wer": out.wer,
        "wer_no_hesitations": jiwer.wer(refs_nf, hyps_nf),
        "substitutions": out.substitutions,
        "deletions": out.deletions,
        "insertions": out.insertions,
        "worst_file": max(per_file),
        "audio_s": audio,
        "spent_s": spent,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated: tiny.en,base")
    parser.add_argument(
        "--sets", default="espeak,asterisk", help="comma-separated: espeak,asterisk,asterisk-files (slow: 183 calls)"
    )
    parser.add_argument("--limit", type=int, default=0, help="at most this many Asterisk prompts (0: all)")
    parser.add_argument("--show", action="store_true", help="print each file's reference and transcript")
    parser.add_argument(
        "--streamed", action="store_true", help="transcribe as the app streams a recording (3-s pieces, cut at pauses)"
    )
    args = parser.parse_args()
    os.environ.setdefault("DATA_DIR", str(ROOT / "data"))
    sys.path.insert(0, str(ROOT))
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    wanted = {s.strip() for s in args.sets.split(",")}

    sets: list[tuple[str, list[tuple[Path, str]]]] = []
    if "espeak" in wanted:
        voices = list(VOICES)
        sets.append((f"espeak, {len(voices)} voices x {len(ANSWERS)} answers", espeak_set(voices)))
        print("espeak voices: " + ", ".join(f"{v} {s} wpm" for v, s in voices))
    if wanted & {"asterisk", "asterisk-files"}:
        problem = fetch_asterisk()
        if problem:
            print(f"asterisk: skipped ({problem})")
        else:
            prompts = asterisk_prompts()
            if args.limit:
                prompts = prompts[: args.limit]
            if "asterisk" in wanted:
                joined = join_prompts(prompts, ASTERISK / "joined" / f"n{len(prompts)}")
                label = f"asterisk: {len(prompts)} real prompts joined into ~{JOIN_SECONDS:.0f}-s files"
                sets.append((label, joined))
            if "asterisk-files" in wanted:
                sets.append((f"asterisk: the same {len(prompts)} prompts, each alone", prompts))
            print(f"asterisk: {len(prompts)} usable prompts in {SOUNDS.relative_to(ROOT)}")

    from interview_app.speech.models import get_model

    print(f"load_average_start: {load_average()}")
    rows = []
    for model in models:
        get_model(model)
        for name, files in sets:
            name = f"{name}, streamed" if args.streamed else name
            result = measure(model, files, args.show, args.streamed)
            rows.append((model, name, result, load_average()))
            print(
                f"{model} | {name}: wer {result['wer']:.3f}, without um/uh {result['wer_no_hesitations']:.3f}, "
                f"files {result['files']}, {result['audio_s']:.0f} s audio in {result['spent_s']:.1f} s"
            )
    print(f"load_average_end: {load_average()}")
    print()
    print(
        "| model | set | files | reference words | WER | WER without um/uh | sub / del / ins | worst file "
        "| audio | transcription |"
    )
    print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|")
    for model, name, r, _load in rows:
        print(
            f"| {model} | {name} | {r['files']} | {r['ref_words']} | {100 * r['wer']:.1f} % "
            f"| {100 * r['wer_no_hesitations']:.1f} % | {r['substitutions']} / {r['deletions']} / {r['insertions']} "
            f"| {100 * r['worst_file']:.0f} % | {r['audio_s']:.0f} s | {r['spent_s']:.0f} s |"
        )


if __name__ == "__main__":
    main()
