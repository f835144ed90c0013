"""Korean text of the local outbox page for administrators (key prefix `outbox.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "outbox.page_title": "발신함 (관리자) · Interview Coach",
    "outbox.heading": "로컬 발신함",
    "outbox.intro": (
        "SMTP 서버가 설정되지 않은 동안에는 이메일이 여기에 쌓여요(개발용). 실제로 이메일을 보내려면 SMTP_HOST를 "
        "설정하세요. 메시지에 로그인 링크와 비밀번호 재설정 링크가 들어 있어서 관리자만 이 페이지를 볼 수 있어요."
    ),
    "outbox.disabled": "운영 환경에서는 발신함 페이지가 꺼져 있어요.",
    "outbox.sign_in_as_admin": (
        "발신함 메시지에는 비밀번호 재설정 링크가 들어 있어서 관리자만 볼 수 있어요. 보려면 관리자 계정으로 "
        "로그인하세요."
    ),
    "outbox.admins_only": "발신함 메시지에는 다른 사람의 비밀번호 재설정 링크가 들어 있어서 관리자만 볼 수 있어요.",
    "outbox.own_in_inbox": "회원님 주소로 보낸 이메일은 알림 페이지에 있어요.",
    "outbox.open_inbox": "알림 열기",
    "outbox.cli_hint": "앱을 실행하는 컴퓨터에서: ",
    "outbox.refresh": "새로고침",
    "outbox.empty": "아직 메시지가 없어요.",
    "outbox.to": "받는 사람: ",
    "outbox.separator": " · ",
    "outbox.open_link": "열기: ",
}
