"""Loading the offline scorer's models on a thread of their own as a scoring process starts."""

from __future__ import annotations

import threading

from interview_app.services.scoring import models


def test_both_models_load_on_a_background_thread(monkeypatch):
    loaded: list[tuple[str, str]] = []
    caller = threading.current_thread().name
    monkeypatch.setattr(models, "get_embedder", lambda: loaded.append(("embeddings", threading.current_thread().name)))
    monkeypatch.setattr(models, "get_judge", lambda: loaded.append(("judge", threading.current_thread().name)))

    thread = models.load_in_background()
    thread.join(timeout=10)

    assert not thread.is_alive() and thread.daemon  # never holds up the process's exit
    assert [name for name, _ in loaded] == ["embeddings", "judge"]
    assert all(where == thread.name != caller for _, where in loaded)
