"""`python -m interview_app.speech transcribe FILE [--model NAME] [--language CODE] [--json]`.

Transcribes an audio or video file with the app's own pipeline (the same decoding, Whisper settings, voice
activity detection and speaking metrics as a recorded answer) and prints the transcript, the words with
their timings, the speaking metrics and how long loading and transcribing took.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from interview_app.speech.audio import NotAudio
from interview_app.speech.models import MODEL_NAMES, ModelUnavailable
from interview_app.speech.pipeline import FileResult, transcribe_file


def _print_text(result: FileResult) -> None:
    m = result.metrics
    t = result.timings
    print(f"file type     {result.media_type}, {result.seconds:.1f} s")
    print(f"model         Whisper {result.model}")
    print(
        f"timings       load {t['load_seconds']:.2f} s, decode {t['decode_seconds']:.2f} s, "
        f"transcribe {t['transcribe_seconds']:.2f} s ({t['real_time_factor']}x real time), "
        f"metrics {t['metrics_seconds']:.2f} s"
    )
    print()
    print(result.transcript or "(no speech heard)")
    print()
    print("words")
    for w in result.words:
        print(f"  {w['start']:7.2f} {w['end']:7.2f}  {w['p']:.2f}  {w['word']}")
    print()
    f, p, h = m["fillers"], m["pauses"], m["hedges"]
    print("speaking metrics")
    print(f"  words         {m['word_count']} in {m['talk_seconds']} s of talk ({m['speech_seconds']} s voiced)")
    print(f"  pace          {m['wpm']} words/min overall, {m['articulation_wpm']} while speaking")
    print(f"  pace by 10 s  {', '.join(str(x['wpm']) for x in m['pace']) or '-'}")
    print(f"  pauses        {p['count']} (long {p['long_count']}, longest {p['longest']} s, total {p['total']} s)")
    kinds = ", ".join(f"{k} {v}" for k, v in f["by_kind"].items()) or "none"
    print(
        f"  fillers       {f['count']} ({f['per_minute']}/min; {f['heard']} in the transcript, "
        f"{f['recovered']} recovered, {f['unresolved']} unresolved gaps; confidence {f['confidence']}): {kinds}"
    )
    print(f"  hedging       {h['count']}: {', '.join(f'{k} {v}' for k, v in h['by_phrase'].items()) or 'none'}")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m interview_app.speech", description=(__doc__ or "").split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    tr = sub.add_parser("transcribe", help="transcribe an audio or video file and measure the delivery")
    tr.add_argument("file", type=Path)
    tr.add_argument("--model", choices=MODEL_NAMES, default=None, help="Whisper model (default: WHISPER_MODEL)")
    tr.add_argument("--time-limit", type=int, default=None, help="seconds allowed, for talk time against the limit")
    tr.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    tr.add_argument(
        "--language",
        default="en",
        help="the answer's language, e.g. ko (other than en uses the multilingual base model)",
    )
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"error: {args.file} is not a file", file=sys.stderr)
        return 2
    try:
        result = transcribe_file(args.file, model=args.model, time_limit=args.time_limit, language=args.language)
    except NotAudio as exc:
        print(f"error: {args.file} is not an audio or video file we can decode ({exc})", file=sys.stderr)
        return 1
    except ModelUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.__dict__, ensure_ascii=False))
    else:
        _print_text(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
