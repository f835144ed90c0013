"""한국어: 상단 메뉴와 계정 메뉴."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "nav.dashboard": "대시보드",
    "nav.settings": "설정",
    "nav.security": "보안",
    "nav.main_label": "주 메뉴",
    "nav.more": "더보기",
    "nav.more_label": "다른 페이지",
    "nav.account_menu": "계정 메뉴",
    "nav.menu.settings": "설정",
    "nav.menu.sign_out": "로그아웃",
    "nav.menu.sign_out_everywhere": "모든 기기에서 로그아웃",
    "nav.interview": "면접",
    "nav.questions": "질문 은행",
    "nav.history": "기록",
    "nav.admin": "관리자",
    "nav.progress": "학습 현황",
    "nav.tailor": "맞춤 면접",
    "nav.trainer": "트레이너",
    "nav.notifications": "알림",
}
