"""Korean words in the shared text helpers: the light stemmer, stop words, synonyms and sentences."""

from __future__ import annotations

import pytest

from interview_app.services.scoring import text as tx


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("인덱스를", "인덱스"),
        ("데이터베이스에서", "데이터베이스"),
        ("확인했습니다", "확인"),
        ("분석하고", "분석"),
        ("일관된", "일관"),
        ("값을", "값"),
        ("팀은", "팀"),
        ("키를", "키"),
        ("관리자에게는", "관리자"),
        ("원인입니다", "원인"),
        ("효율적인", "효율"),
        # nouns that end like a particle keep their last syllable
        ("추가", "추가"),
        ("결과", "결과"),
        ("회의", "회의"),
        ("속도", "속도"),
        ("차이", "차이"),
        ("목적", "목적"),
        ("이해관계자", "이해관계자"),
        ("제한", "제한"),
    ],
)
def test_korean_stem(word: str, stem: str) -> None:
    assert tx.lemma(word) == stem


def test_korean_content_terms_drop_particles_and_light_words_and_meet_english_synonyms() -> None:
    terms = tx.content_terms(
        "먼저 EXPLAIN ANALYZE로 실행 계획을 확인하고, 복합 인덱스를 추가합니다. 그 다음 캐시를 봅니다."
    )
    assert terms[:2] == ["communicate", "analyze"]  # the English words as before; the lone 로 is dropped
    assert {"실행", "계획", "확인", "복합", "index", "추가", "cache"} <= set(terms)
    assert not {"로", "그", "다음", "먼저"} & set(terms)
    assert tx.canonical("캐시를") == tx.canonical("cache") == "cache"


def test_coverage_of_a_korean_key_point() -> None:
    answer = set(tx.content_terms("복합 인덱스를 추가하고 실행 계획을 다시 확인했습니다."))
    assert tx.term_coverage("복합 인덱스 추가", answer) == 1.0
    assert tx.term_coverage("파티션 키와 복제 지연", answer) == 0.0


def test_korean_sentences_split_like_english_ones() -> None:
    spans = tx.sentences("첫 문장입니다. 두 번째 문장입니다! Third one.")
    assert [s.text for s in spans] == ["첫 문장입니다.", "두 번째 문장입니다!", "Third one."]


def test_english_text_is_tokenised_as_before() -> None:
    assert tx.words("Node.js handles 99.9% of C++ calls") == ["node.js", "handles", "99.9%", "of", "c++", "calls"]
    assert tx.content_terms("The services were deployed") == ["service", "deploy"]


def test_the_scorer_can_read_words_without_korean() -> None:
    text = "먼저 EXPLAIN ANALYZE로 실행 계획을 확인했습니다 (p95 120 ms)."
    assert tx.words(text, hangul=False) == ["explain", "analyze", "p95", "120", "ms"]
    assert "확인" in tx.content_terms(text) and "확인" not in tx.content_terms(text, hangul=False)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("제 실수라고 말했고, 이전 설정으로 되돌렸습니다.", "제 실수 말했고, 이전 설정 되돌렸습니다."),
        ("캐시 키를 지우고 TTL을 둡니다", "캐시 키 지우고 TTL을 둡니다"),
        ("결과는 (p95 기준) 좋았어요!", "결과 (p95 기준) 좋았어요!"),
        ("회의, 속도, 목적", "회의, 속도, 목적"),
        ("Delete the key on writes.", "Delete the key on writes."),
    ],
)
def test_without_particles_takes_one_particle_off_each_korean_word(text: str, plain: str) -> None:
    # Only particles: endings, English words and punctuation stay as written (what the encoder matches key points on).
    assert tx.without_particles(text) == plain
