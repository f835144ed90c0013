"""The multilingual encoder (services/scoring/multilingual.py): which answers it reads, its maps, and the engine
with it on and off."""

from __future__ import annotations

import dataclasses

import pytest

from interview_app.services.scoring import multilingual as ml
from interview_app.services.scoring import offline
from interview_app.services.scoring import scale as sc
from interview_app.services.scoring.rubric import ScoringInput
from interview_app.settings import get_settings

QUESTION = (
    "상품 상세 조회에 Redis 캐시를 붙였더니 가격을 바꿔도 예전 가격이 보입니다. 캐시 전략을 어떻게 설계하시겠어요?"
)
POINTS = [
    "가격을 바꾸는 쓰기 경로에서 캐시 키를 지운다",
    "TTL을 두어 지우지 못한 값도 언젠가 만료되게 한다",
    "캐시를 지운 뒤 DB를 다시 읽어 오는 경쟁 상황을 막는다",
]
REFERENCE = (
    "가격을 바꾸는 쓰기 경로에서 DB를 갱신한 직후 캐시 키를 지우겠습니다. 지우지 못한 키가 남을 수 있으니 TTL을 "
    "10분 정도 두어 언젠가는 만료되게 합니다. "
    "동시에 읽기 요청이 예전 값을 다시 채우는 경쟁 상황은 지연 삭제로 막습니다."
)
ON_TOPIC = (
    "가격을 바꾸면 쓰기 경로에서 DB를 먼저 갱신하고 바로 캐시 키를 삭제하겠습니다. 혹시 삭제가 실패할 수 있으니 TTL도 "
    "10분으로 걸어 두겠습니다."
)
OFF_TOPIC = "저는 시간 관리를 위해 뽀모도로 기법을 써요. 25분 집중하고 5분 쉬는 건데 집중력이 확실히 좋아지더라고요."


def _input(answer: str) -> ScoringInput:
    return ScoringInput(
        question=QUESTION,
        answer=answer,
        reference_answer=REFERENCE,
        key_points=POINTS,
        question_type="technical",
        time_limit_seconds=120,
        lang="ko",
    )


@pytest.fixture
def fresh_reader():
    ml._load.cache_clear()
    yield
    get_settings.cache_clear()
    ml._load.cache_clear()


def test_only_answers_or_questions_not_in_english_need_it() -> None:
    assert not ml.needed("How would you cache product pages?", "I would delete the key on every write.")
    assert ml.needed(QUESTION, ON_TOPIC)
    assert ml.needed(QUESTION, "I would delete the key on every write and add a TTL.")  # Korean question
    assert ml.needed("How would you cache product pages?", ON_TOPIC)  # Korean answer


def test_maps_turn_cosines_into_probabilities_and_measurements() -> None:
    maps = ml.Maps()
    low = ml.apply(ml.Cosines([0.05, 0.6], [0, 3], 0.1, 0.2), maps)
    high = ml.apply(ml.Cosines([0.05, 0.6], [0, 3], 0.9, 0.7), maps)
    assert low.point_probability[0] < 0.5 < low.point_probability[1]
    assert all(0.0 <= p <= 1.0 for p in low.point_probability)
    assert low.point_window == [0, 3]
    assert low.answer_match < high.answer_match and low.sentence_topic < high.sentence_topic
    assert 0.0 <= low.lex_share <= high.lex_share <= 1.0
    assert low.answer_match == 0.0  # clipped, not negative


def test_the_topic_gate_reads_the_answer_against_the_question_and_its_points() -> None:
    # Not fitted: every answer counts as on the question (the gate stays open), as before the gate.
    unfitted = ml.apply(ml.Cosines([0.05, 0.1], [0, 1], 0.1, 0.2, answer_question=0.0), ml.Maps())
    assert unfitted.on_question == 1.0
    maps = ml.Maps(topic=(0.4, 4.1, 4.8, 3.1, -2.2), topic_floor=0.1, topic_ceiling=0.9)
    off = ml.Cosines([0.02, 0.05], [0, 1], 0.1, 0.2, answer_question=0.1)
    weak = ml.Cosines([0.15, 0.2], [0, 1], 0.3, 0.3, answer_question=0.4)
    on = ml.Cosines([0.5, 0.6], [0, 3], 0.8, 0.7, answer_question=0.5)
    p_off, p_weak, p_on = (ml.topic_probability(c, maps) for c in (off, weak, on))
    assert p_off is not None and p_weak is not None and p_on is not None
    assert p_off < p_weak < p_on
    assert off.topic_row() == [0.1, pytest.approx(0.035), 0.1, 0.2, 1.0]
    gates = [ml.apply(c, maps).on_question for c in (off, weak, on)]
    assert gates == sorted(gates) and gates[-1] == 1.0 and 0.0 <= gates[0] < 0.5
    # Spread between the floor and the ceiling, clipped.
    assert ml.on_question(0.3, 0.3, 0.7) == 0.0 and ml.on_question(0.5, 0.3, 0.7) == pytest.approx(0.5)
    assert ml.on_question(0.9, 0.3, 0.7) == 1.0 and ml.on_question(None, 0.3, 0.7) == 1.0


def test_maps_being_fitted_are_used_only_inside_using() -> None:
    stored = ml.current()
    trial = dataclasses.replace(stored, topic_floor=0.123)
    with ml.using(trial):
        assert ml.current() is trial
    assert ml.current() is stored


def _signals(room: float, short_gate: float) -> sc.Signals:
    return sc.Signals(
        content=0.1,
        lex_share=0.05,
        sentence_topic=0.2,
        room=room,
        length=0.6,
        checklist=0.0,
        organisation=0.25,
        specificity=0.1,
        impact=0.05,
        short_gate=short_gate,
    )


def test_a_short_answer_is_gated_by_the_topic_gate_and_a_long_one_by_the_english_topic_model() -> None:
    scale = sc.current()
    open_gate = sum(sc.dimensions(_signals(0.1, 1.0), scale)[0].values())
    shut = sum(sc.dimensions(_signals(0.1, 0.0), scale)[0].values())
    # Open (the English readings, 1.0): a line or two keeps its relevance floor; shut: it earns next to nothing.
    assert open_gate > 12 and shut < 3
    # A long answer's topic is read by the on-topic model whatever the gate says.
    assert sc.dimensions(_signals(1.0, 1.0), scale)[0] == sc.dimensions(_signals(1.0, 0.0), scale)[0]
    # Stored results from before the gate have no signal_short_gate: they read as an open gate.
    details = {f"signal_{k}": v for k, v in dataclasses.asdict(_signals(0.1, 1.0)).items() if k != "short_gate"}
    assert sc.signals_of(details).short_gate == 1.0


def test_the_band_map_of_answers_read_by_the_encoder_keeps_their_order() -> None:
    scale = sc.current()
    assert ml.banded(scale, ml.Maps()) is scale  # not fitted: totals as measured
    maps = ml.Maps(band_thresholds=(11.0, 38.0, 67.0), band_width=1.0)
    banded = ml.banded(scale, maps)
    assert banded.band_thresholds == (11.0, 38.0, 67.0) and banded.on_topic == scale.on_topic
    placed = [sc.placed_total(raw, banded) for raw in range(0, 101)]
    assert placed == sorted(placed) and len(set(placed)) == len(placed)
    # Each grade's stretch of raw totals lands in its band: 8 -> off-topic, 25 -> weak, 45 -> adequate, 70 -> excellent.
    assert sc.placed_total(8, banded) <= 10 and 20 <= sc.placed_total(25, banded) <= 45
    assert 50 <= sc.placed_total(45, banded) <= 70 and sc.placed_total(70, banded) >= 75
    # An answer the topic gate puts off the question is not lifted.
    dims = {"relevance": 8.0, "structure": 4.0, "specificity": 4.0, "impact": 3.0}
    assert sum(sc.placed(dims, banded, lift=ml.lifts(0.9)).values()) > 19
    assert sum(sc.placed(dims, banded, lift=ml.lifts(0.3)).values()) <= 19


def test_a_korean_answer_is_read_by_the_multilingual_encoder() -> None:
    on = offline.score(_input(ON_TOPIC))
    off = offline.score(_input(OFF_TOPIC))
    assert on.model == off.model == ml.MODEL_NAME
    assert on.total > off.total + 20
    assert off.details["on_topic"] < 0.5 < on.details["on_topic"]
    # The two-sentence off-topic answer is gated (it kept half its relevance for being an answer at all).
    assert off.details["signal_short_gate"] < 0.5 < on.details["signal_short_gate"]
    assert off.total <= 10
    # The first two points are made; the quote is an exact slice of the answer.
    made = [k for k in on.key_points if k.status == "covered"]
    assert {k.point for k in made} >= set(POINTS[:2])
    assert all(k.evidence and k.evidence in ON_TOPIC for k in made)
    assert not any(k.status == "covered" for k in off.key_points)


def test_an_english_answer_is_read_by_the_english_models() -> None:
    result = offline.score(
        ScoringInput(
            question="How would you keep cached product prices fresh?",
            answer="I would delete the cache key on every price write and keep a ten minute TTL as a safety net.",
            reference_answer="Delete the key on writes, add a TTL, and guard against a stale refill.",
            key_points=["Delete the key on writes", "Add a TTL"],
        )
    )
    assert ml.MODEL_NAME not in result.model


def test_switched_off_it_reads_korean_with_the_english_models(monkeypatch, fresh_reader) -> None:
    monkeypatch.setenv("MULTILINGUAL_SCORING", "false")
    get_settings.cache_clear()
    assert ml.get_reader() is None
    result = offline.score(_input(ON_TOPIC))
    assert ml.MODEL_NAME not in result.model and result.total > 0


def test_stored_verdicts_are_used_again() -> None:
    first, verdicts = offline.assess(_input(ON_TOPIC))
    again = offline.score(dataclasses.replace(_input(ON_TOPIC), verdicts=verdicts))
    assert [k.confidence for k in again.key_points] == [k.confidence for k in first.key_points]
    assert again.total == first.total


def test_preparing_a_korean_question_embeds_its_side_ahead() -> None:
    offline.prepare(QUESTION, REFERENCE, POINTS)
    reader = ml.get_reader()
    assert reader is not None
    pieces = [s.text for s in offline._pieces(REFERENCE)]
    assert (QUESTION, *POINTS, REFERENCE, *pieces) in reader._cache
