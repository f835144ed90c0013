"""Finding questions in the bank like a new one: cosine similarity of prompt embeddings, with a fallback.

Prompts are embedded with the offline scorer's model (`get_embedder().encode`); vectors are cached per
process by (question id, prompt). Measured on our bank (paraphrase-MiniLM-L3-v2): distinct questions
reach at most 0.72 with their nearest neighbour, while close rewordings of a bank question score
0.78-0.91; DUPLICATE_THRESHOLD sits between. Without the model, the overlap of meaning words (Jaccard)
stands in with its own threshold.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from sqlmodel import Session, col, select

from interview_app.models import Question
from interview_app.services.bank.checks import normalized_prompt
from interview_app.services.scoring.embeddings import get_embedder
from interview_app.services.scoring.text import content_terms

DUPLICATE_THRESHOLD = 0.75
LEXICAL_THRESHOLD = 0.6


@dataclass(frozen=True)
class Match:
    """The existing question most like a draft: its id, slug, prompt and similarity (0-1), and how it was measured.

    `method` is "embedding" (cosine of prompt embeddings), "words" (overlap of meaning words, when the
    embedding model is unavailable) or "exact" (the same prompt).
    """

    question_id: int
    slug: str
    prompt: str
    similarity: float
    method: str = "embedding"

    @property
    def duplicate(self) -> bool:
        """True at or over the threshold of its method."""
        return self.similarity >= (LEXICAL_THRESHOLD if self.method == "words" else DUPLICATE_THRESHOLD)


_vectors: dict[tuple[int, str], np.ndarray] = {}
_vectors_lock = threading.Lock()


def _embed(rows: list[tuple[int, str]]) -> np.ndarray | None:
    """Unit vectors of prompts keyed by (id, prompt), cached per process; None without the model."""
    embedder = get_embedder()
    if embedder is None:
        return None
    with _vectors_lock:
        missing = [r for r in rows if r not in _vectors]
    if missing:
        encoded = embedder.encode([p for _, p in missing]).sentences
        with _vectors_lock:
            for key, vector in zip(missing, encoded, strict=True):
                _vectors[key] = vector
    with _vectors_lock:
        return np.stack([_vectors[r] for r in rows]) if rows else np.zeros((0, 384), dtype=np.float32)


def _word_similarity(a: str, b: str) -> float:
    wa, wb = set(content_terms(a)), set(content_terms(b))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def closest_matches(session: Session, drafts: list[Question]) -> dict[int, Match | None]:
    """For each draft, the most similar other question in the bank (active, flagged, retired or draft)."""
    if not drafts:
        return {}
    corpus = [
        (qid or 0, slug, prompt)
        for qid, slug, prompt in session.exec(
            select(Question.id, Question.slug, Question.prompt).where(
                col(Question.status) != "rejected", col(Question.owner_id).is_(None)
            )
        ).all()
    ]
    keys = [(qid, prompt) for qid, _, prompt in corpus]
    vectors = _embed(keys)
    out: dict[int, Match | None] = {}
    for draft in drafts:
        others = [i for i, (qid, _, _) in enumerate(corpus) if qid != draft.id]
        if not others:
            out[draft.id or 0] = None
            continue
        exact = [i for i in others if normalized_prompt(corpus[i][2]) == normalized_prompt(draft.prompt)]
        if exact:
            best, score, method = exact[0], 1.0, "exact"
        elif vectors is not None:
            own = _embed([(draft.id or 0, draft.prompt)])
            assert own is not None
            sims = vectors[others] @ own[0]
            pick = int(np.argmax(sims))
            best, score, method = others[pick], float(sims[pick]), "embedding"
        else:
            score, best = max((_word_similarity(draft.prompt, corpus[i][2]), i) for i in others)
            method = "words"
        qid, slug, prompt = corpus[best]
        out[draft.id or 0] = Match(qid, slug, prompt, round(max(0.0, min(1.0, score)), 3), method)
    return out


def match_drafts(session: Session, question_ids: list[int]) -> dict[int, Match | None]:
    """The closest existing question of each draft named (ids that are no longer drafts are left out)."""
    drafts = [q for q in (session.get(Question, i) for i in question_ids) if q is not None and q.status == "draft"]
    return closest_matches(session, drafts)
