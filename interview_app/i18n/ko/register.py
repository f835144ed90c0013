"""한국어: 회원가입."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "register.page_title": "회원가입 · Interview Coach",
    "register.title": "계정 만들기",
    "register.subtitle": "바로 솔직한 피드백을 받으며 면접을 연습하세요. 무료이고, 내 기록은 나만 볼 수 있어요.",
    "register.sent_hint": "링크는 48시간 동안 유효해요. 메일이 안 왔나요? 스팸함을 확인해 보세요.",
    "register.go_to_sign_in": "로그인하러 가기",
    "register.password_hint": "10자 이상. 짧은 문장은 안전하면서 기억하기도 쉬워요.",
    "register.repeat_password": "비밀번호 확인",
    "register.submit": "계정 만들기",
    # text + link
    "register.have_account": "이미 계정이 있나요? ",
}
