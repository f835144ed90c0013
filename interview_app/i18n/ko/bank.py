"""공개 질문 은행 페이지의 한국어 문구 (bank.*): 영어 카탈로그와 같은 키."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "bank.all_competencies": "모든 역량",
    "bank.all_levels": "모든 난이도",
    "bank.all_roles": "모든 직무",
    "bank.all_types": "모든 유형",
    "bank.competency": "역량",
    "bank.difficulty": "난이도",
    "bank.found": "조건에 맞는 질문:",
    "bank.more": "더 보기",
    "bank.page_title": "질문 은행 · Interview Coach",
    "bank.practise": "연습하기",
    "bank.role": "직무",
    "bank.search": "질문, 주제 검색",
    "bank.title": "질문 은행",
    "bank.type": "유형",
    # company filter
    "bank.company": "회사",
    "bank.all_companies": "모든 회사",
    "bank.suits": "어울리는 회사:",
}
