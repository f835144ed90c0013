"""The offline scorer's cues read in Korean: STAR parts, outcomes, figures, own actions, hedges.

`features.py` reads English with word-boundary patterns; Korean glues particles and endings to the word
(`결정했습니다`, `줄었고`, `1.2초에서`), so these patterns match stems and endings inside an eojeol (a
space-separated word) instead. A Korean answer is read with the English patterns too (English terms such as
"trade-off", "p95" or "A/B" are common in Korean technical answers), and with these.

Hedges and fillers are the speech metrics' own Korean rules (`speech/metrics.py`), applied to the words of
the text. Subjects are often left out in Korean, so "we" counts only 저희/우리 as a subject (`저희가`,
`우리는`), not the polite possessive of "저희 팀" or "저희 회사", which says nothing about who acted.
"""

from __future__ import annotations

import re
from typing import Any

from interview_app.speech import metrics as speech_metrics

_H = "\uac00-\ud7a3"
# Verb stems of concrete actions, as they take 하다 (설계했다, 설계하겠다) or stand before a past ending.
_ACTION_NOUNS = (
    "결정|설계|도입|제안|구현|개발|작성|추가|수정|측정|분석|정리|공유|요청|설득|합의|적용|자동화|개선|조사|점검|"
    "비교|배포|롤백|재시작|정의|계산|검증|기록|설정|구축|조율|협의|전달|보고|에스컬레이션|설명|변경|교체|제거|분리|"
    "통합|리팩터링|리팩토링|리뷰|테스트|모니터링|확인|삭제|갱신|무효화|샤딩|캐싱|인코딩|배정|실행|차단|복구|정상화|"
    "공지|연락|사과|안내|약속|기록|문서화|회고|교육|채용|면담|상의|논의|협상|발표|시작|진행|처리|대응|지휘|요약"
)
# Native verbs in the past tense, the way a story tells what was done (만들었다, 바꿨다, 나눴다...).
_PAST_VERBS = (
    "만들었|바꿨|바꾸었|나눴|나누었|고쳤|뽑았|적었|들었|물어봤|물었|잡았|막았|옮겼|줄였|늘렸|세웠|짰|썼|올렸|"
    "내렸|내보냈|보냈|미뤘|미루었|찾았|풀었|붙였|뺐|넣었|맡겼|나섰|돌렸|되돌렸|끊었|열었|닫었|정했|골랐|"
    "알렸|물어보았|여쭤봤|끝냈|마쳤|지켰|구했|모았|살폈|파악했"
)

STRUCTURE_CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        rf"당시|그때|그 무렵|예전에|이전에|작년|재작년|지난해|지난 ?(?:달|분기|주|해)|올해|입사|\d+ ?년 ?차|"
        rf"전 ?직장|이전 ?(?:회사|직장|팀|프로젝트)|[{_H}]+(?:할|했을|하던|맡았을|일할) 때|적이 있|상황이었|"
        rf"상황에서|배경은|문제가 있었|일이 있었"
    ),
    "task": re.compile(
        rf"제 (?:역할|일|목표|책임|임무|과제|담당|몫)|목표[는가]|목표였|목표로|맡[았은게을아]|책임[지을이]|"
        rf"담당(?:했|하|이었|자)|해야 (?:했|하는|할|한다|하니)|해야겠|해야 해|과제[는가였]|관건|급선무|"
        rf"가장 (?:중요한|급한|먼저)|우선순위|목적[은이]|[{_H}]+[는은] 게 (?:먼저|우선)"
    ),
    "action": re.compile(
        rf"(?:{_ACTION_NOUNS})(?:을|를)? ?(?:했|하였|하겠|해서|하고|할 ?거)|(?:{_PAST_VERBS})|"
        rf"제가 (?:[^\s.]+ ){{0,3}}?[^\s.]*(?:했|었|았)|[{_H}]+(?<!좋)(?<!모르)(?<!알)(?<!같)겠(?:습니다|어요|고|죠)"
    ),
    "result": re.compile(
        r"그 결과|결과적으로|결과는|결과가|덕분에|결국|마침내|끝내|줄었|줄였|줄어들|늘었|늘렸|늘어났|올랐|올렸|"
        r"떨어졌|낮아졌|높아졌|빨라졌|좋아졌|나아졌|개선(?:됐|되었|했|되|돼)|달성|해결(?:됐|되었|했|되)|절감|"
        r"감소|증가|향상|%|퍼센트|에서 [\d.,]+ ?[^\s\d]*[으]?로|만에|정상화|복구(?:됐|했|되)|끝냈|마쳤|"
        r"출시(?:했|됐|되)|성공(?:했|적)|도록|수 있게|그래야|그러면|그렇게 하면|"
        # -게 하다, the resultative "make it so that" (알림이 오게 하겠습니다): a plan's intended outcome.
        r"[가-힣]게 (?:하겠|할 ?거|했|만들)"
    ),
    "reflection": re.compile(
        r"배운 ?점|배웠|깨달았|깨달은|깨달음|교훈|느낀 ?점|느꼈|다음에는|다음부터는?|돌이켜|돌아보면|다시 한다면|"
        r"그 뒤로는|그 이후로는?|이후로는|그때부터|반성|아쉬웠|아쉬운 ?점|다르게 (?:했|할|하겠)|습관이"
    ),
    "approach": re.compile(
        r"먼저|우선|일단|첫째|첫 번째|그 ?다음|다음으로|마지막으로|접근|방식으로|방법은|가정하|전제|요구 ?사항|"
        r"범위를|단계로|단계는"
    ),
    "trade_offs": re.compile(
        rf"트레이드 ?오프|장단점|장점[은이과]|단점|반면|대신|대가|비용이 (?:들|든|크|많)|부담[이을]|희생|"
        rf"다만|보다(?:는)? [{_H}]*(?:안전|빠르|느리|낫|좋|간단|단순|정확|싸|비싸)|비해|[과와] 비교|대안|"
        r"다른 방법|차라리|위험[이은]|리스크"
    ),
    "complexity": re.compile(
        r"복잡도|지연|레이턴시|처리량|메모리|확장|규모|병목|초당|부하|트래픽|샤딩|피크|성능|응답 ?시간"
    ),
    "verification": re.compile(
        r"테스트|측정|모니터링|지표|대시보드|검증|알림|벤치마크|카나리|롤백|점검|샘플링|실험|확인(?:하|했|해)"
    ),
}
# Wider than the "result" cue: any sign that a story says how it turned out (see features.OUTCOME_HINTS).
OUTCOME_HINTS = re.compile(
    r"(?:게|이|가|처럼) (?:됐|되었)|[해아어]졌|잘 (?:풀렸|끝났|마무리)|마무리(?:했|됐|되)|끝났|지켰|통과|"
    r"계약(?:했|을 유지|이 연장)|유지(?:됐|했|되)|그 뒤로|그 이후|이후로|"
    r"지금도|요즘도|지금은|없어졌|사라졌|안정(?:화|됐|되|적)|잡았|칭찬|"
    r"고맙다|감사하다고|승진|만족|전달했|합의했|합의가|채택|승인|받아들|남았|돌아왔|살렸|막았|"
    r"(?:했|됐|냈|줬)다고 (?:하셨|했|말)"
)
REASONING_CUES = re.compile(
    r"때문에|왜냐하면|이유는|위해|려고|도록|그래야|그렇지 않으면|안 그러면|그러면|므로|(?<!그러)(?<!보)니까"
)
SEQUENCE_CUES = re.compile(
    r"(?:^|\s)(?:먼저|우선|일단|첫째|둘째|셋째|첫 번째로?|두 번째로?|세 번째로?|그 ?다음(?:에|으로)?|다음으로|"
    r"이어서|그러고 나서|그런 다음|마지막으로|끝으로)"
)
# A figure: digits (with or without a unit: 3주, 1.2초, 30%, 100만 건), or a native Korean numeral with a
# counter (세 건, 두 배, 네 개; a bare 세 or 네 is also "yes"), or a word that is itself a quantity.
NUMBER = re.compile(
    r"(?<![A-Za-z0-9])\d+(?:[.,:]\d+)*\s?(?:%|퍼센트|프로|배|건|명|개월|개|달|주|일|시간|분|초|년|번|차|만|천|억|원)?|"
    r"(?:^|(?<=\s))(?:두|세|네|다섯|여섯|일곱|여덟|아홉|열|열한|열두|스무|스물|서른|마흔|쉰|수십|수백|수천|수만)"
    r" ?(?:배|건|명|개월|개|달|주|시간|분|초|년|번|차례|퍼센트|가지|곳|팀|단계|군데|사람)|"
    r"(?:^|(?<=\s))(?:이틀|사흘|나흘|절반|반으로|반절)"
)
FIRST_PERSON = re.compile(r"(?:^|(?<=[\s\"'(]))(?:제가|저는|저도|저를|저한테|제게|제 |저 혼자|직접)")
# "We" as the one who acted: 저희/우리 as a subject, not the polite possessive ("저희 팀", "우리 회사").
WE = re.compile(r"(?:^|(?<=[\s\"'(]))(?:저희|우리)(?:가|는|도|끼리)(?=\s|$)|(?:저희|우리) 팀(?:이|은|도)(?=\s)")
ACTIONS = STRUCTURE_CUES["action"]
# Tools written in Hangul (the English names are in features.KNOWN_TOOLS).
TOOLS = re.compile(
    r"(?:^|(?<=\s))(?:파이썬|자바스크립트|타입스크립트|자바|코틀린|스위프트|레디스|카프카|래빗엠큐|쿠버네티스|도커|"
    r"테라폼|엘라스틱서치|몽고디비|포스트그레스|마이에스큐엘|스파크|에어플로우|프로메테우스|그라파나|데이터독|센트리|"
    r"젠킨스|깃허브|깃랩|지라|컨플루언스|피그마|슬랙|노션|엑셀|태블로|루커|앰플리튜드|믹스패널|리액트|장고|플라스크|"
    r"스프링|노드|웹소켓|그래프큐엘|세일즈포스|젠데스크|주피터|판다스)"
)


def _norm(word: str) -> str:
    return re.sub(r"[^\w']", "", word.lower())


def _words(text: str) -> list[dict[str, Any]]:
    """The text's words in the shape the speech metrics read (no timings: punctuation sets a word apart)."""
    return [{"word": m.group(0)} for m in re.finditer(r"\S+", text)]


def hedge_spans(text: str) -> list[str]:
    """The Korean hedges found (아마, 어쩌면, ~것 같다, 모르겠지만, 약간 / 좀 standing alone), in order."""
    words = _words(text)
    tokens = [_norm(w["word"]) for w in words]
    found: list[str] = []
    i = 0
    while i < len(tokens):
        phrase, length = speech_metrics.korean_hedge(words, tokens, i) if tokens[i] else ("", 0)
        if phrase:
            found.append(phrase)
            i += length
        else:
            i += 1
    return found


def filler_count(text: str) -> int:
    """Korean fillers (음, 어, 뭐랄까, and 그 / 저 / 뭐 / 그러니까... standing alone)."""
    words = _words(text)
    tokens = [_norm(w["word"]) for w in words]
    return sum(bool(tok and speech_metrics.korean_filler(words, tokens, i)) for i, tok in enumerate(tokens))
