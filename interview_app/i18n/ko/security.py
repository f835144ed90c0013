"""Korean text of the security settings: password, e-mail address, sessions (key prefix `security.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "security.page_title": "보안 · Interview Coach",
    "security.title": "보안",
    "security.password.title": "비밀번호",
    "security.password.text": "비밀번호를 바꾸면 다른 모든 기기에서 로그아웃돼요.",
    "security.current_password": "현재 비밀번호",
    "security.change_password": "비밀번호 변경",
    "security.password_changed": "비밀번호를 바꿨어요. 다른 모든 기기에서 로그아웃됐어요.",
    "security.password_changed_toast": "비밀번호를 바꿨어요.",
    "security.signed_out_everywhere": "모든 기기에서 로그아웃했어요.",
    "security.verification_sent": "새 확인 링크를 보냈어요.",
    "security.no_password.before": (
        "Google, GitHub 또는 LinkedIn으로 로그인하고 있어서 이 계정에는 아직 비밀번호가 없어요. 비밀번호를 추가하려면 "
    ),
    "security.no_password.after": " 링크에서 이메일 주소를 입력하세요. 이메일을 바꾸려면 먼저 비밀번호가 있어야 해요.",
    "security.new_email": "새 이메일",
    "security.send_confirmation": "확인 링크 보내기",
    "security.email.title": "이메일 주소",
    "security.email.text": "새 주소로 링크를 보내요. 그 링크를 열면 주소가 바뀌어요.",
    "security.email.current": "현재: ",
    "security.api.title": "앱과 연동 서비스",
    "security.api.text": (
        "API로 회원님 계정에 로그인한 앱과 연동 서비스예요. 쓰지 않거나 알아볼 수 없는 항목은 로그아웃시키세요. "
        "로그아웃된 항목은 다시 로그인해야 해요."
    ),
    "security.api.none": "로그인한 앱이나 연동 서비스가 없어요.",
    "security.api.meta": "마지막 사용 {when} · {ip}",
    "security.api.sign_out": "로그아웃",
    "security.api.signed_out": "로그아웃시켰어요. 그 앱이나 연동 서비스는 다시 로그인해야 해요.",
    "security.sessions.title": "로그인 세션",
    "security.sessions.text": "공용 기기나 잃어버린 기기에 로그인되어 있나요? 모든 세션을 한 번에 끝내세요.",
    "security.sessions.confirm_title": "모든 기기에서 로그아웃할까요?",
    "security.sessions.confirm_text": "이 기기에서도 다시 로그인해야 해요.",
    "security.sessions.cancel": "취소",
}
