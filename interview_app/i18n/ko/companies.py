"""Korean text of the company tracks page: rounds, what companies value, how to prepare (key prefix `companies.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "companies.page_title": "기업별 트랙 · Interview Coach",
    "companies.title": "기업별 트랙",
    "companies.intro": (
        "목표 회사가 보통 어떻게 면접을 보는지 알려 드려요. 전형 단계, 중요하게 보는 점, 준비 방법을 정리했어요. 면접 "
        "질문도 이미 그 회사에 맞는 쪽으로 골라 드리고 있어요."
    ),
    "companies.note": (
        "면접 과정은 팀마다 다르고 시간이 지나면서 바뀌어요. 실제 면접 과정은 채용 담당자에게 확인하세요."
    ),
    "companies.none": "아직 목표 회사를 정하지 않았어요.",
    "companies.set_targets": "설정에서 목표 회사 추가하기",
    "companies.unknown": "아직 트랙이 없는 회사: {names}. 일반 스타트업이나 대기업 트랙이 비슷할 수 있어요.",
    "companies.browse": "모든 트랙 보기",
    "companies.pick": "회사 선택",
    "companies.rounds": "일반적인 전형 단계",
    "companies.values": "중요하게 보는 점",
    "companies.tips": "준비 방법",
    "companies.generic": "일반",
    "companies.link": "목표 회사의 면접 방식 보기",
    "companies.practise": "이 면접 과정 연습하기",
    "companies.practise_hint": "전형 단계마다 질문 하나씩, 이 순서대로 진행하는 모의 면접이에요.",
    "companies.error.unknown": "그런 이름의 트랙은 없어요.",
    "companies.error.too_few": (
        "이 회사와 회원님의 직무에 맞는 질문이 질문 은행에 아직 부족해서 이 면접 과정을 연습할 수 없어요."
    ),
}
