"""Korean text of the notifications page and the e-mails kept in the app (key prefix `notifications.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "notifications.page_title": "알림 · Interview Coach",
    "notifications.title": "알림",
    "notifications.count": "알림 {count}개",
    "notifications.empty": "아직 알림이 없어요.",
    "notifications.unread": "읽지 않음",
    "notifications.open": "열기",
    "notifications.mark_all": "모두 읽음으로 표시",
    "notifications.see_all": "알림 모두 보기",
    "notifications.newer": "최근 알림",
    "notifications.older": "지난 알림",
    "notifications.mail_title": "받은 이메일",
    "notifications.mail_intro": "이 서버에는 메일 서버가 없어서, 회원님 주소로 보내는 이메일을 대신 여기에 보관해요.",
    "notifications.mail_open": "{page} 열기",
}
