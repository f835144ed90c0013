"""Korean text of two-factor sign-in: the sign-in step, set-up, recovery codes, remembered devices (key prefix `two_factor.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "two_factor.step.title": "2단계 인증",
    "two_factor.step.text": "인증 앱을 열고 Interview Coach 항목에 표시된 6자리 코드를 입력하세요.",
    "two_factor.step.recovery_text": (
        "2단계 인증을 켤 때 저장해 둔 복구 코드 중 하나를 입력하세요. 코드마다 한 번만 쓸 수 있어요."
    ),
    "two_factor.step.code": "6자리 코드",
    "two_factor.step.recovery_code": "복구 코드",
    "two_factor.step.remember": "이 기기에서 30일 동안 기억하기",
    "two_factor.step.remember_hint": (
        "다른 사람과 같이 쓰지 않는 기기에서만 선택하세요. 보안 설정에서 언제든 해제할 수 있어요."
    ),
    "two_factor.step.submit": "인증하고 로그인",
    "two_factor.step.use_recovery": "휴대폰을 잃어버렸나요? 복구 코드 사용하기",
    "two_factor.step.use_app": "앱의 코드 사용하기",
    "two_factor.step.back": "비밀번호 로그인으로 돌아가기",
    "two_factor.recovery_used": (
        "복구 코드로 로그인했어요. 남은 코드는 {left}개예요. 보안 설정에서 새 코드를 만들어 두세요."
    ),
    "two_factor.title": "2단계 인증",
    "two_factor.text": (
        "로그인할 때 비밀번호와 함께 휴대폰 인증 앱(Google Authenticator, Microsoft Authenticator, 1Password, Aegis "
        "등)의 코드도 확인해요."
    ),
    "two_factor.admin_required": "관리자는 2단계 인증을 반드시 사용해야 해요. 관리자 페이지를 열려면 여기서 켜세요.",
    "two_factor.admin_redirect": "먼저 2단계 인증을 켜세요. 관리자 페이지를 쓰려면 꼭 필요해요.",
    "two_factor.off": "꺼짐",
    "two_factor.on": "{day}부터 사용 중",
    "two_factor.start": "2단계 인증 설정하기",
    "two_factor.scan": "1. 인증 앱으로 이 QR 코드를 스캔하세요.",
    "two_factor.manual": "스캔이 안 되나요? 대신 앱에 이 키를 입력하세요(시간 기반, 6자리):",
    "two_factor.enter_first": "2. 제대로 연결됐는지 확인할 수 있게, 앱에 지금 표시된 6자리 코드를 입력하세요.",
    "two_factor.confirm": "켜기",
    "two_factor.cancel": "취소",
    "two_factor.qr_alt": "인증 앱에 등록할 키가 담긴 QR 코드",
    "two_factor.enabled_toast": "2단계 인증을 켰어요.",
    "two_factor.codes.title": "복구 코드를 저장하세요",
    "two_factor.codes.text": (
        "휴대폰을 잃어버렸을 때 앱의 코드 대신 이 코드로 로그인할 수 있어요. 각 코드는 한 번만 쓸 수 있어요. 비밀번호 "
        "관리자처럼 안전한 곳에 보관하세요. 코드는 지금 한 번만 보여 드려요."
    ),
    "two_factor.codes.download": "다운로드",
    "two_factor.codes.done": "저장했어요",
    "two_factor.codes.left": "복구 코드 10개 중 {count}개가 남았어요.",
    "two_factor.codes.low": "남은 복구 코드가 얼마 없어요. 다 쓰기 전에 새로 만드세요.",
    "two_factor.codes.regenerate": "복구 코드 새로 만들기",
    "two_factor.codes.regenerate_text": "기존 코드는 더 이상 쓸 수 없게 돼요. 앱의 코드나 비밀번호로 확인하세요.",
    "two_factor.codes.file_header": "Interview Coach 복구 코드 ({email}). 코드마다 한 번만 쓸 수 있어요.",
    "two_factor.reauth.code": "앱의 코드",
    "two_factor.reauth.or_password": "또는 비밀번호",
    "two_factor.disable": "2단계 인증 끄기",
    "two_factor.disable_text": "복구 코드와 기억된 기기가 모두 지워져요. 앱의 코드나 비밀번호로 확인하세요.",
    "two_factor.disable_admin": "관리자는 2단계 인증이 필수예요. 관리자 페이지에 들어가면 다시 설정하라고 안내해요.",
    "two_factor.disabled_toast": "2단계 인증을 껐어요.",
    "two_factor.regenerated_toast": "새 복구 코드를 만들었어요. 기존 코드는 더 이상 쓸 수 없어요.",
    "two_factor.devices.title": "기억된 기기",
    "two_factor.devices.none": (
        "코드 입력을 건너뛰는 기기가 없어요. 로그인할 때 “이 기기에서 30일 동안 기억하기”를 선택하면 여기에 추가돼요."
    ),
    "two_factor.devices.meta": "등록 {created} · 마지막 사용 {used} · 만료 {expires}",
    "two_factor.devices.forget": "기억 해제",
    "two_factor.devices.forget_named": "{device} 삭제",
    "two_factor.devices.forgotten": "그 기기에서는 다음 로그인 때 코드를 물어봐요.",
    "two_factor.admin.on": "2단계 인증 사용",
    "two_factor.admin.off": "2단계 인증 없음",
}
