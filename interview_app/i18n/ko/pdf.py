"""한국어: 면접 리포트 PDF와 학습 현황 PDF."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "pdf.footer": "Interview Coach · {title} · {page}쪽",
    # the session report (services/interviews/report_pdf.py)
    "pdf.report.default_title": "모의 면접",
    "pdf.report.heading": "면접 리포트: {title}",
    "pdf.report.scoring": "아직 채점 중인 답변이 있어요. 채점이 끝나면 종합 점수가 표시돼요.",
    "pdf.report.overall": "종합 점수: {score}/100",
    "pdf.report.by_dimension": "항목별 점수",
    "pdf.report.next": "다음에 연습할 것",
    "pdf.report.follow_up": "꼬리 질문",
    "pdf.report.question": "질문 {number}",
    "pdf.report.score": "{score}/100",
    "pdf.report.skipped": "건너뜀",
    "pdf.report.being_scored": "채점 중",
    "pdf.report.answer": "내 답변",
    "pdf.report.transcript": "내 답변 (받아쓴 내용)",
    "pdf.report.metric.pace": "분당 단어 수",
    "pdf.report.metric.fillers": "군말",
    "pdf.report.metric.pauses": "멈춤",
    "pdf.report.metric.hedges": "얼버무림",
    "pdf.report.metric.talk": "발화 시간",
    "pdf.report.delivery": "전달력: {metrics}",
    "pdf.report.dimension": "{name} {score}/25: {why}",
    "pdf.report.strengths": "잘한 점",
    "pdf.report.improve": "개선할 점",
    "pdf.report.key_points": "핵심 포인트",
    "pdf.report.partly": " (언급했지만 분명하지 않음)",
    "pdf.report.model_answer": "모범 답안",
    # the progress summary (services/progress/pdf.py)
    "pdf.progress.title": "학습 현황 요약",
    "pdf.progress.heading": "학습 현황 요약: {name}",
    "pdf.progress.as_of": "{day} 기준",
    "pdf.progress.streak": "연속 학습: {days, plural, other {#일}} (최고 기록 {best}일).",
    "pdf.progress.scores": "면접별 종합 점수",
    "pdf.progress.no_interviews": "아직 끝낸 면접이 없어요.",
    "pdf.progress.skills": "역량 (최근 답변 평균, 0~100)",
    "pdf.progress.topics": "트레이너 주제: 지금 기억해 낼 확률 (30일 뒤)",
    "pdf.progress.topic": "{topic} (30일 뒤 {later})",
    "pdf.progress.plan": "학습 계획",
    "pdf.progress.week": (
        "{index}주차 ({dates}): {focus} 중심 모의 면접 {sessions, plural, other {#회}}, 트레이너: {topics}."
    ),
    "pdf.progress.note": "참고: {note}",
}
