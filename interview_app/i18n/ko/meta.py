"""한국어: 랜딩 외 페이지의 <meta name="description">."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "meta.sign_in": "Interview Coach에 로그인해서 면접을 연습하고 피드백과 학습 현황을 확인하세요.",
    "meta.register": (
        "무료 Interview Coach 계정을 만드세요. 음성이나 글로 하는 모의 면접, 점수가 매겨진 피드백, "
        "데일리 트레이너를 이용할 수 있어요."
    ),
    "meta.forgot_password": (
        "Interview Coach 비밀번호를 잊으셨나요? 새 비밀번호를 정할 수 있는 링크를 이메일로 받으세요."
    ),
    "meta.companies": "기업별 면접 트랙: 잘 알려진 기업들이 어떻게 면접을 보는지, 그리고 기업별 연습 코스.",
    "meta.default": "Interview Coach: 면접을 연습하고, 솔직한 피드백을 받고, 성장 과정을 확인하세요.",
}
