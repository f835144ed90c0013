"""한국어: 다음에 연습할 것과 학습 계획."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "study.rec.competency": "{name} 연습하기",
    "study.rec.competency_why": "최근 {name} 답변의 평균은 {score}/100점이에요.",
    "study.rec.missed": "놓친 핵심 포인트 {count}개 복습하기",
    "study.rec.missed_why": "면접 답변에서 빠뜨린 포인트예요. 데일리 퀴즈의 복습 카드로 기다리고 있어요.",
    "study.rec.topic": "{name} 다시 보기",
    "study.rec.topic_overdue": "데일리 퀴즈에서 복습 시기가 지난 카드가 {count}장 있어요.",
    "study.rec.topic_recall": "데일리 퀴즈의 기억률이 {percent}%로 떨어졌어요.",
    "study.plan.summary": (
        "{weeks}주 동안 연습해요. 일주일에 모의 면접 {sessions}번과 매일 데일리 퀴즈를 하고, {focus}부터 시작해요."
    ),
    "study.plan.summary_role": (
        "{role} 면접을 위해 {weeks}주 동안 연습해요. 일주일에 모의 면접 {sessions}번과 매일 데일리 퀴즈를 하고, "
        "{focus}부터 시작해요."
    ),
    "study.plan.summary_date": (
        "{day} 면접까지 {weeks}주 동안 연습해요. 일주일에 모의 면접 {sessions}번과 매일 데일리 퀴즈를 하고, "
        "{focus}부터 시작해요."
    ),
    "study.plan.summary_role_date": (
        "{day} {role} 면접까지 {weeks}주 동안 연습해요. 일주일에 모의 면접 {sessions}번과 매일 데일리 퀴즈를 "
        "하고, {focus}부터 시작해요."
    ),
    "study.plan.no_date": "설정에서 면접 날짜를 정하면 그날부터 거꾸로 계획을 세워 드려요.",
    "study.plan.halfway": "중간 점검: 실전처럼 모의 면접을 한 번 보고(질문 8개, 타이머 켜기) 첫 점수와 비교해 보세요.",
    "study.plan.final": "최종 점검: 실제 면접처럼 모의 면접을 보고, 면접 전날에는 쉬세요.",
    "study.plan.default_topic": "인성 면접 답변 구조",
    "study.plan.job_gap": "지원한 직무: {requirement}",
    "study.plan.job_gap_company": "지원한 직무({company}): {requirement}",
    "study.plan.dates": "{start} ~ {end}",
}
