"""한국어: 로그인과 로그인 코드 단계."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "signin.page_title": "로그인 · Interview Coach",
    "signin.title": "다시 오신 걸 환영해요",
    "signin.subtitle": "로그인하고 연습을 이어 가세요.",
    # text + link
    "signin.new_here": "처음이신가요? ",
    "signin.create_account": "계정 만들기",
    "signin.code.title": "이메일로 받은 코드를 입력하세요",
    "signin.code.no_mail": (
        "몇 분이 지나도 이메일이 오지 않나요? 비밀번호를 잘못 입력했을 수 있어요. 돌아가서 다시 로그인하세요. "
        "또는 {wait} 기다린 뒤 비밀번호만으로 로그인하세요."
    ),
    "signin.code.field": "6자리 코드",
    "signin.code.submit": "로그인",
    "signin.code.back": "비밀번호 로그인으로 돌아가기",
}
