"""English text of the `upload.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "upload.error.handler_unknown": "That is not something files can be uploaded to.",
    "upload.error.signed_out": "You are signed out. Sign in again, then upload the file again.",
    "upload.error.forbidden": "Your account cannot upload files here.",
    "upload.error.too_large": "The file is too large: at most {limit} bytes. Nothing was stored.",
    "upload.error.method_not_allowed": "Files are uploaded with POST; uploaded files are not served.",
}
