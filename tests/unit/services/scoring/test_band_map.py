"""The band map: where the scale places a raw total (scale.placed_total, scale.placed, graded.fit_band_map)."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from interview_app.services.scoring import graded, offline
from interview_app.services.scoring import multilingual as ml
from interview_app.services.scoring import scale as sc

MAP = sc.Scale(band_thresholds=(6.0, 42.0, 76.0), band_width=1.0)


def test_without_thresholds_the_total_is_the_raw_sum():
    plain = sc.Scale()
    assert sc.band_knots(plain) is None
    assert sc.placed_total(37.4, plain) == pytest.approx(37.4)
    assert sc.placed({"relevance": 10.4, "structure": 7.6, "specificity": 0.2, "impact": 25.0}, plain) == {
        "relevance": 10,
        "structure": 8,
        "specificity": 0,
        "impact": 25,
    }


def test_each_threshold_is_a_step_from_one_band_to_the_next():
    assert sc.placed_total(0.0, MAP) == 0.0
    assert sc.placed_total(100.0, MAP) == 100.0
    assert sc.placed_total(5.0, MAP) == pytest.approx(10.0)  # top of off-topic
    assert sc.placed_total(7.0, MAP) == pytest.approx(20.0)  # bottom of weak
    assert sc.placed_total(41.0, MAP) == pytest.approx(45.0)
    assert sc.placed_total(43.0, MAP) == pytest.approx(50.0)
    assert sc.placed_total(75.0, MAP) == pytest.approx(70.0)
    assert sc.placed_total(77.0, MAP) == pytest.approx(75.0)
    # Between two steps a grade's stretch of raw totals is spread evenly over its band.
    assert sc.placed_total(24.0, MAP) == pytest.approx(20 + 25 * (24 - 7) / (41 - 7))


def test_the_map_never_changes_which_of_two_answers_is_better():
    raws = [i / 4 for i in range(401)]
    placed = [sc.placed_total(r, MAP) for r in raws]
    assert all(b > a for a, b in itertools.pairwise(placed))


def test_placed_dimensions_add_up_to_the_placed_total_in_proportion():
    rng = random.Random(7)
    for _ in range(300):
        names = ("relevance", "structure", "specificity", "impact")
        dims = {k: rng.uniform(0, 25) * rng.choice((0, 1, 1, 1)) for k in names}
        placed = sc.placed(dims, MAP)
        raw = sum(dims.values())
        assert sum(placed.values()) == round(sc.placed_total(raw, MAP))
        assert all(0 <= v <= 25 for v in placed.values())
        # A dimension that measured nothing stays at 0 while the others can hold the total.
        if sum(placed.values()) <= 25 * sum(v > 0 for v in dims.values()):
            assert all(placed[k] == 0 for k, v in dims.items() if v == 0), (dims, placed)
    # Lifted past 25, a dimension gives the rest to the others.
    placed = sc.placed({"relevance": 24.0, "structure": 12.0, "specificity": 6.0, "impact": 1.0}, MAP)
    assert sum(placed.values()) == round(sc.placed_total(43.0, MAP)) == 50
    assert placed["relevance"] == 25
    assert placed["structure"] > placed["specificity"] > placed["impact"] >= 1


def test_an_answer_off_the_question_is_never_lifted():
    dims = {"relevance": 12.5, "structure": 1.0, "specificity": 1.0, "impact": 0.5}
    assert sum(sc.placed(dims, MAP).values()) > 15
    assert sum(sc.placed(dims, MAP, lift=False).values()) == 15
    high = {"relevance": 20.0, "structure": 20.0, "specificity": 18.0, "impact": 17.0}  # 75 raw -> 70
    assert sum(sc.placed(high, MAP, lift=False).values()) == 70


def test_fit_band_map_separates_the_grades_with_the_widest_margin():
    raws = [2.0, 3.0, 4.0, 30.0, 31.0, 32.0, 60.0, 61.0, 62.0, 85.0, 86.0, 87.0]
    grades = ["off_topic"] * 3 + ["weak"] * 3 + ["adequate"] * 3 + ["excellent"] * 3
    hits, thresholds, width = graded.fit_band_map(raws, [True] * len(raws), grades)
    assert hits == len(raws)
    assert width == max(graded.BAND_WIDTHS)
    assert 4.0 + width < thresholds[0] < 30.0 - width
    assert 32.0 + width < thresholds[1] < 60.0 - width
    assert 62.0 + width < thresholds[2] < 85.0 - width


def test_the_english_scale_is_the_fitted_one_with_its_own_part_applied():
    scale = sc.current()
    english = sc.for_english(scale)
    assert len(english.band_thresholds) == 3 and english.english == {}
    assert english.on_topic == scale.on_topic
    assert scale.band_thresholds == ()
    for name in graded.SCALE_BOUNDS:
        assert getattr(english, name) == scale.english[name]
    assert sc.for_english(replace(scale, english={})) == replace(scale, english={})


def test_an_answer_in_korean_is_placed_by_the_korean_band_map_not_the_english_one():
    # Read by the multilingual encoder: its own band map, fitted on the Korean dev totals (multilingual.banded).
    korean = ml.banded(sc.current())
    assert korean.band_thresholds and korean.band_thresholds != sc.for_english(sc.current()).band_thresholds
    rows = [r for r in graded.load(graded.ROOT / "tests" / "data" / "graded_answers_ko.jsonl")][:4]
    for row in rows:
        result = offline.score(graded.scoring_input(row))
        signals = sc.signals_of(result.details)
        dims, _ = sc.dimensions(signals, sc.current())
        placed = sc.placed(dims, korean, lift=ml.lifts(signals.short_gate))
        assert result.total == sum(placed.values()), row["id"]
