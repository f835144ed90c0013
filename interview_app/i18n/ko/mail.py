"""한국어: 앱이 보내는 이메일의 제목과 본문."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # e-mails
    "mail.verify_subject": "Interview Coach 이메일 인증",
    "mail.verify_body": (
        "{name}님, 안녕하세요.\n\nInterview Coach에 오신 걸 환영해요. 아래 링크를 열어 이메일 주소를 "
        "인증해 주세요.\n\n{link}\n\n링크는 {hours}시간 동안 유효해요. 계정을 만든 적이 없다면 이 메일은 "
        "무시하셔도 돼요."
    ),
    "mail.exists_subject": "누군가 내 이메일로 가입하려고 했어요",
    "mail.exists_body": (
        "{name}님, 안녕하세요.\n\n누군가(어쩌면 본인) 이 주소로 Interview Coach 계정을 만들려고 했지만, "
        "이미 계정이 있어요. 여기에서 로그인하세요.\n\n{signin}\n\n비밀번호를 잊으셨나요? 여기에서 "
        "재설정하세요.\n\n{reset}\n"
    ),
    "mail.reset_subject": "Interview Coach 비밀번호 재설정",
    "mail.reset_body": (
        "{name}님, 안녕하세요.\n\n비밀번호 재설정 요청을 받았어요. 여기에서 새 비밀번호를 정하세요.\n\n"
        "{link}\n\n링크는 {minutes}분 동안 한 번만 쓸 수 있어요. 요청한 적이 없다면 이 메일은 무시하셔도 "
        "돼요. 비밀번호는 그대로 유지돼요."
    ),
    "mail.change_subject": "Interview Coach 새 이메일 주소 인증",
    "mail.change_body": (
        "{name}님, 안녕하세요.\n\n아래 링크를 열면 Interview Coach 계정의 이메일이 {email}(으)로 "
        "바뀌어요.\n\n{link}\n\n링크는 {hours}시간 동안 유효해요."
    ),
    "mail.change_notice_subject": "Interview Coach 이메일 주소가 곧 바뀌어요",
    "mail.change_notice_body": (
        "{name}님, 안녕하세요.\n\n내 계정에 로그인한 누군가가 이메일을 {email}(으)로 바꾸려고 요청했어요. "
        "본인이 아니라면 지금 비밀번호를 바꾸고 모든 기기에서 로그아웃하세요."
    ),
    "mail.change_taken_subject": "이미 이 주소를 쓰는 Interview Coach 계정이 있어요",
    "mail.change_taken_body": (
        "안녕하세요.\n\n누군가 Interview Coach 계정의 이메일을 이 주소로 바꾸려고 했지만, 이미 이 주소를 "
        "쓰는 계정이 있어서 아무것도 바뀌지 않았어요. 본인이 요청했다면 이 주소로 로그인하세요."
    ),
    "mail.password_changed_subject": "Interview Coach 비밀번호가 변경됐어요",
    "mail.password_changed_body": (
        "{name}님, 안녕하세요.\n\n방금 계정 비밀번호가 바뀌었고, 다른 모든 기기에서 로그아웃됐어요. "
        "본인이 아니라면 지금 비밀번호를 재설정하세요.\n\n{reset}\n"
    ),
    "mail.signin_code_subject": "Interview Coach 로그인 코드: {code}",
    "mail.signin_code_body": (
        "{name}님, 안녕하세요.\n\n로그인 코드: {code}\n이 코드는 {minutes}분 동안 한 번만 쓸 수 있어요.\n\n"
        "누군가 내 계정에 틀린 비밀번호로 계속 로그인을 시도하고 있어서, 전에 로그인한 적 없는 기기에서는 "
        "비밀번호와 함께 이 코드가 필요해요. 요청은 {ip}에서 왔어요.\n\n"
        "본인이 아닌가요? 그렇다면 누군가 비밀번호를 알고 있는 거예요. 이 코드를 알려 주지 말고, 지금 "
        "비밀번호를 바꾸세요.\n\n"
        "{reset}\n"
    ),
    "mail.signin_attack_subject": "누군가 내 Interview Coach 계정에 로그인하려고 해요",
    "mail.signin_attack_body": (
        "{name}님, 안녕하세요.\n\n내 계정에 틀린 비밀번호로 로그인하려는 시도가 {count}번 있었어요. 계속 "
        "추측하지 못하도록, 이제 새 기기에서는 이메일로 보내 드리는 코드가 있어야 로그인할 수 있어요.\n\n"
        "달라지는 점:\n"
        "- 전에 로그인한 적 있는 기기는 지금처럼 비밀번호로 로그인돼요.\n"
        "- 새 기기에서는 평소처럼 로그인한 뒤, 보내 드리는 코드를 입력하세요.\n"
        "- 본인이 시도한 게 아니고 이 비밀번호를 다른 곳에서도 쓴다면, 지금 바꾸세요.\n\n"
        "{reset}\n\n"
        "보안 설정에서 다른 모든 기기를 로그아웃할 수도 있어요: {security}\n\n"
        "시도가 멈췄다가 다시 시작되지 않는 한, 이 시도에 대해 다시 메일을 보내지 않을게요."
    ),
    # e-mails to the owner when the protection changes (changes they did not make must not go unnoticed)
    "mail.two_factor_subject": "Interview Coach 계정의 2단계 인증 설정이 바뀌었어요",
    "mail.two_factor_enabled": "2단계 인증을 켰어요. 이제 로그인할 때 앱의 코드도 입력해야 해요.",
    "mail.two_factor_disabled": (
        "2단계 인증을 껐어요. 이제 비밀번호만으로 로그인하며, 복구 코드와 기억된 기기는 모두 지워졌어요."
    ),
    "mail.two_factor_reset": (
        "사이트 운영자가 2단계 인증을 껐어요 (휴대폰과 복구 코드를 잃어버리셨기 때문이에요). 보안 설정에서 "
        "다시 설정하세요."
    ),
    "mail.two_factor_recovery_code_used": (
        "복구 코드로 로그인했어요 (남은 코드 {left}개). 얼마 남지 않았다면 보안 설정에서 새로 만드세요."
    ),
    "mail.two_factor_codes_regenerated": "복구 코드를 새로 만들었어요. 이전 코드는 더 이상 쓸 수 없어요.",
    "mail.two_factor_body": (
        "{name}님, 안녕하세요.\n\n{what}\n\n본인이 아니라면 지금 비밀번호를 바꾸고 보안 설정을 확인하세요.\n\n"
        "{security}\n"
    ),
    # e-mails about a subscriber's payments (services/billing/notices.py)
    "mail.billing_failed_subject": "Interview Coach {plan} 요금제 결제가 처리되지 않았어요",
    "mail.billing_failed_body": (
        "{name}님, 안녕하세요.\n\n{plan} 요금제의 최근 결제를 처리하지 못했어요. 삭제된 것은 없고, {day}까지는 "
        "{plan} 요금제를 그대로 쓸 수 있어요.\n\n앞으로의 진행: 결제 서비스가 며칠에 걸쳐 결제를 다시 "
        "시도해요. {how}\n\n{day}까지도 결제가 처리되지 않으면 계정이 {default_plan} 요금제와 그 한도로 "
        "바뀌어요. 면접, 답변, 리포트는 그대로 남고, 언제든 {plan} 요금제를 다시 선택할 수 있어요.\n\n"
        "결제 내역과 영수증: {invoices}\n"
    ),
    "mail.billing_fix_portal": (
        "다음 시도가 성공하도록 설정의 결제 관리에서 카드나 결제 수단을 업데이트하세요: {settings}"
    ),
    "mail.billing_fix_provider": (
        "다음 시도가 성공하도록 카드나 은행 자동이체로 결제할 수 있는지 확인하거나, 결제 서비스가 보낸 "
        "이메일의 안내를 따라 주세요. 구독은 설정에서 볼 수 있어요: {settings}"
    ),
    "mail.billing_grace_ended_subject": "Interview Coach {plan} 요금제가 잠시 종료됐어요",
    "mail.billing_grace_ended_body": (
        "{name}님, 안녕하세요.\n\n{plan} 요금제 결제가 아직 처리되지 않아서, 오늘부터 계정이 {default_plan} "
        "요금제와 그 한도로 바뀌었어요. 삭제된 것은 없어요. 면접, 답변, 리포트는 그대로 남아 있어요.\n\n"
        "결제 서비스가 결제를 다시 시도할 수 있고, 결제가 처리되면 {plan} 요금제가 저절로 돌아와요. {how}\n\n"
        "요금제 페이지에서 다시 선택할 수도 있어요: {pricing}\n"
    ),
}
