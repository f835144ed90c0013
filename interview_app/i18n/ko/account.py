"""한국어: 계정 오류와 안내 (가입, 로그인, 비밀번호, 이메일 변경, 2단계 인증)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # validation and account errors
    "account.error.email_invalid": "올바른 이메일 주소를 입력하세요. 예: name@example.com",
    "account.error.name_required": "이름을 입력하세요 (1~120자).",
    "account.error.password_required": "비밀번호를 입력하세요.",
    "account.error.too_short": "{min_length}자 이상으로 정하세요. 짧은 문장을 쓰면 좋아요.",
    "account.error.too_long": "256자 이내로 정하세요.",
    "account.error.common": "너무 흔하게 쓰이는 비밀번호예요. 추측하기 어려운 비밀번호로 정하세요.",
    "account.error.personal": "이메일 주소나 이름을 비밀번호로 쓰지 마세요.",
    "account.error.password_mismatch": "두 비밀번호가 서로 달라요.",
    "account.error.bad_credentials": "이메일 또는 비밀번호가 맞지 않아요.",
    "account.error.account_inactive": "비활성화된 계정이에요. 관리자에게 문의하세요.",
    "account.error.rate_limited_signin": "로그인 시도가 너무 많아요. {wait} 뒤에 다시 시도하세요.",
    "account.error.rate_limited": "시도 횟수가 너무 많아요. {wait} 뒤에 다시 시도하세요.",
    "account.error.rate_limited_reset": "이 주소로 재설정을 너무 많이 요청했어요. {wait} 뒤에 다시 시도하세요.",
    "account.error.token_invalid": "유효하지 않거나, 이미 사용했거나, 만료된 링크예요. 새 링크를 요청하세요.",
    "account.error.current_password_wrong": "현재 비밀번호가 맞지 않아요.",
    "account.error.same_email": "이미 사용 중인 내 이메일 주소예요.",
    "account.error.oauth_unavailable": "이 서버에서는 해당 로그인 방식을 쓸 수 없어요.",
    "account.error.oauth_state_invalid": "로그인 시간이 초과되었거나 이미 사용된 요청이에요. 다시 시도해 주세요.",
    "account.error.oauth_failed": "로그인 제공자가 로그인을 확인해 주지 않았어요. 다시 시도해 주세요.",
    "account.error.oauth_denied": "로그인 제공자 화면에서 로그인을 취소했어요.",
    "account.error.oauth_no_email": (
        "로그인 제공자가 이메일 주소를 알려 주지 않았어요. 계정을 만들려면 이메일이 필요해요."
    ),
    "account.error.oauth_email_unverified": (
        "이 이메일을 쓰는 계정이 이미 있는데, 로그인 제공자가 이 이메일을 인증하지 않았어요. 비밀번호로 "
        "로그인하거나, 먼저 로그인 제공자에서 이메일을 인증하세요."
    ),
    "account.error.session_expired": "세션이 만료됐어요. 다시 로그인해 주세요.",
    "account.error.not_allowed": "접근 권한이 없어요.",
    # answers that must not reveal whether an account exists
    "account.notice.register_sent": "메일함을 확인하세요. 주소 인증 링크를 {email}(으)로 보냈어요.",
    "account.notice.reset_sent": (
        "{email}을(를) 쓰는 계정이 있다면 재설정 링크를 보냈어요. 링크는 60분 동안 유효해요."
    ),
    "account.notice.email_change_sent": "인증 링크를 {email}(으)로 보냈어요. 링크를 열면 주소가 바뀌어요.",
    "account.error.last_admin": (
        "마지막으로 남은 활성 관리자 계정이에요. 먼저 다른 계정을 관리자로 지정하세요 "
        "(python -m interview_app set-role EMAIL admin)."
    ),
    # sign-in while someone else is guessing the password (services/sign_in_protection.py)
    "account.error.signin_code_required": (
        "누군가 이 계정에 로그인하려고 시도하고 있어서, 당분간 새 기기에서는 코드가 필요해요. 비밀번호가 "
        "맞았다면 계정 이메일로 6자리 코드를 보냈어요. 아래에 입력하세요."
    ),
    "account.error.signin_code_wrong": "코드가 맞지 않아요. 가장 최근에 받은 로그인 이메일을 확인하고 다시 시도하세요.",
    "account.error.signin_code_expired": (
        "더 이상 쓸 수 없는 코드예요 (이미 사용했거나, 10분이 지났거나, 너무 여러 번 잘못 입력했어요). 다시 "
        "로그인해서 새 코드를 받으세요."
    ),
    # two-factor sign-in errors raised by the service
    "account.error.two_factor_required": "로그인을 마치려면 인증 앱에 표시된 6자리 코드를 입력하세요.",
    "account.error.two_factor_code_wrong": (
        "코드가 맞지 않아요. 인증 앱에 표시된 가장 최근 코드를 입력하거나 (휴대폰 시간이 자동으로 설정되어 "
        "있는지 확인하세요), 복구 코드를 입력하세요."
    ),
    "account.error.two_factor_challenge_expired": (
        "로그인 시간이 초과되었거나 이미 끝난 로그인이에요. 비밀번호로 다시 로그인하세요."
    ),
    "account.error.two_factor_code_required": "앱에 표시된 6자리 코드나 복구 코드를 입력하세요.",
    "account.error.two_factor_not_started": "설정을 처음부터 다시 시작하세요. 아직 키가 만들어지지 않았어요.",
    "account.error.two_factor_already_enabled": "이 계정은 이미 2단계 인증이 켜져 있어요.",
    "account.error.two_factor_not_enabled": "이 계정은 2단계 인증이 켜져 있지 않아요.",
    "account.error.rate_limited_two_factor": "잘못된 코드를 너무 많이 입력했어요. {wait} 뒤에 다시 시도하세요.",
}
