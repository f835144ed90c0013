"""한국어: 여러 페이지에서 함께 쓰는 문구."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "common.app_name": "Interview Coach",
    "common.home_label": "Interview Coach 홈",
    "common.theme_toggle": "라이트/다크 테마 전환",
    "common.sign_in": "로그인",
    "common.open_dashboard": "대시보드 열기",
    "common.continue": "계속",
    "common.back_to_sign_in": "로그인으로 돌아가기",
    "common.forgot_password": "비밀번호를 잊으셨나요?",
    "common.sign_out_everywhere": "모든 기기에서 로그아웃",
    "common.or": "또는",
    "common.loading": "불러오는 중…",
    "common.continue_with": "{provider} 계정으로 계속하기",
    "common.cancel": "취소",
    "common.language_menu": "언어",
    "common.unexpected_error": "서버에서 문제가 생겨 아무것도 바뀌지 않았어요. 다시 시도해 주세요.",
}
