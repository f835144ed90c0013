"""한국어: 로그인 후 화면의 이메일 인증 안내."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "shell.verify_banner": "이메일 주소를 인증해 주세요. 인증 링크를 보내 드렸어요.",
    "shell.verify_resend": "새 링크 보내기",
}
