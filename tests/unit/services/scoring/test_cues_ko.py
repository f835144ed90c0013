"""The offline scorer's cues read in Korean (services/scoring/cues_ko.py): words, STAR parts, figures, hedges."""

from __future__ import annotations

import pytest

from interview_app.services.scoring import features as ft
from interview_app.services.scoring import offline
from interview_app.services.scoring import text as tx
from interview_app.services.scoring.rubric import ScoringInput

STORY = (
    "작년에 물류 회사에서 일할 때 주문 조회 화면이 너무 느리다는 불만이 많았어요. 제 역할은 조회 속도를 "
    "한 달 안에 절반으로 줄이는 거였습니다. 제가 느린 쿼리를 하나씩 측정했고, 인덱스를 추가하고 자주 보는 "
    "화면은 캐시를 도입했습니다. 그 결과 응답 시간이 3초에서 0.8초로 줄었고 불만 문의도 세 건 정도로 "
    "떨어졌어요. 배운 점은 고치기 전에 먼저 재 봐야 한다는 거였습니다."
)


def test_a_korean_text_is_read_as_korean_with_english_terms_mixed_in() -> None:
    assert tx.language_of(STORY) == "ko"
    assert tx.language_of("EXPLAIN ANALYZE로 실행 계획을 보고 N+1 쿼리가 있는지 확인하겠습니다.") == "ko"
    assert tx.language_of("We added an index and the p95 fell to 120 ms.") == "en"
    assert tx.language_of("We cached it in Redis (레디스) for a day.") == "en"
    assert tx.language_of("") == "en"


def test_korean_words_are_eojeol() -> None:
    assert tx.word_count("정산 시스템을 개편할 때 API를 나눴어요.", "ko") == 6
    assert tx.word_count("음, 그러니까 - 3초에서 0.8초로 줄었어요", "ko") == 5  # a lone dash is no word
    # English is counted as before: the word tokens, without Hangul.
    english = "I cut it from 3 s to 0.8 s."
    assert tx.word_count(english, "en") == len(tx.words(english, hangul=False))


def test_star_cues_in_a_korean_story() -> None:
    hits = ft.cue_hits(STORY, "ko")
    for cue in ("situation", "task", "action", "result", "reflection"):
        assert hits[cue] >= 1, cue
    # Read as English, the same story shows none of them (what the scorer did before).
    assert all(ft.cue_hits(STORY)[cue] == 0 for cue in ("situation", "task", "action", "result", "reflection"))
    assert ft.cue_hits("그냥 괜찮았어요.", "ko") == {name: 0 for name in ft.STRUCTURE_CUES}


def test_korean_outcome_hints_and_plans() -> None:
    assert ft.has_outcome_hint("그 뒤로 그 팀이랑은 먼저 상의하는 사이가 됐어요.", "ko")
    assert ft.has_outcome_hint("재시작하니까 다시 괜찮아졌어요.", "ko")
    assert not ft.has_outcome_hint("설계 문서를 읽고 있어요.", "ko")
    # A plan's intended effect counts as its outcome, as "so that" does in English.
    assert ft.has_cue("result", "지연이 기준을 넘으면 알림이 오게 하겠습니다.", "ko")
    assert ft.has_cue("result", "다시 묻지 않아도 되도록 기록을 남기겠습니다.", "ko")


def test_korean_technical_cues() -> None:
    plan = "먼저 범위를 좁히고, 캐시는 빠른 대신 메모리를 더 씁니다. 처리량은 부하 테스트로 측정하겠습니다."
    hits = ft.cue_hits(plan, "ko")
    assert hits["approach"] >= 2 and hits["trade_offs"] >= 1 and hits["complexity"] >= 2 and hits["verification"] >= 2
    assert ft.cue_hits("효과가 작으면 도입 비용과 비교해 정하겠습니다.", "ko")["trade_offs"] == 1
    assert ft.cue_hits("Redis를 씁니다.", "ko")["trade_offs"] == 0


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("응답 시간이 3초에서 0.8초로 줄었어요.", True),
        ("문의가 세 건으로 줄었어요.", True),
        ("처리량이 두 배가 됐어요.", True),
        ("작업 시간이 절반으로 줄었어요.", True),
        ("이틀 만에 끝냈습니다.", True),
        ("전환율이 12퍼센트 올랐어요.", True),
        ("네, 그런 적이 있어요.", False),  # 네 is "yes" here, not "four"
        ("세부 사항을 정리했어요.", False),
        ("S3에 올리고 base62로 바꿨어요.", False),  # digits inside names are no figures
    ],
)
def test_korean_figures(text: str, figure: bool) -> None:
    assert ft.has_number(text, "ko") is figure


def test_korean_specificity_hedges_and_who_acted() -> None:
    cues = ft.specificity_cues(STORY, "ko")
    assert cues["numbers"] >= 4 and cues["actions"] >= 3 and cues["first_person"] > 0
    assert cues["hedges"] == 0
    # The speech metrics' hedges: ~것 같다, 아마, 좀 standing alone.
    assert ft.hedge_spans("아마 캐시 문제였던 것 같아요. 좀, 애매했어요.", "ko") == ["아마", "것 같다", "좀"]
    assert ft.hedge_spans("약간 느려졌어요.", "ko") == []
    # "We" is the one who acted only as a subject, not in the polite possessive 저희 팀 / 저희 회사.
    assert ft.says_we("저희가 같이 고쳤어요.", "ko") and ft.says_we("우리는 배포를 멈췄어요.", "ko")
    assert not ft.says_we("저희 회사에서 제가 맡았어요.", "ko")
    assert ft.says_i("저희 회사에서 제가 맡았어요.", "ko")
    assert ft.specificity_cues("저는 슬랙이랑 지라를 씁니다.", "ko")["tools"] == 2


def test_a_korean_story_is_not_told_it_is_short_or_lacks_its_outcome() -> None:
    result = offline.score(
        ScoringInput(
            question="성과를 낸 개선 경험을 말해 주세요.",
            answer=STORY,
            reference_answer="",
            key_points=[],
            question_type="behavioural",
            time_limit_seconds=120,
            lang="ko",
        )
    )
    assert "too_short" not in result.flags
    assert result.details["words"] == tx.word_count(STORY, "ko")
    assert result.checklist == {"situation": True, "task": True, "action": True, "result": True}
    said = [c.text for c in result.improvements]
    assert "이야기가 결과까지 가지 않고 끝나요. 가능하면 수치를 넣어 결과로 마무리해 보세요." not in said
    assert not any(text.startswith("답변이") for text in said)
