"""한국어: 처음 설정 (온보딩)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "onboarding.page_title": "연습 설정하기 · Interview Coach",
    "onboarding.step.goal": "목표",
    "onboarding.step.skills": "내 역량",
    "onboarding.step.practice": "연습 방식",
    "onboarding.intro": "지금 1분만 투자하면 모든 면접이 나에게 맞춰져요. 나중에 언제든 바꿀 수 있어요.",
    "onboarding.progress.step": "3단계 중 {step}단계",
    "onboarding.progress_label": "설정 진행 상황",
    "onboarding.back": "이전",
    "onboarding.continue": "다음",
    "onboarding.finish": "완료하고 대시보드 열기",
}
