"""A local SMTP server's handler for tests (aiosmtpd): it keeps every message it receives."""

from __future__ import annotations

import email
from email.message import Message


class Collector:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, smtp_session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[Message]:
        return [email.message_from_bytes(e.original_content or e.content) for e in self.envelopes]
