"""`python -m interview_app.speech transcribe FILE`, run as a user runs it (a subprocess) on an espeak-ng recording."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
SSML = (
    "<speak>So, um, I led the migration of our billing service to a new database. "
    '<break time="2000ms"/> I think we tested every step, you know, and the switch took under ten minutes.</speak>'
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh process (DATA_DIR comes from the test environment)."""
    return subprocess.run(
        [sys.executable, "-m", "interview_app.speech", *args],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 12 s of speech with a 2 s pause, a few fillers and a hedge."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    path = tmp_path_factory.mktemp("speech-cli") / "answer.wav"
    subprocess.run(
        ["espeak-ng", "-m", "-v", "en-us", "-s", "150", "-w", str(path), SSML], check=True, capture_output=True
    )
    return path


@pytest.fixture(scope="module")
def as_text(recording: Path) -> subprocess.CompletedProcess[str]:
    """The text report, once for the module."""
    return run("transcribe", str(recording))


@pytest.fixture(scope="module")
def as_json(recording: Path) -> dict[str, Any]:
    """The JSON report with a 60 s time limit, once for the module."""
    done = run("transcribe", str(recording), "--json", "--time-limit", "60")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_text_report(as_text: subprocess.CompletedProcess[str]) -> None:
    assert as_text.returncode == 0, as_text.stderr
    out = as_text.stdout
    lowered = out.lower()
    for word in ("migration", "service", "database", "tested", "every step", "minutes"):
        assert word in lowered, word
    assert "file type     audio/wav" in out
    assert "model         Whisper tiny.en" in out
    assert "real time" in out
    assert "speaking metrics" in out
    for label in ("words", "pace", "pace by 10 s", "pauses", "fillers", "hedging"):
        assert f"\n  {label} " in out, label
    assert "pauses        1 (long 1," in out  # the 2 s break, and nothing else
    assert "i think 1" in out


def test_text_report_lists_words_with_times(as_text: subprocess.CompletedProcess[str]) -> None:
    lines = as_text.stdout.split("\nwords\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(lines) >= 20
    previous = 0.0
    for line in lines:
        start, end, p, word = line.split(maxsplit=3)
        assert previous <= float(start) <= float(end)
        assert 0 <= float(p) <= 1
        assert word.strip()
        previous = float(start)


def test_json_report(as_json: dict[str, Any]) -> None:
    assert set(as_json) == {"model", "media_type", "seconds", "transcript", "words", "metrics", "timings"}
    assert as_json["model"] == "tiny.en"
    assert as_json["media_type"] == "audio/wav"
    assert 10 < as_json["seconds"] < 15
    assert "database" in as_json["transcript"].lower()
    words = as_json["words"]
    assert len(words) >= 20
    assert " ".join(w["word"] for w in words) == as_json["transcript"]
    for w in words:
        assert set(w) == {"word", "start", "end", "p"}
        assert 0 <= w["start"] <= w["end"] <= as_json["seconds"] + 0.1
    m = as_json["metrics"]
    assert m["word_count"] == len(words)
    assert 100 <= m["wpm"] <= 190
    assert m["pauses"]["count"] == 1
    assert m["pauses"]["items"][0]["seconds"] == pytest.approx(2.0, abs=0.25)
    assert m["fillers"]["count"] >= 2  # "So," and "you know" at least (um kept or recovered when measured)
    assert m["hedges"]["by_phrase"].get("i think") == 1
    assert m["time_limit"] == 60
    assert m["time_used"] == round(as_json["seconds"] / 60, 2)
    t = as_json["timings"]
    assert {"load_seconds", "decode_seconds", "transcribe_seconds", "metrics_seconds", "real_time_factor"} <= set(t)
    assert t["load_seconds"] >= 0 and t["transcribe_seconds"] > 0
    assert t["real_time_factor"] > 1  # ~17x on a 2-core machine


def test_missing_file_exits_2(tmp_path: Path) -> None:
    done = run("transcribe", str(tmp_path / "nowhere.webm"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "nowhere.webm is not a file" in done.stderr


@pytest.mark.parametrize("content", [b"This is a typed answer, not a recording.\n" * 20, b""])
def test_not_audio_exits_1_with_a_clear_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "answer.webm"
    path.write_bytes(content)
    done = run("transcribe", str(path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "answer.webm is not an audio or video file we can decode" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_model_is_refused(recording: Path) -> None:
    done = run("transcribe", str(recording), "--model", "large")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr
