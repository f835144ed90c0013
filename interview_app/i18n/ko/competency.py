"""한국어: 질문이 다루는 역량."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "competency.communication": "커뮤니케이션",
    "competency.collaboration": "협업",
    "competency.leadership": "리더십",
    "competency.ownership": "주인의식",
    "competency.problem_solving": "문제 해결",
    "competency.conflict_resolution": "갈등 해결",
    "competency.adaptability": "적응력",
    "competency.customer_focus": "고객 중심",
    "competency.prioritisation": "우선순위 정하기",
    "competency.stakeholder_management": "이해관계자 관리",
    "competency.decision_making": "의사 결정",
    "competency.delivery": "실행과 완수",
    "competency.mentoring": "멘토링과 코칭",
    "competency.learning": "학습과 성장",
    "competency.technical_depth": "기술 깊이",
    "competency.coding": "코딩과 구현",
    "competency.debugging": "디버깅과 문제 추적",
    "competency.system_design": "시스템 설계",
    "competency.reliability": "안정성과 운영",
    "competency.security": "보안",
    "competency.testing_quality": "테스트와 품질",
    "competency.data_analysis": "데이터 분석",
    "competency.product_sense": "제품 감각",
    "competency.design_thinking": "디자인 사고",
    "competency.negotiation": "협상과 설득",
}
