"""How close two short texts are in meaning: the embedding model when it is there, shared words when not.

Bank questions' vectors are cached per process (keyed by id and version), so choosing questions for a
tailored interview embeds only the candidate's own material; the vectors of recent texts are kept too (an
LRU of TEXT_CACHE texts), so the preview, the start and the fit matrix of one candidate embed each line of
their job description and CV once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from interview_app.services.scoring import embeddings
from interview_app.services.scoring import text as stx
from interview_app.services.tailoring import text as tx

TEXT_CACHE = 4096
_cache: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
_cache_lock = threading.Lock()
_texts: OrderedDict[str, np.ndarray] = OrderedDict()


def clear_text_cache() -> None:
    """Forget the vectors of recent texts (the bank's stay)."""
    with _cache_lock:
        _texts.clear()


def encode(texts: list[str]) -> np.ndarray | None:
    """Unit vectors for `texts` (rows), or None without the embedding model."""
    model = embeddings.get_embedder()
    if model is None or not texts:
        return None
    with _cache_lock:
        known = {t: _texts[t] for t in texts if t in _texts}
        for t in known:
            _texts.move_to_end(t)
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    if missing:
        fresh = model.encode(missing).sentences
        with _cache_lock:
            for t, vector in zip(missing, fresh, strict=True):
                known[t] = _texts[t] = vector
            while len(_texts) > TEXT_CACHE:
                _texts.popitem(last=False)
    return np.stack([known[t] for t in texts])


def _terms(text: str) -> set[str]:
    return set(stx.content_terms(text))


def word_overlap(a: list[str], b: list[str]) -> np.ndarray:
    """Share of each a-text's content words found in each b-text (the fallback similarity)."""
    terms_b = [_terms(t) for t in b]
    out = np.zeros((len(a), len(b)), dtype=np.float32)
    for i, text in enumerate(a):
        mine = _terms(text)
        if not mine:
            continue
        for j, other in enumerate(terms_b):
            out[i, j] = len(mine & other) / (len(mine) ** 0.5 * max(len(other), 1) ** 0.5)
    return out


def matrix(a: list[str], b: list[str]) -> np.ndarray:
    """Similarity of every a-text with every b-text, in [0, 1] (cosine, or word overlap without the model)."""
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    vectors = encode(a + b)
    if vectors is None:
        return word_overlap(a, b)
    return korean_by_words(np.clip(vectors[: len(a)] @ vectors[len(a) :].T, 0.0, 1.0), a, b)


def korean_by_words(sims: np.ndarray, a: list[str], b: list[str], *, root: bool = True) -> np.ndarray:
    """`sims` with every pair that has Korean text scored by shared words instead.

    The embedding model reads English only: any two Korean texts come out 0.7-0.9 alike to it, so a cosine with
    Korean in it says nothing. Shared words (Korean stems without their particles, loanwords such as 큐 and 배포
    read as queue and deploy) are honest; their share is square-rooted to sit on the cosine's scale (a Korean
    answer that names the requirement's skill and one more of its words comes out 0.4-0.6, as an English one's
    cosine does, and an unrelated one 0). `root=False` keeps the plain share, for long texts such as a bank
    question with its key points, where one common word ("개발") would otherwise count as a match.
    """
    ko_a = np.array([tx.is_korean(t) for t in a], dtype=bool)
    ko_b = np.array([tx.is_korean(t) for t in b], dtype=bool)
    if not ko_a.any() and not ko_b.any():
        return sims
    mask = ko_a[:, None] | ko_b[None, :]
    shared = word_overlap(a, b)
    return np.where(mask, np.sqrt(shared) if root else shared, sims).astype(np.float32)


def question_vectors(questions: list[tuple[int, int, str, list[str]]]) -> tuple[np.ndarray, list[np.ndarray]] | None:
    """For each (id, version, prompt, key points): the prompt's vector and its key points' vectors (cached)."""
    if embeddings.get_embedder() is None:
        return None
    with _cache_lock:
        missing = [q for q in questions if (q[0], q[1]) not in _cache]
    if missing:
        texts: list[str] = []
        for _, _, prompt, points in missing:
            texts.append(prompt)
            texts.extend(points or [prompt])
        model = embeddings.get_embedder()
        assert model is not None
        vectors = model.encode(texts).sentences
        at = 0
        with _cache_lock:
            for qid, version, _, points in missing:
                n = len(points) or 1
                _cache[(qid, version)] = (vectors[at], vectors[at + 1 : at + 1 + n])
                at += 1 + n
    with _cache_lock:
        rows = [_cache[(q[0], q[1])] for q in questions]
    return np.stack([r[0] for r in rows]) if rows else np.zeros((0, 384), np.float32), [r[1] for r in rows]
