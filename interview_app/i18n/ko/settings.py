"""Korean text of the settings page's sections (key prefix `settings.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "settings.page_title": "설정 · Interview Coach",
    "settings.title": "설정",
    "settings.goal.title": "내 목표",
    "settings.goal.text": "면접을 구성할 때 기준이 되는 직무와 경력 수준이에요.",
    "settings.skills.title": "보유 기술",
    "settings.skills.text": "질문과 학습 계획이 이 기술을 참고해요.",
    "settings.practice.title": "연습",
    "settings.practice.text": "난이도, 답변 타이머, 시간대, 녹음 보관 기간.",
    "settings.trainer.title": "데일리 트레이너와 리마인더",
    "settings.trainer.text": "데일리 퀴즈 길이와 하루 목표, 리마인더를 받을 시간과 방법.",
    "settings.save": "설정 저장",
}
