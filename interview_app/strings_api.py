"""User-facing text of the HTTP API's shared refusals and of the upload guard in front of `/_upload`.

Merged into strings.EN.
"""

from __future__ import annotations

API_EN: dict[str, str] = {
    "api.error.request_invalid": "The request was not understood, so nothing was changed.",
    "api.error.not_found": "There is nothing at this address.",
    "api.error.method_not_allowed": "This address does not take that kind of request.",
    "upload.error.handler_unknown": "That is not something files can be uploaded to.",
    "upload.error.signed_out": "You are signed out. Sign in again, then upload the file again.",
    "upload.error.forbidden": "Your account cannot upload files here.",
    "upload.error.too_large": "The file is too large: at most {limit:,} bytes. Nothing was stored.",
    "upload.error.method_not_allowed": "Files are uploaded with POST; uploaded files are not served.",
}
