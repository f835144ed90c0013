"""Korean text of the daily quiz reminders in the app, by e-mail and by push, and of unsubscribing (key prefix `reminder.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "reminder.in_app.title": "오늘의 퀴즈가 준비됐어요",
    "reminder.in_app.body": "몇 문제, 몇 분이면 충분해요. 오늘의 퀴즈를 풀고 연습을 꾸준히 이어 가세요.",
    "reminder.email.subject": "오늘의 Interview Coach 퀴즈가 기다리고 있어요",
    "reminder.email.body": (
        "{name}님, 안녕하세요.\n\n"
        "오늘의 퀴즈가 준비됐어요. 몇 분이면 풀 수 있어요.\n\n"
        "{link}\n\n"
        "이메일 리마인더를 켜 두셔서 이 메일을 보내 드렸어요. 클릭 한 번으로 그만 받을 수 있어요.\n\n"
        "{unsubscribe}\n\n"
        "리마인더를 받을 방법과 시간은 설정에서 고를 수도 있어요.\n\n"
        "{settings}\n"
    ),
    "reminder.push.title": "오늘의 퀴즈가 준비됐어요",
    "reminder.push.body": "몇 문제, 몇 분이면 충분해요. 눌러서 시작하세요.",
    "reminder.unsubscribe.title": "리마인더 이메일을 껐어요",
    "reminder.unsubscribe.done": "이제 Interview Coach에서 리마인더 이메일을 보내지 않아요.",
    "reminder.unsubscribe.settings": "마음이 바뀌셨나요? 설정에서 다시 켤 수 있어요",
    "reminder.unsubscribe.invalid_title": "이 수신 거부 링크는 작동하지 않아요",
    "reminder.error.unsubscribe_invalid": (
        "링크가 불완전하거나 바뀌었어요. 이메일에서 링크를 다시 열거나, 설정에서 리마인더 이메일을 끄세요."
    ),
}
