"""Korean text of the JSON API's error and notice messages (key prefix `api.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "api.error.request_invalid": "요청을 이해하지 못해서 아무것도 바꾸지 않았어요.",
    "api.error.not_found": "이 주소에는 아무것도 없어요.",
    "api.error.method_not_allowed": "이 주소는 이런 종류의 요청을 받지 않아요.",
    "api.error.request_refused": "요청이 거부되어 아무것도 바꾸지 않았어요.",
    "api.error.busy": "지금은 서비스가 바빠서 아무것도 바꾸지 않았어요. 잠시 뒤에 다시 시도하세요(Retry-After 참고).",
    "api.error.internal_error": (
        "서버 쪽에 문제가 생겨 아무것도 바꾸지 않았어요. 다시 시도해 보고, 문제가 계속되면 요청 ID를 알려 주세요."
    ),
    "api.error.rate_limited": "요청이 너무 많아요. 잠시 기다렸다가(Retry-After 참고) 다시 시도하세요.",
    "api.error.signed_out": "먼저 로그인하세요. 액세스 토큰을 `Authorization: Bearer <token>` 형식으로 보내야 해요.",
    "api.error.token_invalid": "액세스 토큰이 올바르지 않아요. 다시 로그인하세요.",
    "api.error.token_expired": "액세스 토큰이 만료됐어요. 리프레시 토큰으로 새 토큰을 받으세요.",
    "api.error.token_revoked": "이 로그인은 끝났어요(로그아웃했거나 비밀번호가 바뀌었어요). 다시 로그인하세요.",
    "api.error.forbidden": "이 계정으로는 할 수 없는 작업이에요.",
    "api.error.two_factor_enrolment_required": (
        "관리자는 먼저 2단계 인증을 켜야 해요. 웹 앱의 설정 > 보안에서 켤 수 있어요."
    ),
    "api.auth.registered": "메일함을 확인하세요. 주소를 인증할 링크를 보냈어요.",
    "api.auth.verification_sent": "아직 인증되지 않은 주소라면 새 링크를 보냈어요.",
    "api.auth.reset_sent": "이 주소로 가입한 계정이 있다면 새 비밀번호를 정할 링크를 보냈어요.",
    "api.error.profile_invalid": "프로필 항목 중 올바르지 않은 값이 있어요(details 참고). 아무것도 저장하지 않았어요.",
    "api.error.refresh_invalid": "리프레시 토큰이 올바르지 않거나 만료됐어요. 다시 로그인하세요.",
    "api.error.refresh_reused": (
        "이미 사용한 리프레시 토큰이라 누군가 복사했을 수 있어요. 그래서 이 로그인의 토큰을 모두 폐기했어요. 다시 "
        "로그인하세요."
    ),
}
