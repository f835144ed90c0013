"""A local stand-in for a browser vendor's push service, and the keys a subscribing browser makes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec

from interview_app.services.notifications.webpush import b64url_encode


@dataclass
class Received:
    """One request the fake push service got."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class PushService:
    """A local stand-in for a browser vendor's push service; answers `status` (201 unless changed)."""

    port: int
    status: int = 201
    received: list[Received] = field(default_factory=list)

    def endpoint(self, name: str = "device-1") -> str:
        return f"http://127.0.0.1:{self.port}/push/{name}"


@dataclass
class Browser:
    """The keys a browser makes for a subscription: its P-256 key pair and a 16-byte auth secret."""

    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @classmethod
    def new(cls) -> Browser:
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

    @property
    def p256dh(self) -> str:
        numbers = self.private_key.public_key().public_numbers()
        return b64url_encode(b"\x04" + numbers.x.to_bytes(32, "big") + numbers.y.to_bytes(32, "big"))

    @property
    def auth(self) -> str:
        return b64url_encode(self.auth_secret)

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm")
