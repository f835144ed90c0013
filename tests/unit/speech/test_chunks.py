"""A growing recording decoded piece by piece (`speech/chunks.py`): only the new audio, whatever the cuts."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import numpy as np
import pytest

from interview_app.speech import chunks
from interview_app.speech.audio import probe

SPEECH = "I added a cache in front of the payment service, and the latency fell by forty percent in a week."


@pytest.fixture(scope="module")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same speech as WebM and as Ogg (Opus) and as WAV, made once."""
    folder = tmp_path_factory.mktemp("chunks")
    wav = folder / "a.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), SPEECH], check=True)
    out = {}
    # WAV as a recorder might write it: 48 kHz stereo 16-bit, with a LIST chunk before the audio and after it.
    out["wav"] = folder / "b.wav"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-ar", "48000", "-ac", "2",
         "-metadata", "title=answer", str(out["wav"])],
        check=True,
    )  # fmt: skip
    out["wav-tail"] = folder / "c.wav"
    out["wav-tail"].write_bytes(
        out["wav"].read_bytes() + b"LIST" + (26).to_bytes(4, "little") + b"INFOISFT" + bytes(18)
    )
    for kind in ("webm", "ogg"):
        out[kind] = folder / f"a.{kind}"
        subprocess.run(
            ["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-c:a", "libopus", "-b:a", "32k", str(out[kind])],
            check=True,
        )
    return out


def grow(target: Path, data: bytes, cuts: list[int]) -> list[chunks.Cursor]:
    """Append `data` in pieces ending at `cuts`, running a step after each (the last one final)."""
    steps, start = [], 0
    for i, end in enumerate([*cuts, len(data)]):
        with target.open("ab") as handle:
            handle.write(data[start:end])
        steps.append(chunks.catch_up(target, final=i == len(cuts)))
        start = end
    return steps


@pytest.mark.parametrize("kind", ["webm", "ogg", "wav"])
@pytest.mark.parametrize("seed", [1, 2])
def test_pieces_cut_anywhere_decode_to_the_whole_recording(recordings, tmp_path, kind, seed):
    data = recordings[kind].read_bytes()
    cuts = sorted(random.Random(seed).sample(range(1, len(data)), 7))
    steps = grow(tmp_path / f"r.{kind}", data, cuts)
    whole = probe(recordings[kind]).samples
    last = steps[-1]
    assert not last.error and last.offset == len(data) and last.media_type == f"audio/{kind}"
    assert [s.samples for s in steps] == sorted(s.samples for s in steps)  # only ever grows
    decoded = chunks.decoded_samples(tmp_path / f"r.{kind}")
    assert len(decoded) == last.samples
    # A fresh decoder per step loses a few milliseconds at each join (Opus pre-skip): 8 steps, under 0.1 s.
    assert abs(len(decoded) - len(whole)) < 0.1 * 16000
    assert np.sqrt(np.mean(np.square(decoded))) == pytest.approx(np.sqrt(np.mean(np.square(whole))), rel=0.1)


@pytest.mark.parametrize("kind", ["webm", "ogg"])
def test_garbage_after_good_audio_is_marked_and_the_audio_kept(recordings, tmp_path, kind):
    data = recordings[kind].read_bytes()
    target = tmp_path / f"r.{kind}"
    good = grow(target, data[: len(data) // 2], [len(data) // 4])[-1]
    with target.open("ab") as handle:
        handle.write(b"This is my answer, typed into a file instead of spoken.\n" * 40)
    marked = chunks.catch_up(target)
    assert marked.error.startswith("not_audio") and marked.samples == good.samples
    with target.open("ab") as handle:
        handle.write(data[len(data) // 2 :])
    assert chunks.catch_up(target, final=True).samples == good.samples  # nothing more is decoded after that


def test_forget_removes_what_decoding_kept(recordings, tmp_path):
    target = tmp_path / "r.webm"
    grow(target, recordings["webm"].read_bytes(), [])
    assert chunks.cursor_path(target).exists() and chunks.samples_path(target).exists()
    target.unlink()
    chunks.forget(target)
    assert list(tmp_path.iterdir()) == []
    assert chunks.catch_up(target).samples == 0  # a step after the take was deleted writes nothing
    assert list(tmp_path.iterdir()) == []


def test_a_wav_recording_is_decoded_frame_by_frame_and_its_trailing_chunks_are_not_audio(recordings, tmp_path):
    data = recordings["wav-tail"].read_bytes()
    header_end = data.index(b"data") + 8
    # Cuts inside the header, inside a sample frame and inside the trailing LIST chunk.
    cuts = [10, header_end - 3, header_end + 1001, len(data) // 2 + 1, len(data) - 20]
    steps = grow(tmp_path / "r.wav", data, cuts)
    whole = probe(recordings["wav"]).samples
    assert [s.kind for s in steps] == ["", *["wav"] * (len(steps) - 1)]  # 10 bytes cannot tell what it is yet
    assert not any(s.whole for s in steps)
    assert steps[0].samples == 0 and steps[-1].offset == len(data) and steps[-1].data_left == 0
    assert steps[-1].media_type == "audio/wav" and not steps[-1].error
    decoded = np.asarray(chunks.decoded_samples(tmp_path / "r.wav"))
    assert abs(len(decoded) - len(whole)) <= len(cuts) + 1  # a sample of rounding per step at most
    n = min(len(decoded), len(whole))
    assert np.sqrt(np.mean(np.square(decoded[:n] - whole[:n]))) < 0.02  # the same audio (no LIST bytes as noise)


def test_a_wav_step_reads_only_the_new_frames(recordings, tmp_path, monkeypatch):
    data = recordings["wav"].read_bytes()
    seen: list[int] = []
    real = chunks.wav_step

    def counted(cursor, new, base, *, final):
        seen.append(len(new))
        return real(cursor, new, base, final=final)

    monkeypatch.setitem(chunks._WALKED, "wav", counted)
    cuts = [len(data) * i // 6 for i in range(1, 6)]
    grow(tmp_path / "r.wav", data, cuts)
    assert max(seen) <= len(data) // 6 + 8  # each step reads its piece (and a partial frame), not the whole file


def test_a_wav_file_without_audio_format_is_refused(tmp_path):
    target = tmp_path / "r.wav"
    target.write_bytes(b"RIFF" + (36).to_bytes(4, "little") + b"WAVE" + b"data" + (0).to_bytes(4, "little") + bytes(64))
    assert chunks.catch_up(target, final=True).error.startswith("not_audio")
