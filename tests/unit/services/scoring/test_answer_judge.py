"""The answer judge: the shipped cross-encoder file, its loader, batching and the switch that turns it off."""

from __future__ import annotations

import json

import numpy as np
import pytest

from interview_app.services.scoring import judge
from interview_app.settings import get_settings

POINT = "Add a composite index on customer_id, status and created_at"
SAID = "I would add one index covering customer_id, then status, then created_at, so the sort comes free."
OTHER = "I would buy a bigger server with more memory."


def test_the_shipped_model_matches_its_description():
    info = json.loads(judge.INFO_FILE.read_text())
    assert judge.MODEL_FILE.is_file() and info["file"] == judge.MODEL_FILE.name
    assert judge.file_sha256(judge.MODEL_FILE) == info["sha256"]
    assert info["vocabulary_equals_app_tokenizer"] is True
    assert (judge.FOLDER / "LICENSE").is_file()


def test_it_tells_a_point_made_from_one_not_made():
    model = judge.get_judge()
    assert model is not None
    said, other = model.probabilities([(POINT, SAID), (POINT, OTHER)])
    assert said > 0.5 > other


def test_batching_by_length_gives_the_same_answers_as_one_at_a_time():
    model = judge.get_judge()
    assert model is not None
    pairs = [(POINT, SAID), (POINT, OTHER), (POINT, SAID + " " + OTHER * 6), ("", "")]
    together = model.probabilities(pairs)
    alone = np.array([model.probabilities([p])[0] for p in pairs])
    assert together.shape == (4,) and np.allclose(together, alone, atol=1e-4)
    assert model.probabilities([]).shape == (0,)


def test_a_very_long_pair_is_cut_not_refused():
    model = judge.get_judge()
    assert model is not None
    long_reference = " ".join(["The reference keeps going with more detail."] * 80)
    (p,) = model.probabilities([(long_reference, " ".join([SAID] * 40))])
    assert 0.0 <= p <= 1.0


@pytest.fixture
def fresh_judge():
    judge._load.cache_clear()
    yield
    get_settings.cache_clear()
    judge._load.cache_clear()


def test_switched_off_or_missing_it_is_none(monkeypatch, tmp_path, fresh_judge):
    monkeypatch.setenv("ANSWER_JUDGE", "false")
    get_settings.cache_clear()
    assert judge.get_judge() is None
    judge._load.cache_clear()
    monkeypatch.setenv("ANSWER_JUDGE", "true")
    monkeypatch.setenv("ANSWER_JUDGE_PATH", str(tmp_path / "nowhere.onnx"))
    get_settings.cache_clear()
    assert judge.get_judge() is None
