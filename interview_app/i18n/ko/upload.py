"""한국어: 파일 업로드 거부 메시지 (/_upload 앞의 검사)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "upload.error.handler_unknown": "파일을 올릴 수 있는 곳이 아니에요.",
    "upload.error.signed_out": "로그아웃되었어요. 다시 로그인한 뒤 파일을 다시 올려 주세요.",
    "upload.error.forbidden": "이 계정으로는 여기에 파일을 올릴 수 없어요.",
    "upload.error.too_large": "파일이 너무 커요. 최대 {limit}바이트까지 올릴 수 있어요. 아무것도 저장하지 않았어요.",
    "upload.error.method_not_allowed": "파일은 POST로 올려야 해요. 올린 파일을 이 주소로 내려받을 수는 없어요.",
}
