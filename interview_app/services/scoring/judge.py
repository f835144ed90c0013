"""The answer judge: a small cross-encoder that reads a reference (or key point) and a piece of an answer together.

It answers "does this text say what that reference says?" with a probability. Unlike the sentence embeddings
(`embeddings.py`), which compare two texts that were read apart, the judge attends across both at once, so it
sees who did what, negations and which detail is asked for. It is our own model, fine-tuned from
all-MiniLM-L6-v2 on SciEntsBank training answers and interview key-point pairs (how: `scripts/answer_judge/`),
shipped as an int8 ONNX file in `assets/answer-judge/` and run with onnxruntime. Loaded once per process.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
from pathlib import Path

import numpy as np

from interview_app.services.scoring.embeddings import TOKENIZER_FILE, SessionPool, onnx_session
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
FOLDER = Path(__file__).resolve().parent / "assets" / "answer-judge"
MODEL_FILE = FOLDER / "model-int8.onnx"
INFO_FILE = FOLDER / "model.json"
MODEL_NAME = "answer-judge-minilm-l6"
MAX_TOKENS = 256


class Judge:
    """Thread-safe wrapper around the cross-encoder's ONNX Runtime sessions (one per busy thread: `SessionPool`)."""

    def __init__(self, path: Path, max_tokens: int = MAX_TOKENS) -> None:
        from tokenizers import Tokenizer

        self._sessions = SessionPool(lambda: onnx_session(path))
        with self._sessions.session() as first:
            self._inputs = {i.name for i in first.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
        # A pair that is too long loses tokens from its longer side (nearly always the answer).
        self._tokenizer.enable_truncation(max_tokens, strategy="longest_first")
        self._tokenizer.no_padding()
        self.name = MODEL_NAME

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """P(the second text says what the first says) for each (reference, answer text) pair."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        encodings = self._tokenizer.encode_batch([(a or "?", b or "?") for a, b in pairs])
        out = np.zeros(len(pairs), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(encodings[i].ids))
        start = 0
        while start < len(order):
            # Pairs of similar length run together, so short ones are not padded to the longest.
            shortest = len(encodings[order[start]].ids)
            end = start + 1
            while end < len(order) and len(encodings[order[end]].ids) <= max(shortest * 1.3, shortest + 8):
                end += 1
            rows = order[start:end]
            out[rows] = self._run([encodings[i] for i in rows])
            start = end
        return out

    def _run(self, encodings: list) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1
            types[i, : len(e.ids)] = e.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = types
        with self._sessions.session() as session:
            logits = np.asarray(session.run(None, feeds)[0], dtype=np.float32).reshape(len(encodings), -1)[:, 0]
        return 1.0 / (1.0 + np.exp(-logits))


def info() -> dict:
    """What `model.json` says about the shipped model (empty when it is missing)."""
    try:
        return json.loads(INFO_FILE.read_text())
    except (OSError, ValueError):
        return {}


def model_path() -> Path | None:
    """The ONNX file to run (`ANSWER_JUDGE_PATH`, else the shipped one), or None when switched off."""
    settings = get_settings()
    if not settings.answer_judge:
        return None
    return Path(settings.answer_judge_path) if settings.answer_judge_path else MODEL_FILE


def file_sha256(path: Path) -> str:
    """The file's SHA-256 (hex), read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_lock = threading.Lock()


@functools.cache
def _load() -> Judge | None:
    path = model_path()
    if path is None:
        return None
    if not path.is_file():
        log.warning("answer judge model not found at %s; the offline scorer uses embeddings only", path)
        return None
    try:
        return Judge(path, int(info().get("max_length", MAX_TOKENS)))
    except Exception:
        log.exception("could not load the answer judge at %s; the offline scorer uses embeddings only", path)
        return None


def get_judge() -> Judge | None:
    """The process-wide judge, loaded on first use; None when it is switched off or unavailable."""
    with _lock:
        return _load()
