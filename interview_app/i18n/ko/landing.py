"""한국어: 첫 화면 (랜딩 페이지)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "landing.page_title": "Interview Coach · 바로 피드백을 받는 면접 연습",
    "landing.page_description": (
        "음성, 영상, 글로 실전처럼 면접을 연습하고 솔직하고 구체적인 피드백을 받으세요. 오픈 소스이며 "
        "내 데이터는 내 컴퓨터에 남아요."
    ),
    "landing.badge": "무료 · 오픈 소스 · 오프라인에서도 작동",
    "landing.headline": "다음 면접, 준비된 채로 들어가세요.",
    "landing.lead": (
        "Interview Coach는 내 답변을 듣고 명확한 평가 기준으로 채점한 뒤 무엇을 고치면 되는지 정확히 알려 "
        "줘요. 매일 짧은 트레이너로 감각도 유지할 수 있어요."
    ),
    "landing.open_your_dashboard": "내 대시보드 열기",
    "landing.start_free": "무료로 연습 시작하기",
    "landing.have_account": "이미 계정이 있어요",
    "landing.feature.voice.title": "소리 내어 연습",
    "landing.feature.voice.text": (
        "음성, 영상, 글 중 편한 방식으로 답하세요. 타이머와 꼬리 질문이 있고, 면접관이 질문을 소리 내어 읽어 줘요."
    ),
    "landing.feature.feedback.title": "바로 써먹는 피드백",
    "landing.feature.feedback.text": (
        "모든 답변을 명확한 평가 기준으로 채점해요. 잘한 점과 개선할 점은 실제로 한 말을 인용해 짚어 주고, "
        "모범 답안도 함께 보여 줘요."
    ),
    "landing.feature.trainer.title": "데일리 트레이너",
    "landing.feature.trainer.text": ("하루 5분 집중: 해설이 있는 퀴즈와 간격 반복으로 배운 내용을 오래 기억해요."),
    "landing.feature.progress.title": "성장하는 모습 확인",
    "landing.feature.progress.text": (
        "시간에 따른 점수 변화, 역량 레이더, 면접일에서 거꾸로 계산한 학습 계획을 볼 수 있어요."
    ),
    "landing.feature.privacy.title": "처음부터 개인정보 보호",
    "landing.feature.privacy.text": (
        "모든 것이 내 컴퓨터에서 돌아가요. 음성 인식과 채점도 오프라인으로 작동하고, 녹음은 오롯이 내 것이에요."
    ),
    "landing.feature.devices.title": "어떤 기기에서든",
    "landing.feature.devices.text": "책상에서도 휴대폰에서도 연습하세요. 앱처럼 설치할 수도 있어요.",
    "landing.how_it_works": "이용 방법",
    "landing.step.role.title": "직무 알려 주기",
    "landing.step.role.text": "지원할 직무, 경력 수준, 면접 날짜를 고르세요.",
    "landing.step.practise.title": "모의 면접 연습",
    "landing.step.practise.text": "인성, 기술, 시스템 설계, 혼합 면접을 원하는 난이도로 연습하세요.",
    "landing.step.coached.title": "코칭 받기",
    "landing.step.coached.text": "점수, 내 답변 인용, 이렇게 말하면 더 좋은 표현, 다음에 연습할 것까지 알려 드려요.",
}
