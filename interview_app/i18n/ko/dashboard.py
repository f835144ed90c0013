"""한국어: 대시보드."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "dashboard.page_title": "대시보드 · Interview Coach",
    "dashboard.title": "대시보드",
    "dashboard.greeting": "{name}님, 안녕하세요",
    "dashboard.greeting_anonymous": "안녕하세요!",
    # before + link + after
    "dashboard.no_goal.before": "아직 목표 직무가 없어요. ",
    "dashboard.no_goal.link": "설정에서 목표 직무를 고르면",
    "dashboard.no_goal.after": " 면접이 그 직무에 맞춰져요.",
    "dashboard.first.start": "첫 면접 시작하기",
    "dashboard.first.trainer": "또는 오늘의 퀴즈로 가볍게 몸풀기",
    "dashboard.preparing": "목표 직무: {role}",
    "dashboard.preparing_level": "목표 직무: {role} ({level})",
    "dashboard.countdown.days": "{count, plural, =0 {오늘이 면접 날이에요.} other {면접까지 #일 남았어요.}}",
    "dashboard.countdown.passed": "면접 날짜가 지났어요. 면접은 어땠나요? 설정에서 새 날짜를 정해 보세요.",
    "dashboard.countdown.none.before": "아직 면접 날짜가 없어요. ",
    "dashboard.countdown.none.link": "날짜를 추가하면",
    "dashboard.countdown.none.after": " 그에 맞춰 연습 계획을 세워 드릴게요.",
    "dashboard.companies": "목표 회사: ",
    "dashboard.companies_separator": ", ",
    "dashboard.empty.interviews.title": "모의 면접",
    "dashboard.empty.interviews.text": (
        "내 직무에 맞는 질문 몇 개에 말로 또는 글로 답하고, 답변마다 점수와 피드백을 받아 보세요."
    ),
    "dashboard.empty.progress.title": "학습 현황",
    "dashboard.empty.progress.text": (
        "시간에 따른 점수 변화, 역량 레이더, 면접일 기준 준비도와 학습 계획을 학습 현황에서 확인하세요."
    ),
    "dashboard.skills": "갈고닦는 중인 역량",
    "dashboard.interviews.last": "최근 면접",
    "dashboard.interviews.done": "{count, plural, =0 {아직 끝낸 모의 면접이 없어요.} other {모의 면접 #회를 끝냈어요.}}",
    "dashboard.interviews.trend": "추세:",
    "dashboard.interviews.new": "새 면접",
    "dashboard.interviews.history": "면접 기록",
    "dashboard.interviews.tailor": "공고 맞춤 면접",
    "dashboard.first.tailor": "또는 지원할 공고에 맞춰 준비하기",
    "dashboard.trainer.streak": "데일리 트레이너 연속 학습",
    "dashboard.trainer.done": "오늘의 퀴즈 완료. 잘했어요!",
    "dashboard.trainer.later": "다음 퀴즈는 {time}에 도착해요.",
    "dashboard.trainer.due": "오늘의 퀴즈가 준비됐어요.",
    "dashboard.trainer.progress": "오늘의 퀴즈 {total}문제 중 {answered}문제를 풀었어요.",
    "dashboard.streak": "{count}일",
    "dashboard.trainer.go": "트레이너 열기",
    "dashboard.trainer.open": "트레이너 보기",
    "dashboard.your_next_role": "아직 정하지 않음",
}
